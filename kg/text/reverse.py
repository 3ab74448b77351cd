"""A regex for reversed text: where a pattern must match *right before* a position, test it *from* there.

``pat.search(text, pos - 48, pos)`` with a ``$``-anchored ``pat`` ("is a type word written right before this
number?") is re-tried at every one of the 48 positions; on the reversed text the same question is one anchored
``match`` that fails at the first character, and a scan of the reversed text for it runs in C. The reversed
pattern is a *necessary condition*: assertions (``^``, ``$``, ``\\b``, look-arounds) are dropped, groups do not
capture, so it matches (reversed) wherever the original matches and possibly elsewhere; the caller keeps the
original test for the exact answer, and uses the reversed one only to skip places where it cannot succeed.
"""

from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

_CATEGORIES = {
    sre.CATEGORY_DIGIT: r"\d",
    sre.CATEGORY_NOT_DIGIT: r"\D",
    sre.CATEGORY_SPACE: r"\s",
    sre.CATEGORY_NOT_SPACE: r"\S",
    sre.CATEGORY_WORD: r"\w",
    sre.CATEGORY_NOT_WORD: r"\W",
}


class _Unsupported(Exception):
    """A construct whose reversal this module does not write (back-references, possessive repeats, flags)."""


def reverse_regex(pattern: str) -> str | None:
    """A pattern that matches the reverse of every string ``pattern`` matches (see the module docstring), or
    None when ``pattern`` holds a construct it cannot reverse (the caller then keeps its plain path)."""
    try:
        return _emit(sre_parse.parse(pattern).data)
    except (_Unsupported, re.error):
        return None


def _emit(items: list[tuple[Any, Any]]) -> str:
    """The reversed sequence: items in reverse order, each reversed itself."""
    return "".join(_item(op, av) for op, av in reversed(items))


def _item(op: Any, av: Any) -> str:
    if op is sre.LITERAL:
        return re.escape(chr(av))
    if op is sre.NOT_LITERAL:
        return f"[^{re.escape(chr(av))}]"
    if op is sre.ANY:
        return r"[\s\S]"  # (a superset of "." with or without DOTALL)
    if op is sre.IN:
        return _charset(av)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        lo, hi, sub = av
        count = f"{{{lo},}}" if hi is sre.MAXREPEAT else f"{{{lo},{hi}}}"
        return f"(?:{_emit(sub.data if hasattr(sub, 'data') else sub)}){count}"
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        if add_flags or del_flags:
            raise _Unsupported(op)
        return f"(?:{_emit(sub.data if hasattr(sub, 'data') else sub)})"
    if op is sre.BRANCH:
        return "(?:" + "|".join(_emit(b.data if hasattr(b, "data") else b) for b in av[1]) + ")"
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return ""  # an assertion left out: the reversed pattern only gets looser
    raise _Unsupported(op)


def _charset(items: list[tuple[Any, Any]]) -> str:
    out = []
    for op, av in items:
        if op is sre.NEGATE:
            out.append("^")
        elif op is sre.LITERAL:
            out.append(re.escape(chr(av)))
        elif op is sre.RANGE:
            out.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is sre.CATEGORY and av in _CATEGORIES:
            out.append(_CATEGORIES[av])
        else:
            raise _Unsupported(op)
    return "[" + "".join(out) + "]"


# the last text reversed and its reverse, one tuple replaced whole (a server's threads extract different texts)
_LAST: tuple[str, str] = ("", "")


def reversed_text(text: str) -> str:
    """``text[::-1]``, kept for the last text asked about: the per-reference tests of one document share it."""
    global _LAST
    last = _LAST
    if last[0] is text:
        return last[1]
    out = text[::-1]
    _LAST = (text, out)
    return out


def forget_reversed() -> None:
    """Drop the reverse kept by :func:`reversed_text` (as large as the text): called once the stage that asks for it
    is over, so a long document does not carry it through the rest of its extraction (another thread's text is only
    reversed again)."""
    global _LAST
    _LAST = ("", "")
