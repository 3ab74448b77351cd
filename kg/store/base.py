"""The one interface every graph store offers, so ingest, query and export never ask which store they got.

``kg.store.local.Store`` (embedded Oxigraph) and ``kg.store.remote.RemoteStore`` (a SPARQL 1.1 server) both
implement it structurally, without a common base class: each is complete on its own, and a third store (a test
double, another engine) needs no kg import to qualify.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from types import TracebackType
from typing import Any, Protocol, Self, runtime_checkable

from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad

#: An RDF term as pyoxigraph gives it (both stores return pyoxigraph terms).
Term = NamedNode | BlankNode | Literal
#: One SELECT row: variable name (without ``?``) -> term, or None when unbound.
Row = dict[str, Term | None]


@runtime_checkable
class GraphStore(Protocol):
    """A set of named graphs (one per source text, plus the shared kb graph) that SPARQL reads as their union.

    Queries see the union of the named graphs as their default graph and know the project prefixes
    (``kg.vocab.PREFIXES``). ``graphs()``, ``len()`` and ``quads()`` cover the store's own graphs.
    """

    # -- reading
    def query(self, sparql: str, **kwargs: Any) -> Any:
        """pyoxigraph results (QuerySolutions, QueryBoolean or QueryTriples); kwargs as ``pyoxigraph.Store.query``."""
        ...

    def select(self, sparql: str, **kwargs: Any) -> list[Row]:
        """A SELECT query as a list of rows."""
        ...

    def ask(self, sparql: str) -> bool:
        """An ASK query as a bool."""
        ...

    def quads(self, graph: str | NamedNode | None = None) -> Iterator[Quad]:
        """The quads of one named graph; with None, every quad of the store's own graphs."""
        ...

    def quads_for_pattern(
        self,
        subject: Term | None = None,
        predicate: NamedNode | None = None,
        obj: Term | None = None,
        graph_name: NamedNode | DefaultGraph | None = None,
    ) -> Iterator[Quad]:
        """Quads matching a pattern (``None`` = any), the indexed lookup the query layer relies on."""
        ...

    def graphs(self) -> list[NamedNode]:
        """The store's named graphs, sorted by IRI."""
        ...

    def __len__(self) -> int:
        """Number of quads in the store's own graphs."""
        ...

    # -- writing
    def update(self, sparql: str) -> None:
        """One SPARQL Update request."""
        ...

    def replace_graph(
        self,
        graph_iri: str | NamedNode,
        quads: Iterable[Quad],
        *,
        drop: Iterable[str | NamedNode] = (),
        delete: Iterable[Quad] = (),
    ) -> None:
        """Make ``graph_iri`` hold exactly ``quads``, dropping the graphs in ``drop`` and deleting the quads in
        ``delete`` in the same request."""
        ...

    def drop_graph(self, graph_iri: str | NamedNode) -> None:
        """Remove one named graph (no error when it does not exist)."""
        ...

    # -- lifetime
    def close(self) -> None:
        """Release the store (flush and unlock a local one); the object is unusable afterwards."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None: ...


__all__ = ["GraphStore", "Row", "Term"]
