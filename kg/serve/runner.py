"""Running one endpoint query: read-only check, limits, serialisation in the negotiated format.

Kept apart from the HTTP handler so the limits can be read (and tested) without a socket. Queries go through
``kg.query.sparql.execute``, the same code as ``kg sparql``, so both give the same rows and the same checks
(size, nesting and SERVICE before parsing: :mod:`kg.query.limits`).

``run_query`` is the work itself; where it runs is chosen by the server. A store on disk is queried in worker
processes (:mod:`kg.serve.pool`) that are killed when a query passes its time or memory limit, since
pyoxigraph cannot interrupt a query. Any other store (in memory, a remote server) is queried here in a
bounded thread pool (``QueryRunner``): the request is answered 503 at the limit, and a result still being
serialised stops at its next write, but a query stuck inside one aggregate keeps its thread until it ends.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Collection
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
MAX_RESULT = 64 << 20  # bytes of serialised results one query may return


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


class _TooLarge(Exception):
    pass


class _Sink(io.RawIOBase):
    """Collects serialised results; refuses writes once the request timed out or the result passed ``limit``."""

    def __init__(self, cancel: threading.Event | None = None, limit: int = MAX_RESULT) -> None:
        super().__init__()
        self.cancel = cancel
        self.limit = limit
        self.buf = io.BytesIO()

    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        if self.cancel is not None and self.cancel.is_set():
            raise _Cancelled()
        if self.buf.tell() + len(b) > self.limit:
            raise _TooLarge()
        return self.buf.write(b)


def run_query(
    store: Any,
    request: QueryRequest,
    *,
    allow_service: Collection[str] = (),
    max_result: int = MAX_RESULT,
    cancel: threading.Event | None = None,
) -> Reply:
    """Run one query and serialise it in the negotiated format; every failure is a one-line reply."""
    override = list(request.override)
    try:
        res = execute(
            store,
            request.query,
            default_graph=list(request.default_graph) or None,
            named_graphs=list(request.named_graphs) or None,
            allow_service=allow_service,
        )
        sink = _Sink(cancel, max_result)
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
        status = 403 if str(exc).startswith(("SERVICE", "SPARQL Update")) else 400
        return text_reply(status, str(exc))
    except _Cancelled:
        return text_reply(503, "query cancelled after the time limit")
    except _TooLarge:
        return text_reply(
            413,
            f"the result is larger than the server's {max_result:,}-byte limit "
            "(add LIMIT, select fewer variables, or narrow the query)",
        )
    except MemoryError:
        return text_reply(503, "query stopped: it needed more memory than the server allows")
    except (OSError, ValueError, SyntaxError, RuntimeError) as exc:
        if cancel is not None and cancel.is_set():
            return text_reply(503, "query cancelled after the time limit")
        return text_reply(500, f"query failed: {' '.join(str(exc).split())}")


def timed_out(timeout: float) -> Reply:
    """The answer to a query that ran past the time limit."""
    return text_reply(
        503,
        f"query timed out: it ran longer than the server's {timeout:g} s limit and was stopped "
        "(narrow it, add LIMIT, or restart the server with a larger --timeout)",
    )


class QueryRunner:
    """Runs queries on ``store`` (anything with ``query``) in a bounded thread pool, each under ``timeout`` s.

    For stores that cannot be opened by a worker process (in memory, remote); see the module docstring.
    """

    def __init__(
        self,
        store: Any,
        *,
        timeout: float,
        workers: int,
        allow_service: Collection[str] = (),
        max_result: int = MAX_RESULT,
    ) -> None:
        self.store = store
        self.timeout = timeout
        self.allow_service = tuple(allow_service)
        self.max_result = max_result
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="kg-sparql")

    def close(self) -> None:
        """Stop taking queries; running ones finish in the background (they cannot be interrupted)."""
        self.pool.shutdown(wait=False, cancel_futures=True)

    def answer(self, request: QueryRequest) -> Reply:
        """Run one query under the time limit and serialise it in the negotiated format."""
        if is_update(request.query):
            return text_reply(403, READ_ONLY)
        cancel = threading.Event()
        future: Future[Reply] = self.pool.submit(
            run_query,
            self.store,
            request,
            allow_service=self.allow_service,
            max_result=self.max_result,
            cancel=cancel,
        )
        try:
            return future.result(timeout=self.timeout)
        except FutureTimeout:
            cancel.set()
            future.cancel()
            return timed_out(self.timeout)
