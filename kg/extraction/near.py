"""Boilerplate rows tried only near their needles (kg.extraction.boilerplate): on a long text, a row that opens
with ``^`` was run from line start to line start through all of it, though its phrase occurs a few times.

The rows' needles (literals one of which every match holds) come from kg.extraction.boilerplate; this module
bounds how many line breaks a match spans, read from the parsed pattern, and so where a match can start."""

from __future__ import annotations

import re
from functools import cache
from re import _constants, _parser  # type: ignore[attr-defined]  # the parsed pattern, see max_breaks

#: a row whose match spans more line breaks than this, or whose needles occur more often than this, is searched
#: through the whole text (walking back that many lines from each needle would cost more than the search)
NEAR_LINES = 100
NEAR_HITS = 64
NEAR_HITS_PER = 4096  # characters: one more needle allowed per that many
#: shorter needles are common words ("NG T" of "THÔNG TƯ"): found everywhere, they save nothing
NEAR_NEEDLE = 6


def near_needles(pattern: re.Pattern[str], needles: tuple[str, ...], text: str) -> list[re.Match[str]] | None:
    """``list(pattern.finditer(text))`` of a row that opens with ``^``, tried only at the few line starts near its
    needles; None where that is not known to be the same (then the caller searches the whole text).

    Exact: a match (with its lookahead) holds one of the needles and at most :func:`max_breaks` line breaks, so
    it starts at a line start at most that many lines before a needle's occurrence. Tried at those starts in
    order, each from where the last match ended, ``pattern.match`` finds what ``finditer`` finds (the caller
    passes only MULTILINE rows that open with ``^`` and never match the empty string: boilerplate._line_led). On a long text most rows' needles occur a few times, and a
    row run from line start to line start cost 0.12 s of a 33 MB document."""
    if not needles or min(map(len, needles)) < NEAR_NEEDLE:
        return None
    lines = max_breaks(pattern)
    if lines is None or lines > NEAR_LINES:
        return None
    starts: set[int] = set()
    hits = 0
    for needle in needles:
        at = text.find(needle)
        while at >= 0:
            hits += 1
            if hits > NEAR_HITS + len(text) // NEAR_HITS_PER:
                return None
            start = at
            for _ in range(lines + 1):
                start = text.rfind("\n", 0, start) + 1
                starts.add(start)
                if start == 0:
                    break
                start -= 1
            at = text.find(needle, at + 1)
    out: list[re.Match[str]] = []
    last = 0
    for start in sorted(starts):
        m = pattern.match(text, start) if start >= last else None
        if m is not None:
            out.append(m)
            last = m.end()
    return out


@cache
def max_breaks(pattern: re.Pattern[str]) -> int | None:
    """At most how many line breaks a match of ``pattern`` and its lookaheads span (None: not bounded, or not
    known)."""
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # a change of re internals only slows the search down
        return None
    return _breaks(list(parsed), bool(pattern.flags & re.DOTALL))


#: the classes that never match a line break
_NO_BREAK = (_constants.CATEGORY_DIGIT, _constants.CATEGORY_NOT_SPACE, _constants.CATEGORY_WORD)


def _takes_break(items: list[tuple[object, object]]) -> bool:
    """Whether the class ``[...]`` of these parsed items can match "\n" (when not sure: True)."""
    if items and items[0] == (_constants.NEGATE, None):
        return (_constants.LITERAL, 10) not in items
    for op, arg in items:
        if op is _constants.LITERAL and arg != 10:
            continue
        if op is _constants.RANGE and not arg[0] <= 10 <= arg[1]:  # type: ignore[index]
            continue
        if op is _constants.CATEGORY and arg in _NO_BREAK:
            continue
        return True
    return False


def _breaks(items: list[tuple[object, object]], dotall: bool) -> int | None:
    total = 0
    for op, arg in items:
        n: int | None
        if op is _constants.LITERAL:
            n = int(arg == 10)  # type: ignore[comparison-overlap]
        elif op is _constants.ANY:
            n = int(dotall)
        elif op is _constants.IN:
            n = int(_takes_break(list(arg)))  # type: ignore[call-overload]
        elif op is _constants.CATEGORY:
            n = int(arg not in _NO_BREAK)
        elif op is _constants.NOT_LITERAL:
            n = 1
        elif op in (_constants.AT, _constants.ASSERT_NOT):
            n = 0
        elif op is _constants.ASSERT:
            n = 0 if arg[0] == -1 else _breaks(list(arg[1]), dotall)  # type: ignore[index]
        elif op is _constants.SUBPATTERN:
            n = _breaks(list(arg[-1]), dotall or bool(arg[1] & re.DOTALL))  # type: ignore[index]
        elif op is _constants.BRANCH:
            each = [_breaks(list(b), dotall) for b in arg[1]]  # type: ignore[index]
            n = None if None in each else max(each)  # type: ignore[type-var]
        elif op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT):
            one = _breaks(list(arg[2]), dotall)  # type: ignore[index]
            hi = arg[1]  # type: ignore[index]
            n = None if one is None else 0 if one == 0 else None if hi is _constants.MAXREPEAT else one * hi
        else:
            return None
        if n is None:
            return None
        total += n
    return total
