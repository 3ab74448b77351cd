"""``/source``: the ``kg annotate`` page of a built source, served read-only, with one edge's evidence marked.

The page is :func:`kg.export.html.annotate` of the source as the build read it (same reader, same extraction,
so offsets in the graph's evidence index the text shown). Marking is done with CSS added to that page, not by
editing its markup: the relation's badge (``data-rels`` names it) and the object's reference (``#m-start-end``,
also the URL fragment the explorer links to, so the browser scrolls there) are outlined, and a banner above the
text quotes the evidence and says where it is.
"""

from __future__ import annotations

import html

from kg.export.html import annotate
from kg.extraction.pipeline import extract_read
from kg.sources import Source

Span = tuple[int | None, int | None]

_STYLE = """<style>
.kg-served{background:#fff7e0;border:1px solid #e0b000;padding:.5em .8em;margin:0 0 1em;font:14px system-ui,sans-serif}
.kg-served q{font-style:italic}
{{RULES}}
</style>"""


def source_page(source: Source, name: str, span: Span, mention: Span) -> str:
    """The annotated page of ``source`` (named ``name`` as in the graph) with ``span`` (the evidence, offsets
    into the text) and ``mention`` (the object's reference) marked; unknown offsets are simply not marked."""
    extraction = extract_read(source.load(), name)
    page = annotate(name, extraction=extraction, source=name)
    text = extraction.text
    rules: list[str] = []
    banner = [f"Served read-only by <code>kg serve</code>: <b>{html.escape(name)}</b>."]
    start, end = span
    if start is not None and end is not None and 0 <= start < end <= len(text):
        relations = [r for r in extraction.relations if 0 <= r.start < r.end <= len(text)]
        for i, r in enumerate(relations):  # the numbering of kg.export.html.render
            if (r.start, r.end) == (start, end):
                rules.append(f'[data-rels~="r{i + 1}"]{{outline:3px solid #e06000;background:#ffe0c0}}')
        quoted = " ".join(text[start:end].split())
        if len(quoted) > 600:
            quoted = quoted[:600] + " …"
        banner.append(
            f'The evidence (characters {start}–{end}): <q id="kg-evidence">{html.escape(quoted)}</q>'
        )
    a, b = mention
    if a is not None and b is not None:
        rules.append(f"#m-{a}-{b}{{outline:3px solid #e06000;background:#ffd0a0;scroll-margin-top:30vh}}")
    style = _STYLE.replace("{{RULES}}", "\n".join(rules))
    head = f'<div class="kg-served" id="kg-served">{" ".join(banner)}</div>'
    page = page.replace("</head>", style + "</head>", 1)
    return _after_body(page, head)


def _after_body(page: str, block: str) -> str:
    """``block`` right after the opening ``<body>`` tag (attributes or not)."""
    at = page.find("<body")
    close = page.find(">", at) if at >= 0 else -1
    if close < 0:
        return block + page
    return page[: close + 1] + block + page[close + 1 :]


__all__ = ["source_page"]
