"""An NFC copy of a text and the way back from its offsets to the text's own (boilerplate rows are written
composed and matched in the copy; the spans they find index the text as given)."""

from __future__ import annotations

import unicodedata
from bisect import bisect_left, bisect_right
from itertools import accumulate


class Composed:
    """NFC copy of a text (the table's patterns are written composed) and the way back to its offsets.

    Composition only changes lines that hold decomposed letters, so the copy is made line by line (one C
    call each) and an offset is mapped back by walking its own line only: the cost stays linear and small
    even for a wholly decomposed 5 MB text, and nothing is mapped for already composed text.

    In a text with some decomposed lines (one long document made of many), a line composition left as it was is
    not walked: each of its letters with the marks after it is already composed (nothing in it composed in its
    line, and a letter composes only with the marks after it), so each walk step keeps its length and the walk
    maps an offset to itself, or, inside a letter's marks, to where they end: read from the text at once (walking
    every line a match lies on cost 1.1 s of a 33 MB document)."""

    def __init__(self, text: str, *, walk_all: bool = False) -> None:
        """``walk_all``: every line is walked, none mapped by its shift (the slow path, for the tests)."""
        self.original = text
        self.text = text
        # the lines composition changed: where each starts and ends in the copy and in the text, and how far the
        # text is ahead of the copy after it (0 before the first)
        self._scan_starts: list[int] = []
        self._scan_ends: list[int] = []
        self._orig_starts: list[int] = []
        self._orig_ends: list[int] = []
        self._shift_after: list[int] = []
        self._maps: dict[int, tuple[list[int], list[int]]] = {}
        # "\n" composes with nothing, so the text is composed when every line is; asked line by line because
        # CPython's check of the whole text grows faster than its length (0.8 s for 25 MB, 4.2 s for 50 MB;
        # by lines 0.04 and 0.09 s)
        lines = text.split("\n")
        if all(unicodedata.is_normalized("NFC", line) for line in lines):
            return
        composed = [unicodedata.normalize("NFC", line) for line in lines]
        pairs = enumerate(zip(lines, composed, strict=True))
        changed = [k for k, (line, new) in pairs if walk_all or (new is not line and new != line)]
        if not changed:
            return
        before = [0, *accumulate(map(len, lines))]  # line k starts at before[k] + k
        shift = 0
        for k in changed:
            start = before[k] + k
            self._orig_starts.append(start)
            self._orig_ends.append(start + len(lines[k]))
            self._scan_starts.append(start - shift)
            self._scan_ends.append(start - shift + len(composed[k]))
            shift += len(lines[k]) - len(composed[k])
            self._shift_after.append(shift)
        self.text = "\n".join(composed)

    def orig(self, pos: int) -> int:
        """Offset in the original text of offset ``pos`` of the composed copy."""
        if not self._scan_starts:
            return pos
        i = bisect_right(self._scan_starts, pos) - 1
        if i >= 0 and pos < self._scan_ends[i]:
            dones, ends = self._line_map(i)
            x = bisect_left(dones, pos - self._scan_starts[i])
            return ends[x] if x < len(dones) else ends[-1]
        at = pos + (self._shift_after[i] if i >= 0 else 0)  # on a line left alone (see the class)
        text = self.original
        if at > 0 and text[at - 1] != "\n":  # (a line's first character is a walk step of its own)
            while at < len(text) and unicodedata.combining(text[at]):
                at += 1
        return at

    def _line_map(self, k: int) -> tuple[list[int], list[int]]:
        """Changed line ``k`` walked once, letter by letter with its marks: the composed length so far at each step and
        the original offset there (an offset is mapped by bisection; walking the line for each one cost its
        length per match on one-line portal pages)."""
        got = self._maps.get(k)
        if got is not None:
            return got
        i, end = self._orig_starts[k], self._orig_ends[k]
        done = 0
        dones, ends = [0], [i]
        while i < end:
            j = i + 1
            while j < end and unicodedata.combining(self.original[j]):
                j += 1
            done += len(unicodedata.normalize("NFC", self.original[i:j]))
            i = j
            dones.append(done)
            ends.append(i)
        self._maps[k] = (dones, ends)
        return dones, ends


# the last text composed and its copy, one tuple replaced whole (a server's threads read different texts): the
# boilerplate scan and the status notes of the same document share one copy
_last: tuple[str, Composed] | None = None


def composed(text: str) -> Composed:
    """:class:`Composed` of ``text``, made once for the same string read again."""
    global _last
    last = _last
    if last is not None and last[0] is text:
        return last[1]
    out = Composed(text)
    _last = (text, out)
    return out


def forget_composed() -> None:
    """Drop the copy :func:`composed` keeps (as large as the text): called once the stages that share it are over."""
    global _last
    _last = None
