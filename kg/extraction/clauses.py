"""Where a statement begins and ends: clauses, and evidence cut to a readable size.

A relation is stated by one clause (cut at ";", sentence ends, list items, table cells, lines that open with a
clause marker of kg/data/clause_markers.tsv, upper-case title lines); its evidence is that clause, cut to at most
``MAX_EVIDENCE`` characters around the cue and the object (a 174,857-character markdown table was one "sentence").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cache
from itertools import accumulate

from kg.extraction.lexicon import clause_markers, lexicon

MAX_EVIDENCE = 1000


@cache
def _alternatives() -> tuple[str, ...]:
    """Where a clause ends: ";", a sentence end, a list item, a line opening with a clause marker, a title, the
    end of a bracketed portal note followed by the next one ("…] [Khoản này được sửa đổi bởi …")."""
    # the indent is taken whole ([ \t]*+, possessive): what follows it never starts with a space or a tab, so
    # giving spaces back cannot help, and trying to made every line of a blanked view cost its length squared
    # (unless a row of clause_markers.tsv starts with one)
    markers = [m for st, m, _then in lexicon().clause_markers if st == "clause"]
    indent = r"[ \t]*" if any(m[:1] in " \t" for m in markers) else r"[ \t]*+"
    # after a line break only the next line's own indent is skipped ([ \t]*, not \s*): a run of blank or
    # blanked lines would otherwise be rescanned from every line break in it (quadratic time)
    return (
        ";",
        r"\|",
        r"\](?=\s*\[)",
        r"\.(?=\s+[\"(A-ZĐÀ-Ỹ\d])",
        r":\s*\n",
        r"\n" + indent + r"(?=[-+•]\s|[a-zđ]\)\s|\d{1,2}[.)]\s|" + clause_markers("clause") + ")",
        r"\n[ \t]*+\n[ \t]*+(?=[A-ZĐ]{2,}[ \n])",
    )


@cache
def _clause_end() -> re.Pattern[str]:
    """Every clause end in one pattern (the reading :func:`_cut_spans` must equal)."""
    return re.compile("|".join(_alternatives()))


@cache
def _clause_end_parts() -> tuple[re.Pattern[str], ...] | None:
    """The alternatives of :func:`_clause_end` by their first character, the line-break ones together (in their
    order): each led by a literal, which ``re`` finds with a fast search; the whole pattern, led by a set of six
    characters, was tested at every character of the text. None when a clause marker starts with white space."""
    alternatives = _alternatives()
    if any(m[:1].isspace() for st, m, _then in lexicon().clause_markers if st == "clause"):
        return None
    # (the line break taken out in front of the group: ``re`` finds a literal prefix, not one of a group)
    breaks = "|".join(a.removeprefix("\\n") for a in alternatives[5:])
    return (*map(re.compile, alternatives[:5]), re.compile(rf"\n(?:{breaks})"))


def _cut_spans(text: str) -> list[tuple[int, int]]:
    """The spans of :func:`_clause_end`'s matches in ``text`` (not sorted), found alternative by alternative.

    Exact: the alternatives start with six different characters, so at most one group matches at a place, as
    in the whole pattern. A match covers only its first character and white space, so a match can start inside
    another only at a line break inside ":" and the white space after it (``:\\s*\\n``): the whole pattern's
    search resumes after that match, and so these line-break matches are dropped. The line-break group itself
    is searched in one pattern, so it leaves out what the whole pattern leaves out after one of its matches;
    one inside a colon's span can only cover line breaks of the same white space, which that span covers too."""
    parts = _clause_end_parts()
    if parts is None:
        return [m.span() for m in _clause_end().finditer(text)]
    *singles, colon, breaks = parts
    cuts = [m.span() for p in singles for m in p.finditer(text)]
    lines = [m.span() for m in breaks.finditer(text)]
    colons = [m.span() for m in colon.finditer(text)]
    if lines and colons:
        starts = [s for s, _e in lines]
        inside = set()
        for start, end in colons:
            i = bisect_left(starts, start)
            while i < len(starts) and starts[i] < end:
                inside.add(i)
                i += 1
        if inside:
            lines = [span for i, span in enumerate(lines) if i not in inside]
    cuts += colons
    cuts += lines
    return cuts


def clauses(text: str) -> list[tuple[int, int]]:
    """Spans of clauses: cut at ";", sentence ends, list items and upper-case title lines ("NGHỊ ĐỊNH")."""
    return _squeezed_clauses(text)  # (a view's blanked stretches: the editorial notes' view is mostly blank)


def _clauses(text: str) -> list[tuple[int, int]]:
    """:func:`clauses`, read at every character."""
    cuts = _cut_spans(text)
    cuts.extend(_upper_lines(text))
    cuts.sort()
    out = []
    pos = 0
    for start, end in cuts:
        if start > pos:
            out.append((pos, start))
        if end > pos:
            pos = end
    if pos < len(text):
        out.append((pos, len(text)))
    return out


#: a long run of spaces and line breaks from a line break (a blanked stretch of a view); led by the line break,
#: so ``re`` jumps from line break to line break (``[ \n]{256,}`` alone, tried at every character, cost 10 times)
_BLANK_RUN = re.compile(r"\n[ \n]{255,}")


def _squeezed_clauses(text: str) -> list[tuple[int, int]]:
    """:func:`_clauses` of ``text`` read with the middle of each long blank run left out, offsets mapped back.

    Exact: of a run ``W`` of spaces and line breaks, its first character and its tail from its second-to-last
    line break are kept. No cut starts in the middle left out: no alternative of :func:`_clause_end` starts with
    a space, and one that starts with a line break there fails on the next line break of ``W`` (it skips only
    spaces and tabs, and wants a letter, a digit, a list mark or "[" next), as it does at the first character.
    A cut that starts before ``W`` and reaches into it (":" then white space to the last line break, "." or "]"
    looking past white space) sees the same characters up to a line break of the kept tail; a title line needs
    a cased character, which the left-out lines do not hold, and the lines ``W`` ends and starts keep their
    non-blank part. A cut starts or ends at the seam only where it starts at the tail's line break, which maps
    to that line break."""
    kept: list[tuple[int, int]] = []  # the stretches of ``text`` read
    seams = [0]  # where each kept stretch starts in the squeezed text
    shifts = [0]  # what to add to an offset in that stretch to get the offset in ``text``
    last = size = 0
    for m in _BLANK_RUN.finditer(text):
        start, end = m.span()
        final = text.rfind("\n", start, end)
        tail = text.rfind("\n", start, final) if final > start else -1  # the second-to-last line break
        if tail - start < 64:
            continue
        kept.append((last, start + 1))
        size += start + 1 - last
        last = tail
        seams.append(size)
        shifts.append(tail - size)
    if (last - size) * 4 < len(text):
        return _clauses(text)  # little to leave out (a text's own view): not worth a copy of the text
    kept.append((last, len(text)))
    return [
        (s + shifts[bisect_right(seams, s) - 1], e + shifts[bisect_right(seams, e) - 1])
        for s, e in _clauses("".join([text[s:e] for s, e in kept]))
    ]


def busy_clauses(text: str, spans: list[tuple[int, int]], starts: list[int]) -> list[int]:
    """Indexes of the clauses (``spans``, from :func:`clauses`) that hold one of ``starts`` (where the cited
    documents start) or end with ":" (a heading): the clauses the relation reader must visit; the others state
    nothing unless a ";"-list carries a cue into them."""
    span_starts = [s for s, _e in spans]
    span_ends = [e for _s, e in spans]
    busy = set()
    for pos in starts:
        j = bisect_right(span_starts, pos) - 1
        if j >= 0 and pos < span_ends[j]:
            busy.add(j)
    colon = text.find(":")
    while colon >= 0:
        j = bisect_left(span_ends, colon)
        if j < len(span_ends) and span_ends[j] == colon:
            busy.add(j)
        colon = text.find(":", colon + 1)
    return sorted(busy)


def _upper_lines(text: str) -> list[tuple[int, int]]:
    """Upper-case title lines of at least 4 characters, without their leading and trailing spaces and tabs.

    The same spans as ``(?m)^[ \\t]*(\\S[^\\n]*?)[ \\t]*$`` (group 1), found by ``str`` methods: that pattern's
    ``^`` and lazy ``*?`` made ``re`` try it at every character and re-test its end after every one."""
    out = []
    lines = text.split("\n")
    # where line i starts: the lengths of the lines before it and their line breaks (one C pass, not a Python
    # loop over every line: only the upper-case ones are looked at)
    before = [0, *accumulate(map(len, lines))]
    for i in [i for i, line in enumerate(lines) if line.isupper()]:
        line = lines[i]  # spaces and tabs are not cased: isupper() gives the answer for the stripped line
        lead = len(line) - len(line.lstrip(" \t"))
        if lead < len(line) and not line[lead].isspace():  # the pattern's \S
            body = line[lead:].rstrip(" \t")
            if len(body) >= 4:
                pos = before[i] + i
                out.append((pos + lead, pos + lead + len(body)))
    return out


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
    """The sentence around ``pos``: from after the last ";", ". " or ".\\n" before it to the next one.

    (What ``str.rfind``/``str.find`` of each delimiter gave, by bisection in the delimiters' offsets: a
    delimiter missing from a long text made each of those calls scan the whole of it.)"""
    semis, stops = _delimiters(text)
    k = bisect_right(semis, pos - 1) - 1  # a ";" that ends by pos
    j = bisect_right(stops, pos - 2) - 1  # a ". " or ".\n" that ends by pos
    start = max(semis[k] if k >= 0 else -1, stops[j] if j >= 0 else -1) + 1
    k, j = bisect_left(semis, pos), bisect_left(stops, pos)
    ends = [x[i] for x, i in ((semis, k), (stops, j)) if i < len(x)]
    end = min(ends) if ends else len(text)
    return [(start, end)]


_SEMI = re.compile(";")
_STOP = re.compile(r"\.[ \n]")
# the last text asked about and its delimiters' offsets, one tuple replaced whole (thread-safe: a server's threads
# extract different texts, and must never read one text's offsets for another)
_DELIMITERS: tuple[str | None, tuple[list[int], list[int]]] = (None, ([], []))


def _delimiters(text: str) -> tuple[list[int], list[int]]:
    """Offsets of every ";" and of every ". " or ".\\n" in ``text`` (kept for the last text: relate asks about
    one text many times)."""
    global _DELIMITERS
    cached = _DELIMITERS
    if cached[0] is text:
        return cached[1]
    found = ([m.start() for m in _SEMI.finditer(text)], [m.start() for m in _STOP.finditer(text)])
    _DELIMITERS = (text, found)
    return found
