"""Running one endpoint query: read-only check, time limit, serialisation in the negotiated format.

Kept apart from the HTTP handler so the limits can be read (and tested) without a socket. Queries go through
``kg.query.sparql.execute``, the same code as ``kg sparql``, so both give the same rows.

Time limit: pyoxigraph cannot interrupt a running query, so each query runs in a worker thread and the
request is answered 503 once the limit passes. Results are serialised through a writer that checks a cancel
flag, so a long result stops streaming as soon as the client has been told; a query stuck inside one
aggregate keeps its worker busy until it ends (the pool is bounded, so it cannot pile up).
"""

from __future__ import annotations

import io
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kg.errors import QueryError
from kg.query.sparql import execute, is_update, unique_triples
from kg.serve.media import DEFAULT_GRAPH, DEFAULT_SELECT, GRAPH_TYPES, SELECT_TYPES, negotiate
from kg.vocab import PREFIXES

READ_ONLY = "SPARQL Update is not allowed: this endpoint is read-only"


@dataclass(slots=True)
class Reply:
    """What the handler sends back: status, Content-Type and the whole body."""

    status: int
    content_type: str
    body: bytes


def text_reply(status: int, message: str) -> Reply:
    """A one-line plain-text answer (errors, refusals)."""
    return Reply(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode("utf-8"))


@dataclass(frozen=True, slots=True)
class QueryRequest:
    """One query as the client sent it: the text, its format wishes and its dataset (SPARQL Protocol)."""

    query: str
    accept: str | None = None
    override: tuple[str, ...] = ()  # format / output / results parameters, in that order
    default_graph: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


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


class QueryRunner:
    """Runs queries on ``store`` (anything with ``query``) in a bounded pool, each under ``timeout`` seconds."""

    def __init__(self, store: Any, *, timeout: float, workers: int) -> None:
        self.store = store
        self.timeout = timeout
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="kg-sparql")

    def close(self) -> None:
        """Stop taking queries; running ones finish in the background (they cannot be interrupted)."""
        self.pool.shutdown(wait=False, cancel_futures=True)

    def answer(self, request: QueryRequest) -> Reply:
        """Run one query under the time limit and serialise it in the negotiated format."""
        if is_update(request.query):
            return text_reply(403, READ_ONLY)
        cancel = threading.Event()
        future: Future[Reply] = self.pool.submit(self._work, request, cancel)
        try:
            return future.result(timeout=self.timeout)
        except FutureTimeout:
            cancel.set()
            future.cancel()
            return text_reply(
                503,
                f"query timed out: it ran longer than the server's {self.timeout:g} s limit "
                "(narrow it, add LIMIT, or restart the server with a larger --timeout)",
            )

    def _work(self, request: QueryRequest, cancel: threading.Event) -> Reply:
        override = list(request.override)
        try:
            res = execute(
                self.store,
                request.query,
                default_graph=list(request.default_graph) or None,
                named_graphs=list(request.named_graphs) or None,
            )
            sink = _Sink(cancel)
            if isinstance(res, ox.QueryTriples):
                media = negotiate(request.accept, GRAPH_TYPES, DEFAULT_GRAPH, override)
                ctype, fmt = GRAPH_TYPES[media]
                ox.serialize(unique_triples(res), sink, format=fmt, prefixes=PREFIXES)
            else:
                media = negotiate(request.accept, SELECT_TYPES, DEFAULT_SELECT, override)
                ctype, sfmt = SELECT_TYPES[media]
                res.serialize(sink, format=sfmt)
            return Reply(200, f"{ctype}; charset=utf-8", sink.buf.getvalue())
        except QueryError as exc:
            return text_reply(400, str(exc))
        except _Cancelled:
            return text_reply(503, "query cancelled after the time limit")
        except (OSError, ValueError, SyntaxError, RuntimeError) as exc:
            if cancel.is_set():
                return text_reply(503, "query cancelled after the time limit")
            return text_reply(500, f"query failed: {' '.join(str(exc).split())}")
