"""A read-only SPARQL 1.1 Protocol endpoint over the store, on the standard library's http.server.

Why no framework: the endpoint is for one person's laptop or a small intranet box, and every SPARQL
client (SPARQLWrapper, rdflib's SPARQLStore, curl) needs only the protocol: ``query`` by GET, by
form POST or as an ``application/sparql-query`` body, results chosen by ``Accept``. Queries go through
``kg.query.sparql.execute``, the same code as ``kg sparql``, so both give the same rows.

Time limit: pyoxigraph cannot interrupt a running query, so each query runs in a worker thread and
the request is answered 503 once the limit passes. Results are serialised through a writer that checks
a cancel flag, so a long result stops streaming as soon as the client has been told; a query stuck
inside one aggregate keeps its worker busy until it ends (the pool is bounded, so it cannot pile up).
"""

from __future__ import annotations

import html
import io
import json
import sys
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from kg.errors import QueryError
from kg.query.sparql import execute, is_update, list_queries, unique_triples
from kg.vocab import PREFIXES

MAX_BODY = 1 << 20  # a query larger than 1 MiB is a mistake, not a query

_SELECT_TYPES: dict[str, tuple[str, ox.QueryResultsFormat]] = {
    "application/sparql-results+json": ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
    "application/json": ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
    "application/sparql-results+xml": ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    "application/xml": ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    "text/xml": ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    "text/csv": ("text/csv", ox.QueryResultsFormat.CSV),
    "text/tab-separated-values": ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
}
_GRAPH_TYPES: dict[str, tuple[str, ox.RdfFormat]] = {
    "text/turtle": ("text/turtle", ox.RdfFormat.TURTLE),
    "application/x-turtle": ("text/turtle", ox.RdfFormat.TURTLE),
    "application/n-triples": ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    "text/plain": ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    "application/rdf+xml": ("application/rdf+xml", ox.RdfFormat.RDF_XML),
}
#: short names clients put in ``format`` / ``output`` / ``results`` (SPARQLWrapper sends all three)
_SHORT_NAMES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "n3": "text/turtle",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "n-triples": "application/n-triples",
    "rdf": "application/rdf+xml",
    "rdf+xml": "application/rdf+xml",
    "rdfxml": "application/rdf+xml",
}
_DEFAULT_SELECT = "application/sparql-results+json"
_DEFAULT_GRAPH = "text/turtle"


def _accept_list(header: str | None) -> list[str]:
    """Media ranges of an Accept header, best first (q-values honoured, ties keep their order)."""
    ranges: list[tuple[float, int, str]] = []
    for n, part in enumerate((header or "").split(",")):
        bits = [b.strip() for b in part.split(";")]
        if not bits[0]:
            continue
        q = 1.0
        for b in bits[1:]:
            if b.startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            ranges.append((-q, n, bits[0].lower()))
    return [r for _, _, r in sorted(ranges)]


def negotiate(
    accept: str | None, offers: dict[str, Any], default: str, override: list[str] | None = None
) -> str:
    """The offered media type the client prefers; the default when it states no usable preference."""
    for value in override or []:
        value = value.strip().lower()
        media = _SHORT_NAMES.get(value, value)
        if media in offers:
            return media
    for media in _accept_list(accept):
        if media in offers:
            return media
        if media == "*/*":
            return default
        if media.endswith("/*"):
            major = media[:-1]
            if default.startswith(major):
                return default
            hit = next((m for m in offers if m.startswith(major)), None)
            if hit:
                return hit
    return default


class _Cancelled(Exception):
    pass


class _Sink(io.RawIOBase):
    """Collects serialised results; refuses further writes once the request has timed out."""

    def __init__(self, cancel: threading.Event) -> None:
        super().__init__()
        self.cancel = cancel
        self.buf = io.BytesIO()

    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        if self.cancel.is_set():
            raise _Cancelled()
        return self.buf.write(b)


@dataclass(slots=True)
class Reply:
    status: int
    content_type: str
    body: bytes


def _text(status: int, message: str) -> Reply:
    return Reply(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode("utf-8"))


class SparqlServer(ThreadingHTTPServer):
    """The endpoint: ``store`` is the embedded or the remote store (anything with ``query``)."""

    daemon_threads = True

    def __init__(
        self,
        store: Any,
        host: str = "127.0.0.1",
        port: int = 8000,
        *,
        timeout: float = 30.0,
        workers: int = 4,
        quiet: bool = False,
    ) -> None:
        self.store = store
        self.query_timeout = timeout
        self.quiet = quiet
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="kg-sparql")
        super().__init__((host, port), SparqlHandler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        shown = f"[{host}]" if ":" in str(host) else host
        return f"http://{shown}:{port}/sparql"

    def server_close(self) -> None:
        super().server_close()
        self.pool.shutdown(wait=False, cancel_futures=True)

    # the work ---------------------------------------------------------------------------------------
    def answer(
        self,
        query: str,
        accept: str | None,
        override: list[str],
        default_graph: list[str],
        named_graphs: list[str],
    ) -> Reply:
        """Run one query under the time limit and serialise it in the negotiated format."""
        if is_update(query):
            return _text(403, "SPARQL Update is not allowed: this endpoint is read-only")
        cancel = threading.Event()
        future: Future[Reply] = self.pool.submit(
            self._work, query, accept, override, default_graph, named_graphs, cancel
        )
        try:
            return future.result(timeout=self.query_timeout)
        except FutureTimeout:
            cancel.set()
            future.cancel()
            return _text(
                503,
                f"query timed out: it ran longer than the server's {self.query_timeout:g} s limit "
                "(narrow it, add LIMIT, or restart the server with a larger --timeout)",
            )

    def _work(
        self,
        query: str,
        accept: str | None,
        override: list[str],
        default_graph: list[str],
        named_graphs: list[str],
        cancel: threading.Event,
    ) -> Reply:
        try:
            res = execute(
                self.store, query, default_graph=default_graph or None, named_graphs=named_graphs or None
            )
            sink = _Sink(cancel)
            if isinstance(res, ox.QueryTriples):
                media = negotiate(accept, _GRAPH_TYPES, _DEFAULT_GRAPH, override)
                ctype, fmt = _GRAPH_TYPES[media]
                ox.serialize(unique_triples(res), sink, format=fmt, prefixes=PREFIXES)
            else:
                media = negotiate(accept, _SELECT_TYPES, _DEFAULT_SELECT, override)
                ctype, sfmt = _SELECT_TYPES[media]
                res.serialize(sink, format=sfmt)
            return Reply(200, f"{ctype}; charset=utf-8", sink.buf.getvalue())
        except QueryError as exc:
            return _text(400, str(exc))
        except _Cancelled:
            return _text(503, "query cancelled after the time limit")
        except (OSError, ValueError, SyntaxError, RuntimeError) as exc:
            if cancel.is_set():
                return _text(503, "query cancelled after the time limit")
            return _text(500, f"query failed: {' '.join(str(exc).split())}")


class SparqlHandler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "kg-sparql/1"
    protocol_version = "HTTP/1.1"

    # dispatch ---------------------------------------------------------------------------------------
    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        url = urlsplit(self.path)
        params = parse_qs(url.query, keep_blank_values=True)
        if url.path not in ("/", "/sparql", "/query"):
            return self._send(_text(404, f"not found: {url.path} (the endpoint is /sparql)"))
        if "update" in params:
            return self._send(_text(403, "SPARQL Update is not allowed: this endpoint is read-only"))
        if "query" not in params:
            if url.path == "/" or "text/html" in (self.headers.get("Accept") or ""):
                return self._send(Reply(200, "text/html; charset=utf-8", _page().encode("utf-8")))
            return self._send(_text(400, "missing 'query' parameter"))
        self._query(params["query"], params)

    def do_POST(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        if url.path not in ("/", "/sparql", "/query"):
            return self._send(_text(404, f"not found: {url.path} (the endpoint is /sparql)"))
        length = self.headers.get("Content-Length")
        if length is None or not length.strip().isdigit():
            return self._send(_text(411, "POST needs a Content-Length"))
        if int(length) > MAX_BODY:
            self.close_connection = True
            return self._send(_text(413, f"request body larger than {MAX_BODY} bytes"))
        body = self.rfile.read(int(length))
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(url.query, keep_blank_values=True)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return self._send(_text(400, "the request body is not UTF-8"))
        if ctype == "application/x-www-form-urlencoded":
            form = parse_qs(text, keep_blank_values=True)
            if "update" in form:
                return self._send(_text(403, "SPARQL Update is not allowed: this endpoint is read-only"))
            for k, v in form.items():
                params.setdefault(k, []).extend(v)
            if "query" not in params:
                return self._send(_text(400, "missing 'query' parameter"))
            return self._query(params["query"], params)
        if ctype == "application/sparql-update":
            return self._send(_text(403, "SPARQL Update is not allowed: this endpoint is read-only"))
        if ctype == "application/sparql-query":
            return self._query([text], params)
        return self._send(
            _text(415, "POST a query as application/x-www-form-urlencoded or application/sparql-query")
        )

    def _query(self, queries: list[str], params: dict[str, list[str]]) -> None:
        if len(queries) != 1 or not queries[0].strip():
            return self._send(_text(400, "exactly one non-empty 'query' parameter is needed"))
        override = [*params.get("format", []), *params.get("output", []), *params.get("results", [])]
        try:
            reply = self.server.answer(
                queries[0],
                self.headers.get("Accept"),
                override,
                params.get("default-graph-uri", []),
                params.get("named-graph-uri", []),
            )
        except RuntimeError as exc:  # the pool is shut down: the server is stopping
            reply = _text(503, f"server is shutting down ({exc})")
        self._send(reply)

    # output -----------------------------------------------------------------------------------------
    def _send(self, reply: Reply) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        if reply.content_type.startswith("text/html"):
            self.send_header(
                "Content-Security-Policy",
                "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'",
            )
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(reply.body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (http.server signature)
        if not self.server.quiet:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")


def make_server(
    store: Any,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    timeout: float = 30.0,
    workers: int = 4,
    quiet: bool = False,
) -> SparqlServer:
    """A bound, not yet running server (``port=0`` picks a free port; see ``server.url``)."""
    if timeout <= 0:
        raise ValueError("timeout must be positive")
    return SparqlServer(store, host, port, timeout=timeout, workers=workers, quiet=quiet)


def serve(store: Any, host: str = "127.0.0.1", port: int = 8000, *, timeout: float = 30.0) -> None:
    """Run the endpoint until interrupted."""
    server = make_server(store, host, port, timeout=timeout)
    try:
        server.serve_forever()
    finally:
        server.server_close()


# --------------------------------------------------------------------------------------------- the page

_DEFAULT_QUERY = """SELECT ?doc ?symbol ?date WHERE {
  ?doc vnl:symbol ?symbol .
  OPTIONAL { ?doc vnl:dateIssued ?date }
}
ORDER BY ?symbol
LIMIT 50"""


def _page() -> str:
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
function cell(t) {
  if (!t) return "";
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
      for (const v of data.head.vars) row.insertCell().textContent = cell(b[v]);
    }
    $("msg").textContent = data.results.bindings.length + " rows";
    $("out").append(table);
  } catch (err) { $("msg").textContent = String(err); }
});
</script></body></html>
"""
