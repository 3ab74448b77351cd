"""Writing source graphs during a build: new sources in bulk, changed ones one transaction each.

A transactional write costs about 14 µs per quad in Oxigraph (write-ahead log, memtable, then a flush); its bulk
loader writes sorted files straight into the database at a fraction of that. A build of new texts is almost all
new graphs, so they are gathered into batches and bulk-loaded.

Why a batch cannot leave half a source behind: the bulk loader ingests each batch of under a million quads as one
set of files in a single RocksDB ingestion, which is atomic (all files or none), and batches hold whole sources.
Each source's checksum quad (:data:`kg.ingest.jobs.SEAL`, what :func:`kg.ingest.jobs.is_unchanged` asks for) is
held back and written in a transaction after its batch is in: a build killed between the two leaves complete
graphs without their checksum, which the next build sees as changed and replaces (``tests/test_fault.py`` kills
builds at random points and checks that every source is old or new, never partial).

Each batch is loaded in a background thread (the loader releases the GIL), so the build goes on reading its
workers' results; one batch at a time and in order, a source that touches the batch in flight waits for it, no
transaction runs during a load, and what a load raises reaches the build at its next write or flush.

A source whose graph or path is already in the store (a changed text), or whose graph is waiting in the batch (the
same text under two names), goes through :func:`kg.ingest.jobs.write_quads`: one transaction that replaces it.
A SPARQL server gets every source that way, except an Oxigraph server, whose bulk loader is reachable over HTTP
(``POST /store?no_transaction``, :meth:`kg.store.remote.RemoteStore.bulk_load_nquads`): the same batches and
seals as the embedded store.
"""

from __future__ import annotations

import threading
import time

from pyoxigraph import NamedNode, Quad

from kg.errors import StoreError
from kg.ingest.jobs import Job, Packed, old_graphs, pack, write_quads
from kg.store.base import GraphStore

#: Quads gathered before a bulk load: well under the loader's one-batch limit (1,000,000), so each load is one
#: atomic ingestion, and a few tens of MB of N-Quads at most.
BATCH_QUADS = 200_000
#: Seconds a queued source waits at most: a build killed or stopped loses at most this much finished work (and
#: the batch loading in the background). 0: each source is written before :meth:`GraphWriter.write` returns.
BATCH_SECONDS = 2.0


def _os_error(exc: OSError | StoreError) -> OSError:
    """A server's refusal (:class:`kg.errors.StoreError`) as the OSError a refused local write is."""
    return exc if isinstance(exc, OSError) else OSError(str(exc))


class BatchWriteError(OSError):
    """A bulk load the store refused; ``names`` are the sources of the batch, none of which was written (or,
    ``unsealed``, all written but without their checksums)."""

    def __init__(self, exc: OSError, names: list[str], *, unsealed: bool = False) -> None:
        super().__init__(exc.errno, exc.strerror or str(exc))
        self.names = names
        self.unsealed = unsealed  # the graphs are in, their checksums not: the next build rewrites them


class GraphWriter:
    """Writes the graphs of one build into ``store`` (see the module). Call :meth:`flush` before reading the
    store for the written sources (the kb graph, the report's totals), and at the end."""

    def __init__(
        self,
        store: GraphStore,
        batch_quads: int | None = None,
        batch_seconds: float | None = None,
        *,
        fresh: bool = False,
    ) -> None:
        """``fresh``: the store held no source when the build began (:func:`kg.ingest.jobs.holds_sources`), so a
        graph or path this writer has not written cannot be in it: a new source is queued without asking the
        store (two lookups per source, two requests on a server)."""
        self.store = store
        self.fresh = fresh
        #: hashes of the graphs and names written (a collision only costs a lookup)
        self._mine: set[int] = set()
        self.batch_quads = BATCH_QUADS if batch_quads is None else batch_quads
        self.batch_seconds = BATCH_SECONDS if batch_seconds is None else batch_seconds
        self._since = 0.0
        self.written = 0  # sources of this writer in the store
        # the embedded store, and an Oxigraph server (kg.store.remote.RemoteStore.can_bulk_load)
        self.bulk = callable(getattr(store, "bulk_load_nquads", None)) and getattr(
            store, "can_bulk_load", True
        )
        self._body: list[bytes] = []
        self._seals: list[bytes] = []
        self._graphs: set[str] = set()
        self._names: list[str] = []
        self._quads = 0
        # the batch being loaded in the background: its thread, graphs and names, and what went wrong
        self._thread: threading.Thread | None = None
        self._loading: set[str] = set()
        self._loading_sources = 0
        self._error: BaseException | None = None
        self.load_seconds = 0.0  # time spent in bulk loads (in the background thread)

    def write(self, job: Job, result: list[Quad] | Packed, aliases: list[str] | None = None) -> int:
        """Write (or queue) one source's graph; returns its quad count. Raises OSError when the store refuses a
        write (:class:`BatchWriteError` for a batch)."""
        packed = result if isinstance(result, Packed) else None
        g = packed.graph if packed else result[0].graph_name.value  # type: ignore[union-attr]
        names = list(dict.fromkeys([job.name, *(aliases or ())]))
        if self._thread is not None and not self._loading.isdisjoint((g, *names)):
            self.wait()  # the batch in flight holds this graph or path: let it land before asking the store
        keys = [hash(x) for x in (g, *names)]
        new = self.bulk and self.fresh and not any(k in self._mine for k in keys)
        self._mine.update(keys)
        old = old_graphs(self.store, names) if self.bulk and not new and g not in self._graphs else None
        if not self.bulk or (not new and (g in self._graphs or old or self._has_graph(g))):
            if self._names:  # what the batch writes may be among the old graphs: flush, then ask again
                self.flush()
                old = None
            self.wait()  # no transaction while a bulk load runs
            n = write_quads(self.store, job, result, aliases=aliases, old=old)
            self.written += 1
            return n
        packed = packed or pack(result)  # type: ignore[arg-type]
        if not self._names:
            self._since = time.monotonic()
        self._body.append(packed.body)
        self._seals.append(packed.seal)
        self._graphs.add(g)
        self._names.append(job.name)
        self._quads += packed.count
        if self.batch_seconds <= 0:  # no wait at all: the source is in the store when this returns
            self.flush()
        elif self._quads >= self.batch_quads or time.monotonic() - self._since >= self.batch_seconds:
            self._start()
        return packed.count

    def flush(self) -> None:
        """Write every queued source and wait until it is in the store (raises :class:`BatchWriteError`)."""
        self._start()
        self.wait()

    def wait(self) -> None:
        """Wait for the batch being loaded; raise what its load raised."""
        if self._thread is not None:
            self._thread.join()
            self._thread, self._loading, self._loading_sources = None, set(), 0
        if self._error is not None:
            err, self._error = self._error, None
            raise err

    def settle(self) -> None:
        """Wait for the batch in flight and forget its error: for a build that stops on another error, so the
        store is closed only once nothing writes to it (the batch is whole or absent, maybe unsealed)."""
        if self._thread is not None:
            self._thread.join()
            self._thread, self._loading, self._loading_sources, self._error = None, set(), 0, None

    def _start(self) -> None:
        """Load the queued sources in a background thread (the store's loader releases the GIL): the build goes on
        reading its workers' results meanwhile, so they are not left waiting. One batch at a time, in order."""
        if not self._graphs:
            return
        self.wait()
        body, seals, names = b"".join(self._body), b"".join(self._seals), self._names
        self._loading, self._loading_sources = self._graphs | set(names), len(names)
        self._body, self._seals, self._graphs, self._names, self._quads = [], [], set(), [], 0
        # not a daemon: an interpreter that exits lets the batch and its checksums land
        self._thread = threading.Thread(target=self._run, args=(body, seals, names), name="kg-bulk-load")
        self._thread.start()

    def _run(self, body: bytes, seals: bytes, names: list[str]) -> None:
        t = time.perf_counter()
        try:
            self._load(body, seals, names)
        except BaseException as exc:  # raised again by wait(), in the build's thread
            self._error = exc
        finally:
            self.load_seconds += time.perf_counter() - t

    def _load(self, body: bytes, seals: bytes, names: list[str]) -> None:
        """Bulk-load one batch, then seal its sources (write their checksums) in one transaction."""
        try:
            self.store.bulk_load_nquads(body, trusted=True)  # type: ignore[attr-defined]  # (pack()'s bytes)
        except (OSError, StoreError) as exc:
            raise BatchWriteError(_os_error(exc), names) from None
        try:
            self.store.bulk_load_nquads(seals, atomic=True, trusted=True)  # type: ignore[attr-defined]
        except (OSError, StoreError) as exc:
            raise BatchWriteError(_os_error(exc), names, unsealed=True) from None
        self.written += len(names)

    @property
    def pending(self) -> int:
        """Sources queued or loading, not yet known to be in the store."""
        return len(self._names) + self._loading_sources

    def _has_graph(self, g: str) -> bool:
        return next(iter(self.store.quads_for_pattern(None, None, None, NamedNode(g))), None) is not None
