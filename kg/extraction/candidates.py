"""Candidate finding: one compiled regular expression over the normalised text.

The expression is deliberately permissive about layout (spaces and line breaks around ``/`` and ``-``,
OCR readings of ``/``); :mod:`kg.extraction.symbols` decides what is a reference, using the code tables.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from kg.extraction.lexicon import lexicon
from kg.text.classes import VECTOR_MIN, bmp_class_table, bmp_codes
from kg.text.scan import finditer_pre

_WS = r"[ \t]{0,3}(?:\n[ \t]{0,3}){0,2}"  # a symbol may be broken across (blank) lines
_HWS = r"[ \t]{0,2}"
_END = r"(?:(?![\w])|(?=ng[àa]y\b))"  # "381/ĐA-CPngày 09 tháng": a missing space before "ngày"
_TOK = r"[A-ZĐƯ][A-Za-zĐđƯư0-9&]*" + _END
_TOK_OCR = r"[A-ZĐƯ0][A-Za-zĐđƯư0-9&]*" + _END
_SPACED = r"[A-ZĐ](?:[ ][A-ZĐ]{1,3}){1,4}(?![\w])"  # "U B ND": validated against the issuer table


@dataclass(slots=True)
class Candidate:
    start: int  # in normalised text
    end: int
    number: str
    num_start: int
    year: str | None
    party_type: str | None  # the type token of a Party symbol (57-NQ/TW)
    chain: list[str]  # tokens after the last "/" (or after "-" for legacy 43-CP)
    form: str  # normative | party | slash | legacy
    ocr_separator: bool  # "/" was read from an OCR confusion ("[I", "|")
    lost_slash: bool = False  # no "/" at all between the number and the code ("327 QĐ-UBND", "30/2020 NĐ-CP")
    # read only by OCR mode's layout: a year "201 5", a hyphen read ".", a lost slash
    ocr_layout: bool = False


@cache
def _pattern(ocr: bool) -> re.Pattern[str]:
    tok = _TOK_OCR if ocr else _TOK
    if ocr:
        seps = sorted(lexicon().separator_confusions, key=len, reverse=True)
        alts = []
        for s in seps:
            if any(ch.isalnum() for ch in s):  # a letter read for "/" only counts before an upper-case code
                alts.append(re.escape(s) + r"(?=[A-ZĐ]{2})")
            else:
                alts.append(re.escape(s))
        # the slash lost: "327 QĐ-UBND" (parse then wants a known type and a known issuer)
        alts.append(r"(?<=[ ])(?=[A-ZĐ][A-Za-zĐđ]{0,5}[ ]?-[ ]?[A-ZĐ])")
        slash = "(?P<sl>/|" + "|".join(alts) + ")"
    else:
        slash = "(?P<sl>/)"
    chain_tok = f"(?:{_SPACED}|{tok})"
    hyphen = "-"
    if ocr:  # "2306/QĐ- -UBND": a hyphen read twice; "63/2010/NĐ- cP": a code read in lower case
        # "13/2022/TT- .BTC": dust after it; "361/TTr.CP", "07/2019/TT.BNNPTNT": a hyphen read as a full stop
        hyphen = rf"(?:-(?:{_HWS}[-.])?|\.(?=[A-ZĐ][A-ZĐ0-9&]+(?![\w.])))"
        codes = "|".join(sorted(map(re.escape, lexicon().issuers), key=len, reverse=True))
        chain_tok = f"(?:{_SPACED}|{tok}|(?=[a-zđ])(?i:{codes}){_END})"
    chain = rf"{tok}(?:{_HWS}{hyphen}{_WS}{chain_tok})*"
    lead = r"(?:(?<![\w/.,&-])|(?<=số)|(?<=Số)|(?<=so)"
    if ocr:  # "số" read and glued to the number: "sI347/TTr-CP", "s347/TTr-CP", "s].14/2009/TT-BTNMT",
        lead += r"|(?<!\w)[sS](?:[^\W\d_]|\d(?=[^\w\s/])|[^\w\s/]){0,2}(?=\d)"  # and "s6-90-CT/TW"
    num = lead + r")(?P<num>\d{1,5}(?:\.\d{1,2}(?=/))?)(?![.,]\d)"  # 66.15/2026/NQ-CP: a numbered series
    # a year read with a space inside it ("38/201 5/TT-BTC") in OCR mode
    year = r"(?P<year>(?:19|20)\d[ ]?\d)" if ocr else r"(?P<year>(?:19|20)\d\d)"
    # and the slash after the year lost: "30/2020 NĐ-CP"
    after_year = rf"(?:{_WS}/{_WS}|[ ]{{1,2}}(?=[A-ZĐ]))" if ocr else rf"{_WS}/{_WS}"
    return re.compile(
        num
        + "(?:"
        + rf"{_WS}/{_WS}{year}{after_year}(?P<nchain>{tok}(?:/{tok})?(?:{_HWS}{hyphen}{_WS}{chain_tok})*)"  # 13/2023/NĐ-CP, 45/2019/QH14
        + rf"|(?:{_WS}-{_WS}|(?=[A-ZĐ]))(?P<ptype>{tok}){_WS}/{_WS}(?P<pchain>{chain})"  # 57-NQ/TW, 858CV/ĐUK
        + rf"|{_WS}{slash.replace('(?P<sl>', '(?:', 1)}{_WS}(?P<achain>{chain})"  # 645/QĐ-UBND, 1826/SXD-QHKT
        + rf"|-(?P<lchain>{tok})"  # 43-CP (legacy, needs a type word before it)
        + ")"
    )


_CHAIN_SEP = re.compile(r"\s*[-/.]\s*")  # "." only in OCR chains ("361/TTr.CP")
_SPACES = re.compile(r"\s+")


def _tokens(chain: str) -> list[str]:
    out = []
    for t in _CHAIN_SEP.split(chain):
        if not t.strip():
            continue
        joined = _SPACES.sub("", t)
        if joined != t.strip() and not lexicon().issuer_code(joined):
            break  # spaced letters ("U B ND") count only when they spell a known issuer code
        out.append(joined)
    return out


#: Outside OCR mode a candidate starts at the first digit of a run of digits (its look-behinds fail inside one)
#: that is followed by what can follow its number: spaces and line breaks then "/" or "-", a capital, or a
#: numbered series' ".15/" ("66.15/2026/NQ-CP"). A class-led search finds those runs in C ("Điều 5 của" is
#: passed over there), and the full pattern is tried only at them. The run is taken whole from its first digit
#: (``(?<!\d\d)``, possessive): a shorter run is followed by a digit, which none of the look-ahead's branches
#: takes, so giving digits back never helps, and the tries from the run's later digits fail at once.
_NUMBER_RUN = re.compile(r"\d(?<!\d\d)\d*+(?=[ \t\n]*[/-]|[A-ZĐ]|\.\d)")


def _matches(text: str, ocr: bool) -> Iterator[re.Match[str]]:
    if ocr:  # OCR mode also starts at a "số" read glued to the number ("sI347/TTr-CP")
        return _pattern(True).finditer(text)
    starts = number_runs(text) if len(text) >= VECTOR_MIN else None
    if starts is None:
        return finditer_pre(_NUMBER_RUN, _pattern(False), text, skip=True)
    return _matches_at(starts, text)


def _matches_at(starts: list[int], text: str) -> Iterator[re.Match[str]]:
    """``finditer_pre(_NUMBER_RUN, …, skip=True)`` given the prefilter's matches: a match of the symbol pattern
    ends before a character that is not a digit, so the next search would start at the next run start."""
    match, pos = _pattern(False).match, 0
    for p in starts:
        if p >= pos and (m := match(text, p)) is not None:
            yield m
            pos = m.end()


# --- the number runs by numpy -----------------------------------------------------------------------------------
#
# Why: ``re`` finds _NUMBER_RUN's places by a class test at every character of the text (the ~200k digits of
# vbpl's texts are not rare enough for anything else): three quarters of finding candidates. numpy says the same
# of every character at once, from a table of the four classes the pattern reads (``re``'s own ``\d`` for digits).

_DIGIT, _SPACE, _SEPARATOR, _CAPITAL, _DOT = 1, 2, 3, 4, 5


#: what _NUMBER_RUN reads each character as (kg.text.classes): a digit (``re``'s ``\d``), [ \t\n], [/-], [A-ZĐ], "."
_CLASSES = (
    (r"\d", _DIGIT),
    (r"[ \t\n]", _SPACE),
    (r"[/-]", _SEPARATOR),
    (r"[A-ZĐ]", _CAPITAL),
    (r"\.", _DOT),
)


def number_runs(text: str) -> list[int] | None:
    """Where _NUMBER_RUN matches in ``text``, in order (tests/test_reference_scans.py compares the two); None
    for a text with a character outside the BMP or a lone surrogate (the caller then searches)."""
    import numpy as np

    codes = bmp_codes(text)
    if codes is None:
        return None
    # "none" before and after the text: text[i] is kind[i + 1]
    kind = np.zeros(codes.size + 2, dtype=np.uint8)
    kind[1:-1] = bmp_class_table(_CLASSES)[codes]
    starts, ends = _runs(kind == _DIGIT)  # each run of digits: its first digit, the character after it
    after = kind[ends + 1]
    # the first character after a run that is not [ \t\n]: the one that ends the blank run starting there
    _, blank_ends = _runs(kind == _SPACE)
    first, spaced = after.copy(), after == _SPACE
    first[spaced] = kind[blank_ends[np.searchsorted(blank_ends, ends[spaced])] + 1]
    dot_digit = (after == _DOT) & (kind[np.minimum(ends + 2, codes.size + 1)] == _DIGIT)
    keep = (after == _CAPITAL) | dot_digit | (first == _SEPARATOR)
    return starts[keep].tolist()


def _runs(mask: Any) -> tuple[Any, Any]:
    """(starts, ends) in the text of the runs of True in ``mask`` (which has a False before and after the text)."""
    import numpy as np

    bounds = np.flatnonzero(mask[1:] != mask[:-1])
    return bounds[0::2], bounds[1::2]


def find_candidates(text: str, ocr: bool = False) -> Iterator[Candidate]:
    """Every place in normalised ``text`` shaped like a document symbol."""
    for m in _matches(text, ocr):
        if m.group("nchain"):
            form, chain, ptype = "normative", m.group("nchain"), None
        elif m.group("pchain"):
            form, chain, ptype = "party", m.group("pchain"), m.group("ptype")
        elif m.group("achain"):
            form, chain, ptype = "slash", m.group("achain"), None
        else:
            form, chain, ptype = "legacy", m.group("lchain"), None
        sep_ocr = lost = False
        if form == "slash":
            between = text[m.end("num") : m.start("achain")]
            sep_ocr = "/" not in between
            lost = not between.strip()
        elif form == "normative":
            lost = text[m.end("year") : m.start("nchain")].count("/") == 0
        yield Candidate(
            start=m.start(),
            end=m.end(),
            number=m.group("num"),
            num_start=m.start("num"),
            year=m.group("year").replace(" ", "") if m.group("year") else None,
            party_type=ptype,
            chain=_tokens(chain),
            form=form,
            ocr_separator=sep_ocr,
            lost_slash=lost,
            ocr_layout=ocr and _pattern(False).fullmatch(" " + text[m.start("num") : m.end()], 1) is None,
        )
