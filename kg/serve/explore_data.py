"""What the explorer shows, as plain data: a document's card, its implementation cascade and search hits.

Kept apart from the HTTP side and the markup so the same dictionaries feed the HTML page and
``/explore/graph.json``, and can be tested without a socket. Everything comes from the existing readers
(:func:`kg.query.lookup.find_documents`, :func:`kg.query.walks.implements` / ``trace``,
:func:`kg.query.status.status`); nothing here writes SPARQL from user text.

Bounded: the walks stop at ``MAX_DEPTH`` hops each way and the drawn cascade at ``MAX_NODES`` documents (a
national decree can have hundreds of implementers in a full corpus; the page says when it was cut).
"""

from __future__ import annotations

import itertools
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox

from kg.query.lookup import find_documents, parse_reference
from kg.query.render import snippet
from kg.query.status import status
from kg.query.view import RDFS_LABEL, SYMBOL, DocInfo, Evidence, GraphView, vnl
from kg.query.walks import implements, trace
from kg.text.fold import fold_key, symbol_key
from kg.vocab import RELATION_IRIS, VNLD

MAX_DEPTH = 8  # hops of the cascade each way (down to implementers, up to the roots)
MAX_NODES = 300  # documents drawn; the nearest are kept
MAX_SUGGEST = 20  # candidates listed for an unknown or ambiguous input
MAX_SCAN = 200_000  # symbol quads read when looking for near matches of an unknown input
MAX_EVIDENCE = 4  # evidence sentences per edge

IMPLEMENTS = RELATION_IRIS["implements"]
_TITLE = vnl("title")


def doc_url(iri: str) -> str:
    """The explorer view of a document: every document links to its own view by IRI (never ambiguous)."""
    return "/explore?" + urlencode({"doc": iri})


def doc_json(d: DocInfo) -> dict[str, Any]:
    """A document as every explorer answer names it (the keys of :meth:`DocInfo.to_json`, plus its view)."""
    return {
        **d.to_json(),
        "name": d.name,
        "title": d.title,
        "place": d.jurisdiction_label or d.jurisdiction,
        "unresolved": d.unresolved,
        "url": doc_url(d.iri),
    }


def source_url(e: Evidence, view: GraphView) -> str | None:
    """The served ``kg annotate`` view of the evidence's source, at the evidence; None without a source IRI."""
    if not e.source_iri:
        return None
    params: dict[str, Any] = {"src": e.source_iri}
    for key, value in (
        ("start", e.start),
        ("end", e.end),
        ("ostart", e.object_start),
        ("oend", e.object_end),
    ):
        if value is not None:
            params[key] = value
    anchor = f"#m-{e.object_start}-{e.object_end}" if e.object_start is not None else ""
    return "/source?" + urlencode(params) + anchor


def evidence_json(e: Evidence, view: GraphView) -> dict[str, Any]:
    return {
        "snippet": snippet(e),
        "text": e.text,
        "source": e.source,
        "article": e.article,
        "cue": e.cue,
        "editorial": e.editorial,
        "start": e.start,
        "end": e.end,
        "source_url": source_url(e, view),
    }


# ----------------------------------------------------------------------------------------------- search


def suggest(
    store: Any, text: str, *, view: GraphView | None = None, limit: int = MAX_SUGGEST
) -> list[DocInfo]:
    """Near matches for an input that names no document: symbols or titles containing what was typed (folded),
    else sharing its number. Reads at most ``MAX_SCAN`` symbols, so a miss costs a bounded scan."""
    view = view or GraphView(store)
    want = fold_key(text or "").strip()
    if len(want) < 2:
        return []
    try:
        ref = parse_reference(text)
        key = ref.key or ""
        number = ref.number or ""
    except ValueError:
        key = number = ""
    hits: dict[str, None] = {}
    docs_ns = (VNLD + "doc/", VNLD + "ref/")
    scans = (view.store.quads_for_pattern(None, p, None, None) for p in (SYMBOL, RDFS_LABEL, _TITLE))
    for q in itertools.islice(itertools.chain.from_iterable(scans), MAX_SCAN):
        s = q.subject
        if not isinstance(s, ox.NamedNode) or s.value in hits or not s.value.startswith(docs_ns):
            continue
        value = q.object.value
        skey = symbol_key(value) if q.predicate == SYMBOL else ""
        if want in fold_key(value) or (key and key in skey) or (number and skey.split("/", 1)[0] == number):
            hits[s.value] = None
            if len(hits) >= limit:
                break
    docs = [view.doc(i) for i in hits]
    return sorted(docs, key=lambda d: (d.unresolved, d.name, d.iri))


def search(store: Any, text: str) -> dict[str, Any]:
    """What the search box answers: ``found`` (one document), ``ambiguous`` (its candidates), ``none`` (near
    matches, maybe none) or ``invalid`` (the input cannot name a document, with the reason)."""
    view = GraphView(store)
    try:
        docs = find_documents(store, text, view=view)
    except ValueError as exc:  # LookupFailed: unreadable input
        near = suggest(store, text, view=view)
        return {
            "query": text,
            "result": "invalid",
            "message": str(exc),
            "candidates": [doc_json(d) for d in near],
        }
    if len(docs) == 1:
        return {"query": text, "result": "found", "document": doc_json(docs[0]), "candidates": []}
    if docs:
        return {"query": text, "result": "ambiguous", "candidates": [doc_json(d) for d in docs[:MAX_SUGGEST]]}
    near = suggest(store, text, view=view)
    return {"query": text, "result": "none", "candidates": [doc_json(d) for d in near]}


# ----------------------------------------------------------------------------------------------- cascade


def cascade(store: Any, iri: str) -> dict[str, Any]:
    """The implementation cascade around one document (given by IRI): what implements it, down the chain,
    and what it implements, up to the roots, as nodes and ``implements`` edges with their evidence."""
    view = GraphView(store)
    down = implements(store, iri, depth=MAX_DEPTH)
    up = trace(store, iri, depth=MAX_DEPTH)
    target = down.target
    level: dict[str, int] = {target.iri: 0}
    for imp in down.implementers:
        level.setdefault(imp.doc.iri, imp.depth)
    for doc, n in up.ancestors:
        level.setdefault(doc.iri, -n)
    ordered = sorted(level, key=lambda i: (abs(level[i]), level[i] < 0, view.doc(i).name, i))
    truncated = len(ordered) > MAX_NODES
    kept = ordered[:MAX_NODES]
    # a text and its other copies (vnl:sameDocumentAs) are one node: edges stated about a copy count for it
    node_of: dict[str, str] = {}
    for i in kept:
        for eq in view.equivalents(i):
            node_of.setdefault(eq, i)
    roots = {d.iri for d in up.roots}
    nodes = []
    for i in kept:
        d = view.doc(i)
        role = "target" if i == target.iri else ("implementer" if level[i] > 0 else "implemented")
        nodes.append({**doc_json(d), "id": i, "level": level[i], "role": role, "root": i in roots})
    pred = ox.NamedNode(IMPLEMENTS)
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    for copy, node in node_of.items():
        for o in view.objects(ox.NamedNode(copy), pred):
            if not isinstance(o, ox.NamedNode) or o.value not in node_of:
                continue
            other = node_of[o.value]
            if other == node:
                continue
            edge = edges.setdefault(
                (node, other),
                {
                    "id": f"e{len(edges)}",
                    "source": node,
                    "target": other,
                    "relation": "implements",
                    "evidence": [],
                },
            )
            for e in view.evidence(copy, IMPLEMENTS, o.value):
                if len(edge["evidence"]) < MAX_EVIDENCE:
                    edge["evidence"].append(evidence_json(e, view))
    for edge in edges.values():
        edge["from"] = view.doc(edge["source"]).name
        edge["to"] = view.doc(edge["target"]).name
    return {
        "document": doc_json(target),
        "nodes": nodes,
        "edges": sorted(edges.values(), key=lambda e: (abs(level[e["source"]]), e["from"], e["to"])),
        "truncated": truncated or up.truncated,
        "max_nodes": MAX_NODES,
        "max_depth": MAX_DEPTH,
    }


def timeline(nodes: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """The cascade by province, each province's documents by date (undated last); provinces by first date."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for n in nodes:
        groups.setdefault(n.get("place") or "(place unknown)", []).append(n)
    for docs in groups.values():
        docs.sort(key=lambda n: (n.get("date") or "9999", n["name"]))
    return sorted(groups.items(), key=lambda kv: (kv[1][0].get("date") or "9999", kv[0]))


def card(store: Any, iri: str) -> dict[str, Any]:
    """The document's card: its identity, dates and legal status as far as the graph knows."""
    view = GraphView(store)
    d = view.doc(iri)
    st = status(store, iri, view=view)
    return {
        **doc_json(d),
        "status": st.status,
        "since": st.since,
        "at": st.at,
        "effective_date": st.effective_date,
        "expiry_date": st.expiry_date,
        "basis": st.basis,
        "history": [
            {
                "symbol": c.doc.name,
                "url": doc_url(c.doc.iri),
                "relation": c.relation,
                "partial": c.partial,
                "date": c.date,
                "in_effect": c.date is None or c.date <= st.at,
                "evidence": evidence_json(c.evidence, view) if c.evidence else None,
            }
            for c in st.history
        ],
    }


__all__ = [
    "MAX_DEPTH",
    "MAX_NODES",
    "card",
    "cascade",
    "doc_json",
    "doc_url",
    "search",
    "suggest",
    "timeline",
]
