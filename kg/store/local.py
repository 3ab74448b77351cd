"""The embedded graph store: a thin wrapper over ``pyoxigraph.Store``. Oxigraph was chosen because it was the
fastest embedded SPARQL store we measured and reopens in milliseconds, which suits a CLI that opens the store on
every call. ``Store`` implements ``kg.store.base.GraphStore``.

Writes of one source graph are atomic: ``replace_graph`` is a single SPARQL UPDATE, which Oxigraph runs in
one transaction, so a crash mid-way leaves the previous state.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, overload

import pyoxigraph
from pyoxigraph import DefaultGraph, NamedNode, Quad, QuerySolutions

from kg.errors import StoreError
from kg.store.base import GraphStore, Row, Term
from kg.store.sparql import graph_node, replace_graph_update
from kg.vocab import PREFIXES

# Files RocksDB always writes into a store directory; used to refuse opening a directory that is not a store.
_STORE_MARKERS = ("CURRENT", "IDENTITY")


def _read_only(p: Path, tries: int = 20) -> pyoxigraph.Store:
    """Open a store read-only while a build may be writing it. The build's bulk loads and compactions replace
    files under the reader's feet: an open that meets a file just removed fails ("Corruption: ... No such file")
    and succeeds when tried again, so it is, a few times."""
    for i in range(tries):
        try:
            return pyoxigraph.Store.read_only(str(p))
        except (OSError, RuntimeError) as exc:
            if i == tries - 1 or not any(w in str(exc) for w in ("No such file", "Corruption", "MANIFEST")):
                raise
            time.sleep(0.05)
    raise AssertionError("unreachable")


class Store:
    """A graph store on disk (``Store(path)``) or in memory (``Store(None)``).

    Queries see the union of all named graphs as their default graph, because each source has its own graph.
    """

    def __init__(
        self, path: str | Path | None = None, *, create: bool = True, read_only: bool = False
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        if self.path is None:
            self.inner = pyoxigraph.Store()
            return
        p = self.path
        if p.exists() and not p.is_dir():
            raise StoreError(f"{p} is not a directory, so it cannot be a graph store")
        is_store = p.is_dir() and any((p / m).exists() for m in _STORE_MARKERS)
        if p.is_dir() and any(p.iterdir()) and not is_store:
            raise StoreError(f"{p} is not a graph store (a non-empty directory without store files)")
        if not is_store and (read_only or not create):
            raise StoreError(f"no graph store at {p} (run `kg build` first)")
        try:
            self.inner = _read_only(p) if read_only else pyoxigraph.Store(str(p))
        except (OSError, RuntimeError) as exc:
            msg = str(exc)
            if "lock" in msg.lower():
                raise StoreError(f"the graph store {p} is in use by another process (locked)") from None
            raise StoreError(
                f"cannot open the graph store {p}: {msg.splitlines()[0] if msg else exc}"
            ) from None

    @overload
    @classmethod
    def open(cls, path: str | Path | None, *, create: bool = True, read_only: bool = False) -> Store: ...

    @overload
    @classmethod
    def open(cls, path: GraphStore, *, create: bool = True, read_only: bool = False) -> GraphStore: ...

    @classmethod
    def open(
        cls, path: str | Path | GraphStore | None, *, create: bool = True, read_only: bool = False
    ) -> GraphStore:
        """Open (or create) the store at ``path``; ``None`` gives an in-memory store; an open store (this kind
        or any other ``GraphStore``, e.g. a ``RemoteStore``) is returned as is, so callers take either."""
        if isinstance(path, GraphStore):
            return path
        return cls(path, create=create, read_only=read_only)

    # -- context manager
    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Flush to disk and release the lock (the store object is unusable afterwards)."""
        inner = getattr(self, "inner", None)
        if inner is None:
            return
        if self.path is not None and not self.read_only:
            with contextlib.suppress(OSError, RuntimeError):
                inner.flush()
        self.inner = None  # type: ignore[assignment]
        del inner

    # -- reading
    def query(self, sparql: str, **kwargs: Any) -> Any:
        """Run a SPARQL query over the union of all graphs (pyoxigraph results)."""
        kwargs.setdefault("use_default_graph_as_union", True)
        kwargs.setdefault("prefixes", PREFIXES)
        return self.inner.query(sparql, **kwargs)

    def select(self, sparql: str, **kwargs: Any) -> list[Row]:
        """A SELECT query as a list of ``{variable: term or None}`` dicts."""
        res = self.query(sparql, **kwargs)
        if not isinstance(res, QuerySolutions):
            raise TypeError("select() needs a SELECT query")
        names = [v.value for v in res.variables]
        return [{n: row[n] for n in names} for row in res]

    def ask(self, sparql: str) -> bool:
        """An ASK query as a bool."""
        return bool(self.query(sparql))

    def graphs(self) -> list[NamedNode]:
        """Named graphs in the store (one per source text, plus the shared kb graph), sorted."""
        return sorted(
            (g for g in self.inner.named_graphs() if isinstance(g, NamedNode)), key=lambda g: g.value
        )

    def quads(self, graph: str | NamedNode | None = None) -> Iterator[Quad]:
        """The quads of one named graph, or with None every quad in the store."""
        g = graph_node(graph) if graph is not None else None
        return iter(self.inner.quads_for_pattern(None, None, None, g))

    def quads_for_pattern(
        self,
        subject: Term | None = None,
        predicate: NamedNode | None = None,
        obj: Term | None = None,
        graph_name: NamedNode | DefaultGraph | None = None,
    ) -> Iterator[Quad]:
        """Indexed quad lookup (``None`` = any)."""
        return iter(self.inner.quads_for_pattern(subject, predicate, obj, graph_name))

    def __len__(self) -> int:
        """Number of quads in the store."""
        return len(self.inner)

    # -- writing
    def update(self, sparql: str) -> None:
        """One SPARQL UPDATE request, applied in a single transaction."""
        self.inner.update(sparql, prefixes=PREFIXES)

    def replace_graph(
        self,
        graph_iri: str | NamedNode,
        quads: Iterable[Quad],
        *,
        drop: Iterable[str | NamedNode] = (),
        delete: Iterable[Quad] = (),
    ) -> None:
        """Atomically make ``graph_iri`` hold exactly ``quads`` (their graph name is forced to it), and in the
        same transaction drop the graphs in ``drop`` and delete the quads in ``delete``."""
        g = graph_node(graph_iri)
        drop, delete = list(drop), list(delete)
        if (
            not drop
            and not delete
            and next(iter(self.inner.quads_for_pattern(None, None, None, g)), None) is None
        ):
            # a new graph: one transactional extend (about 3x faster than parsing an UPDATE text)
            self.inner.extend(Quad(q.subject, q.predicate, q.object, g) for q in quads)
            return
        self.inner.update(replace_graph_update(g, list(quads), drop, delete))

    def bulk_load_nquads(self, data: bytes, *, atomic: bool = False, trusted: bool = False) -> None:
        """Add N-Quads with Oxigraph's bulk loader (several times faster than a transaction: no write-ahead log).

        Not a transaction in general, but one call with fewer than 1,000,000 quads is loaded as one batch, which
        RocksDB ingests atomically (:mod:`kg.ingest.writer` relies on that). ``atomic``: a plain transaction
        instead, for small writes that must be all or nothing. ``trusted``: ``data`` is pyoxigraph's own
        serialisation of terms it built (a build's batches), so its IRIs are not validated again (the loader's
        ``lenient`` mode: 4-7% less time on the corpus's 682k quads); never for files a user hands in."""
        if not data:
            return
        if atomic:
            self.inner.load(data, format=pyoxigraph.RdfFormat.N_QUADS, lenient=trusted)
        else:
            self.inner.bulk_load(data, format=pyoxigraph.RdfFormat.N_QUADS, lenient=trusted)

    def drop_graph(self, graph_iri: str | NamedNode) -> None:
        """Remove one named graph (no error when it does not exist)."""
        self.inner.update(f"DROP SILENT GRAPH {graph_node(graph_iri)}")

    def __repr__(self) -> str:
        return f"Store({str(self.path) if self.path else 'memory'})"


__all__ = ["Store", "StoreError"]
