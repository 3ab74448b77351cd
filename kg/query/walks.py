"""The graph walks: who implements X (``implements``), what X implements up to the roots (``trace``), and
how two documents are connected (``path``), each with the evidence of every hop.

Transitive questions are answered by walking relation edges from Python with indexed quad lookups instead
of SPARQL property paths: Oxigraph plans ``?plan a X ; vnl:implements+ ?doc`` badly (1000x slower on the
benchmark graph), rdflib's paths recurse, and a walk gives the depth, the path and the evidence of each hop
for free. Every function takes a store and returns a result object of :mod:`kg.query.results` (re-exported
here) with ``to_json``, ``to_rows`` and ``to_tree``; the CLI only picks one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pyoxigraph as ox

from kg.errors import QueryError
from kg.query.filters import date_bound, in_dates, in_places, jurisdiction_slugs, relation_iri, relation_names
from kg.query.lookup import resolve_document
from kg.query.results import ROW_FIELDS, Hop, Implementer, ImplementsResult, PathResult, TraceResult
from kg.query.view import LINKS, DocInfo, GraphView, predicate_name
from kg.vocab import RELATION_IRIS, VNLD

__all__ = [
    "ROW_FIELDS",
    "Hop",
    "Implementer",
    "ImplementsResult",
    "PathResult",
    "TraceResult",
    "implements",
    "path",
    "trace",
]


def _resolve(view: GraphView, x: str) -> DocInfo:
    return resolve_document(view.store, x, view=view)


def _place_exists(view: GraphView) -> Callable[[str], bool]:
    """A jurisdiction slug the tables do not know still counts when the graph has that place."""
    return lambda slug: view.exists(VNLD + "place/" + slug)


# --------------------------------------------------------------------------------------------- implements


def implements(
    store: Any,
    x: str,
    depth: int | None = None,
    jurisdiction: str | None = None,
    since: str | None = None,
    until: str | None = None,
    *,
    relation: str = "implements",
    editorial: bool = True,
) -> ImplementsResult:
    """Every document that implements ``x`` directly or through a chain, nearest first.

    ``depth`` limits the chain length; ``jurisdiction`` / ``since`` / ``until`` filter the listed
    documents, not the walk (a provincial plan implementing a national one still counts). ``editorial=False``
    leaves out what only a portal's editorial note says (``vnl:EditorialNote``): its evidence, and the edges
    that have no other evidence. By default it is listed, labelled "[portal note]".
    """
    if depth is not None and depth < 1:
        raise QueryError("--depth must be at least 1")
    view = GraphView(store)
    pred = ox.NamedNode(relation_iri(relation))
    lo, hi = date_bound(since, upper=False), date_bound(until, upper=True)
    places = jurisdiction_slugs(jurisdiction, _place_exists(view))
    target = _resolve(view, x)

    done = view.equivalents(target.iri)
    parent: dict[str, str] = {}
    level: dict[str, int] = {}
    frontier = [target.iri]
    d = 0
    while frontier and (depth is None or d < depth):
        d += 1
        nxt: list[str] = []
        found_by: list[tuple[str, set[str]]] = []
        for node in frontier:
            subs: set[str] = set()
            for eq in view.equivalents(node):
                subs.update(
                    s.value
                    for s in view.subjects(pred, ox.NamedNode(eq))
                    if isinstance(s, ox.NamedNode) and (editorial or _stated(view, s.value, pred.value, eq))
                )
            found_by.append((node, subs - done))
        view.prefetch_docs(s for _node, subs in found_by for s in subs - done)
        for node, subs in found_by:
            for s in sorted(subs, key=lambda i: (view.doc(i).name, i)):
                if s in done:
                    continue
                done.add(s)
                parent[s], level[s] = node, d
                nxt.append(s)
        frontier = nxt

    # the evidence of every listed hop, one query per parent instead of two reads per implementer
    view.prefetch_evidence(pred.value, sorted({eq for iri in level for eq in view.equivalents(parent[iri])}))

    # the chain of each implementer reuses its parent's (level order: parents come first)
    chains: dict[str, list[DocInfo]] = {target.iri: []}
    found: list[Implementer] = []
    for iri, lvl in level.items():
        up = parent[iri]
        chains[iri] = [] if up == target.iri else [view.doc(up), *chains[up]]
        doc = view.doc(iri)
        if not (in_places(doc, places) and in_dates(doc, lo, hi)):
            continue
        evidence = [
            e
            for eq in view.equivalents(up)
            for e in view.evidence(iri, pred.value, eq)
            if editorial or not e.editorial
        ]
        found.append(Implementer(doc=doc, depth=lvl, via=chains[iri], evidence=evidence))
    found.sort(key=lambda i: (i.depth, i.doc.date or "9999", i.doc.name, i.doc.iri))
    return ImplementsResult(query=x, target=target, implementers=found, relation=relation)


def _stated(view: GraphView, s: str, p: str, o: str) -> bool:
    """The edge is stated by a text itself: some evidence is not a portal's note (or it has none to judge)."""
    ev = view.evidence(s, p, o)
    return not ev or any(not e.editorial for e in ev)


# --------------------------------------------------------------------------------------------- trace


def trace(
    store: Any,
    x: str,
    depth: int | None = None,
    *,
    relation: str = "implements",
    max_paths: int = 200,
) -> TraceResult:
    """What ``x`` implements, up to the root documents (those implementing nothing), with every path."""
    if depth is not None and depth < 1:
        raise QueryError("--depth must be at least 1")
    view = GraphView(store)
    pred = ox.NamedNode(relation_iri(relation))
    target = _resolve(view, x)

    def ups(iri: str) -> list[str]:
        out: set[str] = set()
        for eq in view.equivalents(iri):
            out.update(o.value for o in view.objects(ox.NamedNode(eq), pred) if isinstance(o, ox.NamedNode))
        return sorted(out, key=lambda i: (view.doc(i).name, i))

    dist: dict[str, int] = {}
    frontier, d = [target.iri], 0
    seen = view.equivalents(target.iri)
    while frontier and (depth is None or d < depth):
        d += 1
        nxt = []
        for node in frontier:
            for up in ups(node):
                if up not in seen:
                    seen.add(up)
                    dist[up] = d
                    nxt.append(up)
        frontier = nxt

    paths: list[list[str]] = []
    truncated = False

    # depth first, iteratively (chains can be thousands long); each path ends at a root or the depth limit
    stack: list[tuple[str, tuple[str, ...]]] = [(target.iri, (target.iri,))]
    while stack:
        node, trail = stack.pop()
        at_limit = depth is not None and len(trail) - 1 >= depth
        on_trail = set(trail)
        nexts = [] if at_limit else [u for u in ups(node) if u in dist and u not in on_trail]
        if not nexts:
            if len(trail) > 1:
                if len(paths) >= max_paths:
                    truncated = True
                    break
                paths.append(list(trail))
            continue
        stack.extend((u, (*trail, u)) for u in reversed(nexts))

    hop_paths = [
        [
            Hop(view.doc(a), view.doc(b), predicate_name(pred.value), True, view.evidence(a, pred.value, b))
            for a, b in zip(p, p[1:], strict=False)
        ]
        for p in paths
    ]
    ancestors = sorted(((view.doc(i), n) for i, n in dist.items()), key=lambda t: (t[1], t[0].name))
    roots = [doc for doc, _ in ancestors if not ups(doc.iri)]
    return TraceResult(x, target, ancestors, roots, hop_paths, truncated)


# --------------------------------------------------------------------------------------------- path


def path(
    store: Any,
    a: str,
    b: str,
    *,
    max_hops: int = 8,
    relations: Iterable[str] | None = None,
    max_paths: int = 20,
) -> PathResult:
    """The shortest ways ``a`` is connected to ``b`` by document relations, in either direction."""
    if max_hops < 1:
        raise QueryError("--max-hops must be at least 1")
    view = GraphView(store)
    preds = (
        {RELATION_IRIS[r] for r in relation_names(relations)}
        if relations
        else {*RELATION_IRIS.values(), *LINKS}
    )
    src, dst = _resolve(view, a), _resolve(view, b)
    goal = view.equivalents(dst.iri)

    def neighbours(iri: str) -> list[tuple[str, str, bool]]:
        node = ox.NamedNode(iri)
        out = {
            (o.value, p.value, True)
            for p, o in view.outgoing(node)
            if p.value in preds and isinstance(o, ox.NamedNode)
        }
        out |= {
            (s.value, p.value, False)
            for s, p in view.incoming(node)
            if p.value in preds and isinstance(s, ox.NamedNode)
        }
        return sorted(out, key=lambda t: (view.doc(t[0]).name, t[1], t[2]))

    # breadth first from a, keeping every predecessor on a shortest path
    preds_of: dict[str, list[tuple[str, str, bool]]] = {src.iri: []}
    dist = {src.iri: 0}
    frontier, hit = [src.iri], src.iri in goal
    while frontier and not hit and dist[frontier[0]] < max_hops:
        nxt: list[str] = []
        for node in frontier:
            for other, p, fwd in neighbours(node):
                if other not in dist:
                    dist[other] = dist[node] + 1
                    preds_of[other] = []
                    nxt.append(other)
                if dist[other] == dist[node] + 1:
                    preds_of[other].append((node, p, fwd))
        frontier = nxt
        hit = any(n in goal for n in frontier)

    ends = [n for n in frontier if n in goal] if hit else []
    paths: list[list[Hop]] = []
    truncated = False

    # walk the predecessor lists back from each end, iteratively, to list every shortest path
    stack: list[tuple[str, list[Hop]]] = [] if src.iri in goal else [(end, []) for end in reversed(ends)]
    while stack:
        node, tail = stack.pop()
        if node == src.iri:
            if len(paths) >= max_paths:
                truncated = True
                break
            paths.append(tail)
            continue
        for prev, p, fwd in reversed(preds_of[node]):
            s, o = (prev, node) if fwd else (node, prev)
            hop = Hop(view.doc(prev), view.doc(node), predicate_name(p), fwd, view.evidence(s, p, o))
            stack.append((prev, [hop, *tail]))
    return PathResult((a, b), src, dst, paths, truncated)
