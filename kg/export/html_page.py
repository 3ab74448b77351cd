"""The page around an annotated document (kg.export.html): header, legend, index of referenced documents and
relation table.

Kept apart from the renderer, which marks up the text itself: this module only lays out what the renderer
found. The style sheet is :mod:`kg.export.html_css`.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from kg.export.html_css import CSS
from kg.models import SELF, Mention, Relation
from kg.vocab import relation_label

KIND_NAMES = {"full": "full reference", "short": "short reference", "named": "named reference"}


@dataclass
class Target:
    """One referenced document: index entry of the page."""

    key: str
    anchor: str
    iri: str | None
    symbol: str | None
    label: str
    mentions: list[Mention] = field(default_factory=list)


def page(
    title: str,
    header_rows: list[tuple[str, str | None]],
    summary: str,
    body: str,
    targets: list[Target],
    relations: list[Relation],
    warnings: list[str],
) -> str:
    """The whole page around the annotated ``body``: header table, summary, legend, index and relations."""
    esc = html.escape
    meta = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in header_rows if v)
    index_rows = []
    for t in targets:
        m0 = t.mentions[0]
        kinds = ", ".join(sorted({KIND_NAMES[m.kind].split()[0] for m in t.mentions if m.kind in KIND_NAMES}))
        backlinks = " ".join(f'<a href="#m-{m.start}-{m.end}">{i + 1}</a>' for i, m in enumerate(t.mentions))
        iri = (
            f'<a class="iri" href="{esc(t.iri)}">{esc(t.iri)}</a>'
            if t.iri
            else '<span class="muted">—</span>'
        )
        index_rows.append(
            f'<tr id="{t.anchor}" data-iri="{esc(t.iri or "")}"><td class="sym">{esc(t.label)}</td>'
            f"<td>{esc(m0.type_name or m0.type or '')}</td><td>{esc(m0.issuer_name or m0.issuer or '')}</td>"
            f"<td>{esc(m0.date or '')}</td><td>{esc(kinds)}</td><td>{backlinks}</td><td>{iri}</td></tr>"
        )
    rel_rows = "".join(
        f'<tr><td><a href="#r{i + 1}">{i + 1}</a></td><td>{esc("this document" if r.subject == SELF else r.subject)}</td>'
        f'<td><span class="pill rel-{r.predicate}">{esc(relation_label(r.predicate))}</span></td>'
        f"<td>{esc('this document' if r.object == SELF else r.object)}</td>"
        f'<td class="evq">{esc(" ".join(r.evidence.split()))}</td></tr>'
        for i, r in enumerate(relations)
    )
    warn = "".join(f"<li>{esc(w)}</li>" for w in warnings)
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="vn-legal-kg">
<title>{esc(title)}</title>
<style>{CSS}</style>
</head>
<body>
<header>
<h1>{esc(title)}</h1>
<table class="meta">{meta}</table>
<p class="summary">{esc(summary)}</p>
<p class="legend"><span class="ref ref-full">full reference</span> <span class="ref ref-short">short reference</span>
<span class="ref ref-named">named reference</span> <span class="ev">relation evidence</span>
<mark class="cue">relation cue</mark> <sup class="badge">relation</sup></p>
{f'<ul class="warnings">{warn}</ul>' if warn else ""}
</header>
<main><article class="doc">{body}</article></main>
<section class="index">
<h2>Referenced documents</h2>
<table><thead><tr><th>document</th><th>type</th><th>issuer</th><th>date</th><th>as</th><th>mentions</th>
<th>graph id</th></tr></thead><tbody>{"".join(index_rows)}</tbody></table>
<h2>Relations</h2>
<table><thead><tr><th>#</th><th>subject</th><th>relation</th><th>object</th><th>evidence</th></tr></thead>
<tbody>{rel_rows}</tbody></table>
</section>
</body>
</html>
"""
