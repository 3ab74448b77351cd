"""Queries in worker processes: the only way to really stop a pyoxigraph query is to kill what runs it.

Each worker opens the store read-only (RocksDB's read-only mode takes no lock, so ``kg build`` can write
meanwhile), caps its address space (``RLIMIT_AS``) and answers one query at a time over a pipe. The server
hands a query to an idle worker; past the time limit the worker is killed (SIGKILL) and a fresh one takes its
place, so four runaway queries cost four forks, not the endpoint. A worker that dies on its own (out of
memory, a crash in the engine) is replaced the same way. An answer larger than ``runner.CHUNK`` comes back in
chunks as the worker serialises it (``Stream``), under the same time limit.

A read-only store is a snapshot of the moment it was opened. With every query the server sends the store's
*generation* (names, sizes and times of the files in the store folder: one ``stat`` per file, microseconds),
and a worker whose generation is older reopens before answering, so a finished ``kg build`` is visible
without a restart.

Workers come from a fork server that has already imported this module, so a replacement starts in
milliseconds and shares no threads or locks with the HTTP server.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import queue
import resource
import signal
import threading
import time
from collections.abc import Collection, Generator
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from kg.serve.runner import (
    MAX_RESULT,
    READ_ONLY,
    QueryRequest,
    Reply,
    Stream,
    run_query,
    text_reply,
    timed_out,
    truncated,
)
from kg.store.local import Store

Generation = tuple[tuple[str, int, int], ...]
_VOLATILE = ("LOG", "LOCK")  # the info log and the lock file change without any data changing


def generation(path: Path) -> Generation:
    """What the store's files look like now; differs after any committed write (a new WAL size, a new SST)."""
    out = []
    with os.scandir(path) as it:
        for e in it:
            if e.name.startswith(_VOLATILE):
                continue
            with contextlib.suppress(OSError):
                st = e.stat()
                out.append((e.name, st.st_size, st.st_mtime_ns))
    return tuple(sorted(out))


def _limit_memory(memory_mb: int) -> None:
    if memory_mb <= 0:
        return
    limit = memory_mb << 20
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _worker_main(
    conn: Connection, path: str, memory_mb: int, allow_service: tuple[str, ...], max_result: int
) -> None:
    """One worker: open the store, then answer ``(request, generation)`` messages until ``None`` or EOF."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops us
    store: Store | None = None
    opened: Generation | None = None
    _limit_memory(memory_mb)
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            break
        if msg is None:
            break
        request, gen = msg
        if store is None or gen != opened:
            try:
                fresh = Store(path, read_only=True)
            except Exception as exc:  # noqa: BLE001 - a store mid-write may not open: keep the old snapshot
                if store is None:
                    conn.send(text_reply(503, f"cannot open the graph store: {exc}"))
                    continue
            else:
                store, opened = fresh, gen

        def chunk(ctype: str, data: bytes) -> None:
            conn.send((ctype, data))

        reply = run_query(store, request, allow_service=allow_service, max_result=max_result, on_chunk=chunk)
        try:
            conn.send(reply)
        except (OSError, ValueError):
            break


class _Worker:
    def __init__(self, ctx: Any, args: tuple[Any, ...]) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, *args), daemon=True)
        self.process.start()
        child.close()

    def kill(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.process.kill()
        self.process.join(5)
        self.conn.close()


def _context() -> Any:
    """A fork server that has this module loaded (fast forks); plain spawn where there is none."""
    try:
        ctx = mp.get_context("forkserver")
    except ValueError:
        return mp.get_context("spawn")
    ctx.set_forkserver_preload(["kg.serve.pool"])
    return ctx


class WorkerPool:
    """``workers`` processes over the store at ``path``; ``answer`` runs one query under the limits."""

    def __init__(
        self,
        path: Path,
        *,
        workers: int,
        timeout: float,
        memory_mb: int = 2048,
        allow_service: Collection[str] = (),
        max_result: int = MAX_RESULT,
    ) -> None:
        self.path = Path(path)
        self.timeout = timeout
        self.memory_mb = memory_mb
        self._args = (str(self.path), memory_mb, tuple(allow_service), max_result)
        self._ctx = _context()
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.replaced = 0  # workers killed or lost and started again (for tests and the bench)
        for _ in range(workers):
            self._idle.put(self._start())

    def _start(self) -> _Worker:
        w = _Worker(self._ctx, self._args)
        with self._lock:
            self._all.add(w)
        return w

    def _replace(self, w: _Worker) -> None:
        """Kill ``w`` and put a fresh worker in its place (in the background: the caller answers at once)."""
        with self._lock:
            self._all.discard(w)
            self.replaced += 1

        def work() -> None:
            w.kill()
            if not self._closed:
                self._idle.put(self._start())

        threading.Thread(target=work, name="kg-sparql-respawn", daemon=True).start()

    def answer(self, request: QueryRequest) -> Reply | Stream:
        """Run one query in an idle worker; kill the worker past the time limit (and replace it).

        A large answer comes back as a ``Stream`` whose chunks are read from the worker as the client takes
        them; the worker is busy until the stream is consumed or closed.
        """
        from kg.query.sparql import is_update  # the same test as the CLI

        if is_update(request.query):
            return text_reply(403, READ_ONLY)
        if self._closed:
            return text_reply(503, "server is shutting down")
        try:
            gen = generation(self.path)
        except OSError as exc:
            return text_reply(503, f"the graph store cannot be read: {exc.strerror or exc}")
        for _ in range(3):  # a worker found dead while idle (killed from outside) is replaced, not blamed
            try:  # a busy worker is free within one time limit (or killed then): wait a little longer
                w = self._idle.get(timeout=self.timeout + 5)
            except queue.Empty:
                return text_reply(
                    503, f"all query workers stayed busy for {self.timeout + 5:g} s; try again later"
                )
            if w.process.is_alive():
                break
            self._replace(w)
        else:
            return text_reply(503, "query workers keep failing to start; see the server log")
        deadline = time.monotonic() + self.timeout
        try:
            w.conn.send((request, gen))
            if not w.conn.poll(self.timeout):
                self._replace(w)
                return timed_out(self.timeout)
            first: Reply | tuple[str, bytes] = w.conn.recv()
        except (EOFError, OSError):
            return self._lost(w)
        if isinstance(first, Reply):
            self._idle.put(w)
            return first
        rest = self._rest(w, deadline)
        next(rest)  # started, so that closing it (the client went away) reaches its ``finally``
        return Stream(first[0], first[1], rest)

    def _lost(self, w: _Worker) -> Reply:
        """The answer for a worker that died mid-query (out of memory, a crash in the engine)."""
        w.process.join(1)
        code = w.process.exitcode
        self._replace(w)
        if code in (-signal.SIGABRT, -signal.SIGKILL, 1) or code is None:
            return text_reply(
                503,
                f"query stopped: it needed more than the server's {self.memory_mb} MB of memory "
                "(narrow it, or restart the server with a larger --memory)",
            )
        return text_reply(500, f"query stopped: the query engine failed (worker exit {code})")

    def _rest(self, w: _Worker, deadline: float) -> Generator[bytes, None, None]:
        """The chunks of a streamed answer, under the same time limit; the worker goes back when it is done
        (or is killed when the limit passes, the worker dies, or the client stops reading)."""
        done = False
        try:
            yield b""
            while True:
                if not w.conn.poll(max(0.0, deadline - time.monotonic())):
                    yield truncated(f"the query ran longer than the server's {self.timeout:g} s limit")
                    return
                try:
                    msg = w.conn.recv()
                except (EOFError, OSError):
                    yield truncated(self._lost(w).body.decode().strip())
                    done = True  # already replaced
                    return
                if isinstance(msg, Reply):
                    done = True
                    self._idle.put(w)
                    yield msg.body
                    return
                yield msg[1]
        finally:
            if not done:
                self._replace(w)

    def close(self) -> None:
        """Stop every worker (running queries are killed: the server is stopping)."""
        self._closed = True
        with self._lock:
            workers, self._all = list(self._all), set()
        deadline = time.monotonic() + 5
        for w in workers:
            with contextlib.suppress(OSError, ValueError):
                w.conn.send(None)
        for w in workers:
            w.process.join(max(0.0, deadline - time.monotonic()))
            w.kill()


__all__ = ["WorkerPool", "generation"]
