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
from collections.abc import Callable, Collection, Generator
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
CHUNK = 256 << 10  # a streamed answer goes out in pieces of this size; a smaller one is sent whole


@dataclass(slots=True)
class Reply:
    """What the handler sends back: status, Content-Type and the whole body.

    ``streamed``: the status, headers and the first part of the body were already sent as ``chunks`` (a
    large answer from a worker); ``body`` is then the last part.
    """

    status: int
    content_type: str
    body: bytes
    streamed: bool = False


@dataclass(slots=True)
class Stream:
    """A large answer from a worker: status 200 and its type are final, the body arrives in ``chunks``
    (which end with a ``truncated`` line when the answer was cut short)."""

    content_type: str
    head: bytes  # the first chunk, already read
    chunks: Generator[bytes, None, None]  # the rest; closing it early stops the query
    status: int = 200


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
    """Collects serialised results; refuses writes once the request timed out or the result passed ``limit``.

    With ``on_chunk``, every ``CHUNK`` bytes collected are handed on (the first call commits the answer to 200),
    so a large answer streams instead of waiting in memory; a smaller one stays whole and keeps its status.
    """

    def __init__(
        self,
        cancel: threading.Event | None = None,
        limit: int = MAX_RESULT,
        on_chunk: Callable[[str, bytes], None] | None = None,
    ) -> None:
        super().__init__()
        self.cancel = cancel
        self.limit = limit
        self.on_chunk = on_chunk
        self.ctype = "text/plain; charset=utf-8"  # set before serialising: sent with the first chunk
        self.buf = io.BytesIO()
        self.total = 0
        self.streamed = False

    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        if self.cancel is not None and self.cancel.is_set():
            raise _Cancelled()
        n = len(b)
        if self.total + n > self.limit:
            raise _TooLarge()
        self.total += n
        self.buf.write(b)
        if self.on_chunk is not None and self.buf.tell() >= CHUNK:
            self.on_chunk(self.ctype, self.buf.getvalue())
            self.streamed = True
            self.buf = io.BytesIO()
        return n


def truncated(why: str) -> bytes:
    """The line that ends a streamed answer cut short: after a 200, only the body can say it."""
    return f"\n# kg-sparql: answer truncated: {why}\n".encode()


def run_query(
    store: Any,
    request: QueryRequest,
    *,
    allow_service: Collection[str] = (),
    max_result: int = MAX_RESULT,
    cancel: threading.Event | None = None,
    on_chunk: Callable[[str, bytes], None] | None = None,
) -> Reply:
    """Run one query and serialise it in the negotiated format; every failure is a one-line reply.

    ``on_chunk`` streams a large answer (see ``_Sink``); a failure after streaming began ends the body with
    a ``truncated`` line, since the status was already sent.
    """
    override = list(request.override)
    sink = _Sink(cancel, max_result, on_chunk)
    ctype = "text/plain"
    try:
        res = execute(
            store,
            request.query,
            default_graph=list(request.default_graph) or None,
            named_graphs=list(request.named_graphs) or None,
            allow_service=allow_service,
        )
        if isinstance(res, ox.QueryTriples):
            media = negotiate(request.accept, GRAPH_TYPES, DEFAULT_GRAPH, override)
            ctype, fmt = GRAPH_TYPES[media]
            sink.ctype = f"{ctype}; charset=utf-8"
            ox.serialize(unique_triples(res), sink, format=fmt, prefixes=PREFIXES)
        else:
            media = negotiate(request.accept, SELECT_TYPES, DEFAULT_SELECT, override)
            ctype, sfmt = SELECT_TYPES[media]
            sink.ctype = f"{ctype}; charset=utf-8"
            res.serialize(sink, format=sfmt)
        return Reply(200, f"{ctype}; charset=utf-8", sink.buf.getvalue(), sink.streamed)
    except QueryError as exc:
        status = 403 if str(exc).startswith(("SERVICE", "SPARQL Update")) else 400
        return text_reply(status, str(exc))
    except _Cancelled:
        return text_reply(503, "query cancelled after the time limit")
    except _TooLarge:
        why = (
            f"the result is larger than the server's {max_result:,}-byte limit "
            "(add LIMIT, select fewer variables, or narrow the query)"
        )
        if sink.streamed:
            return Reply(200, ctype, sink.buf.getvalue() + truncated(why), True)
        return text_reply(413, why)
    except MemoryError:
        return text_reply(503, "query stopped: it needed more memory than the server allows")
    except (OSError, ValueError, SyntaxError, RuntimeError) as exc:
        if cancel is not None and cancel.is_set():
            return text_reply(503, "query cancelled after the time limit")
        why = f"query failed: {' '.join(str(exc).split())}"
        if sink.streamed:
            return Reply(200, ctype, sink.buf.getvalue() + truncated(why), True)
        return text_reply(500, why)


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
