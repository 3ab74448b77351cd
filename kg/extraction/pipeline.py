"""``kg.extract``: normalise -> find -> parse -> dates/issuers -> header -> short/named -> relations.

The regex pass runs on the whole text; spaCy (:mod:`kg.nlp`) only sees the short windows after references
that name an issuing body ("… ngày 22/12/2024 của Bộ Chính trị"), so long texts are not tokenised whole.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from kg.extraction.candidates import find_candidates
from kg.extraction.dates import date_at
from kg.extraction.header import read_header
from kg.extraction.lexicon import TypeWord, lexicon
from kg.extraction.references import find_named, find_short
from kg.extraction.relations import relate
from kg.extraction.symbols import parse
from kg.models import Extraction, Header, Mention, Relation
from kg.text.decode import read_text
from kg.text.normalize import Normalized, normalize

OCR_MODES = ("auto", "on", "off")

# very frequent words that always carry diacritics: seen without them, the text is OCR'd (or typed in ASCII)
_PROBE = re.compile(
    r"\b(ngay|thang|nam|cua|quyet|dinh|nghi|tinh|theo|thuc|hien|duoc|trien|khai|viec|nhung|cac)\b"
)


def looks_ocr(n: Normalized) -> bool:
    """Heuristic: most probe words lost their diacritics, or OCR confusions show inside symbols."""
    folded, text = n.folded, n.text
    sample_end = min(len(text), 30_000)
    hits = bare = 0
    for m in _PROBE.finditer(folded, 0, sample_end):
        hits += 1
        if text[m.start() : m.end()].lower() == m.group():
            bare += 1
    if hits >= 8 and bare / hits >= 0.3:
        return True
    return bool(re.search(r"\d\s*\[I[A-ZĐ]|\d/(?:Qb|0P|QD)-", text[:sample_end]))


@cache
def _type_word_pattern(ocr: bool) -> tuple[re.Pattern[str], list[TypeWord]]:
    lex = lexicon()
    words = list(lex.type_words)
    alts = []
    for i, w in enumerate(words):
        body = (
            lex.keyword(w.folded, ocr)
            if w.folded in lex.keywords
            else r"\s+".join(map(re.escape, w.folded.split()))
        )
        alts.append(f"(?P<w{i}>{body})")
    so = lex.keyword("so", ocr)
    pat = re.compile(
        r"(?:^|[^\w])(?:"
        + "|".join(alts)
        + r")"
        + rf"(?:\s+(?:(?:hanh dong|cong tac|lien tich)\s+)?(?:(?:{so})\s*[:.]?\s*)?|\s*(?:(?:{so})\s*[:.]?\s*)?)$"
    )
    return pat, words


def type_word_before(folded: str, pos: int, ocr: bool) -> TypeWord | None:
    """The type word written right before a symbol ("Quyết định số 645/…" -> Quyết định)."""
    pat, words = _type_word_pattern(ocr)
    m = pat.search(folded, max(0, pos - 48), pos)
    if not m:
        return None
    for k, v in m.groupdict().items():
        if v is not None and k.startswith("w"):
            return words[int(k[1:])]
    return None


# standards, phone numbers, and form numbers ("Mẫu số 01/BCĐBQH-MT", "tờ khai mẫu số 02/KK-TNCN") are not documents
_EXCLUDE_BEFORE = re.compile(
    r"(?:\b(?:tcvn|qcvn|iso|iec|en|astm|so dien thoai|dien thoai|dt|fax|tel)\s*[:.]?"
    r"|\b(?:mau|bieu|bieu mau|to khai|mau to khai|phieu)\s*(?:so)?\s*:?)\s*$"
)
_ENUM_BACK = re.compile(r"(?<![\w/.,-])(\d{1,5})\s*(?:,|;|&|va|và|và các)\s*$")


def _full_mentions(n: Normalized, ocr: bool) -> list[Mention]:
    lex = lexicon()
    folded = n.folded
    out: list[Mention] = []
    for c in find_candidates(n.text, ocr):
        if _EXCLUDE_BEFORE.search(folded, max(0, c.start - 24), c.start):
            continue
        word = type_word_before(folded, c.start, ocr)
        if (
            word is None
            and out
            and re.fullmatch(r"\s*(?:,|;|&|va|và)\s*(?:cac\s+)?", folded[out[-1].end : c.start])
        ):
            prev_name = out[-1].type_name
            word = next((w for w in lex.type_words if w.name == prev_name), None)
        p = parse(
            c, ocr=ocr, context_type=word.code if word else None, context_name=word.name if word else None
        )
        if p is None:
            continue
        type_name = None
        if word is not None and (word.code is None or word.code == p.type or p.type is None):
            type_name = word.name
        if type_name is None:
            type_name = "Công văn" if p.family == "congvan" else lex.type_name(p.type, p.family)
            if p.family == "law":
                type_name = "Luật"
        conf = 0.97
        if p.repaired:
            conf = 0.85
        if c.ocr_separator:
            conf = 0.8
        if p.family in ("legacy", "congvan"):
            conf -= 0.07
        row = lex.issuers.get(re.sub(r"\d+$", "", p.issuers[0])) if p.issuers else None  # QH15 -> QH
        issuer_name = (
            row["name_vi"] if row and "/" not in row["name_vi"] and row.get("scope") == "national" else None
        )
        m = Mention(
            start=c.num_start,
            end=c.end,
            text=n.text[c.num_start : c.end],
            kind="full",
            symbol=p.symbol,
            number=p.number,
            year=p.year,
            type=p.type,
            type_name=type_name,
            issuer="-".join(p.issuers) if p.issuers else None,
            issuer_name=issuer_name,
            confidence=round(conf, 3),
            family=p.family,
            issuers=p.issuers,
            unit=p.unit,
            ocr_repaired=p.repaired or c.ocr_separator,
        )
        out.extend(_enumerated(n, m, ocr))
        out.append(m)
    return out


def _enumerated(n: Normalized, m: Mention, ocr: bool) -> list[Mention]:
    """ "Quyết định số 154 và 201/QĐ-UBND": the bare numbers before a symbol share its suffix."""
    folded = n.folded
    suffix = m.symbol[len(m.number) :] if m.symbol and m.number else ""
    found: list[Mention] = []
    pos = m.start
    while True:
        em = _ENUM_BACK.search(folded, max(0, pos - 24), pos)
        if not em:
            break
        found.append(
            Mention(
                start=em.start(1),
                end=em.end(1),
                text=n.text[em.start(1) : em.end(1)],
                kind="full",
                symbol=em.group(1) + suffix,
                number=em.group(1),
                year=m.year,
                type=m.type,
                type_name=m.type_name,
                issuer=m.issuer,
                issuer_name=m.issuer_name,
                confidence=0.8,
                family=m.family,
                issuers=m.issuers,
                unit=m.unit,
            )
        )
        pos = em.start(1)
    if not found:
        return []
    # keep them only behind "số" or a type word, else "5, 7/QĐ-UBND" could be anything
    lead = folded[max(0, pos - 40) : pos]
    if not re.search(r"(?:\bso|s6|sb)\s*:?\s*$", lead) and type_word_before(folded, pos, ocr) is None:
        return []
    return list(reversed(found))


def _limit(n: Normalized, start: int, nxt: int) -> int:
    """Where the text about one reference ends: the next reference, ";" or a sentence end."""
    text = n.text
    end = min(nxt, len(text), start + 240)
    m = re.search(r";|\.(?=\s)|\n\s*\n\s*[-+•(a-zđ]\)?\s", text[start:end])
    return start + m.start() if m else end


@cache
def _of_pattern(ocr: bool) -> re.Pattern[str]:
    """ "của"/"do" before the issuing body, with its OCR readings ("ciia", "ctia")."""
    return re.compile(rf"[\s,]*(?:(?:{lexicon().keyword('cua', ocr)}|do)\s+)")


def _attach_dates_and_issuers(n: Normalized, mentions: list[Mention], ocr: bool) -> None:
    from kg.nlp import bodies_in

    folded = n.folded
    ordered = sorted(mentions, key=lambda m: m.start)
    windows: list[tuple[Mention, int, int]] = []
    for i, m in enumerate(ordered):
        nxt = ordered[i + 1].start if i + 1 < len(ordered) else len(n.text)
        lim = _limit(n, m.end, nxt)
        pos = m.end
        d = date_at(folded, pos, ocr)
        if d is not None and d.start < lim:
            m.date = d.iso
            m.date_span = (d.start, d.end)
            if m.year is None and d.iso and m.family not in ("normative", "law"):
                pass  # the year of an administrative symbol is the year of its date (kept in .date)
            pos = d.end
        cm = _of_pattern(ocr).match(folded, pos, lim)
        if cm:
            windows.append((m, cm.end(), lim))
    if not windows:
        return
    found = bodies_in([n.text[s:e] for _m, s, e in windows])
    for (m, s, _e), bodies in zip(windows, found, strict=True):
        first = next((b for b in bodies if b[0] == 0), None)
        if first:
            m.issuer_name = first[2]
            m.issuer_span = (s + first[0], s + first[1])


_LOCAL_FORM = {
    "UBND": "UBND tỉnh {p}",
    "HĐND": "HĐND tỉnh {p}",
    "TU": "Tỉnh ủy {p}",
    "CTUBND": "Chủ tịch UBND tỉnh {p}",
}


def _complete_issuers(mentions: list[Mention], province: str) -> None:
    """Local bodies are the citing document's own province's: "UBND tỉnh" in a Quảng Ngãi letter."""
    lex = lexicon()
    for m in mentions:
        if m.kind != "full":
            continue
        if m.issuer_name:
            if re.search(r"(?:\btỉnh|Tỉnh ủy|thành phố)$", m.issuer_name):
                m.issuer_name = f"{m.issuer_name} {province}"
            continue
        row = lex.issuers.get(m.issuers[0]) if m.issuers else None
        if row is None or row.get("scope") != "local":
            continue
        form = _LOCAL_FORM.get(row["code"])
        m.issuer_name = form.format(p=province) if form else f"{row['name_vi']} tỉnh {province}"


def _to_original(n: Normalized, mentions: list[Mention], relations: list[Relation], header: Header) -> None:
    orig = n.original
    for m in mentions:
        m.start, m.end = n.span(m.start, m.end)
        m.text = orig[m.start : m.end]
        if m.date_span:
            m.date_span = n.span(*m.date_span)
        if m.issuer_span:
            m.issuer_span = n.span(*m.issuer_span)
    for r in relations:
        r.start, r.end = n.span(r.start, r.end)
    if header.symbol_span:
        header.symbol_span = n.span(*header.symbol_span)


def extract(
    text: str, source: str = "<string>", ocr: str = "auto", *, with_relations: bool = True
) -> Extraction:
    """Every reference, the header and the stated relations of one document.

    ``ocr``: ``auto`` (detect OCR'd text), ``on`` or ``off``. All offsets index ``text`` itself.
    """
    if ocr not in OCR_MODES:
        raise ValueError(f"ocr must be one of {OCR_MODES}, not {ocr!r}")
    if not isinstance(text, str):
        raise TypeError("extract() takes the decoded text; use extract_file() for paths and bytes")
    n = normalize(text)
    is_ocr = ocr == "on" or (ocr == "auto" and looks_ocr(n))
    full = _full_mentions(n, is_ocr)
    short = find_short(n, full, is_ocr)
    named = find_named(n, [(m.start, m.end) for m in full + short])
    mentions = sorted(full + short + named, key=lambda m: m.start)
    _attach_dates_and_issuers(n, mentions, is_ocr)
    header = read_header(n, full, is_ocr)
    if header.province:
        _complete_issuers(mentions, header.province)
    relations = relate(n, mentions, header, is_ocr) if with_relations else []
    _to_original(n, mentions, relations, header)
    return Extraction(
        source=source, text=text, document=header, mentions=mentions, relations=relations, ocr=is_ocr
    )


def extract_file(path: str | Path, ocr: str = "auto") -> Extraction:
    """Decode and extract one file; raises :class:`kg.text.decode.InputError` with a one-line message."""
    return extract(read_text(path), source=str(path), ocr=ocr)
