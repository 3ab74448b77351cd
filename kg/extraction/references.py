"""Short and named references.

Short: "Nghị quyết 57", "NQ 57", OCR'd "Nghi quyét 57", "Quyết định nêu trên" -> the full reference of the
same document they point to (same type and number; the nearest one before, else after).
Named: documents cited by title only ("Luật Tổ chức chính quyền địa phương", "Chiến lược dữ liệu quốc gia
đến năm 2030", "Hiến pháp năm 2013").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache

from kg.extraction.lexicon import lexicon
from kg.models import Mention
from kg.text.normalize import Normalized
from kg.text.spans import Spans


@cache
def _short_patterns(ocr: bool) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(bare number, "<type word> [số]" right before it, "<type word>" right before an anaphor)."""
    lex = lexicon()
    words = []
    for w in lex.type_words:
        if not w.code:
            continue
        words.append(
            lex.keyword(w.folded, ocr) if w.folded in lex.keywords else r"\s+".join(w.folded.split())
        )
    codes = sorted({c.lower() for c in lex.type_codes if len(c) >= 2}, key=len, reverse=True)
    so = lex.keyword("so", ocr)
    anaphora = "|".join(lex.anaphora)
    number = re.compile(rf"(?<=\s)\d{{1,5}}(?![\w/.,]|\s*[-/]\s*[a-z0-9])|\b(?:{anaphora})\b")
    before_number = re.compile(
        rf"(?:^|\W)(?P<w>{'|'.join(words)}|(?P<abbr>{'|'.join(map(re.escape, codes))}))(?:\s+(?:{so})\s*[:.]?)?\s+$"
    )
    before_anaphor = re.compile(rf"(?:^|\W)(?P<w>{'|'.join(words)})\s+$")
    return number, before_number, before_anaphor


_WORD_CODE: dict[str, str] = {}


def _code_for(word_folded: str) -> str | None:
    lex = lexicon()
    if not _WORD_CODE:
        for w in lex.type_words:
            if w.code:
                _WORD_CODE.setdefault(w.folded, w.code)
    key = re.sub(r"\s+", " ", word_folded)
    if key in _WORD_CODE:
        return _WORD_CODE[key]
    code = lex.type_code(key)
    if code:
        return code
    # an OCR variant of a type word: map through the keyword table
    for w in lex.type_words:
        if w.code and w.folded in lex.keywords and re.fullmatch(lex.keyword(w.folded, True), key):
            return w.code
    return None


def find_short(n: Normalized, full: list[Mention], ocr: bool) -> list[Mention]:
    """Short references (offsets into the normalised text), resolved against ``full``."""
    folded = n.folded
    taken = Spans([(m.start, m.end) for m in full])
    by_number: dict[str, list[Mention]] = {}
    for x in full:
        if x.number:
            by_number.setdefault(x.number.lstrip("0"), []).append(x)
    full_by_end = sorted(full, key=lambda x: x.end)
    ends = [x.end for x in full_by_end]
    out: list[Mention] = []
    number, before_number, before_anaphor = _short_patterns(ocr)
    for hit in number.finditer(folded):
        hs, e = hit.span()
        anaphor = not hit.group()[0].isdigit()
        m = (before_anaphor if anaphor else before_number).search(folded, max(0, hs - 48), hs)
        if m is None:
            continue
        s = m.start("w")
        if taken.overlaps(s, e):
            continue
        if anaphor:
            code = _code_for(m.group("w"))
            k = bisect_left(ends, s + 1)
            tgt = next((full_by_end[i] for i in range(k - 1, -1, -1) if full_by_end[i].type == code), None)
            if tgt is None:
                continue
            out.append(
                Mention(
                    s,
                    e,
                    n.text[s:e],
                    kind="short",
                    type=code,
                    refers_to=tgt.symbol,
                    number=tgt.number,
                    type_name=tgt.type_name,
                    confidence=0.8,
                )
            )
            continue
        if m.group("abbr") and not n.text[m.start("w") : m.end("w")].isupper():
            continue  # "nq 57" in lower case is prose, not an abbreviation
        code = _code_for(m.group("w"))
        num = hit.group()
        same = [x for x in by_number.get(num.lstrip("0"), []) if code is None or x.type == code]
        before = [x for x in same if x.end <= s]
        tgt = before[-1] if before else (same[0] if same else None)
        out.append(
            Mention(
                s,
                e,
                n.text[s:e],
                kind="short",
                number=num,
                type=code,
                type_name=lexicon().type_name(code, tgt.family if tgt else None),
                refers_to=tgt.symbol if tgt else None,
                confidence=0.85 if tgt else 0.4,
                issuer=tgt.issuer if tgt else None,
                year=tgt.year if tgt else None,
            )
        )
    return out


def _either(words: tuple[str, ...]) -> str:
    return "|".join(map(re.escape, words))


@cache
def _named_pattern() -> re.Pattern[str]:
    """Titles cited by name (titled_documents.tsv): a law's name runs from "Luật" to the first word that cannot
    be part of a title; "Hiến pháp [năm 2013]"; "Chiến lược … đến năm 2030"."""
    lex = lexicon()
    stop = "|".join(lex.title_stop_words)
    titles = _either(tuple(name for name, form, _then in lex.titled if form == "title"))
    years = "|".join(
        rf"{re.escape(name)}(?: (?:{_either(then)}))?(?: năm \d{{4}})?"
        for name, form, then in lex.titled
        if form == "year"
    )
    horizons = "|".join(
        rf"{re.escape(name)}\s+[^\n;,.()]{{3,80}}?(?:{_either(then)})[^\n;,.()]{{0,30}}?\d{{4}}"
        for name, form, then in lex.titled
        if form == "horizon"
    )
    branches = [
        rf"\b(?P<kind>{titles})\s+(?P<name>[A-ZĐÀ-Ỹ][^\n;,.()\[\]:]{{1,80}}?(?:,\s+chống[^\n;,.()\[\]:]{{1,40}}?)?)"
        rf"(?=\s+(?:{stop})\b|\s*[;,.()\[\]:\n]|$)",
        rf"\b(?P<hp>{years})" if years else "",
        rf"\b(?P<cl>{horizons})" if horizons else "",
    ]
    return re.compile("|".join(b for b in branches if b))


def _titled_kind(m: re.Match[str]) -> str:
    """The type word of a named reference ("Luật", "Hiến pháp", "Chiến lược")."""
    if m.group("kind"):
        return m.group("kind")
    text = m.group()
    return next(name for name, _form, _then in lexicon().titled if text.startswith(name))


def find_named(n: Normalized, taken: list[tuple[int, int]]) -> list[Mention]:
    """Documents cited by their title (offsets into the normalised text)."""
    out = []
    spans = Spans(taken)
    for m in _named_pattern().finditer(n.text):
        s, e = m.span()
        if spans.overlaps(s, e):
            continue
        after = n.text[e : e + 8]
        if re.match(r"\s*(?:số|so)\s*:?\s*\d", after):
            continue  # "Luật … số 64/2025/QH15": the full reference carries it
        kind = _titled_kind(m)
        if m.group("name") and len(m.group("name").split()) > 9:
            continue  # a sentence, not a title
        text = n.text[s:e]
        out.append(Mention(s, e, text, kind="named", type_name=kind, confidence=0.6))
    return out
