"""Most cited, most implemented: rankings read from the materialised counts of ``vnld:graph/stats`` when the
store has them (an index lookup, milliseconds at a million documents), else computed live (the same rows).

:mod:`kg.graph.stats` defines each measure by its live SPARQL; the ranking of either path is ``ORDER BY
DESC(count) ?document``, so the two give identical rows. :func:`has_stats` is also how the ready-made queries
pick their materialised variant (:func:`kg.query.sparql.named_query`).
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from kg.errors import QueryError
from kg.graph.stats import COUNTS_FOR, DIGEST, MEASURES, RANKED, STATS_GRAPH, Measure, measure

__all__ = ["has_stats", "live_ranking", "most_cited", "most_implemented", "ranking"]

_G = ox.NamedNode(STATS_GRAPH)


def has_stats(store: Any) -> bool:
    """Whether the store holds a complete stats graph (its digest is written last, in the same transaction)."""
    return next(iter(store.quads_for_pattern(_G, ox.NamedNode(DIGEST), None, _G)), None) is not None


def _measure(name: str) -> Measure:
    try:
        return measure(name)
    except KeyError:
        names = ", ".join(m.name for m in MEASURES)
        raise QueryError(f"no ranking {name!r} (one of: {names})") from None


def _top(top: int) -> int:
    if top < 1:
        raise QueryError("--top must be at least 1")
    return top


def _rows(res: Any) -> list[tuple[str, int]]:
    return [(r[0].value, int(r[1].value)) for r in res]


def live_ranking(store: Any, name: str, top: int = 10) -> list[tuple[str, int]]:
    """The ranking by the measure's live ``GROUP BY`` (what the materialised one must equal)."""
    m = _measure(name)
    q = f"{m.live} ORDER BY DESC(?n) ?d LIMIT {_top(top)}"
    return _rows(store.query(q, use_default_graph_as_union=True))


def ranking(store: Any, name: str, top: int = 10) -> list[tuple[str, int]]:
    """``(document IRI, count)`` of the ``top`` documents by measure ``name``, highest first, ties by IRI.
    Read from ``vnld:graph/stats`` when the store has it and ``top`` is within its :data:`RANKED` ranks."""
    m = _measure(name)
    if _top(top) > RANKED or not has_stats(store):
        return live_ranking(store, name, top)
    ranks = " ".join(str(r) for r in range(1, top + 1))  # exact lookups: a FILTER would scan every rank
    q = (
        f"SELECT ?d ?n WHERE {{ VALUES ?r {{ {ranks} }} GRAPH <{STATS_GRAPH}> {{ ?x <{m.rank}> ?r . "
        f"?x <{COUNTS_FOR}> ?d ; <{m.count}> ?n }} }} ORDER BY ?r"
    )
    return _rows(store.query(q))


def most_cited(store: Any, top: int = 10) -> list[tuple[str, int]]:
    """Documents most based on or cited (``vnl:basedOn``, ``vnl:cites``) by distinct documents."""
    return ranking(store, "cited", top)


def most_implemented(store: Any, top: int = 10) -> list[tuple[str, int]]:
    """Documents implemented by the most distinct documents (``vnl:implements``)."""
    return ranking(store, "implemented", top)
