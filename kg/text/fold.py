"""Folding, squashing and slugs: the one definition of each, used by every stage.

``fold`` keeps the length (one character for one), so offsets found in folded text are offsets of the
original; that is what lets OCR'd text ("Quyet dinh") and clean text ("Quyết định") match the same rules.
``fold_key`` is for comparing names typed by people (spaces collapsed, trimmed); ``slug`` is the README's
identifier rule.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any


def nfc(text: str) -> str:
    """Composed Unicode: the form every stage compares."""
    return unicodedata.normalize("NFC", text)


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0xC0, 0x1FFF):
        ch = chr(cp)
        base = unicodedata.normalize("NFD", ch)[0]
        if base != ch and base.isascii() and base.isalpha():
            table[cp] = base.lower()
    table.update({ord("Đ"): "d", ord("đ"): "d", ord("Ð"): "d", ord("ð"): "d", ord("İ"): "i"})
    return table


_FOLD = _fold_table()


#: texts from this length are folded through a lookup table (numpy is imported only then)
_TABLE_FROM = 4096
#: ... once this many characters of long texts were folded without it: importing numpy and building the table
#: cost about 60 ms, what the slow path spends on about a megabyte (so a one-letter `kg extract` stays quick)
_IMPORT_FROM = 1_000_000
_slow_chars = 0
_table: Any = None
# the last long text folded and its fold, one tuple replaced whole: a server's threads fold different texts, and a
# reader must never pair one text with another's fold
_last: tuple[str, str] = ("", "")


def _fold_by_table(text: str) -> str | None:
    """``fold(text)`` through a table over the Basic Multilingual Plane applied by numpy (``str.translate``
    with a dict takes CPython's slow per-character path: 31 MB/s, 5x slower); None without numpy.

    Folded a megabyte (of whole lines) at a time: the arrays of a whole 33 MB text (its code points, their folds, those as bytes:
    4 bytes a character each) were 370 MB at once, most of the peak memory of a long document. A piece the table
    cannot say (a character outside the plane or a surrogate, or one whose fold is not one character) takes the
    slow path alone, not the whole text.

    A capital sigma is the one letter ``str.lower`` reads in context (final "ς" or "σ", from the cased letters
    around it): each line that holds one is folded whole by the slow path afterwards. That is exact because a line
    break is neither cased nor case-ignorable, so CPython's look around the sigma stops at it as it stops at the
    line's ends, and every other character folds on its own (4 documents of the shared corpus hold a sigma:
    before, one of them in a long text sent all of it to the slow path)."""
    global _table
    try:
        import numpy as np
    except ImportError:  # (installed with the project; without it, the slow path)
        return None

    if _table is None:
        _table = np.array(table_codes(), dtype=np.uint32)
    pieces = []
    at = 0
    while at < len(text):  # pieces end after a line break: the lines with a sigma are whole in one
        cut = text.find("\n", at + _PIECE)
        end = len(text) if cut < 0 else cut + 1
        piece = text[at:end]
        pieces.append(fold_sigma_lines(piece, _piece_by_table(np, piece)))
        at = end
    return "".join(pieces)


_PIECE = 1 << 20


def _piece_by_table(np: Any, text: str) -> str:
    try:
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    except UnicodeEncodeError:
        return _fold_by_chars(text)
    if codes.max() >= 0x10000:
        return _fold_by_chars(text)
    out = _table[codes]
    if (out == 0xFFFFFFFF).any():
        return _fold_by_chars(text)
    return out.tobytes().decode("utf-32-le")


def fold_sigma_lines(text: str, folded: str) -> str:
    """``folded``, a fold of ``text`` made character by character, with each line that holds a capital sigma
    folded whole, as :func:`fold` reads it (see :func:`_fold_by_table`)."""
    pos = text.find("\u03a3")
    if pos < 0:
        return folded
    pieces: list[str] = []
    last = 0
    while pos >= 0:
        start = text.rfind("\n", 0, pos) + 1
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        pieces += [folded[last:start], _fold_by_chars(text[start:end])]
        last = end
        pos = text.find("\u03a3", end)
    pieces.append(folded[last:])
    return "".join(pieces)


def table_codes() -> list[int]:
    """The fold of each code point of the Basic Multilingual Plane as a code point, 0xFFFFFFFF where it is not one
    character: ``ch.translate(_FOLD).lower()`` of each, by list comprehensions (filling a numpy array one item
    at a time took 30 ms of every long run's start)."""
    get = _FOLD.get
    folds = [get(cp, ch).lower() for cp, ch in enumerate(map(chr, range(0x10000)))]
    return [ord(f) if len(f) == 1 else 0xFFFFFFFF for f in folds]


def loaded_table() -> Any:
    """The numpy table :func:`fold` reads long texts through (code point -> code point of its fold, 0xFFFFFFFF
    where that is not one character), or None while it is not built: a caller may build on it without importing
    numpy for a short run."""
    return _table


def fold(text: str) -> str:
    """Lower case without diacritics, one character for one (``Quyết định`` -> ``quyet dinh``).

    Decomposed input (a letter followed by combining marks) keeps its marks as characters; callers that
    need NFD input folded use :func:`fold_key`.
    """
    global _last, _slow_chars
    if len(text) >= _TABLE_FROM and (_table is not None or _slow_chars + len(text) >= _IMPORT_FROM):
        last = _last
        if text is last[0]:  # a whole text folded again (the header, the effective date): the same string
            return last[1]
        out = _fold_by_table(text)
        if out is None:  # (no numpy: kept for the next call all the same)
            out = _fold_by_chars(text)
        _last = (text, out)
        return out
    if len(text) <= _SHORT:
        return _fold_short(text)
    if len(text) >= _TABLE_FROM:
        _slow_chars += len(text)
    return _fold_by_chars(text)


def _fold_by_chars(text: str) -> str:
    out = text.translate(_FOLD).lower()
    if len(out) != len(text):  # a rare character whose lower case is longer
        out = "".join(c.lower() if len(c.lower()) == 1 else c for c in text.translate(_FOLD))
    return out


#: words and names (a body's tokens, a type word, an issuer line) are folded again and again: the short ones are
#: remembered (a look-up instead of ``str.translate`` through a dict, about 1.5 microseconds a call)
_SHORT = 40
_fold_short = lru_cache(maxsize=8192)(_fold_by_chars)


def fold_key(text: str) -> str:
    """Comparison key for names people type: NFC, folded, whitespace collapsed (length not kept)."""
    return squash(fold(nfc(text)))


def squash(text: str) -> str:
    """Collapse whitespace runs: how evidence sentences and names are shown.

    (``" ".join(text.split())`` is ``re.sub(r"\\s+", " ", text).strip()``: both read whitespace as ``str.isspace``
    does, and the join builds the result at once instead of one replacement per space.)"""
    return " ".join(text.split())


def slug(text: str) -> str:
    """ASCII slug used in identifiers: ``Quảng Ngãi`` -> ``quang-ngai``, ``Đắk Lắk`` -> ``dak-lak``."""
    return re.sub(r"[^a-z0-9]+", "-", fold(nfc(text))).strip("-")


def symbol_key(symbol: str) -> str:
    """The one test of "same symbol" for what people type: ``57-NQ/TW``, ``57/nq-tw`` and ``057-NQ/TW`` share a
    key; so do ``327/QĐ-UBND`` and ``327/QD-UBND`` (folded, ``-`` and ``/`` alike, leading zeros dropped)."""
    parts = [p for p in re.split(r"[-/\u2013\u2010]+", fold(nfc(symbol)).replace(" ", "").upper()) if p]
    return "/".join((p.lstrip("0") or "0") if p.isdigit() else p for p in parts)
