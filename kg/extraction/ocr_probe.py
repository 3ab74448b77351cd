"""The two counts of OCR detection (probe words in the sample, and those written bare) by one hyperscan pass: the
optional ``fast`` extra. Without hyperscan, or for a text this cannot say, :mod:`kg.extraction.ocr` counts with
``re`` (the same numbers; tests/test_extraction_speed.py compares the two on real text).

Why: the ``re`` scan stops at every n, t, c, q, d, h, k, v of the sample (160k probe words in vbpl's 497 texts,
each checked in Python); hyperscan finds them in C at > 1 GB/s.

The sample is first written in ASCII, one character for one (:func:`word_view`): a letter that folds to a-z as
its fold, in capitals when the letter carries diacritics (its lower case is not its fold); any other word
character (``\\w``) as ``_``; every other character as a space. A probe word of the folded text is a whole run of
word characters equal to the word, so in the view it is a run equal to the word in any case (the total), and it is
written bare exactly when the run is in lower case (folding keeps every character's ``\\w``-ness, and a run of the
lowered text equals a probe word exactly when it equals it folded with no letter changed). In the view every
character is ASCII, so hyperscan's ASCII ``\\b`` is the boundary ``re`` tests on the real text.
"""

from __future__ import annotations

import re
import threading
from functools import cache
from typing import Any

from kg.text.fold import loaded_table

try:  # the optional ``fast`` extra
    import hyperscan
except ImportError:  # pragma: no cover - exercised where the extra is not installed
    hyperscan = None

AVAILABLE = hyperscan is not None

_BAD = 0xFF  # a character the view cannot say (its lower case is longer, or its fold is)


@cache
def _view_table() -> Any:
    """code point (BMP) -> its character in the view, as a byte; built once from :func:`fold`'s own table."""
    import numpy as np

    folds = loaded_table().tolist()
    # (one bytes object built by a generator, then viewed by numpy: item-by-item numpy stores took 40-60 ms)
    view = bytes(_view_byte(chr(cp).lower(), f) for cp, f in enumerate(folds))
    return np.frombuffer(view, dtype=np.uint8)


def _view_byte(low: str, f: int) -> int:
    """The view's byte for a character whose lower case is ``low`` and whose fold is the code point ``f``."""
    if f == 0xFFFFFFFF or len(low) != 1:
        return _BAD
    if 0x61 <= f <= 0x7A:  # a-z
        return f if ord(low) == f else f - 0x20
    if chr(f).isalnum() or f == 0x5F:  # re's \w: str.isalnum() or "_"
        return ord("_")
    return ord(" ")


def word_view(sample: str) -> bytes | None:
    """``sample`` as the ASCII view of the module docstring, or None: before :func:`kg.text.fold.fold` has built
    its numpy table (a short run does not import numpy for this), or where a character is outside the BMP or one
    the view cannot say."""
    if loaded_table() is None:
        return None
    import numpy as np

    try:
        codes = np.frombuffer(sample.encode("utf-32-le"), dtype=np.uint32)
    except UnicodeEncodeError:  # a lone surrogate
        return None
    if codes.size and codes.max() >= 0x10000:
        return None
    out = _view_table()[codes]
    if (out == _BAD).any():
        return None
    return out.tobytes()


_local = threading.local()  # a hyperscan scratch serves one scan at a time: one per thread


@cache
def _database(words: tuple[str, ...]) -> Any:
    """One hyperscan database: each word as written (id 0: bare) and in any case (id 1: every probe word)."""
    if hyperscan is None or not words or not all(re.fullmatch(r"[a-z]+", w) for w in words):
        return None  # a row of $KG_TABLES that is not one plain word: counted with re
    expressions = [rb"\b" + w.encode() + rb"\b" for w in words] * 2
    db = hyperscan.Database()
    db.compile(
        expressions=expressions,
        ids=[0] * len(words) + [1] * len(words),
        flags=[0] * len(words) + [hyperscan.HS_FLAG_CASELESS] * len(words),
    )
    return db


def _scratch(db: Any) -> Any:
    scratches = _local.__dict__.setdefault("scratches", {})
    if id(db) not in scratches:
        scratches[id(db)] = hyperscan.Scratch(db)
    return scratches[id(db)]


def probe_counts(sample: str, words: tuple[str, ...]) -> tuple[int, int] | None:
    """(probe words in ``sample``, those written bare), or None where this path cannot say."""
    db = _database(words)
    if db is None:
        return None
    view = word_view(sample)
    if view is None:
        return None
    counts = [0, 0]  # bare, all

    def hit(kind: int, _start: int, _end: int, _flags: int, _context: object) -> None:
        counts[kind] += 1

    db.scan(view, match_event_handler=hit, scratch=_scratch(db))
    return counts[1], counts[0]
