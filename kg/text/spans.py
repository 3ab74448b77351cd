"""A set of character spans with a fast overlap test: which stretches of a text are already taken."""

from __future__ import annotations

from bisect import bisect_right


class Spans:
    """Sorted, non-overlapping spans with a fast overlap test (avoids an O(n·m) scan on long texts)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self._spans = sorted(spans)
        self._starts = [s for s, _e in self._spans]

    def overlaps(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` shares a character with any span."""
        k = bisect_right(self._starts, end - 1) - 1
        while k >= 0:
            s, e = self._spans[k]
            if e > start:
                return s < end
            if k > 0 and self._spans[k - 1][1] <= start:
                return False
            k -= 1
        return False
