"""A read-only SPARQL 1.1 Protocol endpoint over the store, on the standard library's http.server.

Why no framework: the endpoint is for one person's laptop or a small intranet box, and every SPARQL
client (SPARQLWrapper, rdflib's SPARQLStore, curl) needs only the protocol: ``query`` by GET, by
form POST or as an ``application/sparql-query`` body, results chosen by ``Accept``. This module is the
HTTP side (routing, request bodies, headers); running a query under the time limit is
:mod:`kg.serve.runner`, choosing the result format :mod:`kg.serve.media`, the query page :mod:`kg.serve.page`.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from kg.serve.page import page
from kg.serve.runner import READ_ONLY, QueryRequest, QueryRunner, Reply, text_reply

MAX_BODY = 1 << 20  # a query larger than 1 MiB is a mistake, not a query


@dataclass(frozen=True, slots=True)
class ServerConfig:
    """Where the endpoint listens and how hard it works; checked once, here."""

    host: str = "127.0.0.1"
    port: int = 8000  # 0 picks a free port (see ``SparqlServer.url``)
    timeout: float = 30.0  # seconds a query may run before the request is answered 503
    workers: int = 4  # queries run at once
    quiet: bool = False  # no request log on stderr

    def __post_init__(self) -> None:
        if self.timeout <= 0:
            raise ValueError("timeout must be positive")
        if self.workers < 1:
            raise ValueError("workers must be at least 1")


class SparqlServer(ThreadingHTTPServer):
    """The endpoint: ``store`` is the embedded or the remote store (anything with ``query``)."""

    daemon_threads = True

    def __init__(self, store: Any, config: ServerConfig | None = None) -> None:
        self.config = config or ServerConfig()
        self.store = store
        self.runner = QueryRunner(store, timeout=self.config.timeout, workers=self.config.workers)
        super().__init__((self.config.host, self.config.port), SparqlHandler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        shown = f"[{host}]" if ":" in str(host) else host
        return f"http://{shown}:{port}/sparql"

    def server_close(self) -> None:
        super().server_close()
        self.runner.close()


class SparqlHandler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "kg-sparql/1"
    protocol_version = "HTTP/1.1"

    # dispatch ---------------------------------------------------------------------------------------
    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        url = urlsplit(self.path)
        params = parse_qs(url.query, keep_blank_values=True)
        if url.path not in ("/", "/sparql", "/query"):
            return self._send(text_reply(404, f"not found: {url.path} (the endpoint is /sparql)"))
        if "update" in params:
            return self._send(text_reply(403, READ_ONLY))
        if "query" not in params:
            if url.path == "/" or "text/html" in (self.headers.get("Accept") or ""):
                return self._send(Reply(200, "text/html; charset=utf-8", page().encode("utf-8")))
            return self._send(text_reply(400, "missing 'query' parameter"))
        self._query(params["query"], params)

    def do_POST(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        if url.path not in ("/", "/sparql", "/query"):
            return self._send(text_reply(404, f"not found: {url.path} (the endpoint is /sparql)"))
        length = self.headers.get("Content-Length")
        if length is None or not length.strip().isdigit():
            return self._send(text_reply(411, "POST needs a Content-Length"))
        if int(length) > MAX_BODY:
            self.close_connection = True
            return self._send(text_reply(413, f"request body larger than {MAX_BODY} bytes"))
        body = self.rfile.read(int(length))
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(url.query, keep_blank_values=True)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return self._send(text_reply(400, "the request body is not UTF-8"))
        if ctype == "application/x-www-form-urlencoded":
            form = parse_qs(text, keep_blank_values=True)
            if "update" in form:
                return self._send(text_reply(403, READ_ONLY))
            for k, v in form.items():
                params.setdefault(k, []).extend(v)
            if "query" not in params:
                return self._send(text_reply(400, "missing 'query' parameter"))
            return self._query(params["query"], params)
        if ctype == "application/sparql-update":
            return self._send(text_reply(403, READ_ONLY))
        if ctype == "application/sparql-query":
            return self._query([text], params)
        return self._send(
            text_reply(415, "POST a query as application/x-www-form-urlencoded or application/sparql-query")
        )

    def _query(self, queries: list[str], params: dict[str, list[str]]) -> None:
        if len(queries) != 1 or not queries[0].strip():
            return self._send(text_reply(400, "exactly one non-empty 'query' parameter is needed"))
        request = QueryRequest(
            queries[0],
            self.headers.get("Accept"),
            (*params.get("format", []), *params.get("output", []), *params.get("results", [])),
            tuple(params.get("default-graph-uri", [])),
            tuple(params.get("named-graph-uri", [])),
        )
        try:
            reply = self.server.runner.answer(request)
        except RuntimeError as exc:  # the pool is shut down: the server is stopping
            reply = text_reply(503, f"server is shutting down ({exc})")
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
        if not self.server.config.quiet:
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
    config = ServerConfig(host, port, timeout=timeout, workers=workers, quiet=quiet)
    return SparqlServer(store, config)


def serve(store: Any, config: ServerConfig | None = None) -> None:
    """Run the endpoint until interrupted."""
    server = SparqlServer(store, config)
    try:
        server.serve_forever()
    finally:
        server.server_close()
