"""The query page at ``/``: a textarea, the ready-made queries and a results table, in one self-contained file.

Kept apart from the HTTP handler: it is markup and a little JavaScript, not protocol. The page only talks to
``/sparql`` on its own origin (the handler's Content-Security-Policy allows nothing else).
"""

from __future__ import annotations

import html
import json

from kg.query.sparql import list_queries
from kg.vocab import VNLD

_DEFAULT_QUERY = """SELECT ?doc ?symbol ?date WHERE {
  ?doc vnl:symbol ?symbol .
  OPTIONAL { ?doc vnl:dateIssued ?date }
}
ORDER BY ?symbol
LIMIT 50"""


def page() -> str:
    """The page, with the ready-made queries filled in (none when the query folder cannot be read)."""
    try:
        ready = {q.name: q.text for q in list_queries()}
    except OSError:
        ready = {}
    data = json.dumps(ready, ensure_ascii=False).replace("</", "<\\/")
    options = "".join(f'<option value="{html.escape(n)}">{html.escape(n)}</option>' for n in ready)
    return (
        _PAGE.replace("{{OPTIONS}}", options)
        .replace("{{DATA}}", data)
        .replace("{{QUERY}}", html.escape(_DEFAULT_QUERY))
        .replace("{{DOCS}}", json.dumps(VNLD))
    )


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>vn-legal-kg SPARQL</title>
<style>
body{font:14px system-ui,sans-serif;margin:1.5em;max-width:80em}
textarea{width:100%;height:14em;font:13px monospace}
table{border-collapse:collapse;margin-top:1em}td,th{border:1px solid #ccc;padding:2px 6px;vertical-align:top}
th{background:#eee}pre{background:#f6f6f6;padding:.5em;white-space:pre-wrap}#msg{color:#a00}
</style></head><body>
<h1>vn-legal-kg SPARQL</h1>
<p><a href="/explore">Explorer</a>: find a document, see its status, cascade and evidence.</p>
<p>Read-only SPARQL 1.1 over the union of all graphs. Prefixes vnl, vnld, eli, schema, dcterms, prov, org,
rdf, rdfs, xsd and owl are predefined. Endpoint: <code>/sparql</code> (GET or POST).</p>
<form id="f">
<label>Ready-made query: <select id="ready"><option value="">(choose)</option>{{OPTIONS}}</select></label>
<textarea id="q" name="query" spellcheck="false">{{QUERY}}</textarea><br>
<button type="submit">Run</button>
<label><input type="checkbox" id="raw"> show raw response</label>
</form>
<div id="msg"></div><div id="out"></div>
<script>
const READY = {{DATA}};
const $ = (id) => document.getElementById(id);
$("ready").addEventListener("change", (e) => { if (READY[e.target.value]) $("q").value = READY[e.target.value]; });
const DOCS = {{DOCS}};  // document IRIs (vnld:doc/…, vnld:ref/…) link to the explorer
function cell(t) {
  if (!t) return "";
  if (t.type === "uri" && ["doc/", "ref/"].some((p) => t.value.startsWith(DOCS + p))) {
    const a = document.createElement("a");  // a document IRI opens its explorer view
    a.href = "/explore?doc=" + encodeURIComponent(t.value); a.textContent = t.value; return a;
  }
  if (t.type === "uri") return t.value;
  if (t.type === "literal" && t["xml:lang"]) return t.value + " @" + t["xml:lang"];
  return t.value;
}
$("f").addEventListener("submit", async (e) => {
  e.preventDefault();
  $("msg").textContent = "running..."; $("out").replaceChildren();
  try {
    const r = await fetch("/sparql", {method: "POST",
      headers: {"Content-Type": "application/sparql-query",
                "Accept": "application/sparql-results+json, text/turtle;q=0.9"},
      body: $("q").value});
    const text = await r.text();
    if (!r.ok) { $("msg").textContent = r.status + ": " + text; return; }
    $("msg").textContent = "";
    const ct = r.headers.get("Content-Type") || "";
    if ($("raw").checked || !ct.includes("json")) {
      const pre = document.createElement("pre"); pre.textContent = text; $("out").append(pre); return;
    }
    const data = JSON.parse(text);
    if ("boolean" in data) { $("out").textContent = String(data.boolean); return; }
    const table = document.createElement("table");
    const head = table.insertRow();
    for (const v of data.head.vars) { const th = document.createElement("th"); th.textContent = v; head.append(th); }
    for (const b of data.results.bindings) {
      const row = table.insertRow();
      for (const v of data.head.vars) row.insertCell().append(cell(b[v]));
    }
    $("msg").textContent = data.results.bindings.length + " rows";
    $("out").append(table);
  } catch (err) { $("msg").textContent = String(err); }
});
</script></body></html>
"""
