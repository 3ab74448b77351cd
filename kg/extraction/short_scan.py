"""Where a short reference can be: a bare number or an anaphor ("nêu trên") after a type word ("Nghị quyết 57",
"NQ 57", "Quyết định nêu trên"). The patterns, and the scans that find their places fast (kg.text.reverse: a
number is tried only where a type word is written right before it); kg.extraction.references resolves them.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterator
from functools import cache

from kg.extraction.lexicon import lexicon
from kg.text.reverse import reverse_regex
from kg.text.scan import finditer_literals, finditer_pre


@cache
def short_patterns(ocr: bool) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(bare number, "<type word> [số]" right before it, "<type word>" right before an anaphor)."""
    anaphora = "|".join(lexicon().anaphora)
    number = re.compile(rf"(?<=\s)\d{{1,5}}(?![\w/.,]|\s*[-/]\s*[a-z0-9])|\b(?:{anaphora})\b")
    before_number = re.compile(rf"(?:^|\W){number_lead(ocr)}$")
    before_anaphor = re.compile(rf"(?:^|\W)(?P<w>{'|'.join(_type_words(ocr))})\s+$")
    return number, before_number, before_anaphor


@cache
def _type_words(ocr: bool) -> tuple[str, ...]:
    """The type words that have a code, as patterns (with their OCR readings in OCR mode)."""
    lex = lexicon()
    return tuple(
        lex.keyword(w.folded, ocr) if w.folded in lex.keywords else r"\s+".join(w.folded.split())
        for w in lex.type_words
        if w.code
    )


@cache
def number_lead(ocr: bool) -> str:
    """What a short reference writes before its number: "<type word or code> [số]" and spaces."""
    lex = lexicon()
    codes = sorted({c.lower() for c in lex.type_codes if len(c) >= 2}, key=len, reverse=True)
    so = lex.keyword("so", ocr)
    words, abbr = "|".join(_type_words(ocr)), "|".join(map(re.escape, codes))
    return rf"(?P<w>{words}|(?P<abbr>{abbr}))(?:\s+(?:{so})\s*[:.]?)?\s+"


#: a digit after a space (where the number half of ``number`` can start: its look-behind is ``\s``)
_SPACE_DIGIT = re.compile(r"\s\d")


@cache
def led_digit(ocr: bool) -> re.Pattern[str] | None:
    """On the reversed folded text, a digit that :func:`number_lead` ends right before (in reading order): a
    necessary condition for a number's ``before_number`` test (kg.text.reverse), found by one scan in C instead
    of a 48-character search after each of the ~40k numbers of a large corpus, nearly all dates and articles."""
    lead = reverse_regex(number_lead(ocr))
    return re.compile(rf"\d(?={lead})") if lead else None


def number_hits(
    number: re.Pattern[str], folded: str, led: re.Pattern[str] | None = None
) -> Iterator[re.Match[str]]:
    """``number.finditer(folded)``: its two halves, numbers (digits only) and anaphora (letters and spaces),
    never overlap, so each is found by its own search and the two streams are merged.

    With ``led`` (:func:`led_digit`), only the numbers that it finds a lead before: the others are dropped,
    which is what the caller's ``before_number`` test does with them. (A number match starts at a digit after
    a space and holds only digits, so no match hides another: each is ``number.match`` at its own start.)"""
    if not all(re.fullmatch(r"[^\W\d_]+(?: [^\W\d_]+)*", a) for a in lexicon().anaphora):
        return number.finditer(folded)  # a row of $KG_TABLES that is not plain words: no shortcut
    if led is None:
        digits: Iterator[re.Match[str]] = finditer_pre(_SPACE_DIGIT, number, folded, lead=1)
    else:
        last = len(folded) - 1
        starts = [last - m.start() for m in led.finditer(folded[::-1])]
        digits = (m for p in reversed(starts) if (m := number.match(folded, p)) is not None)
    words = finditer_literals(lexicon().anaphora, number, folded)  # (anaphora: plain words, checked above)
    return heapq.merge(digits, words, key=lambda m: m.start())
