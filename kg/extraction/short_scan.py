"""Where a short reference can be: a bare number or an anaphor ("nêu trên") after a type word ("Nghị quyết 57",
"NQ 57", "Quyết định nêu trên"). The patterns, and the scans that find their places fast (kg.text.reverse: a
number is tried only where a type word is written right before it); kg.extraction.references resolves them.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from kg.extraction.lexicon import lexicon
from kg.text.classes import VECTOR_MIN, bmp_class_table, bmp_codes
from kg.text.reverse import reverse_regex, reversed_text
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
    number: re.Pattern[str],
    folded: str,
    led: re.Pattern[str] | None = None,
    ends: frozenset[str] | None = None,
) -> Iterator[re.Match[str]]:
    """``number.finditer(folded)``: its two halves, numbers (digits only) and anaphora (letters and spaces),
    never overlap, so each is found by its own search and the two streams are merged.

    With ``led`` (:func:`led_digit`), only the numbers that it finds a lead before: the others are dropped,
    which is what the caller's ``before_number`` test does with them. (A number match starts at a digit after
    a space and holds only digits, so no match hides another: each is ``number.match`` at its own start.)
    With ``ends`` too (:func:`lead_ends`), ``led`` is tried only at the digits :func:`led_places` keeps."""
    if not all(re.fullmatch(r"[^\W\d_]+(?: [^\W\d_]+)*", a) for a in lexicon().anaphora):
        return number.finditer(folded)  # a row of $KG_TABLES that is not plain words: no shortcut
    if led is None:
        digits: Iterator[re.Match[str]] = finditer_pre(_SPACE_DIGIT, number, folded, lead=1)
    else:
        last, back = len(folded) - 1, reversed_text(folded)  # (the type word tests of full mentions made it)
        places = led_places(folded, ends) if ends is not None and len(folded) >= VECTOR_MIN else None
        if places is None:
            starts = [last - m.start() for m in led.finditer(back)]
            starts.reverse()
        else:
            starts = [p for p in places if led.match(back, last - p)]  # led's test at each (one character)
        digits = (m for p in starts if (m := number.match(folded, p)) is not None)
    words = finditer_literals(lexicon().anaphora, number, folded)  # (anaphora: plain words, checked above)
    return heapq.merge(digits, words, key=lambda m: m.start())


# --- the places worth the led test, by numpy ---------------------------------------------------------------------
#
# Why: the reversed scan stops at each of the ~200k digits of vbpl's texts (a class test at every character,
# then the lead's look-ahead): 0.07 s. A lead ends in one of a few pairs of characters right before the blank run
# that precedes the number (the last two letters of a type word or code, "so", "o:", " :"…); numpy finds the
# digits after a blank run and the pair before each at once, and ``led`` is tried only at the third of them
# whose pair can end a lead. Its answer there is the scan's: the same digits are kept.


@cache
def lead_ends(ocr: bool) -> frozenset[str] | None:
    """The pairs of characters a match of :func:`number_lead` can end with before its last blank run (a blank as
    " "), or None where the lead's words are not plain (OCR mode's readings, a row of $KG_TABLES): there each
    digit is tested.

    The lead is a type word (words of letters joined by ``\\s+``) or a code, then maybe "số" and ":" or ".",
    then blanks: it ends with the last two letters of the word or code, of "so" ("so", then the blanks), or ":"
    or "." after "so" or after a blank."""
    lex = lexicon()
    words = _type_words(ocr)
    so = lex.keyword("so", ocr)
    plain = re.compile(r"[a-z]{2,}")
    lasts = [w.split(r"\s+")[-1] for w in words]
    codes = [c.lower() for c in lex.type_codes if len(c) >= 2]
    if not plain.fullmatch(so) or not all(plain.fullmatch(x) for x in lasts):
        return None
    if not all(re.fullmatch(r"[a-z]+(?:\\s\+[a-z]+)*", w) for w in words):
        return None
    ends = {x[-2:] for x in lasts + codes} | {so[-2:]}
    ends |= {a + b for a in (so[-1], " ") for b in ":."}
    return frozenset(ends)


#: a digit and a blank as ``re`` reads them (kg.text.classes)
_BLANK_DIGIT = ((r"\d", 1), (r"\s", 2))


@cache
def _pair_codes(ends: frozenset[str]) -> Any | None:
    """``ends`` as sorted numbers (first character's code point * 65536 + the second's); None when one is outside
    the BMP (numpy's codes are UTF-16 units)."""
    import numpy as np

    if any(ord(c) > 0xFFFF for pair in ends for c in pair):
        return None
    return np.array(sorted((ord(a) << 16) | ord(b) for a, b in ends), dtype=np.uint32)


def led_places(folded: str, ends: frozenset[str]) -> list[int] | None:
    """The digits of ``folded`` after a blank run that one of ``ends`` comes right before (blanks read as " "),
    in order: every digit a lead ends before is among them. None for a text numpy cannot read one code unit per
    character (a character outside the BMP, a lone surrogate)."""
    import numpy as np

    allowed = _pair_codes(ends)
    codes = bmp_codes(folded) if allowed is not None else None
    if codes is None:
        return None
    # kind[i + 1] is text[i]'s, kind[0] "none" before the text
    kind = np.zeros(codes.size + 1, dtype=np.uint8)
    kind[1:] = bmp_class_table(_BLANK_DIGIT)[codes]
    blank = kind == 2
    digits = np.flatnonzero((kind[1:] == 1) & blank[:-1])  # a digit after a blank
    edges = np.flatnonzero(blank[1:] != blank[:-1])  # where blank runs start and end (text offsets)
    run_starts = edges[0::2]
    first = run_starts[np.searchsorted(run_starts, digits - 1, side="right") - 1]  # the blank run before each
    ok = first >= 2
    digits, first = digits[ok], first[ok]
    before = np.where(blank[first - 1], 32, codes[first - 2]).astype(np.uint32)  # (text[i] is blank[i + 1])
    pairs = (before << 16) | codes[first - 1]  # (text[first - 1] ends the word: never a blank)
    found = allowed[np.minimum(np.searchsorted(allowed, pairs), allowed.size - 1)]
    return digits[found == pairs].tolist()
