"""Offset-keeping normalisation.

Real input mixes NFD and NFC, writes Đ as the Icelandic Eth (U+00D0), hides zero-width characters inside
symbols and carries markdown debris (``*``, ``\\-``). Matching runs on a cleaned copy; every span found
there is mapped back to the caller's string through :class:`Normalized`, so ``text[start:end]`` is always
the original characters.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from kg.text.fold import fold, slug, squash  # noqa: F401  (fold is used; squash, slug: old import path)
from kg.text.scan import finditer_pre

# One alternation finds every place that needs a change; text without any is used as is (fast path).
_SPECIAL = re.compile(
    r"(?P<cmb>[\u0300-\u036f]+)"  # combining marks (decomposed Unicode), composed with the letter before
    r"|(?P<eth>[\u00d0\u00f0])"  # Ð/ð written for Đ/đ
    r"|(?P<zw>[\u200b-\u200d\u2060\ufeff\u00ad])"  # zero-width characters, soft hyphen
    r"|(?P<sp>[\u00a0\u2007\u202f\t\r\f\v])"  # exotic spaces
    r"|(?P<slash>[\u2044\u2215\uff0f])"  # fraction slash and friends
    r"|(?P<dash>[\u2010-\u2015\u2212])"  # dashes
    r"|(?P<md>\*+|\\(?=[^\w]))"  # markdown emphasis, backslash escapes
    r"|(?P<cyr>[\u0410\u0412\u0415\u041a\u041c\u041d\u041e\u0420\u0421\u0422\u0425\u0430\u0435\u043e\u0440\u0441\u0445])",  # Cyrillic look-alikes
    re.DOTALL,
)

# Every match of _SPECIAL starts with one of these characters: a class search skips in C to the few places
# that need a look (most texts have none), where _SPECIAL itself is matched (kg.text.scan.finditer_pre).
_SPECIAL_START = re.compile(
    "[\u0300-\u036f\u00d0\u00f0\u200b-\u200d\u2060\ufeff\u00ad\u00a0\u2007\u202f\t\r\f\v"
    "\u2044\u2215\uff0f\u2010-\u2015\u2212*\\\\"
    "\u0410\u0412\u0415\u041a\u041c\u041d\u041e\u0420\u0421\u0422\u0425\u0430\u0435\u043e\u0440\u0441\u0445]"
)

# Cyrillic letters that PDF text layers and OCR put into Latin symbols ("NĐ-СР" with Cyrillic С and Р)
_CYRILLIC = dict(zip("АВЕКМНОРСТХаеорсх", "ABEKMHOPCTXaeopcx", strict=True))
_SIMPLE = {"eth": None, "zw": "", "sp": " ", "slash": "/", "dash": "-", "md": ""}


@dataclass(slots=True)
class Normalized:
    """A cleaned copy of ``original`` and the map back to it."""

    original: str
    text: str
    # anchors: norm position -> original position at each edge of a changed piece; linear between them
    _norm: list[int] = field(default_factory=list)
    _orig: list[int] = field(default_factory=list)
    _folded: str | None = None
    _inverse: tuple[list[int], list[int], list[int]] | None = None

    @property
    def identity(self) -> bool:
        return not self._norm

    def orig_start(self, pos: int) -> int:
        """Original offset of the character at normalised ``pos`` (skips deleted characters before it)."""
        if not self._norm:
            return pos
        k = bisect_right(self._norm, pos) - 1
        if k < 0:
            return pos
        return self._orig[k] + (pos - self._norm[k])

    def orig_end(self, pos: int) -> int:
        """Original offset just after the character at normalised ``pos - 1``."""
        if not self._norm:
            return pos
        k = bisect_left(self._norm, pos)
        if k < len(self._norm) and self._norm[k] == pos:
            return self._orig[k]
        k -= 1
        if k < 0:
            return pos
        return self._orig[k] + (pos - self._norm[k])

    def norm_pos(self, pos: int) -> int:
        """The first normalised offset whose :meth:`orig_start` is ``pos`` or more (``len(text) + 1`` if none): the
        inverse of ``orig_start``, as a bisection of every offset by it gives, from one C bisection of the pieces.

        Between two anchors ``orig_start`` grows by one per character, so each piece of the text is one run of
        values: the first piece whose last value reaches ``pos`` holds the answer, ``pos``'s distance into it (or
        its first offset). (The bisection of every offset called ``orig_start`` 25 times per offset: 0.2 s of the
        spans of a 33 MB document.)"""
        if not self._norm:
            return pos
        if self._inverse is None:
            self._inverse = self._pieces()
        lasts, starts, firsts = self._inverse
        i = bisect_left(lasts, pos)
        if i == len(lasts):
            return len(self.text) + 1
        return starts[i] + max(0, pos - firsts[i])

    def _pieces(self) -> tuple[list[int], list[int], list[int]]:
        """Of each piece (before the first anchor, then from each anchor to the next, the last to the text's end
        included): the largest ``orig_start`` so far, its first offset and that offset's ``orig_start``. A piece
        without offsets (between two anchors at one offset: deleted characters) is never the answer: it repeats the
        largest value before it."""
        starts = [0, *self._norm]
        firsts = [0, *self._orig]
        stops = [*self._norm, len(self.text) + 1]
        lasts: list[int] = []
        top = -1
        for start, first, stop in zip(starts, firsts, stops, strict=True):
            if stop > start:
                top = max(top, first + stop - 1 - start)
            lasts.append(top)
        return lasts, starts, firsts

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.orig_start(start), self.orig_end(end)

    @property
    def folded(self) -> str:
        """Lower-case, diacritic-free copy of the same length (cue and keyword matching)."""
        if self._folded is None:
            self._folded = fold(self.text)
        return self._folded


def normalize(text: str) -> Normalized:
    """NFC, Đ = U+0110, no zero-width characters or markdown debris; offsets kept."""
    pieces: list[str] = []
    norm_anchor: list[int] = []
    orig_anchor: list[int] = []
    last = 0
    npos = 0
    for m in finditer_pre(_SPECIAL_START, _SPECIAL, text):
        kind = m.lastgroup
        s, e = m.span()
        if kind == "cmb":
            if s == 0 or s - 1 < last:
                continue  # no base letter of its own: leave the marks as they are
            s -= 1
            rep = unicodedata.normalize("NFC", text[s:e]).replace("\u00d0", "Đ").replace("\u00f0", "đ")
            if rep == text[s:e]:
                continue
        elif kind == "cyr":
            rep = _CYRILLIC[m.group()]
        elif kind == "eth":
            rep = "Đ" if m.group() == "\u00d0" else "đ"
        else:
            rep = _SIMPLE[kind or "md"]
            if rep == m.group():
                continue
        if s > last:
            pieces.append(text[last:s])
            npos += s - last
        norm_anchor.append(npos)
        orig_anchor.append(s)
        pieces.append(rep)
        npos += len(rep)
        norm_anchor.append(npos)
        orig_anchor.append(e)
        last = e
    if not norm_anchor:
        return Normalized(text, text)
    pieces.append(text[last:])
    return Normalized(text, "".join(pieces), norm_anchor, orig_anchor)
