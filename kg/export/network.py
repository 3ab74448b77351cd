"""The knowledge graph as a networkx graph, so users can run graph algorithms and export to Gephi.

``to_networkx`` reads the RDF store (the vocabulary of ``ontology/README.md``) into a
``networkx.MultiDiGraph``: one node per document (optionally per issuing body), one edge per stated
relation, keyed by the relation name. Attribute values are never ``None`` and every node carries the
same keys with the same Python types, because GEXF/GraphML writers and Gephi need uniform columns.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from typing import Any

import networkx as nx

from kg.errors import ArgumentError
from kg.query.filters import jurisdiction_slugs, relation_names
from kg.query.lookup import resolve_document
from kg.query.sparql import with_prefixes
from kg.query.view import GraphView, place_slug
from kg.tables import read_table
from kg.text.fold import slug
from kg.vocab import RELATION_IRIS, VNLD

#: relation property IRI -> snake_case relation name (the edge key).
_RELATION_BY_IRI: dict[str, str] = {iri: name for name, iri in RELATION_IRIS.items()}
#: the relation properties, as a SPARQL VALUES list
_RELATION_VALUES = " ".join(f"<{iri}>" for iri in RELATION_IRIS.values())

#: vnl: classes that are not documents; every other vnl: class on a subject makes it a document.
_NON_DOCUMENT_CLASSES = {"IssuingBody", "Jurisdiction", "Person", "SourceText", "Mention", "Evidence"}

#: Edges added by ``with_bodies`` (not document relations, so not subject to ``relations=``).
BODY_RELATIONS = ("issued_by", "part_of")

#: Node attribute keys and their defaults: uniform columns for every node (documents and bodies).
NODE_DEFAULTS: dict[str, Any] = {
    "label": "",
    "kind": "document",  # document | unresolved | body
    "symbol": "",
    "type": "",  # ontology class local name: Resolution, Decision, OfficialLetter, ... (Document if unknown)
    "type_code": "",
    "type_name": "",
    "title": "",
    "issuer": "",  # issuing body label(s), "; "-joined for joint issuers
    "issuer_code": "",
    "jurisdiction": "",  # place slug: vn, quang-ngai, ... ("" when unknown)
    "date": "",  # YYYY-MM-DD ("" when unknown)
    "month": "",  # YYYY-MM when only the month is known (a draft with the day left blank)
    "year": "",  # "2025"; kept as a string so an unknown year is "" rather than a fake number
    "cited": 0,  # times cited: distinct documents that relate to or mention this one (whole store)
}
EDGE_DEFAULTS: dict[str, Any] = {"relation": "", "label": "", "weight": 1.0, "evidence": ""}


#: A filter that cannot be applied; the old name of :class:`kg.errors.ArgumentError`, kept importable.
NetworkError = ArgumentError


# --------------------------------------------------------------------------- store access


def _term(value: Any) -> str | None:
    """A pyoxigraph/rdflib term (or None) -> its lexical value; IRIs and literals alike."""
    if value is None:
        return None
    inner = getattr(value, "value", None)
    if isinstance(inner, str):
        return inner
    return str(value)


def select(store: Any, sparql: str) -> list[dict[str, str | None]]:
    """Rows of a SELECT over the union of graphs, as plain strings (the project prefixes predefined)."""
    rows = store.select(with_prefixes(sparql))
    return [{k.lstrip("?"): _term(v) for k, v in row.items()} for row in rows]


# --------------------------------------------------------------------------- helpers


def _pick(values: Iterable[str]) -> str:
    """One value out of several asserted by different sources: deterministic, not random."""
    vals = sorted(v for v in values if v)
    return vals[0] if vals else ""


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rstrip("/").rsplit("/", 1)[-1]


# --------------------------------------------------------------------------- reading the store


def _documents(store: Any) -> dict[str, dict[str, Any]]:
    """Every document (typed with a vnl: document class, or an endpoint of a relation), with attributes."""
    docs: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in select(
        store, ("SELECT DISTINCT ?d ?c WHERE { ?d a ?c . FILTER(STRSTARTS(STR(?c), STR(vnl:))) }")
    ):
        cls = _local(row["c"] or "")
        if cls and cls not in _NON_DOCUMENT_CLASSES and row["d"]:
            docs[row["d"]]["class"].add(cls)
    q = f"SELECT DISTINCT ?s ?o WHERE {{ VALUES ?p {{ {_RELATION_VALUES} }} ?s ?p ?o . FILTER(isIRI(?o)) }}"
    for row in select(store, q):
        for node in (row["s"], row["o"]):
            if node:
                docs[node]  # noqa: B018 - touching the defaultdict registers the document
    props = (
        "vnl:symbol vnl:typeCode vnl:typeName vnl:dateIssued vnl:monthIssued vnl:year vnl:title rdfs:label "
        "vnl:issuedBy vnl:issuerName vnl:jurisdiction"
    )
    q = f"SELECT ?d ?p ?o (LANG(?o) AS ?lang) WHERE {{ VALUES ?p {{ {props} }} ?d ?p ?o }}"
    for row in select(store, q):
        d = row["d"]
        if d in docs and row["o"] is not None:
            docs[d][_key(row["p"] or "", row.get("lang"))].add(row["o"])
    return docs  # type: ignore[return-value]


def _key(prop: str, lang: str | None) -> str:
    """Property local name; literals in another language than Vietnamese are kept apart, as a fallback."""
    name = _local(prop)
    return name if not lang or lang.lower().startswith("vi") else f"{name}@other"


def _bodies(store: Any) -> dict[str, dict[str, set[str]]]:
    bodies: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    q = (
        "SELECT ?b ?p ?o (LANG(?o) AS ?lang) WHERE { ?b a vnl:IssuingBody . "
        "OPTIONAL { VALUES ?p { rdfs:label vnl:code vnl:jurisdiction vnl:partOf } ?b ?p ?o } }"
    )
    for row in select(store, q):
        b = row["b"]
        if not b:
            continue
        bodies[b]  # noqa: B018
        if row["p"] and row["o"] is not None:
            bodies[b][_key(row["p"], row.get("lang"))].add(row["o"])
    return bodies


@cache
def _class_names() -> dict[str, str]:
    """Ontology class -> Vietnamese type name (the shortest name of the class), for labels."""
    names: dict[str, str] = {}
    for row in read_table("doc_type_names.tsv"):
        cls, name = row.get("class", ""), row.get("name_vi", "")
        if cls and name and (cls not in names or len(name) < len(names[cls])):
            names[cls] = name
    return names


@cache
def _issuer_names() -> dict[str, str]:
    """Issuer code slug -> Vietnamese name, for bodies the store gives no label."""
    out: dict[str, str] = {}
    for row in read_table("issuers.tsv"):
        if row.get("code") and row.get("name_vi"):
            out.setdefault(slug(row["code"]), row["name_vi"])
    return out


def _body_label(iri: str, a: dict[str, set[str]]) -> str:
    if a.get("label"):
        return _pick(a["label"])
    if a.get("label@other"):
        return _pick(a["label@other"])
    code = _pick(a.get("code", ())) or _local(iri)
    return _issuer_names().get(slug(code), code)


def _label_for_document(iri: str, a: dict[str, set[str]], type_name: str) -> str:
    """A label a reader recognises: ``Nghị quyết 57-NQ/TW``; what the store says wins."""
    if a.get("label"):
        return _pick(a["label"])
    symbol = _pick(a.get("symbol", ()))
    if not symbol and a.get("label@other"):
        return _pick(a["label@other"])
    if symbol:
        return f"{type_name} {symbol}".strip()
    title = _pick(a.get("title", ()))
    return f"{type_name} {title or _local(iri)}".strip()


def _document_class(classes: set[str]) -> tuple[str, str]:
    """(type, kind): the most specific class wins; UnresolvedReference makes the kind ``unresolved``."""
    kind = "unresolved" if "UnresolvedReference" in classes else "document"
    specific = sorted(classes - {"Document", "UnresolvedReference"})
    return (specific[0] if specific else "Document"), kind


def _read_graph(store: Any) -> nx.MultiDiGraph:
    """The whole document graph (no filters, no bodies); ``cited`` counted on it."""
    G = nx.MultiDiGraph()
    docs = _documents(store)
    bodies = _bodies(store)
    for iri, a in docs.items():
        issuers = sorted(a.get("issuedBy", ()))
        issuer_labels = [_body_label(b, bodies.get(b, {})) for b in issuers]
        if not issuers or not any(bodies.get(b, {}).get("label") for b in issuers):
            issuer_labels = sorted(a.get("issuerName", ())) or issuer_labels
        issuer_codes = [_pick(bodies.get(b, {}).get("code", ())) or _local(b).upper() for b in issuers]
        jur = _pick(place_slug(j) for j in a.get("jurisdiction", ()))
        if not jur and iri.startswith(VNLD + "doc/"):
            jur = iri[len(VNLD + "doc/") :].split("/", 1)[0]
        date = _pick(a.get("dateIssued", ()))[:10]
        month = _pick(a.get("monthIssued", ()))[:7] or date[:7]
        year = _pick(a.get("year", ())) or month[:4]
        typ, kind = _document_class(set(a.get("class", ())))
        type_name = _pick(a.get("typeName", ())) or _class_names().get(typ, "")
        G.add_node(
            iri,
            **{
                **NODE_DEFAULTS,
                "label": _label_for_document(iri, a, type_name),
                "kind": kind,
                "symbol": _pick(a.get("symbol", ())),
                "type": typ,
                "type_code": _pick(a.get("typeCode", ())),
                "type_name": type_name,
                "title": _pick(a.get("title", ())),
                "issuer": "; ".join(x for x in issuer_labels if x),
                "issuer_code": "-".join(x for x in issuer_codes if x),
                "jurisdiction": jur,
                "date": date,
                "month": month,
                "year": year,
            },
        )
    # evidence: how many times each relation is stated, and one sentence to show
    evidence: dict[tuple[str, str, str], tuple[int, str]] = {}
    q = (
        "SELECT ?s ?p ?o (COUNT(DISTINCT ?e) AS ?n) (MIN(STR(?t)) AS ?text) WHERE { "
        "?e a vnl:Evidence ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o . "
        "OPTIONAL { ?e vnl:text ?t } } GROUP BY ?s ?p ?o"
    )
    for row in select(store, q):
        rel = _RELATION_BY_IRI.get(row["p"] or "")
        if rel and row["s"] and row["o"]:
            evidence[(row["s"], rel, row["o"])] = (int(row["n"] or 0), " ".join((row["text"] or "").split()))
    q = f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?p {{ {_RELATION_VALUES} }} ?s ?p ?o . FILTER(isIRI(?o)) }}"
    rows = select(store, q)
    triples = sorted({(r["s"], _RELATION_BY_IRI[r["p"] or ""], r["o"]) for r in rows if r["s"] and r["o"]})
    for s, rel, o in triples:
        n, text = evidence.get((s, rel, o), (0, ""))
        G.add_edge(
            s, o, key=rel, relation=rel, label=rel.replace("_", " "), weight=float(max(n, 1)), evidence=text
        )
    # times cited: distinct other documents relating to it, or whose source text mentions it
    citers: dict[str, set[str]] = defaultdict(set)
    for s, _rel, o in triples:
        citers[o].add(s)
    q = "SELECT DISTINCT ?citer ?d WHERE { ?m vnl:mentionOf ?d ; vnl:source ?src . ?src vnl:describes ?citer }"
    for row in select(store, q):
        if row["d"] in G and row["citer"]:
            citers[row["d"]].add(row["citer"])
    for node, who in citers.items():
        if node in G:
            G.nodes[node]["cited"] = len(who - {node})
    G.graph["bodies"] = bodies  # consumed (and removed) by to_networkx
    G.graph["issued_by"] = {iri: sorted(a.get("issuedBy", ())) for iri, a in docs.items()}
    return G


# --------------------------------------------------------------------------- public API


def to_networkx(
    store: Any,
    *,
    around: str | Iterable[str] | None = None,
    depth: int | None = None,
    relations: Iterable[str] | None = None,
    jurisdiction: str | Iterable[str] | None = None,
    with_bodies: bool = False,
) -> nx.MultiDiGraph:
    """The document graph of ``store`` as a ``MultiDiGraph`` (node = document IRI, edge key = relation).

    Filters apply in this order, each on the result of the previous one:

    - ``relations``: keep only these relation types (``implements``, ``based_on``, ...); the graph becomes
      the documents those edges connect.
    - ``jurisdiction``: keep documents issued in these places (slugs, names or aliases, ``national``; several
      allowed, e.g. ``"quang-ngai,vn"``; :func:`kg.query.filters.jurisdiction_slugs`).
    - ``around``/``depth``: the neighbourhood of this document, typed as for ``kg implements`` (``57/NQ-TW``,
      "Nghị quyết 57", an IRI; :func:`kg.query.lookup.resolve_document`), within ``depth`` relation hops in
      either direction (default 2: what implements it and what implements those).

    ``with_bodies`` adds the issuing bodies of the kept documents (``kind="body"``) with ``issued_by`` and
    ``part_of`` edges. ``cited`` is always counted on the whole store, so it does not change with filters.
    """
    names = [] if around is None else [around] if isinstance(around, str) else list(around)
    if around is None and depth is not None:
        raise ArgumentError("depth needs around (the document to centre on)")
    if depth is not None and depth < 0:
        raise ArgumentError("depth must be 0 or more")
    # the documents to centre on, read like every other command reads a document (one lookup, one message)
    view = GraphView(store)
    centres = {name: view.equivalents(resolve_document(store, name, view=view).iri) for name in names}
    G = _read_graph(store)
    bodies: dict[str, dict[str, set[str]]] = G.graph.pop("bodies")
    issued_by: dict[str, list[str]] = G.graph.pop("issued_by")
    if relations is not None:
        wanted = set(relation_names(relations))
        drop = [(u, v, k) for u, v, k in G.edges(keys=True) if k not in wanted]
        G.remove_edges_from(drop)
        G.remove_nodes_from([n for n in list(G) if G.degree(n) == 0])
        G.graph["relations"] = ",".join(sorted(wanted))
    if jurisdiction is not None:
        known = {a["jurisdiction"] for _, a in G.nodes(data=True)}
        places = jurisdiction_slugs(jurisdiction, known.__contains__)
        if not places:
            raise ArgumentError("empty jurisdiction")
        unknown = sorted(places - known)
        if unknown:
            raise ArgumentError(f"no document in jurisdiction {unknown[0]!r}")
        G.remove_nodes_from([n for n, a in list(G.nodes(data=True)) if a["jurisdiction"] not in places])
        G.graph["jurisdiction"] = ",".join(sorted(places))
    if names:
        radius = 2 if depth is None else depth
        U = G.to_undirected(as_view=True)
        keep: set[str] = set()
        for name, same in centres.items():
            hits = sorted(same & set(G))
            if not hits:
                raise ArgumentError(
                    f"{name.strip()!r} is not in the graph after the relation/jurisdiction filters"
                )
            for c in hits:
                keep |= set(nx.single_source_shortest_path_length(U, c, cutoff=radius))
        G.remove_nodes_from([n for n in list(G) if n not in keep])
        G.graph["around"] = ",".join(names)
        G.graph["depth"] = radius
    if with_bodies:
        _add_bodies(G, bodies, issued_by)
    return G


def _add_bodies(
    G: nx.MultiDiGraph, bodies: dict[str, dict[str, set[str]]], issued_by: dict[str, list[str]]
) -> None:
    """Issuing bodies of the documents in ``G`` and the bodies above them (``part_of``)."""
    docs = list(G)
    todo: list[str] = []
    for d in docs:
        for b in issued_by.get(d, ()):
            todo.append(b)
            G.add_edge(
                d, b, key="issued_by", relation="issued_by", label="issued by", weight=1.0, evidence=""
            )
    seen: set[str] = set()
    while todo:
        b = todo.pop()
        if b in seen:
            continue
        seen.add(b)
        a = bodies.get(b, {})
        G.add_node(
            b,
            **{
                **NODE_DEFAULTS,
                "label": _body_label(b, a),
                "kind": "body",
                "type": "IssuingBody",
                "issuer_code": _pick(a.get("code", ())),
                "jurisdiction": _pick(place_slug(j) for j in a.get("jurisdiction", ())),
            },
        )
        for parent in sorted(a.get("partOf", ())):
            G.add_edge(b, parent, key="part_of", relation="part_of", label="part of", weight=1.0, evidence="")
            todo.append(parent)


def node_size(cited: int) -> float:
    """Gephi node size: grows with the square root of times cited, so hubs stand out without swamping."""
    return round(10.0 + 6.0 * math.sqrt(max(cited, 0)), 2)
