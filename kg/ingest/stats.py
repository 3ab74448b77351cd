"""Refresh ``vnld:graph/stats``: in-degree counts and rankings (:mod:`kg.graph.stats`), so "most cited" and
"most implemented" are an index lookup instead of a ``GROUP BY`` over millions of edges.

Called at the end of :func:`kg.ingest.kb.resolve_store`, so every ``kg build`` and ``kg resolve`` leaves counts
that agree with the graph. Each count is computed by its measure's own live SPARQL (Oxigraph groups encoded
terms without decoding them, far faster than reading the edges into Python); only the per-document totals cross
into Python. A refresh that finds the same counts writes nothing (a no-op build leaves the store untouched).
``build(..., resolve=False)`` skips it with the kb: the counts stay those of the last resolve until the next one.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyoxigraph import Literal, NamedNode, Quad

from kg.graph.stats import CARD_MIN_GRAPHS, COUNTS_FOR, DIGEST, MEASURES, STATS_GRAPH, card_text, stats_quads
from kg.store import Store

__all__ = ["StatsReport", "compute_cards", "compute_counts", "refresh_stats"]


@dataclass(slots=True)
class StatsReport:
    """What a refresh did: documents with a count, quads of the graph, whether it was rewritten, seconds."""

    documents: int = 0
    quads: int = 0
    written: bool = False
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "quads": self.quads,
            "written": self.written,
            "seconds": round(self.seconds, 3),
        }


def compute_counts(st: Any) -> dict[str, dict[str, int]]:
    """measure name -> {document IRI: count}, each by the measure's live query over the union of graphs."""
    out: dict[str, dict[str, int]] = {}
    for m in MEASURES:
        out[m.name] = {
            row[0].value: int(row[1].value)
            for row in st.query(m.live, use_default_graph_as_union=True)
            if isinstance(row[0], NamedNode)
        }
    return out


def compute_cards(st: Any, counts: dict[str, dict[str, int]]) -> dict[str, str]:
    """document IRI -> its card, for the documents many others name (:mod:`kg.graph.stats`). Which documents get
    one only decides speed, never an answer: those whose counts add up to :data:`CARD_MIN_GRAPHS` (each citing
    text describes them again), found from the counts rather than by another pass over every relation."""
    total: dict[str, int] = {}
    for by_doc in counts.values():
        for d, n in by_doc.items():
            total[d] = total.get(d, 0) + n
    out: dict[str, str] = {}
    for d in sorted(d for d, n in total.items() if n >= CARD_MIN_GRAPHS):
        node = NamedNode(d)
        pairs = st.query(f"SELECT DISTINCT ?p ?o WHERE {{ {node} ?p ?o }}", use_default_graph_as_union=True)
        out[d] = card_text(((r[0], r[1]) for r in pairs), d)
    return out


def refresh_stats(store: Any | str | Path | None) -> StatsReport:
    """Recompute the counts and rewrite ``vnld:graph/stats`` when they changed. Deterministic."""
    t0 = time.perf_counter()
    st = Store.open(store, create=False)
    g = NamedNode(STATS_GRAPH)
    counts = compute_counts(st)
    h = hashlib.sha256()
    quads: list[Quad] = []
    docs = 0
    for q in stats_quads(counts, compute_cards(st, counts)):
        h.update(f"{q}\n".encode())
        quads.append(q)
        docs += q.predicate.value == COUNTS_FOR
    digest = h.hexdigest()
    if quads:  # no counts at all: no graph (the live answer is the same empty ranking)
        quads.append(Quad(g, NamedNode(DIGEST), Literal(digest), g))
    old = next(iter(st.quads_for_pattern(g, NamedNode(DIGEST), None, g)), None)
    rep = StatsReport(documents=docs, quads=len(quads))
    if not quads:
        if old is not None:
            st.drop_graph(g)
            rep.written = True
    elif old is None or old.object.value != digest:
        # a local replace of a big graph would go through one huge UPDATE text: drop it, then write it anew in
        # one transaction. A reader in between finds no digest and computes the counts live (same answers).
        st.drop_graph(g)
        st.replace_graph(g, quads)
        rep.written = True
    rep.seconds = time.perf_counter() - t0
    if st is not store:
        st.close()
    return rep
