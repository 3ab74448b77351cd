"""Where a statement begins and ends: clauses, and evidence cut to a readable size.

A relation is stated by one clause (cut at ";", sentence ends, list items, table cells, lines that open with a
clause marker of kg/data/clause_markers.tsv, upper-case title lines); its evidence is that clause, cut to at most
``MAX_EVIDENCE`` characters around the cue and the object (a 174,857-character markdown table was one "sentence").
"""

from __future__ import annotations

import re
from functools import cache

from kg.extraction.lexicon import clause_markers

MAX_EVIDENCE = 1000


@cache
def _clause_end() -> re.Pattern[str]:
    """Where a clause ends: ";", a sentence end, a list item, a line opening with a clause marker, a title, the
    end of a bracketed portal note followed by the next one ("…] [Khoản này được sửa đổi bởi …")."""
    return re.compile(
        # after a line break only the next line's own indent is skipped ([ \t]*, not \s*): a run of blank or
        # blanked lines would otherwise be rescanned from every line break in it (quadratic time)
        r";|\||\](?=\s*\[)|\.(?=\s+[\"(A-ZĐÀ-Ỹ\d])|:\s*\n|\n[ \t]*(?=[-+•]\s|[a-zđ]\)\s|\d{1,2}[.)]\s|"
        + clause_markers("clause")
        + r")|\n[ \t]*\n[ \t]*(?=[A-ZĐ]{2,}[ \n])"
    )


def clauses(text: str) -> list[tuple[int, int]]:
    """Spans of clauses: cut at ";", sentence ends, list items and upper-case title lines ("NGHỊ ĐỊNH")."""
    cuts = [(m.start(), m.end()) for m in _clause_end().finditer(text)]
    for m in _LINE.finditer(text):
        line = m.group(1)
        if len(line) >= 4 and line.isupper():
            cuts.append((m.start(1), m.end(1)))
    cuts.sort()
    out = []
    pos = 0
    for start, end in cuts:
        if start > pos:
            out.append((pos, start))
        pos = max(pos, end)
    if pos < len(text):
        out.append((pos, len(text)))
    return out


_LINE = re.compile(r"(?m)^[ \t]*(\S[^\n]*?)[ \t]*$")


def bounded(text: str, start: int, end: int, anchors: list[int]) -> tuple[int, int] | None:
    """``start:end`` cut to at most MAX_EVIDENCE characters around ``anchors`` (cue and object), at word
    boundaries; None when the anchors themselves lie further apart (no clause states that)."""
    if end - start <= MAX_EVIDENCE:
        return start, end
    lo, hi = min(anchors), max(anchors)
    if hi - lo > MAX_EVIDENCE:
        return None
    pad = (MAX_EVIDENCE - (hi - lo)) // 2
    s, e = max(start, lo - pad), min(end, hi + pad)
    if s > start:
        gap = text.find(" ", s, lo)
        s = gap + 1 if gap != -1 else s
    if e < end:
        gap = text.rfind(" ", hi, e)
        e = gap if gap != -1 else e
    return s, e


def clauses_containing(text: str, pos: int) -> list[tuple[int, int]]:
    """The sentence or ";"-clause around ``pos``, looked for at most ``2 * MAX_EVIDENCE`` characters either side
    (evidence is cut to MAX_EVIDENCE around its anchors anyway; an unbounded look made a megabyte line quadratic)."""
    lo, hi = max(0, pos - 2 * MAX_EVIDENCE), min(len(text), pos + 2 * MAX_EVIDENCE)
    start = max(text.rfind(";", lo, pos), text.rfind(".\n", lo, pos), text.rfind(". ", lo, pos), lo - 1) + 1
    ends = [
        i for i in (text.find(";", pos, hi), text.find(". ", pos, hi), text.find(".\n", pos, hi)) if i != -1
    ]
    end = min(ends) if ends else hi
    return [(start, end)]
