"""Numbers worth knowing about the document graph (``kg stats``): totals, rankings, components, density.

Kept apart from :mod:`kg.export.network`, which reads the store into a graph: this module only describes a
graph it is given (or the whole store's), so filtered graphs can be described with the same code.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import networkx as nx

from kg.export.network import BODY_RELATIONS, to_networkx


def stats(source: Any, *, top: int = 10) -> dict[str, Any]:
    """Numbers worth knowing about a graph: most cited, most implemented/implementing, components, density.

    ``source`` is a store or a graph from :func:`to_networkx` (so filtered graphs can be described too).
    """
    G = source if isinstance(source, nx.Graph) else to_networkx(source)
    docs = [n for n, a in G.nodes(data=True) if a.get("kind") != "body"]
    D = G.subgraph(docs)
    rel_edges = [(u, v, k) for u, v, k in D.edges(keys=True) if k not in BODY_RELATIONS]

    def entry(n: str, count: int) -> dict[str, Any]:
        a = G.nodes[n]
        return {"id": n, "symbol": a.get("symbol", ""), "label": a.get("label", ""), "count": count}

    def ranking(counter: Counter[str]) -> list[dict[str, Any]]:
        items = sorted(
            ((c, n) for n, c in counter.items() if c > 0), key=lambda x: (-x[0], G.nodes[x[1]]["label"])
        )
        return [entry(n, c) for c, n in items[:top]]

    implemented: Counter[str] = Counter()
    implementing: Counter[str] = Counter()
    for u, v, k in rel_edges:
        if k == "implements":
            implemented[v] += 1
            implementing[u] += 1
    cited = Counter({n: int(D.nodes[n].get("cited", 0)) for n in D})
    comps = sorted(nx.weakly_connected_components(D), key=len, reverse=True) if len(D) else []
    simple = nx.DiGraph()
    simple.add_nodes_from(D)
    simple.add_edges_from((u, v) for u, v, _k in rel_edges)
    dates = sorted(a["date"] for _, a in D.nodes(data=True) if a.get("date"))
    chain: list[str] = []
    impl = nx.DiGraph((u, v) for u, v, k in rel_edges if k == "implements")
    if len(impl) and nx.is_directed_acyclic_graph(impl):
        chain = nx.dag_longest_path(impl)
    return {
        "documents": len(D),
        "unresolved": sum(1 for _, a in D.nodes(data=True) if a.get("kind") == "unresolved"),
        "bodies": len(G) - len(D),
        "relations": len(rel_edges),
        "relations_by_type": dict(
            sorted(Counter(k for _, _, k in rel_edges).items(), key=lambda x: (-x[1], x[0]))
        ),
        "documents_by_type": dict(
            sorted(
                Counter(a.get("type", "") for _, a in D.nodes(data=True)).items(), key=lambda x: (-x[1], x[0])
            )
        ),
        "documents_by_jurisdiction": dict(
            sorted(
                Counter(a.get("jurisdiction") or "(unknown)" for _, a in D.nodes(data=True)).items(),
                key=lambda x: (-x[1], x[0]),
            )
        ),
        "density": nx.density(simple) if len(simple) > 1 else 0.0,
        "components": len(comps),
        "largest_component": len(comps[0]) if comps else 0,
        "isolated": sum(1 for n in simple if simple.degree(n) == 0),
        "dated": len(dates),
        "earliest": dates[0] if dates else "",
        "latest": dates[-1] if dates else "",
        "most_cited": ranking(cited),
        "most_implemented": ranking(implemented),
        "most_implementing": ranking(implementing),
        "longest_implementation_chain": [G.nodes[n].get("symbol") or G.nodes[n].get("label") for n in chain],
    }
