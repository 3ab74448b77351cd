"""A read-only SPARQL 1.1 Protocol endpoint over the store, on the standard library's http.server.

Why no framework: the endpoint is for one person's laptop or a small intranet box, and every SPARQL
client (SPARQLWrapper, rdflib's SPARQLStore, curl) needs only the protocol: ``query`` by GET, by
form POST or as an ``application/sparql-query`` body, results chosen by ``Accept``. This module is the
HTTP side (routing, request bodies, headers, CORS, per-client limits); running a query under the time and
memory limits is :mod:`kg.serve.pool` (worker processes) or :mod:`kg.serve.runner`, choosing the result
format :mod:`kg.serve.media`, the query page :mod:`kg.serve.page`.

Safe by default: loopback only, no SERVICE, no CORS, every socket read under ``io_timeout`` (a client that
sends its body slowly does not keep a thread), at most ``per_client`` queries at once from one address.
"""

from __future__ import annotations

import contextlib
import ipaddress
import itertools
import socket
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from kg.query.limits import MAX_QUERY_BYTES
from kg.serve import explore
from kg.serve.page import page
from kg.serve.runner import MAX_RESULT, READ_ONLY, QueryRequest, QueryRunner, Reply, Stream, text_reply

MAX_BODY = MAX_QUERY_BYTES  # a query larger than 1 MiB is a mistake, not a query
ALLOW = "GET, HEAD, POST, OPTIONS"


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an address, IPv6 with or without brackets) stays on this machine."""
    host = host.strip().strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _host_name(header: str) -> str:
    """The host of a ``Host`` header, without its port (``[::1]:8000`` -> ``::1``)."""
    header = header.strip()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


@dataclass(frozen=True, slots=True)
class ServerConfig:
    """Where the endpoint listens and how hard it works; checked once, here."""

    host: str = "127.0.0.1"
    port: int = 8000  # 0 picks a free port (see ``SparqlServer.url``)
    timeout: float = 30.0  # seconds a query may run before the request is answered 503
    workers: int = 4  # queries run at once
    quiet: bool = False  # no request log on stderr
    memory_mb: int = 2048  # address space of one query worker (RLIMIT_AS); 0: no limit
    max_result: int = MAX_RESULT  # bytes of one serialised answer
    per_client: int = 0  # queries at once from one client address; 0: workers - 1 (at least 1)
    io_timeout: float = 10.0  # seconds a client may take to send its request (each socket read)
    max_connections: int = 256  # open connections (one thread each); past it a new one gets 503 and is closed
    allow_service: tuple[str, ...] = ()  # hosts SERVICE may call; none by default
    cors: tuple[str, ...] = ()  # origins allowed to read answers from a browser ("*": any)

    def __post_init__(self) -> None:
        if self.timeout <= 0:
            raise ValueError("timeout must be positive")
        if self.workers < 1:
            raise ValueError("workers must be at least 1")
        if self.io_timeout <= 0 or self.max_result < 1 or self.per_client < 0 or self.memory_mb < 0:
            raise ValueError("io_timeout, max_result, per_client and memory_mb must be positive")
        if self.max_connections < 1:
            raise ValueError("max_connections must be at least 1")

    @property
    def client_limit(self) -> int:
        return self.per_client or max(1, self.workers - 1)


class SparqlServer(ThreadingHTTPServer):
    """The endpoint: ``store`` is the embedded or the remote store (anything with ``query``)."""

    daemon_threads = True
    request_queue_size = (
        128  # listen backlog: the default 5 drops SYNs of a burst (clients retry after 1-15 s)
    )

    def __init__(self, store: Any, config: ServerConfig | None = None) -> None:
        self.config = c = config or ServerConfig()
        self.store = store
        if ":" in c.host:
            self.address_family = socket.AF_INET6
        self._clients: dict[str, int] = {}
        self._clients_changed = threading.Condition()
        self._connections = threading.BoundedSemaphore(c.max_connections)
        super().__init__((c.host, c.port), SparqlHandler)
        self.runner = make_runner(store, c)

    @contextmanager
    def client_slot(self, client: str) -> Iterator[bool]:
        """One of the client's ``client_limit`` query slots; False when none freed within the time limit."""
        limit = self.config.client_limit
        with self._clients_changed:
            got = self._clients_changed.wait_for(
                lambda: self._clients.get(client, 0) < limit, timeout=self.config.timeout
            )
            if got:
                self._clients[client] = self._clients.get(client, 0) + 1
        try:
            yield got
        finally:
            if got:
                with self._clients_changed:
                    self._clients[client] -= 1
                    if not self._clients[client]:
                        del self._clients[client]
                    self._clients_changed.notify_all()

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        shown = f"[{host}]" if ":" in str(host) else host
        return f"http://{shown}:{port}/sparql"

    def process_request(self, request: Any, client_address: Any) -> None:
        """One thread per connection, up to ``max_connections``; past that a short 503 and close."""
        if not self._connections.acquire(blocking=False):
            with contextlib.suppress(OSError):
                request.settimeout(1)
                body = b"too many open connections; try again later\n"
                request.sendall(
                    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
                    b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body)
                )
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._connections.release()

    def server_close(self) -> None:
        super().server_close()
        runner = getattr(self, "runner", None)
        if runner is not None:
            runner.close()


def make_runner(store: Any, c: ServerConfig) -> Any:
    """Worker processes for a store on disk (queries can be killed); threads for any other store."""
    from kg.store.local import Store

    path = getattr(store, "path", None)
    if isinstance(store, Store) and isinstance(path, Path) and path.is_dir():
        from kg.serve.pool import WorkerPool

        return WorkerPool(
            path,
            workers=c.workers,
            timeout=c.timeout,
            memory_mb=c.memory_mb,
            allow_service=c.allow_service,
            max_result=c.max_result,
        )
    return QueryRunner(
        store, timeout=c.timeout, workers=c.workers, allow_service=c.allow_service, max_result=c.max_result
    )


class SparqlHandler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "kg-sparql/1"
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        self.timeout = self.server.config.io_timeout  # every read and write of this connection
        super().setup()
        with contextlib.suppress(OSError):  # headers and body are two writes: no Nagle delay between them
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def _foreign_host(self) -> bool:
        """A loopback server refuses a ``Host`` that names another machine: a web page whose domain was
        re-pointed at 127.0.0.1 (DNS rebinding) must not read the graph. Answers 403 and returns True."""
        host = self.headers.get("Host")
        if host is None or not is_loopback(self.server.config.host) or is_loopback(_host_name(host)):
            return False
        self._send(
            text_reply(
                403,
                f"Host {host[:100]!r} is not this server: a loopback endpoint answers only to localhost, "
                "127.0.0.1 or [::1] (start it with --host to serve other names)",
            )
        )
        return True

    # dispatch ---------------------------------------------------------------------------------------
    def do_HEAD(self) -> None:  # noqa: N802 (http.server naming): the GET answer without its body
        self.do_GET()

    def do_OPTIONS(self) -> None:  # noqa: N802 (CORS preflight and plain OPTIONS)
        if self._foreign_host():
            return
        self._send(Reply(204, "text/plain; charset=utf-8", b""), preflight=True)

    def _not_allowed(self) -> None:
        self._send(text_reply(405, f"{self.command} is not allowed: this endpoint answers {ALLOW}"))

    do_PUT = do_DELETE = do_PATCH = _not_allowed  # noqa: N815

    def do_GET(self) -> None:  # noqa: N802
        if self._foreign_host():
            return
        url = urlsplit(self.path)
        params = parse_qs(url.query, keep_blank_values=True)
        if explore.handles(url.path):  # the explorer (read-only pages over the same store)
            with self.server.client_slot(self.client_address[0]) as got:
                if not got:
                    return self._send(text_reply(429, "too many requests at once from this client"))
                return self._send(explore.handle(self.server, url.path, params))
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
        if self._foreign_host():
            self.close_connection = True  # the body was not read
            return
        url = urlsplit(self.path)
        if url.path not in ("/", "/sparql", "/query"):
            return self._send(text_reply(404, f"not found: {url.path} (the endpoint is /sparql)"))
        length = self.headers.get("Content-Length")
        if length is None or not length.strip().isdigit():
            return self._send(text_reply(411, "POST needs a Content-Length"))
        if int(length) > MAX_BODY:
            self.close_connection = True
            return self._send(text_reply(413, f"request body larger than {MAX_BODY} bytes"))
        try:
            body = self.rfile.read(int(length))
        except OSError:  # the client sent its body too slowly (io_timeout) or went away
            self.close_connection = True
            wait = self.server.config.io_timeout
            with contextlib.suppress(OSError):
                self._send(text_reply(408, f"the request body did not arrive within {wait:g} s"))
            return
        if len(body) < int(length):
            self.close_connection = True
            return self._send(text_reply(400, "the request body is shorter than its Content-Length"))
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
        with self.server.client_slot(self.client_address[0]) as got:
            if not got:
                reply = text_reply(
                    429, f"more than {self.server.config.client_limit} queries at once from this client"
                )
            else:
                try:
                    reply = self.server.runner.answer(request)
                except RuntimeError as exc:  # the pool is shut down: the server is stopping
                    reply = text_reply(503, f"server is shutting down ({exc})")
            if isinstance(reply, Stream):  # inside the slot: its worker is busy until the last chunk
                return self._send_stream(reply)
        self._send(reply)

    # output -----------------------------------------------------------------------------------------
    def _cors_origin(self) -> str | None:
        allowed = self.server.config.cors
        origin = self.headers.get("Origin")
        if not allowed or not origin:
            return None
        if "*" in allowed:
            return "*"
        return origin if origin in allowed else None

    def _send_stream(self, stream: Stream) -> None:
        """A large answer as it comes from the worker: chunked (HTTP/1.1) or up to the close (HTTP/1.0)."""
        chunked = self.request_version != "HTTP/1.0"
        try:
            self._head(stream.status, stream.content_type, None if chunked else -1)
            if self.command == "HEAD":
                return
            for data in itertools.chain((stream.head,), stream.chunks):
                if data:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data) if chunked else data)
            if chunked:
                self.wfile.write(b"0\r\n\r\n")
        except OSError:  # the client stopped reading (io_timeout) or went away: the query is stopped
            self.close_connection = True
        finally:
            stream.chunks.close()
            if not chunked:
                self.close_connection = True

    def _send(self, reply: Reply, *, preflight: bool = False) -> None:
        self._head(reply.status, reply.content_type, len(reply.body), preflight=preflight)
        if self.command != "HEAD":
            try:
                self.wfile.write(reply.body)
            except OSError:  # the client stopped reading (io_timeout) or went away
                self.close_connection = True

    def _head(self, status: int, ctype: str, length: int | None, *, preflight: bool = False) -> None:
        """Status line and headers; ``length`` None: chunked, -1: the body ends with the connection."""
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if length is None:
            self.send_header("Transfer-Encoding", "chunked")
        elif length >= 0:
            self.send_header("Content-Length", str(length))
        else:
            self.send_header("Connection", "close")
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        if status in (204, 405):
            self.send_header("Allow", ALLOW)
        origin = self._cors_origin()
        if origin:
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Vary", "Origin")
            if preflight:
                self.send_header("Access-Control-Allow-Methods", ALLOW)
                self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
                self.send_header("Access-Control-Max-Age", "600")
        if ctype.startswith("text/html"):
            self.send_header(
                "Content-Security-Policy",
                "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'",
            )
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (http.server signature)
        if not self.server.config.quiet:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")


def make_server(store: Any, host: str = "127.0.0.1", port: int = 8000, **options: Any) -> SparqlServer:
    """A bound, not yet running server (``port=0`` picks a free port; see ``server.url``).

    ``options`` are the other fields of :class:`ServerConfig` (timeout, workers, allow_service, cors, ...).
    """
    return SparqlServer(store, ServerConfig(host, port, **options))


def serve(store: Any, config: ServerConfig | None = None) -> None:
    """Run the endpoint until interrupted."""
    server = SparqlServer(store, config)
    try:
        server.serve_forever()
    finally:
        server.server_close()
