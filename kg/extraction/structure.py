"""The layout of a legal text: Phần, Chương, Mục, Điều, khoản, điểm and list items, as spans with labels.

Built once per document (:func:`structure`) and read by the relation stage for two things: which list items a
heading governs ("Điều 2. Bãi bỏ các văn bản sau:" -> its items "1. Quyết định số …", "2. …"), and in which
article a relation is stated (``Relation.article``). Only line starts are read, so the cost is one pass over the
lines; markdown decoration at a line start ("**", "#", ">") is skipped.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

#: unit kinds, outermost first; a unit ends where the next unit of the same or an outer level starts
LEVELS = ("part", "chapter", "section", "article", "clause", "point", "bullet")

_LEAD = r"^[ \t>#*_|]*"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("part", re.compile(_LEAD + r"(?:PHẦN|Phần)[ \t]+(THỨ[ \t]+\w+|thứ[ \t]+\w+|[IVXLC]+|\d+)\b")),
    ("chapter", re.compile(_LEAD + r"(?:CHƯƠNG|Chương)[ \t]+([IVXLC]+|\d+)\b")),
    ("section", re.compile(_LEAD + r"(?:MỤC|Mục[ \t]+(\d+)\b|([IVX]{1,5})\.[ \t])")),
    ("article", re.compile(_LEAD + r"Điều[ \t]+(\d{1,3}[a-zđ]?)[ \t]*[.:]")),
    ("clause", re.compile(_LEAD + r"(\d{1,2})[.)][ \t]+(?=\S)")),
    ("point", re.compile(_LEAD + r"([a-zđ])\)[ \t]+(?=\S)")),
    ("bullet", re.compile(_LEAD + r"([-+•])[ \t]+(?=\S)")),
)
_BY_KIND = dict(_PATTERNS)
_LEVEL = {kind: k for k, kind in enumerate(LEVELS)}
_ARTICLE = _LEVEL["article"]


@dataclass(frozen=True, slots=True)
class Unit:
    """One structural unit: ``text[start:end]``, opened by its label at ``start``."""

    kind: str
    label: str  # "Điều 2", "1", "a", "-"
    start: int
    end: int

    @property
    def level(self) -> int:
        return LEVELS.index(self.kind)


class Structure:
    """The units of one text in order, with lookups by position.

    Kept as columns (kind, label, start, end, level of each unit): a long text has tens of thousands of units
    and the relation stage asks about a few of them, so :class:`Unit` objects are made only when asked for."""

    def __init__(
        self, kinds: list[str], labels: list[str], starts: list[int], ends: list[int], length: int
    ) -> None:
        self.length = length
        self._kinds = kinds
        self._labels = labels
        self._starts = starts
        self._ends = ends
        self._levels = [_LEVEL[kind] for kind in kinds]
        self._parents = [-1] * len(kinds)  # each unit's innermost open unit of an outer level (-1: none)

    @property
    def units(self) -> list[Unit]:
        return [self._unit(i) for i in range(len(self._starts))]

    def _unit(self, i: int) -> Unit:
        return Unit(self._kinds[i], self._labels[i], self._starts[i], self._ends[i])

    def article_at(self, pos: int) -> str | None:
        """ "Điều 2" when ``pos`` lies in an article, else None."""
        i = bisect_right(self._starts, pos) - 1
        starts, ends, levels = self._starts, self._ends, self._levels
        while i >= 0:
            level = levels[i]
            if level == _ARTICLE and starts[i] <= pos < ends[i]:
                return self._labels[i]
            if level < _ARTICLE and starts[i] <= pos < ends[i]:
                return None
            i -= 1
        return None

    def items_after(self, pos: int) -> list[Unit]:
        """The list items a heading ending at ``pos`` (its ":") governs: the units that follow it, inside the unit
        holding the heading, at the level of the first of them, up to the first unit of an outer level."""
        i = bisect_right(self._starts, pos)
        if i >= len(self._starts):
            return []
        outer = self._holder(pos)
        first = self._unit(i)
        limit = outer.end if outer else self.length
        if (
            first.level < LEVELS.index("clause")
            or (outer and first.level <= outer.level)
            or first.start >= limit
        ):
            return []
        items = []
        for k in range(i, len(self._starts)):
            level = self._levels[k]
            if self._starts[k] >= limit or level < first.level:
                break
            if level == first.level:
                items.append(self._unit(k))
        return items

    def parent_heading(self, pos: int) -> tuple[int, int] | None:
        """The heading of the unit that holds the list item around ``pos``: "1. Bãi bỏ một phần Thông tư số
        30/2011/TT-BTTTT … như sau:" above "a) Khoản 1 Điều 16 (được sửa đổi bởi …)". It runs from the parent's
        label to its first inner unit. None for an item at the top level or inside an article's own text."""
        k = bisect_right(self._starts, pos) - 1  # the innermost unit holding pos (see _holder)
        if k < 0 or pos >= self._ends[k] or self._kinds[k] == "article" or self._starts[k] == 0:
            return None
        # the nearest unit before it of an outer level, read from structure(): every unit between them is of its
        # level or deeper, so none closed that one (walking back to it unit by unit grew with the text: a long text
        # of many documents walked back through those before)
        if self._parents[k] < 0:
            return None
        parent = self._unit(self._parents[k])
        i = bisect_right(self._starts, parent.start)
        first_child = self._starts[i] if i < len(self._starts) else self._starts[k]
        return parent.start, min(first_child, self._starts[k])

    def _holder(self, pos: int) -> Unit | None:
        """The innermost unit holding ``pos``: the last one that starts by ``pos``. (Units nest: one ends where
        the next unit of its level or an outer one starts, so none that starts after it has ended yet, and the
        last one to start, which holds every later position up to the next unit's start, is the deepest.)"""
        i = bisect_right(self._starts, pos) - 1
        if i < 0 or pos >= self._ends[i]:
            return None
        return self._unit(i)


def _kind_pattern(kind: str) -> str:
    """The part of a kind's pattern after ``_LEAD``, as a named group."""
    return f"(?P<{kind}>{_BY_KIND[kind].pattern[len(_LEAD) :]})"


#: every kind's pattern after a possessive ``_LEAD``, in one alternation: no kind's part after the lead starts
#: with a lead character, so giving the lead back never helps, and the first character after it picks the one
#: kind that can match (the same kind the line's first character picks in the per-line reading before)
_UNIT_BODY = _LEAD[1:].replace("]*", "]*+", 1) + "(?:" + "|".join(_kind_pattern(k) for k in LEVELS) + ")"
_UNIT = re.compile(_UNIT_BODY)
_UNIT_LINE = re.compile(r"\n" + _UNIT_BODY)  # literal-led: re skips from line break to line break in C
#: kind -> the numbers of its own groups (its label is the first of them that matched)
_GROUPS = {k: range(_UNIT.groupindex[k] + 1, _UNIT.groupindex[k] + 1 + _BY_KIND[k].groups) for k in LEVELS}


def structure(text: str) -> Structure:
    """Read the units of ``text`` from its line starts (see the module docstring)."""
    # one search finds the lines that open with a label and reads the label: each pattern is the same test the
    # line's own pattern made (none reaches past the line's end: no part of them matches a line break)
    first = _UNIT.match(text, 0)
    lines = [(0, first)] if first else []
    lines += [(m.start() + 1, m) for m in _UNIT_LINE.finditer(text)]
    kinds: list[str] = []
    labels: list[str] = []
    starts: list[int] = []
    for start, m in lines:
        kind = m.lastgroup or ""
        groups = _GROUPS[kind]
        # the kind's first group that matched (only a section has two: "Mục 2", "II. ")
        label = m.group(groups[0]) or (len(groups) > 1 and m.group(groups[1])) or ""
        kinds.append(kind)
        labels.append(f"Điều {label}" if kind == "article" else label)
        starts.append(start)
    ends = [len(text)] * len(starts)
    layout = Structure(kinds, labels, starts, ends, len(text))
    levels, parents = layout._levels, layout._parents
    stack: list[int] = []  # indexes of the units still open, outermost first
    for k, level in enumerate(levels):
        while stack and levels[stack[-1]] >= level:
            ends[stack.pop()] = starts[k]
        if stack:
            parents[k] = stack[-1]
        stack.append(k)
    return layout
