"""The document's own header: symbol, type, issuing body and parent, place and date, subject, recipients, signer.

Layouts vary (two-column headers flattened into one line by OCR, a motto merged into the issuer line, a draft
with a blank number), so each field has its own small recogniser over the first lines, working on folded
text so that OCR'd headers ("UBND TINH QUANG NGAI", "S6: 1359 /SKHCN…", "VIV béo cao") are read too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kg.extraction.dates import find_dates
from kg.extraction.header_names import (
    Portal,
    body_name,
    canonical_body,
    date_line_title,
    place_end,
    portal_fill,
    portal_symbol,
    province_of,
    signer,
    take_symbol,
)
from kg.extraction.lexicon import clause_markers, header_words, lexicon, province_by_fold
from kg.extraction.mentions import type_word_before
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
def preamble_start() -> re.Pattern[str]:
    """A folded line that opens the preamble ("Căn cứ", "Xét đề nghị", "CHỦ TỊCH …"): the subject ends there."""
    return re.compile(rf"^\s*(?:{clause_markers('preamble')})")


# "Số:" alone on its line (the symbol on the next); any "Số:" label; the first line of the body
_SO_ALONE = re.compile(r"^[\s'\"`_.,*-]*(?:s[o06bd]|so)\s*:\s*$")
_SO_LABEL = re.compile(r"^[\s'\"`_.,*|-]*(?:s[o06bd]|so)\s*:")
# "… Độc lập - Tự do - Hạnh phúc ------- Luật số:" (portal pages flatten the header): label at a line's end
_LABEL_AFTER_MOTTO = (
    r"(?:^|[\s*|-])(?:(?:luat|bo luat|phap lenh|nghi quyet|nghi dinh|quyet dinh|thong tu|chi thi)\s+)?"
    r"(?:s[o06bd]|so)\s*:\s*"
)
_SO_END = re.compile(_LABEL_AFTER_MOTTO + "$")
# "… Độc lập - Tự do - Hạnh phúc ------- Luật số:  43/2024/QH15" (the same, with the number on the same line)
_SO_MID = re.compile(_LABEL_AFTER_MOTTO + r"(?=\d)")
_BODY_TEXT = re.compile(r"\s*(can cu|dieu \d)")
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


@dataclass(slots=True)
class _Page:
    """The text a header is read from: normalised and folded copies, and (start, end) of its first lines."""

    norm: str
    folded: str
    lines: list[tuple[int, int]]

    @property
    def body_start(self) -> int:
        """Where the header lines end (dates after it belong to the body)."""
        return self.lines[-1][1] if self.lines else 0

    def line(self, start: int, end: int) -> str:
        return self.folded[start:end]


def _page(n: Normalized) -> _Page:
    base = _header_start(n.text, n.folded)
    lines = [
        (base + start, min(base + end, base + start + 400))
        for start, end in _lines(n.text[base : base + 6000], _HEAD_LINES)
    ]
    return _Page(n.text, n.folded, lines)


def _type_word_written(folded: str, pos: int, ocr: bool) -> bool:
    """A type word right before ``pos``: :func:`type_word_before` on the 49 characters before it, the same answer
    (it reads the 48 before ``pos``, and the one before those only says they do not open the text) without
    reversing the whole text for one test (a 33 MB copy, kept as the last text reversed)."""
    cut = max(0, pos - 49)
    return type_word_before(folded[cut:pos], pos - cut, ocr) is not None


def read_header(n: Normalized, mentions: list[Mention], ocr: bool, portal: Portal | None = None) -> Header:
    """Header fields of the document; offsets in ``mentions`` are into the normalised text here.

    ``portal``: the portal's metadata table (boilerplate.portal_attributes), used only for what the
    document's own header does not say; its type ranks above a type guessed from a symbol's code."""
    page = _page(n)
    header = Header()
    portal = portal or {}
    full = [m for m in mentions if m.kind == "full"]
    own_type_name = _read_symbol(page, full, header)
    if header.symbol is None:
        own_type_name = _read_symbol_alone(page, full, header)
    if header.symbol is None:
        portal_symbol(header, portal, full, n)
    _read_place_and_date(page, ocr, header)
    _read_issuer(page, ocr, header)
    written = header.symbol_span is not None and _type_word_written(page.folded, header.symbol_span[0], ocr)
    _read_type(page, own_type_name, header, portal.get("type", ("",))[0], bool(written))
    header.subject = _subject(page.norm, page.folded, page.lines, header.type) or date_line_title(
        page.norm, page.folded, page.lines, header
    )
    header.recipients = _recipients(page.norm, page.folded, page.body_start, ocr)
    header.signer = signer(page.norm, page.folded)
    portal_fill(header, portal, ocr)
    return header


def _mention_on(full: list[Mention], start: int, end: int) -> Mention | None:
    return next((m for m in full if start <= m.start < end), None)


def _read_symbol(page: _Page, full: list[Mention], header: Header) -> str | None:
    """The "Số:" line: a mention on it, or a blank number ("Số: /SKHCN-…"). Returns the mention's type name."""
    norm, lines = page.norm, page.lines
    for i, (start, end) in enumerate(lines):
        line = page.line(start, end)
        label = _SO_LINE.match(line)
        mid = None if label else motto_pattern().search(line) and _SO_MID.search(line)
        if mid:
            own = _mention_on(full, start + mid.end(), end)
            if own is not None:
                take_symbol(header, own)
                return own.type_name
        if not label:
            alone = _SO_ALONE.match(line) or (motto_pattern().search(line) and _SO_END.search(line))
            nxt = next(((a, b) for a, b in lines[i + 1 : i + 3] if norm[a:b].strip(" |*")), None)
            if alone and nxt and norm[start + alone.start() : end].lstrip(" '\"`_.,*-")[:1].isupper():
                end = nxt[1]  # "Số:" on its own line, the symbol on the next
                label = alone
            else:
                continue
        if norm[start:end].lstrip(" '\"`_.,*-|")[:1].islower():
            continue  # "số 59/2020/QH14;" continues a sentence
        if _BODY_TEXT.match(line):
            break
        own = _mention_on(full, start, end)
        if own is not None:
            take_symbol(header, own)
            return own.type_name
        blank = re.match(r"[\s.…_]*(/[^\s,;]+)", norm[start + label.end() : end])
        if blank:
            _take_blank_symbol(header, re.sub(r"\s+", "", blank.group(1)))
            break
    return None


def _take_blank_symbol(header: Header, symbol: str) -> None:
    """A symbol with its number left blank (a draft): its type and first issuer codes still count."""
    lex = lexicon()
    header.symbol = symbol
    tokens = [t for t in re.split(r"[/-]", symbol) if t]
    if tokens and lex.type_code(tokens[0]) and len(tokens) > 1:
        header.type_code = lex.type_code(tokens[0])
        tokens = tokens[1:]
    header.issuer_codes = tuple(t for t in tokens[:1] if lex.issuer_code(t))


def _read_symbol_alone(page: _Page, full: list[Mention], header: Header) -> str | None:
    """No "Số:" label (OCR and portal exports lose it): a symbol alone on one of the first lines."""
    for start, end in page.lines[:8]:
        own = _mention_on(full, start, end)
        if own is not None and page.norm[start:end].strip(" \t'\".:") == page.norm[own.start : own.end]:
            take_symbol(header, own)
            return own.type_name
        if _BODY_TEXT.match(page.line(start, end)):
            return None
    return None


def _read_place_and_date(page: _Page, ocr: bool, header: Header) -> None:
    """ "<Place>, ngày … tháng … năm …": the first header date with a place before it."""
    norm = page.norm
    for date in find_dates(page.folded, ocr, 0, page.body_start):
        line_start = max(norm.rfind("\n", 0, date.start) + 1, date.start - 80)
        before = norm[line_start : date.start]
        province_end = place_end().search(fold(before))
        province = province_by_fold()[re.sub(r"\s+", " ", province_end.group(1))] if province_end else None
        place = re.search(r"([A-ZĐÀ-Ỹ][\wÀ-ỹ.]*(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ.]*){0,3})\s*,\s*$", before)
        if province or place:
            header.place = province["name"] if province else place.group(1)
            header.date, header.year = date.iso, date.year
            return


def _cut_motto(text: str, folded: str) -> tuple[str, str]:
    """Both copies with the motto and separator rules replaced by a space (a flattened two-column header)."""
    for cut in reversed(list(motto_pattern().finditer(folded))):
        text = text[: cut.start()] + " " + text[cut.end() :]
        folded = folded[: cut.start()] + " " + folded[cut.end() :]
    return text, folded


def _issuer_chunks(page: _Page) -> list[str]:
    """The upper-case lines and table cells above the symbol/date line, motto cut out."""
    chunks: list[str] = []
    for start, end in page.lines[:24]:
        line = page.line(start, end)
        if _SO_LINE.match(line) or re.search(r",\s*ngay\b", line) or _BODY_TEXT.match(line):
            break
        if _SO_LABEL.match(line):
            break  # "Số:" with its symbol on the next line
        label = _SO_END.search(line)
        for cell in re.split(r"\|", page.norm[start : start + label.start() if label else end]):
            cell, _folded = _cut_motto(cell, fold(cell))
            letters = [c for c in cell if c.isalpha()]
            if len(letters) >= 2 and sum(c.isupper() for c in letters) >= 0.8 * len(letters):
                chunks.append(cell.strip(" -_*"))
        if label:
            break  # "QUỐC HỘI ------- CỘNG HÒA … Luật số:": the symbol is on the next line
    return chunks


def _issuer_lines(chunks: list[str]) -> list[str]:
    """The chunks joined, then split where a second body starts ("UBND TỈNH QUẢNG NGÃI | SỞ KHOA HỌC …")."""
    joined = squash(" ".join(chunks))
    joined, folded = _cut_motto(joined, fold(joined))
    joined, folded = squash(joined), squash(folded)
    lines: list[str] = []
    if len(folded) >= 3:
        heads = [m.start() for m in body_head().finditer(folded) if m.start() > 0]
        lines = [joined[: heads[-1]].strip(), joined[heads[-1] :].strip()] if heads else [joined]
    return [x for x in lines if len(x) >= 3]


def _read_issuer(page: _Page, ocr: bool, header: Header) -> None:
    """Issuing body and parent from the header lines, else from the symbol's issuer code; then the province."""
    lines = _issuer_lines(_issuer_chunks(page))
    if lines:
        header.issuer = body_name(lines[-1] if len(lines) > 1 else lines[0], ocr)
        if len(lines) > 1:
            header.issuer_parent = body_name(lines[0], ocr)
    province = province_of(header.issuer_parent, header.issuer, header.place)
    if header.issuer is None and header.issuer_codes:
        row = lexicon().issuers.get(header.issuer_codes[0])
        if row and "/" not in row["name_vi"]:
            header.issuer = row["name_vi"]
            if row.get("scope") == "local" and province and row.get("parent") == "UBND":
                kind = "thành phố" if province["kind"] == "thành phố" else "tỉnh"
                header.issuer_parent = f"UBND {kind} {province['name']}"
    if province and (header.issuer_parent or header.place or header.issuer):
        header.province = province["name"]


def _read_type(
    page: _Page, own_type_name: str | None, header: Header, portal_type: str = "", written: bool = False
) -> None:
    """A title line ("QUYẾT ĐỊNH"), else the type word written before the symbol ("Luật số:"), else the
    portal's "Loại văn bản" (5348/CT-CS is a Cục Thuế letter, not a Chỉ thị), else the symbol's type."""
    lex = lexicon()
    for start, end in page.lines:
        line = page.line(start, end).strip()
        word = next((w for w in lex.type_words if line == w.folded), None)
        if word and page.norm[start:end].strip().isupper():
            header.type = word.name
            return
    if portal_type and not written and any(w.name == portal_type for w in lex.type_words):
        header.type = portal_type
    elif own_type_name and own_type_name != "Công văn":
        header.type = own_type_name  # "Luật số: 56/2020/QH14" has no type code
    elif header.type_code:
        header.type = lex.type_name(header.type_code, None)
    if header.type is None:
        has_vv = any(subject_label().match(page.line(s, e)) for s, e in page.lines)
        if has_vv or (header.symbol and not header.type_code):
            header.type = "Công văn"


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
    subject = squash(" ".join(parts)).strip(" |")
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
    return [canonical_body(x, ocr) for x in out if x]
