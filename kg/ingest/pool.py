"""Extraction in worker processes, results back in input order.

Sources go to the pool in windows (``WINDOW_CHUNKS`` chunks of ``CHUNK`` sources per worker, two windows in
flight), so workers do not wait for the writer and memory stays bounded on large corpora. Workers ignore Ctrl-C
(the writer stops at a source boundary) and exit when their parent dies.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import pickle
import signal
import sys
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import islice, repeat
from pathlib import Path

from pyoxigraph import Quad

from kg.ingest.jobs import Extractor, Job, Settings, extract_job, extract_packed, unpack
from kg.sources import Failed, Skipped

#: A planned item: (source, needs extraction), or a walk result passed through (skipped or unreadable).
Planned = tuple[Job, bool] | Failed | Skipped
#: What the writer gets: (source, quads | failure message | None when unchanged), or the walk result.
Extracted = tuple[Job, list[Quad] | str | None] | Failed | Skipped

CHUNK = 4
WINDOW_CHUNKS = 2


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


def _in_process(items: Iterable[Planned], settings: Settings) -> Iterator[Extracted]:
    for item in items:
        if isinstance(item, tuple):
            job, todo = item
            yield job, (extract_job(job, settings) if todo else None)
        else:
            yield item


def extracted(planned: Iterable[Planned], jobs: int, settings: Settings) -> Iterator[Extracted]:
    """Each planned source with its quads, in input order: in worker processes when there is more than one
    source to extract and more than one job, else in this process (no pool start-up cost)."""
    items = iter(planned)
    if jobs <= 1 or not poolable(settings.extractor):
        yield from _in_process(items, settings)
        return
    window = jobs * CHUNK * WINDOW_CHUNKS
    first = list(islice(items, window))
    if len(first) < window and sum(1 for item in first if _todo(item)) < 2:
        yield from _in_process(first, settings)
        return
    yield from _pooled(first, items, jobs, window, settings)


def _pooled(
    first: list[Planned], rest: Iterator[Planned], jobs: int, window: int, settings: Settings
) -> Iterator[Extracted]:
    pool: ProcessPoolExecutor | None = None  # started when a source needs extracting (not on a no-op rebuild)
    try:
        pending: deque[tuple[list[Planned], Iterator[bytes | str]]] = deque()
        batch = first
        while batch or pending:
            if batch:
                todo = [item[0] for item in batch if _todo(item)]  # type: ignore[index]
                if todo and pool is None:
                    # 'spawn': workers must not inherit the store's open files and lock (fork would)
                    ctx = multiprocessing.get_context("spawn")
                    pool = ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_worker_init)
                results = (
                    pool.map(extract_packed, todo, repeat(settings), chunksize=CHUNK)
                    if pool is not None
                    else iter(())
                )
                pending.append((batch, results))
                batch = list(islice(rest, window))
                if batch and len(pending) < 2:
                    continue
            done, results = pending.popleft()
            for item in done:
                if isinstance(item, tuple):
                    job, need = item
                    yield job, (unpack(next(results)) if need else None)
                else:
                    yield item
    except (
        BaseException
    ):  # Ctrl-C, a closed generator, a dead worker: drop the queued work, keep what is written
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        if pool is not None:
            pool.shutdown(wait=True)


def _worker_init() -> None:
    """Ctrl-C is the writer's to handle (it stops at a source boundary); a worker whose parent died exits."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with_parent, args=(parent.sentinel,), daemon=True).start()


def _exit_with_parent(sentinel: int) -> None:
    multiprocessing.connection.wait([sentinel])
    os._exit(1)
