"""Extraction in worker processes, results back in input order, each document under a time and memory budget.

One pathological text must not stall or kill a build (the audit: one clause with 23,809 references took 51 s;
3.3 M enumerated numbers took 1.7 GB). So each worker is a process of its own, fed one source at a time over a
pipe: it caps its address space (``RLIMIT_AS``, the memory budget) and arms a SIGALRM timer (the time budget),
which ends most runaway documents cleanly; a worker that does not answer within the budget and a grace period
(stuck inside one C call), or dies (out of memory, a crash in a library), is killed and replaced, and its
source is reported (``over budget: skipped``) while the build goes on.

At most ``jobs * CHUNK * WINDOW_CHUNKS * 2`` sources are read ahead, so memory stays bounded on large corpora.
Workers ignore Ctrl-C (the writer stops at a source boundary) and exit when their parent dies.

What a worker does to each source is :func:`kg.ingest.jobs.extract_packed` (the quads of ``kg build``) unless a
``task`` is given: ``kg extract -j N`` (:mod:`kg.ingest.batch`) runs the same pool with a task that renders each
document's JSON line, so both commands share one budget, one kill-and-replace and one input-order rule.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import os
import pickle
import queue
import resource
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from kg.ingest.jobs import Extractor, Job, OverBudget, Result, Settings, extract_job, extract_packed
from kg.sources import Failed, Skipped

#: A planned item: (source, needs extraction), or a walk result passed through (skipped or unreadable).
Planned = tuple[Job, bool] | Failed | Skipped
#: What the writer gets: (source, quads | failure message | None when unchanged), or the walk result.
Extracted = tuple[Job, Result | None] | Failed | Skipped

#: What a worker runs on each source: module level (or a ``functools.partial`` of one), picklable in and out;
#: a ``str`` result is the one-line reason the source failed (:class:`OverBudget` for a budget).
Task = Callable[[Job, Settings], Any]
#: Turns a task's result back into what the caller gets (for the default task: N-Quads bytes -> quads).
Decode = Callable[[Any], Any]

CHUNK = 4
#: Sources a worker holds at once: the one in work and one queued behind it, so that a worker never waits
#: for the writer to be scheduled between two sources (on a loaded 2-core machine that wait made ``-j 2``
#: slower than ``-j 1``). Its receiving thread takes queued sources off the pipe at once, so a large text
#: never blocks the writer's send.
DEPTH = 2
WINDOW_CHUNKS = 2
#: Seconds a worker gets past the budget to end the document by itself before it is killed.
GRACE = 5.0


def default_jobs() -> int:
    """Worker processes when none are asked for: one per core."""
    return os.cpu_count() or 1


def poolable(extractor: Extractor | None) -> bool:
    """Whether worker processes can start and run ``extractor`` (a module-level function they can import)."""
    main_file = getattr(sys.modules.get("__main__"), "__file__", None)
    if main_file and not Path(main_file).exists():  # `python - < script`: 'spawn' re-runs the main file
        return False
    if extractor is None:
        return True
    try:
        pickle.dumps(extractor)
    except Exception:  # lambdas, closures, bound methods of unpicklable objects
        return False
    if getattr(extractor, "__module__", None) == "__main__":  # `python -c` / a REPL: workers cannot import it
        return bool(main_file)
    return True


def _todo(item: Planned) -> bool:
    return isinstance(item, tuple) and item[1]


def _in_process(
    items: Iterable[Planned], settings: Settings, task: Task | None = None, decode: Decode | None = None
) -> Iterator[Extracted]:
    def run(job: Job) -> Any:
        if task is None:
            return extract_job(job, settings)
        out = task(job, settings)
        return out if isinstance(out, str) or decode is None else decode(out)

    for item in items:
        if isinstance(item, tuple):
            job, todo = item
            yield job, (run(job) if todo else None)
        else:
            yield item


def extracted(
    planned: Iterable[Planned],
    jobs: int,
    settings: Settings,
    *,
    task: Task | None = None,
    decode: Decode | None = None,
) -> Iterator[Extracted]:
    """Each planned source with its quads, in input order: in worker processes when there is more than one
    source to extract and more than one job, else in this process (no pool start-up cost; the time budget is
    then a SIGALRM timer, see :func:`kg.extraction.pipeline.time_budget`).

    ``task``/``decode``: what is done to each source instead of building its quads (see the module); the
    in-process path runs the same pair, so the results do not depend on ``jobs``."""
    items = iter(planned)
    if jobs <= 1 or not poolable(settings.extractor):
        yield from _in_process(items, settings, task, decode)
        return
    window = jobs * CHUNK * WINDOW_CHUNKS
    first: list[Planned] = []
    for item in items:
        first.append(item)
        if len(first) >= window:
            break
    if len(first) < window and sum(1 for item in first if _todo(item)) < 2:
        yield from _in_process(first, settings, task, decode)
        return
    pool = WorkerPool(jobs, settings, task=task, decode=decode)
    try:
        yield from pool.run(first, items, window * 2)
    finally:
        pool.close()


class _Worker:
    """One extraction process, the source it is working on and the one queued behind it (see :data:`DEPTH`)."""

    def __init__(self, ctx: Any, settings: Settings, task: Task) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, settings, task), daemon=True)
        self.proc.start()
        child.close()
        self.ready = False
        self.slots: deque[tuple[int, Job]] = deque()  # (index, source) sent, oldest (the one in work) first
        self.since = (
            0.0  # when the oldest began (its predecessor's answer, or when it was sent to an idle worker)
        )

    def give(self, slot: int, job: Job) -> None:
        self.conn.send(job)
        if not self.slots:
            self.since = time.monotonic()
        self.slots.append((slot, job))

    def done(self) -> int:
        """The oldest source is answered: the next one, if queued, begins now."""
        self.since = time.monotonic()
        return self.slots.popleft()[0]

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class WorkerPool:
    """``jobs`` extraction processes; :meth:`run` gives results in input order (see the module)."""

    def __init__(
        self, jobs: int, settings: Settings, *, task: Task | None = None, decode: Decode | None = None
    ) -> None:
        # 'spawn': workers must not inherit the store's open files and lock (fork would)
        self.ctx = multiprocessing.get_context("spawn")
        self.settings = settings
        self.task: Task = task or extract_packed
        self.decode: Decode = decode or _same
        self.jobs = jobs
        self.workers: list[_Worker] = []
        self.replaced = 0  # workers killed past their budget or found dead

    def _start(self) -> None:
        while len(self.workers) < self.jobs:
            self.workers.append(_Worker(self.ctx, self.settings, self.task))

    def _deadline(self) -> float | None:
        b = self.settings.budget
        return b + GRACE if b else None

    def run(self, first: list[Planned], rest: Iterator[Planned], ahead: int) -> Iterator[Extracted]:
        """Results of ``first`` then ``rest``, in order; at most ``ahead`` sources read ahead of the writer."""
        buffered: deque[Planned] = deque(first)  # in input order, from index `base`
        results: dict[int, Result | None] = {}
        queue: deque[tuple[int, Job]] = deque()
        base = 0
        for i, item in enumerate(buffered):
            if _todo(item):
                queue.append((i, item[0]))  # type: ignore[index]
        exhausted = False
        while buffered:
            while not exhausted and len(buffered) < ahead:
                nxt = next(rest, None)
                if nxt is None:
                    exhausted = True
                    break
                if _todo(nxt):
                    queue.append((base + len(buffered), nxt[0]))  # type: ignore[index]
                buffered.append(nxt)
            head = buffered[0]
            if isinstance(head, tuple) and (not head[1] or base in results):
                buffered.popleft()
                yield head[0], (results.pop(base, None) if head[1] else None)
                base += 1
                continue
            if not isinstance(head, tuple):
                buffered.popleft()
                yield head
                base += 1
                continue
            if queue and not self.workers:
                self._start()
            self._step(queue, results)

    def _step(self, queue: deque[tuple[int, Job]], results: dict[int, Result | None]) -> None:
        """Hand out work, then wait for one message, a death or a deadline; settle what happened."""
        for w in self.workers:
            while w.ready and len(w.slots) < DEPTH and queue:
                slot, job = queue[0]
                try:
                    w.give(slot, job)
                except OSError:  # it died while busy (a broken pipe): its sentinel says so below
                    break
                queue.popleft()
        deadline = self._deadline()
        now = time.monotonic()
        busy = [w for w in self.workers if w.slots]
        timeout = None
        if deadline is not None and busy:
            timeout = max(0.0, min(w.since + deadline for w in busy) - now)
        conns = [w.conn for w in self.workers] + [w.proc.sentinel for w in self.workers]
        ready = set(multiprocessing.connection.wait(conns, timeout))
        now = time.monotonic()
        for i, w in enumerate(list(self.workers)):
            message = None
            if w.conn in ready:
                try:
                    message = w.conn.recv()
                except (EOFError, OSError):
                    message = None
                if message == "ready":
                    w.ready = True
                    continue
                if message is not None and w.slots:
                    results[w.done()] = message if isinstance(message, str) else self.decode(message)
                    continue
            dead = w.proc.sentinel in ready and message is None and not w.proc.is_alive()
            late = bool(w.slots) and deadline is not None and now - w.since >= deadline
            if dead or late:
                if w.slots:
                    results[w.slots.popleft()[0]] = self._why(late)
                # the sources queued behind it were not begun: give them again, first
                queue.extendleft(reversed(w.slots))
                w.kill()
                self.replaced += 1
                self.workers[i] = _Worker(self.ctx, self.settings, self.task)

    def _why(self, late: bool) -> str:
        s = self.settings
        if late:
            return OverBudget(f"over budget ({s.budget:g} s; its extraction process was stopped): skipped")
        if s.memory_mb:
            return OverBudget(f"its extraction process died (over {s.memory_mb} MB?): skipped")
        return "its extraction process died (out of memory? a crash?)"

    def close(self) -> None:
        """Stop every worker without waiting for queued sources (Ctrl-C, a closed generator, the end)."""
        for w in self.workers:
            with contextlib.suppress(OSError, ValueError):
                w.conn.send(None)
        for w in self.workers:
            w.proc.join(1)
            if w.proc.is_alive():
                w.kill()
            else:
                w.conn.close()
        self.workers = []


def _limit_memory(memory_mb: int | None) -> None:
    if not memory_mb or memory_mb <= 0:
        return
    limit = memory_mb << 20
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _same(x: Any) -> Any:
    return x


def _worker_main(conn: Connection, settings: Settings, task: Task = extract_packed) -> None:
    """One worker: warm up (spaCy loads once, outside any budget), say ``ready``, then extract each source
    it is sent until ``None`` or EOF, answering N-Quads bytes or the one-line reason it failed."""
    _worker_init()
    from kg.extraction.pipeline import warm_up

    with contextlib.suppress(Exception):
        warm_up()
    jobs: queue.SimpleQueue[Any] = queue.SimpleQueue()
    threading.Thread(target=_receive, args=(conn, jobs), daemon=True).start()  # before the cap: its stack
    _limit_memory(settings.memory_mb)
    conn.send("ready")
    while True:
        job = jobs.get()
        if job is None:
            return
        try:
            out: Any = task(job, settings)
        except MemoryError:
            out = OverBudget(f"over its memory budget ({settings.memory_mb} MB): skipped")
        conn.send(out)


def _receive(conn: Connection, jobs: queue.SimpleQueue[Any]) -> None:
    """The worker's reading thread: sources off the pipe as soon as they come (``None`` at the end or EOF)."""
    while True:
        try:
            job = conn.recv()
        # EOF, a closed pipe, a source too large for the memory cap: the worker ends, the pool reports it
        except Exception:
            job = None
        jobs.put(job)
        if job is None:
            return


def _worker_init() -> None:
    """Ctrl-C is the writer's to handle (it stops at a source boundary); a worker whose parent died exits."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with_parent, args=(parent.sentinel,), daemon=True).start()


def _exit_with_parent(sentinel: int) -> None:
    multiprocessing.connection.wait([sentinel])
    os._exit(1)


__all__ = [
    "CHUNK",
    "GRACE",
    "Decode",
    "Extracted",
    "Planned",
    "Task",
    "WorkerPool",
    "default_jobs",
    "extracted",
    "poolable",
]
