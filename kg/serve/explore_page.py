"""The explorer's markup: the search page, the candidate list and the document view.

Pure functions from the dictionaries of :mod:`kg.serve.explore_data` to HTML; every value from the graph is
escaped here (``html.escape``), and the graph data the script draws is embedded as JSON that cannot close its
``<script>`` element. The drawing itself is ``static/explore.js`` over the vendored Cytoscape.js; without
scripts the page still shows the card, the timeline and every edge with its evidence.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from typing import Any

from kg.serve.explore_data import timeline

_CSS = """
body{font:14px system-ui,sans-serif;margin:0;color:#222}
header{background:#1f3a5f;color:#fff;padding:.6em 1.2em;display:flex;gap:1.5em;align-items:center;flex-wrap:wrap}
header a{color:#fff}header form{display:flex;gap:.4em;flex:1;min-width:20em}
header input{flex:1;font-size:15px;padding:.3em}
main{padding:1em 1.2em;max-width:90em}
h1{margin:.2em 0 .4em;font-size:1.5em}h2{font-size:1.15em;margin:1.2em 0 .4em;border-bottom:1px solid #ddd}
table.card td,table.card th{text-align:left;padding:2px 10px 2px 0;vertical-align:top}
.status{display:inline-block;padding:1px 8px;border-radius:9px;background:#2a7d2a;color:#fff;font-weight:600}
.status.repealed,.status.replaced,.status.expired{background:#a12a2a}
.status.partly_repealed,.status.amended,.status.suspended{background:#b8860b}
.status.not_yet_in_force{background:#555}
.basis{color:#555;font-size:.92em}
#cy{height:460px;border:1px solid #ccc;border-radius:4px;background:#fcfcfc}
.cols{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:1.2em}
#evidence{border:1px solid #e0b000;background:#fffaf0;padding:.5em .8em;min-height:4em;overflow-wrap:anywhere}
#evidence blockquote{margin:.4em 0;padding-left:.6em;border-left:3px solid #e0b000}
ol.edges button{font:inherit;background:none;border:0;color:#1a4f8b;cursor:pointer;padding:0;text-align:left}
ol.edges li.on button{font-weight:700}
.tl h3{font-size:1em;margin:.6em 0 .2em}.tl ol{margin:0;padding-left:1.4em}
.muted{color:#777}.target{font-weight:700}svg text{font:11px system-ui,sans-serif}
.cands li{margin:.25em 0}code{font-size:.9em}
"""

_SEARCH_JS = """
(function(){const i=document.getElementById("q"),l=document.getElementById("kg-suggest");let t=null;
i.addEventListener("input",()=>{clearTimeout(t);const v=i.value.trim();if(v.length<2)return;
t=setTimeout(async()=>{try{const r=await fetch("/explore/search.json?q="+encodeURIComponent(v));
const d=await r.json();const c=d.document?[d.document]:d.candidates;l.replaceChildren();
for(const x of c){const o=document.createElement("option");o.value=x.name;
o.label=[x.type_name,x.issuer,x.date].filter(Boolean).join(" · ");l.append(o);}}catch(e){}},200);});})();
"""


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def _shell(title: str, body: str, query: str = "", scripts: str = "") -> str:
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{_e(title)} · vn-legal-kg explorer</title><style>{_CSS}</style></head><body>
<header><a href="/explore"><b>vn-legal-kg explorer</b></a>
<form action="/explore" method="get" role="search"><input id="q" name="doc" list="kg-suggest" value="{_e(query)}"
 placeholder="57-NQ/TW, Nghị quyết 57, Quyết định 327, Luật Đất đai 2024 …" aria-label="document" autocomplete="off">
<datalist id="kg-suggest"></datalist><button type="submit">Open</button></form>
<a href="/sparql">SPARQL</a></header>
<main>{body}</main>
<script>{_SEARCH_JS}</script>{scripts}</body></html>
"""


def _doc_link(d: dict[str, Any], cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return f'<a href="{_e(d["url"])}"{attr}>{_e(d["name"])}</a>'


def _doc_facts(d: dict[str, Any]) -> str:
    bits = [d.get("type_name") or d.get("class"), d.get("issuer"), d.get("date"), d.get("place")]
    return " · ".join(_e(b) for b in bits if b)


def search_page() -> str:
    body = """<h1>Find a document</h1>
<p>Type a symbol as it is written or as people type it (<code>57-NQ/TW</code>, <code>57/NQ-TW</code>,
<code>nq 57-nq/tw</code>), a type and number (<code>Nghị quyết 57</code>, <code>Quyết định 327</code>), a law's
title (<code>Luật Tổ chức chính quyền địa phương 2025</code>) or an IRI. The document view shows its card and
legal status, the implementation cascade as a graph, a timeline by province, and the evidence of every edge.</p>"""
    return _shell("Explorer", body)


def candidates_page(found: dict[str, Any]) -> str:
    """An ambiguous input (its candidates) or one that names nothing (near matches, if any)."""
    q = found["query"]
    cands = found["candidates"]
    if found["result"] == "ambiguous":
        head = f"<h1>{_e(q)} is ambiguous</h1><p>{len(cands)} documents match; pick one:</p>"
    elif found["result"] == "invalid":
        head = f"<h1>No document for {_e(q)}</h1><p>{_e(found.get('message'))}.</p>"
    else:
        head = f"<h1>No document matches {_e(q)}</h1>"
    if cands and found["result"] != "ambiguous":
        head += "<p>Documents with a similar symbol or title:</p>"
    items = "".join(
        f"<li>{_doc_link(d)} <span class=muted>{_doc_facts(d)}</span> <code>{_e(d['iri'])}</code></li>"
        for d in cands
    )
    body = head + (f'<ul class="cands" id="candidates">{items}</ul>' if items else "")
    return _shell(q, body, q)


# ------------------------------------------------------------------------------------------ document view


def _card(c: dict[str, Any]) -> str:
    since = f" since {_e(c['since'])}" if c.get("since") else ""
    rows = [
        (
            "type",
            " ".join(_e(x) for x in (c.get("type_name"), f"({c['class']})" if c.get("class") else "") if x),
        ),
        ("issuer", _e(c.get("issuer"))),
        ("issued", _e(c.get("date"))),
        ("place", _e(c.get("place"))),
        ("in force from", _e(c.get("effective_date"))),
        ("in force until", _e(c.get("expiry_date"))),
        (
            "status",
            f'<span class="status {_e(c["status"])}" id="status">{_e(c["status"]).replace("_", " ")}</span>'
            f"{since} <span class=muted>(at {_e(c['at'])})</span>",
        ),
        ("IRI", f"<code>{_e(c['iri'])}</code>"),
    ]
    table = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows if v)
    changes = "".join(
        f"<li>{_e(h['date'] or '????-??-??')} {_e(h['relation'])}{' (part)' if h['partial'] else ''} by "
        f'<a href="{_e(h["url"])}">{_e(h["symbol"])}</a>{"" if h["in_effect"] else " (takes effect later)"}'
        + (f" <q>{_e(h['evidence']['snippet'])}</q>" if h.get("evidence") else "")
        + (
            f' <a href="{_e(h["evidence"]["source_url"])}" class="src">source</a>'
            if h.get("evidence") and h["evidence"]["source_url"]
            else ""
        )
        + "</li>"
        for h in c["history"]
    )
    title = f"<p>{_e(c['title'])}</p>" if c.get("title") else ""
    return (
        f'<h1 id="doc-name">{_e(c.get("type_name") or "")} {_e(c["name"])}</h1>{title}'
        f'<table class="card">{table}</table>'
        + (f"<h2>Changes</h2><ul>{changes}</ul>" if changes else "")
        + f'<p class="basis">{_e(c["basis"])}</p>'
    )


def _edges(graph: dict[str, Any]) -> str:
    items = []
    for e in graph["edges"]:
        ev = "".join(
            f"<li>{'[portal note] ' if x['editorial'] else ''}{_e(x['article'] + ': ') if x['article'] else ''}"
            f"<q>{_e(x['snippet'])}</q> <span class=muted>[{_e(x['source'])}]</span>"
            + (f' <a href="{_e(x["source_url"])}" class="src">source</a>' if x["source_url"] else "")
            + "</li>"
            for x in e["evidence"]
        )
        items.append(
            f'<li data-edge="{_e(e["id"])}"><button type="button" data-edge="{_e(e["id"])}">'
            f"{_e(e['from'])} → implements → {_e(e['to'])}</button>"
            f"<details><summary>{len(e['evidence'])} evidence</summary><ul>{ev}</ul></details></li>"
        )
    return f'<ol class="edges" id="edges">{"".join(items)}</ol>' if items else "<p>No implements edges.</p>"


def _day(value: str | None) -> int | None:
    try:
        return dt.date.fromisoformat(value).toordinal() if value else None
    except ValueError:
        return None


def _timeline_svg(groups: list[tuple[str, list[dict[str, Any]]]]) -> str:
    """One row per province, one dot per dated document on a shared date axis."""
    days = [d for _, docs in groups for n in docs if (d := _day(n.get("date"))) is not None]
    if not days:
        return ""
    lo, hi = min(days), max(days)
    span = max(hi - lo, 1)
    left, width, row = 150, 620, 26
    height = row * len(groups) + 30
    out = [f'<svg id="timeline-svg" width="{left + width + 40}" height="{height}" role="img">']
    for k, (place, docs) in enumerate(groups):
        y = 20 + k * row
        out.append(f'<text x="0" y="{y + 4}">{_e(place)}</text>')
        out.append(f'<line x1="{left}" y1="{y}" x2="{left + width}" y2="{y}" stroke="#ddd"/>')
        for n in docs:
            d = _day(n.get("date"))
            if d is None:
                continue
            x = left + round((d - lo) * width / span)
            fill = (
                "#c0392b"
                if n["role"] == "target"
                else ("#1f77b4" if n["role"] == "implementer" else "#7f7f7f")
            )
            out.append(
                f'<a href="{_e(n["url"])}"><circle cx="{x}" cy="{y}" r="6" fill="{fill}">'
                f"<title>{_e(n['date'])} {_e(n['name'])}</title></circle></a>"
            )
    lo_s, hi_s = dt.date.fromordinal(lo).isoformat(), dt.date.fromordinal(hi).isoformat()
    out.append(f'<text x="{left}" y="{height - 4}">{lo_s}</text>')
    out.append(f'<text x="{left + width - 60}" y="{height - 4}">{hi_s}</text></svg>')
    return "".join(out)


def _timeline(graph: dict[str, Any]) -> str:
    groups = timeline(graph["nodes"])
    parts = []
    for place, docs in groups:
        items = "".join(
            f"<li>{_e(n.get('date') or 'undated')} {_doc_link(n, 'target' if n['role'] == 'target' else '')} "
            f"<span class=muted>{_e(n.get('type_name'))} · {_e(n.get('issuer'))}</span></li>"
            for n in docs
        )
        parts.append(f"<h3>{_e(place)}</h3><ol>{items}</ol>")
    return f'<div class="tl" id="timeline">{_timeline_svg(groups)}{"".join(parts)}</div>'


def document_page(c: dict[str, Any], graph: dict[str, Any]) -> str:
    """The document view: card, cascade graph with the edge list and evidence panel, timeline."""
    data = json.dumps(graph, ensure_ascii=False).replace("<", "\\u003c")  # cannot end the element
    cut = (
        f"<p class=muted>Only the nearest {graph['max_nodes']} documents are drawn.</p>"
        if graph["truncated"]
        else ""
    )
    n_down = sum(1 for n in graph["nodes"] if n["role"] == "implementer")
    n_up = sum(1 for n in graph["nodes"] if n["role"] == "implemented")
    body = f"""{_card(c)}
<h2>Implementation cascade</h2>
<p class=muted>{n_down} document(s) implement it (down the chain), it implements {n_up} (up to the roots), up to
{graph["max_depth"]} hops each way: <span style="color:#c0392b">●</span> this document,
<span style="color:#1f77b4">●</span> what implements it, <span style="color:#7f7f7f">●</span> what it implements; an arrow
points to the document implemented. Click a document to open it, an edge to read its evidence.</p>{cut}
<div class="cols"><div id="cy" aria-label="cascade graph"></div>
<div><div id="evidence"><span class=muted>Click an edge (or one below) to see the sentence that states it.</span></div>
<h2>Edges</h2>{_edges(graph)}</div></div>
<h2>Timeline by province</h2>{_timeline(graph)}
<script type="application/json" id="kg-graph">{data}</script>"""
    scripts = '<script src="/explore/static/cytoscape.min.js"></script><script src="/explore/static/explore.js"></script>'
    return _shell(c["name"], body, c["name"], scripts)


__all__ = ["candidates_page", "document_page", "search_page"]
