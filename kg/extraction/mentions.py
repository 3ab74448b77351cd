"""Full mentions: a symbol with what is written before it (type word, "số"), enumerations, confidence.

``Quyết định số 154 và 201/QĐ-UBND`` gives two mentions; ``TCVN 5574:2018`` or ``Mẫu số 01/KK`` give none.
"""

from __future__ import annotations

import re
from functools import cache

from kg.extraction.candidates import Candidate, find_candidates
from kg.extraction.lexicon import TypeWord, lexicon, not_reference_pattern
from kg.extraction.ocr import harmonise
from kg.extraction.symbols import Parsed, parse
from kg.models import Mention
from kg.text.normalize import Normalized
from kg.text.reverse import reverse_regex, reversed_text


@cache
def _type_word_pattern(ocr: bool) -> tuple[re.Pattern[str], list[TypeWord], re.Pattern[str] | None]:
    lex = lexicon()
    words = list(lex.type_words)
    alts = []
    for i, w in enumerate(words):
        plain = r"\s+".join(map(re.escape, w.folded.split()))
        body = lex.keyword(w.folded, ocr) if w.folded in lex.keywords else plain
        # a plain word's first letter outside its group: ``re`` tests a leading literal before entering an
        # alternative, where the group's mark came first and all 36 were entered at every blank of the 48
        # characters (the search 3x slower); only which group took part is read (tests/test_reference_scans.py)
        lead = plain[0] if body == plain and plain[0].isascii() and plain[0].isalpha() else ""
        alts.append(f"{lead}(?P<w{i}>{body[len(lead) :]})")
    so = lex.keyword("so", ocr)
    qualifiers = "|".join(lex.type_qualifiers)
    tail = (
        "(?:"
        + "|".join(alts)
        + r")"
        + rf"(?:\s+(?:(?:{qualifiers})\s+)?(?:(?:{so})\s*[:.]?\s*)?|\s*(?:(?:{so})\s*[:.]?\s*)?)"
    )
    return re.compile(rf"(?:^|[^\w]){tail}$"), words, _reversed(tail)


def _reversed(tail: str) -> re.Pattern[str] | None:
    """The type word and what follows it, for the reversed text (kg.text.reverse): a necessary condition, tested
    from the symbol backwards in one anchored match, before the 48-character search."""
    back = reverse_regex(tail)
    return re.compile(r"\s*" + back) if back else None


def type_word_before(folded: str, pos: int, ocr: bool) -> TypeWord | None:
    """The type word written right before a symbol ("Quyết định số 645/…" -> Quyết định)."""
    pat, words, back = _type_word_pattern(ocr)
    start = max(0, pos - 48)
    if back is not None:
        size = len(folded)
        if back.match(reversed_text(folded), size - pos, size - start) is None:
            return None
    m = pat.search(folded, start, pos)
    if not m:
        return None
    if pat.groups == len(words):  # only the words' groups capture: the one that matched is the last one
        return words[m.lastindex - 1] if m.lastindex else None
    for k, v in m.groupdict().items():
        if v is not None and k.startswith("w"):
            return words[int(k[1:])]
    return None


_ENUM_BACK = re.compile(r"(?<![\w/.,-])(\d{1,5})\s*(?:,|;|&|va|và|và các)\s*$")


def full_mentions(n: Normalized, ocr: bool) -> list[Mention]:
    """Every symbol of the text read as a reference, with the enumerated numbers before it."""
    folded = n.folded
    out: list[Mention] = []
    settled: set[int] = set()  # mentions whose type word names their type (OCR mode: the clearer readings)
    for c in find_candidates(n.text, ocr):
        if not_reference_pattern().search(folded, max(0, c.start - 24), c.start):
            continue  # standards, phone numbers, form numbers ("Mẫu số 01/BCĐBQH-MT") are not documents
        word = type_word_before(folded, c.start, ocr) or _shared_type_word(folded, out, c.start)
        if c.lost_slash and word is None and not _so_before(folded, c.start):
            continue  # "327 QĐ-UBND" is a symbol whose slash OCR lost only after a type word or "số"
        p = parse(
            c, ocr=ocr, context_type=word.code if word else None, context_name=word.name if word else None
        )
        if p is None:
            continue
        m = Mention(
            start=c.num_start,
            end=c.end,
            text=n.text[c.num_start : c.end],
            kind="full",
            symbol=p.symbol,
            number=p.number,
            year=p.year,
            type=p.type,
            type_name=_type_name(word, p),
            issuer="-".join(p.issuers) if p.issuers else None,
            issuer_name=_national_issuer_name(p),
            confidence=_confidence(p, c),
            family=p.family,
            issuers=p.issuers,
            unit=p.unit,
            ocr_repaired=p.repaired or c.ocr_separator or c.ocr_layout,
        )
        out.extend(_enumerated(n, m, ocr))
        out.append(m)
        if word is not None and word.code is not None and word.code == p.type:
            settled.add(id(m))
    if ocr:
        harmonise(out, settled)
    return out


def _so_before(folded: str, pos: int) -> bool:
    """ "Số: 327 QĐ-UBND": the word "số" (or an OCR reading of it) right before ``pos``."""
    so = lexicon().keyword("so", True)
    return re.search(rf"(?<!\w)(?:{so})\s*[:.]?\s*$", folded[max(0, pos - 12) : pos]) is not None


def _shared_type_word(folded: str, found: list[Mention], start: int) -> TypeWord | None:
    """ "Nghị định 13/2023/NĐ-CP và 15/2020/NĐ-CP": a list shares the type word of its first member."""
    if not found or not re.fullmatch(r"\s*(?:,|;|&|va|và)\s*(?:cac\s+)?", folded[found[-1].end : start]):
        return None
    return next((w for w in lexicon().type_words if w.name == found[-1].type_name), None)


def _type_name(word: TypeWord | None, p: Parsed) -> str | None:
    """The type word written before the symbol when it agrees with the symbol, else the symbol's type."""
    if word is not None and (word.code is None or word.code == p.type or p.type is None):
        return word.name
    if p.family == "law":
        return "Luật"
    return "Công văn" if p.family == "congvan" else lexicon().type_name(p.type, p.family)


def _confidence(p: Parsed, c: Candidate) -> float:
    """Lower when the symbol was repaired, "/" was read from OCR debris, or the family is loosely shaped."""
    conf = 0.97
    if p.repaired or c.ocr_layout:
        conf = 0.85
    if c.ocr_separator:
        conf = 0.8
    if p.family in ("legacy", "congvan"):
        conf -= 0.07
    return round(conf, 3)


_TERM = re.compile(r"\d+$")


def _national_issuer_name(p: Parsed) -> str | None:
    """The name of a national issuer (one body for the whole country); local ones need the province."""
    row = lexicon().issuers.get(_TERM.sub("", p.issuers[0])) if p.issuers else None  # QH15 -> QH
    return row["name_vi"] if row and "/" not in row["name_vi"] and row.get("scope") == "national" else None


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
    so = lexicon().keyword("so", True)  # "số" and its OCR readings (ocr_keywords.tsv), in clean text too
    if not re.search(rf"\b(?:{so})\s*:?\s*$", lead) and type_word_before(folded, pos, ocr) is None:
        return []
    return list(reversed(found))
