"""Text output of the query results: document lines, hop lists, aligned tables and CSV.

The result classes (``kg.query.walks``, ``kg.query.show``, ``kg.query.sparql``) decide *what* to print; the
shapes of a line live here once, so ``trace`` and ``path`` print hops and evidence the same way.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

import pyoxigraph as ox

from kg.query.view import DocInfo, Evidence, curie

__all__ = [
    "cell",
    "doc_line",
    "evidence_cell",
    "evidence_json",
    "evidence_label",
    "evidence_lines",
    "implementers_tree",
    "one_line",
    "path_tree",
    "render_hops",
    "rows_to_csv",
    "rows_to_table",
    "snippet",
    "table",
    "trace_tree",
]


class _Hop(Protocol):
    frm: DocInfo
    to: DocInfo
    evidence: list[Evidence]

    def arrow(self) -> str: ...


def one_line(text: str, limit: int = 240) -> str:
    """Whitespace collapsed and cut to ``limit`` characters: evidence sentences span lines in the sources."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def doc_line(doc: DocInfo) -> str:
    """``57-NQ/TW  Nghị quyết · Bộ Chính trị · 2024-12-22 · Việt Nam``: one document in a tree."""
    bits = [
        doc.type_name or doc.type,
        doc.issuer,
        doc.date or (str(doc.year) if doc.year else None),
        doc.jurisdiction_label or doc.jurisdiction,
    ]
    return f"{doc.name}  " + " · ".join(b for b in bits if b)


#: How long a printed piece of evidence may be (the full clause stays in the JSON output).
SNIPPET_LIMIT = 200
#: The label of evidence a portal's editorial note gives (``vnl:EditorialNote``): not the document's own words.
PORTAL_NOTE = "[portal note]"
_CUT = "…"


def snippet(e: Evidence, limit: int = SNIPPET_LIMIT) -> str:
    """The part of the evidence around the cue and the object, whitespace collapsed, "…" where it is cut.

    The cue and the object's mention are always kept whole; when they are too far apart for one window, the
    two places are shown joined by " … ". A cue written before the evidence (the heading "Bãi bỏ các văn bản
    sau:" of a list item) is put in front. Without offsets (older graphs) the start of the clause is shown."""
    flat, pos = _flatten(e.text)
    spans: list[tuple[int, int]] = []
    lead = ""
    if e.cue_end is not None and e.start is not None and e.cue_end <= e.start and e.cue:
        lead = f"{e.cue} {_CUT} "
    for a, b, words in ((e.cue_start, e.cue_end, e.cue), (e.object_start, e.object_end, e.object_text)):
        span = _place(e, flat, pos, a, b, words)
        if span:
            spans.append(span)
    room = max(limit - len(lead), 40)
    if not spans:
        return lead + _window(flat, 0, 0, room)
    spans.sort()
    lo, hi = spans[0][0], max(b for _, b in spans)
    if hi - lo <= room - 2 or len(spans) == 1:
        return lead + _window(flat, lo, hi, room)
    half = (room - 3) // 2  # two places, "… cue … object …"
    left = _window(flat, *spans[0], half)
    right = _window(flat, *spans[-1], half)
    return lead + left.removesuffix(_CUT).rstrip() + f" {_CUT} " + right.removeprefix(_CUT).lstrip()


def _place(
    e: Evidence, flat: str, pos: list[int], a: int | None, b: int | None, words: str | None
) -> tuple[int, int] | None:
    """Where source offsets ``a``-``b`` fall in the printed text.

    The stored evidence is the clause with its whitespace squashed, so offsets count characters that are no
    longer there: when the lengths differ the words (cue, mention) are looked up near the offset instead."""
    if a is None or b is None or e.start is None or e.end is None or not (e.start <= a < b <= e.end):
        return None
    if e.end - e.start == len(e.text):
        return pos[a - e.start], pos[b - e.start]
    needle = " ".join((words or "").split())
    if not needle:
        return None
    guess = (a - e.start) * len(flat) // max(e.end - e.start, 1)
    hits = [m.start() for m in re.finditer(re.escape(needle), flat)]
    if not hits:
        return None
    at = min(hits, key=lambda h: abs(h - guess))
    return at, at + len(needle)


def _flatten(text: str) -> tuple[str, list[int]]:
    """``text`` with whitespace runs as one space (and stripped), and the flat index of every raw index."""
    out: list[str] = []
    pos: list[int] = []
    space = True  # drops leading whitespace
    for ch in text:
        pos.append(len(out))
        if ch.isspace():
            if not space:
                out.append(" ")
            space = True
        else:
            out.append(ch)
            space = False
    pos.append(len(out))
    flat = "".join(out)
    if flat.endswith(" "):
        flat = flat[:-1]
        pos = [min(p, len(flat)) for p in pos]
    return flat, pos


def _window(flat: str, lo: int, hi: int, limit: int) -> str:
    """``flat[lo:hi]`` widened to about ``limit`` characters, cut at spaces, "…" on each cut side.

    A third of the room goes before: what follows an object (its date, issuer, title) says more than what
    precedes the cue."""
    if len(flat) <= limit:
        return flat
    slack = max(limit - (hi - lo) - 2, 0)
    left = max(lo - slack // 3, 0)
    right = min(hi + (slack - (lo - left)), len(flat))
    left = max(min(left, right - (limit - 2)), 0) if right == len(flat) else left
    if left > 0:
        space = flat.find(" ", left - 1, lo)
        left = space + 1 if space >= 0 else left
    if right < len(flat):
        space = flat.rfind(" ", hi, right + 1)
        right = space if space >= 0 else right
    body = flat[left:right].strip()
    return (_CUT if left > 0 else "") + body + (_CUT if right < len(flat) else "")


def evidence_label(e: Evidence) -> str:
    """What goes before a piece of evidence: "[portal note] " for a portal's note, then "Điều 2: "."""
    return (f"{PORTAL_NOTE} " if e.editorial else "") + (f"{e.article}: " if e.article else "")


def evidence_json(e: Evidence) -> dict[str, Any]:
    """The full evidence and its facts (JSON output), with the snippet the text output prints."""
    return {**e.to_json(), "snippet": snippet(e)}


def evidence_cell(evidence: Iterable[Evidence]) -> str:
    """All evidence of one hop in one table or CSV cell."""
    return " | ".join(f"{evidence_label(e)}{snippet(e)} [{e.source}]" for e in evidence)


def evidence_lines(evidence: Iterable[Evidence], indent: str) -> list[str]:
    """One quoted snippet per evidence (article and portal label first), with the source it was read in."""
    return [f"{indent}{evidence_label(e)}“{snippet(e)}” [{e.source}]" for e in evidence]


def render_hops(hops: Iterable[_Hop], *, with_source: bool) -> list[str]:
    """The lines of one path: each hop (``a --implements--> b``) and its evidence under it.

    ``with_source`` names the document each hop starts from (a trace, where paths fan out); a path between
    two documents reads on from the line above."""
    lines: list[str] = []
    for h in hops:
        start = f"{h.frm.name} " if with_source else ""
        lines.append(f"  {start}{h.arrow()} {doc_line(h.to)}")
        lines += evidence_lines(h.evidence, "      ")
    return lines


def implementers_tree(target: DocInfo, implementers: Sequence[Any], relation: str) -> str:
    """``kg implements`` as a tree: each implementer under the nearest listed document it implements."""
    kept = {i.doc.iri for i in implementers}
    children: dict[str, list[Any]] = {}
    for imp in implementers:
        parent = next((d.iri for d in imp.via if d.iri in kept), target.iri)
        children.setdefault(parent, []).append(imp)
    lines = [doc_line(target)]

    def walk(iri: str, indent: str) -> None:
        kids = children.get(iri, [])
        for n, imp in enumerate(kids):
            last = n == len(kids) - 1
            skipped = [d.name for d in imp.via if d.iri not in kept]
            note = f"  (via {' > '.join(skipped)})" if skipped else ""
            lines.append(f"{indent}{'└── ' if last else '├── '}[{imp.depth}] {doc_line(imp.doc)}{note}")
            inner = indent + ("    " if last else "│   ")
            lines.extend(evidence_lines(imp.evidence, inner + "  "))
            walk(imp.doc.iri, inner)

    walk(target.iri, "")
    if not implementers:
        lines.append(f"(no document {relation.replace('_', ' ')} {target.name})")
    return "\n".join(lines)


def trace_tree(target: DocInfo, paths: Sequence[Sequence[_Hop]], truncated: bool) -> str:
    """``kg trace`` as text: every path from the document up to a root, hop by hop."""
    lines = [doc_line(target)]
    if not paths:
        lines.append(f"({target.name} implements no document in the graph)")
    for n, hops in enumerate(paths, 1):
        lines.append(f"path {n}: " + " > ".join([target.name, *(h.to.name for h in hops)]))
        lines += render_hops(hops, with_source=True)
    if truncated:
        lines.append("(more paths not shown)")
    return "\n".join(lines)


def path_tree(source: DocInfo, target: DocInfo, paths: Sequence[Sequence[_Hop]], truncated: bool) -> str:
    """``kg path`` as text: each shortest path from ``source``, hop by hop."""
    if not paths:
        return f"no connection between {source.name} and {target.name}"
    lines = []
    for n, hops in enumerate(paths, 1):
        lines.append(f"path {n} ({len(hops)} hop{'s' if len(hops) != 1 else ''}):")
        lines.append(f"  {doc_line(source)}")
        lines += render_hops(hops, with_source=False)
    if truncated:
        lines.append("(more paths of this length not shown)")
    return "\n".join(lines)


def cell(term: Any) -> str:
    """A SPARQL result term as a table cell (IRIs shortened with the project prefixes)."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return curie(term.value)
    if isinstance(term, ox.Literal):
        return " ".join(term.value.split())
    return str(term)


def table(rows: list[list[str]]) -> str:
    """Rows of cells as an aligned text table, the first row as header."""
    if not rows or not rows[0]:
        return ""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]

    def fmt(r: list[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()

    return "\n".join([fmt(rows[0]), "  ".join("-" * w for w in widths), *(fmt(r) for r in rows[1:])])


def rows_to_csv(rows: list[dict[str, Any]], fields: Iterable[str] | None = None, delimiter: str = ",") -> str:
    """Rows of ``to_rows()`` as CSV (header line first)."""
    buf = io.StringIO()
    names = list(fields) if fields is not None else (list(rows[0]) if rows else [])
    w = csv.DictWriter(buf, fieldnames=names, delimiter=delimiter, lineterminator="\n", extrasaction="ignore")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def rows_to_table(rows: list[dict[str, Any]], fields: Iterable[str] | None = None, width: int = 80) -> str:
    """Rows as an aligned text table; long cells (evidence) are cut to ``width`` characters."""
    names = list(fields) if fields is not None else (list(rows[0]) if rows else [])
    cells = [[one_line(str(r.get(n, "")), width) for n in names] for r in rows]
    return table([names, *cells])
