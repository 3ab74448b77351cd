"""The document's own header: symbol, type, issuing body and parent, place and date, subject, recipients, signer.

Layouts vary (two-column headers flattened into one line by OCR, a motto merged into the issuer line, a draft
with a blank number), so each field has its own small recogniser over the first lines, working on folded
text so that OCR'd headers ("UBND TINH QUANG NGAI", "S6: 1359 /SKHCN…", "VIV béo cao") are read too.
"""

from __future__ import annotations

import difflib
import re
from functools import cache

from kg.extraction.dates import find_dates
from kg.extraction.lexicon import clause_markers, header_words, lexicon, province_by_fold
from kg.models import Header, Mention
from kg.text.fold import fold, squash
from kg.text.normalize import Normalized

_SO_LINE = re.compile(
    r"^[\s'\"`_.,*|-]*(?:(?:luat|bo luat|phap lenh|lenh|nghi quyet|nghi dinh|quyet dinh|thong tu(?: lien tich)?|chi thi)\s+"
    r"(?:s[o06bd]|so)\s*:|(?:s[o06bd]|so)\s*[:.]?)\s*(?=[\s.…_]*(?:\d|/))",
    re.I,
)


@cache
def motto_pattern() -> re.Pattern[str]:
    """The national motto, the party name (header_words.tsv) and separator rules ("-----")."""
    return re.compile(header_words("motto") + r"|-{3,}|_{3,}")


@cache
def subject_label() -> re.Pattern[str]:
    """ "V/v", "Về việc" (and OCR readings) opening the subject line."""
    return re.compile(rf"^\s*(?:{header_words('subject')})\b\.?\s*:?\s*")


@cache
def recipients_label() -> re.Pattern[str]:
    """ "Kính gửi:" (and OCR readings) opening the recipient list."""
    return re.compile(rf"^\s*(?:{header_words('recipients')})\s*:?\s*", re.M)


@cache
def body_head() -> re.Pattern[str]:
    """Where the issuing body starts after its parent: "UBND TỈNH X SỞ Y", "BỘ X CỤC Y" (folded text)."""
    return re.compile(rf"\b(?:{header_words('body_head')})\s+(?=\w)")


@cache
def signer_title() -> re.Pattern[str]:
    """A signer's title at the start of a folded line ("kt. bo truong", "chu tich")."""
    titles = "|".join(re.escape(t) for t in lexicon().signer_titles)
    return re.compile(rf"^\s*(?:{titles})\b")


@cache
def preamble_start() -> re.Pattern[str]:
    """A folded line that opens the preamble ("Căn cứ", "Xét đề nghị", "CHỦ TỊCH …"): the subject ends there."""
    return re.compile(rf"^\s*(?:{clause_markers('preamble')})")


_NAME = re.compile(r"^[A-ZĐÀ-Ỹ][a-zà-ỹđ]+(?: [A-ZĐÀ-Ỹ][a-zà-ỹđ]+){1,4}$")
_HEAD_LINES = 40


def _lines(norm: str, limit: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each line of ``norm``; the first ``limit`` lines only if given."""
    out = []
    pos = 0
    for line in norm.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
        if limit and len(out) >= limit:
            break
    return out


def _body_name(raw: str, ocr: bool = False) -> str:
    """A header body line ("SỞ KHOA HỌC VÀ CÔNG NGHỆ", OCR'd "SO KHOA HQC VA CONG NGHE") in readable form."""

    f = fold(squash(raw))
    provinces = province_by_fold()
    # "UBND TỈNH QUẢNG NGÃI" / "ỦY BAN NHÂN DÂN TỈNH …" / "TỈNH ỦY …"
    m = re.match(
        r"^(ubnd|uy ban nhan dan|hdnd|hoi dong nhan dan|tinh uy|thanh uy)\s+(?:(tinh|thanh pho|tp\.?)\s+)?(.+)$",
        f,
    )
    if m:
        prov = provinces.get(m.group(3).strip())
        head = {"ubnd": "UBND", "uy ban nhan dan": "UBND", "hdnd": "HĐND", "hoi dong nhan dan": "HĐND"}.get(
            m.group(1), "Tỉnh ủy" if m.group(1) == "tinh uy" else "Thành ủy"
        )
        if prov:
            kind = "thành phố" if prov["kind"] == "thành phố" else "tỉnh"
            return f"{head} {kind} {prov['name']}" if head in ("UBND", "HĐND") else f"{head} {prov['name']}"
    names = _body_names()
    if f in names:
        return names[f]
    if ocr:
        close = difflib.get_close_matches(f, list(names), n=1, cutoff=0.85)
        if close and len(f) >= 12:
            return names[close[0]]
    return squash(raw)


@cache
def _body_names() -> dict[str, str]:
    return {fold(n): n for n, _c, _a in lexicon().bodies}


@cache
def _place_end() -> re.Pattern[str]:
    keys = sorted(province_by_fold(), key=len, reverse=True)
    return re.compile(r"(?:^|\W)(" + "|".join(re.escape(k) for k in keys) + r")\s*,\s*$")


def _province_of(*texts: str | None) -> dict[str, str] | None:
    provinces = province_by_fold()
    for t in texts:
        if not t:
            continue
        f = fold(t)
        for key in sorted(provinces, key=len, reverse=True):
            if re.search(rf"\b{re.escape(key)}\b", f):
                return provinces[key]
    return None


def _header_start(norm: str, folded: str) -> int:
    """Where the document's own header begins: portal pages (thuvienphapluat.vn) put a banner and a metadata
    table first, so start a few lines above the national motto when it comes late."""
    m = re.search(r"c[o0]ng h[o0q]a xa h[o0q]i", folded[:30000])
    if not m or m.start() < 400:
        return 0
    pos = m.start()
    for _ in range(8):
        prev = norm.rfind("\n", 0, pos - 1)
        if prev <= 0:
            return 0
        pos = prev
    return pos + 1


def read_header(n: Normalized, mentions: list[Mention], ocr: bool) -> Header:
    """Header fields of the document; offsets in ``mentions`` are into the normalised text here."""
    norm, folded = n.text, n.folded
    lex = lexicon()
    h = Header()
    own_type_name: str | None = None
    base = _header_start(norm, folded)
    lines = [
        (base + s, min(base + e, base + s + 400)) for s, e in _lines(norm[base : base + 6000], _HEAD_LINES)
    ]
    body_start = lines[-1][1] if lines else 0

    # symbol: the "Số:" line (a mention on it, or a blank number "/SKHCN-…")
    for i, (s, e) in enumerate(lines):
        fl = folded[s:e]
        m = _SO_LINE.match(fl)
        if not m:
            bare = re.match(r"^[\s'\"`_.,*-]*(?:s[o06bd]|so)\s*:\s*$", fl)
            nxt = next(((a, b) for a, b in lines[i + 1 : i + 3] if norm[a:b].strip(" |*")), None)
            if bare and nxt and norm[s + bare.start() : e].lstrip(" '\"`_.,*-")[:1].isupper():
                s, e = s, nxt[1]  # "Số:" on its own line, the symbol on the next
                m = bare
            else:
                continue
        lead = norm[s:e].lstrip(" '\"`_.,*-|")
        if lead[:1].islower():
            continue  # "số 59/2020/QH14;" continues a sentence
        if re.match(r"\s*(can cu|dieu \d)", fl):
            break
        own = next((x for x in mentions if s <= x.start < e and x.kind == "full"), None)
        if own is not None:
            h.symbol, h.symbol_span = own.symbol, (own.start, own.end)
            h.type_code, h.issuer_codes = own.type, own.issuers
            own_type_name = own.type_name
            break
        blank = re.match(r"[\s.…_]*(/[^\s,;]+)", norm[s + m.end() : e])
        if blank:
            h.symbol = re.sub(r"\s+", "", blank.group(1))
            toks = [t for t in re.split(r"[/-]", h.symbol) if t]
            if toks and lex.type_code(toks[0]) and len(toks) > 1:
                h.type_code = lex.type_code(toks[0])
                toks = toks[1:]
            h.issuer_codes = tuple(t for t in toks[:1] if lex.issuer_code(t))
            break

    if h.symbol is None:
        # no "Số:" label (OCR and portal exports lose it): a symbol alone on one of the first lines
        for s, e in lines[:8]:
            own = next((x for x in mentions if s <= x.start < e and x.kind == "full"), None)
            if own is not None and norm[s:e].strip(" \t'\".:") == norm[own.start : own.end]:
                h.symbol, h.symbol_span = own.symbol, (own.start, own.end)
                h.type_code, h.issuer_codes = own.type, own.issuers
                break
            if re.match(r"\s*(can cu|dieu \d)", folded[s:e]):
                break

    # place and date: "<Place>, ngày … tháng … năm …"
    for d in find_dates(folded, ocr, 0, body_start):
        line_start = max(norm.rfind("\n", 0, d.start) + 1, d.start - 80)
        before = norm[line_start : d.start]
        pe = _place_end().search(fold(before))
        prov_hit = province_by_fold()[re.sub(r"\s+", " ", pe.group(1))] if pe else None
        pm = re.search(r"([A-ZĐÀ-Ỹ][\wÀ-ỹ.]*(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ.]*){0,3})\s*,\s*$", before)
        if prov_hit or pm:
            h.place = prov_hit["name"] if prov_hit else pm.group(1)
            h.date, h.year = d.iso, d.year
            break

    # issuing body and parent: the upper-case chunks above the symbol/date (lines and table cells), joined,
    # the motto cut out, then split where a second body starts ("UBND TỈNH QUẢNG NGÃI | SỞ KHOA HỌC …")
    chunks: list[str] = []
    for s, e in lines[:24]:
        fl = folded[s:e]
        if _SO_LINE.match(fl) or re.search(r",\s*ngay\b", fl) or re.match(r"\s*(can cu|dieu \d)", fl):
            break
        if re.match(r"^[\s'\"`_.,*|-]*(?:s[o06bd]|so)\s*:", fl):
            break  # "Số:" with its symbol on the next line
        for cell in re.split(r"\|", norm[s:e]):
            fc = fold(cell)
            for cut in reversed(
                list(motto_pattern().finditer(fc))
            ):  # a flattened two-column header: cut the motto first
                cell, fc = (
                    cell[: cut.start()] + " " + cell[cut.end() :],
                    fc[: cut.start()] + " " + fc[cut.end() :],
                )
            letters = [c for c in cell if c.isalpha()]
            if len(letters) >= 2 and sum(c.isupper() for c in letters) >= 0.8 * len(letters):
                chunks.append(cell.strip(" -_*"))
    joined = squash(" ".join(chunks))
    fj = fold(joined)
    for cut in reversed(list(motto_pattern().finditer(fj))):
        joined, fj = (
            joined[: cut.start()] + " " + joined[cut.end() :],
            fj[: cut.start()] + " " + fj[cut.end() :],
        )
    joined, fj = squash(joined), squash(fj)
    issuer_lines: list[str] = []
    if len(fj) >= 3:
        heads = [m.start() for m in body_head().finditer(fj) if m.start() > 0]
        issuer_lines = [joined[: heads[-1]].strip(), joined[heads[-1] :].strip()] if heads else [joined]
    issuer_lines = [x for x in issuer_lines if len(x) >= 3]
    if issuer_lines:
        h.issuer = _body_name(issuer_lines[-1] if len(issuer_lines) > 1 else issuer_lines[0], ocr)
        if len(issuer_lines) > 1:
            h.issuer_parent = _body_name(issuer_lines[0], ocr)
    prov = _province_of(h.issuer_parent, h.issuer, h.place)
    if h.issuer is None and h.issuer_codes:
        row = lex.issuers.get(h.issuer_codes[0])
        if row and "/" not in row["name_vi"]:
            h.issuer = row["name_vi"]
            if row.get("scope") == "local" and prov and row.get("parent") == "UBND":
                h.issuer_parent = (
                    f"UBND {'thành phố' if prov['kind'] == 'thành phố' else 'tỉnh'} {prov['name']}"
                )
    h.province = prov["name"] if prov and (h.issuer_parent or h.place or h.issuer) else None

    # type: a title line ("QUYẾT ĐỊNH"), else the symbol's type, else Công văn when there is a V/v
    for s, e in lines:
        fl = folded[s:e].strip()
        word = next((w for w in lex.type_words if fl == w.folded), None)
        if word and norm[s:e].strip().isupper():
            h.type = word.name
            break
    if h.type is None and own_type_name and own_type_name != "Công văn":
        h.type = own_type_name  # "Luật số: 56/2020/QH14" has no type code
    if h.type is None and h.type_code:
        h.type = lex.type_name(h.type_code, None)
    has_vv = any(subject_label().match(folded[s:e]) for s, e in lines)
    if h.type is None and (has_vv or (h.symbol and not h.type_code)):
        h.type = "Công văn"

    # subject: the V/v lines, or the lines after the title line
    h.subject = _subject(norm, folded, lines, h.type)
    h.recipients = _recipients(norm, folded, body_start, ocr)
    h.signer = _signer(norm, folded)
    return h


def _stop(fl: str) -> bool:
    return bool(
        recipients_label().match(fl)
        or re.search(r",\s*ngay\b", fl)
        or _SO_LINE.match(fl)
        or preamble_start().match(fl)
        or motto_pattern().search(fl)
    )


def _subject(norm: str, folded: str, lines: list[tuple[int, int]], doc_type: str | None) -> str | None:
    start_idx = None
    first = ""
    for i, (s, e) in enumerate(lines):
        m = subject_label().match(folded[s:e])
        if m:
            start_idx, first = i, norm[s + m.end() : e]
            break
    if start_idx is None and doc_type:
        for i, (s, e) in enumerate(lines):
            if folded[s:e].strip() == fold(doc_type) and norm[s:e].strip().isupper():
                start_idx = i
                break
        if start_idx is None:
            return None
    if start_idx is None:
        return None
    parts = [first] if first.strip() else []
    for s, e in lines[start_idx + 1 : start_idx + 10]:
        fl = folded[s:e]
        if _stop(fl):
            break
        raw = norm[s:e].strip()
        if raw:
            parts.append(raw)
        if sum(len(p) for p in parts) > 400:
            break
    subject = squash(" ".join(parts))
    return subject or None


def _recipients(norm: str, folded: str, limit: int, ocr: bool = False) -> list[str]:
    m = recipients_label().search(folded[: max(limit, 4000)])
    if not m:
        return []
    out: list[str] = []
    first = norm[m.end() : norm.find("\n", m.end()) if "\n" in norm[m.end() :] else len(norm)].strip()
    if first:
        out.append(first.strip(" ;.-"))
    pos = norm.find("\n", m.end()) + 1
    for raw in norm[pos : pos + 1500].split("\n"):
        r = raw.strip()
        if not r:
            continue
        if r.startswith(("-", "+", "•")) and len(r) < 150:
            out.append(r.strip(" -+•;."))
            continue
        break
    return [_canonical_body(x, ocr) for x in out if x]


def _canonical_body(name: str, ocr: bool = False) -> str:
    """An OCR'd body name ("S¢ Xay dung") in its table spelling when one is close enough."""
    names = _body_names()
    f = fold(name)
    if f in names:
        return names[f]
    if not ocr:
        return name
    close = difflib.get_close_matches(f, list(names), n=1, cutoff=0.8)
    return names[close[0]] if close else name


def _signer(norm: str, folded: str) -> str | None:
    tail_start = max(0, len(norm) - 3000)
    lines = [(s + tail_start, e + tail_start) for s, e in _lines(norm[tail_start:])]
    titled = -100
    for i, (s, e) in enumerate(lines):
        raw, fl = norm[s:e].strip(), folded[s:e].strip()
        if not raw:
            continue
        if signer_title().match(fl) and raw.upper() == raw:
            titled = i
            continue
        if i - titled <= 8 and _NAME.match(raw):
            return raw
    return None
