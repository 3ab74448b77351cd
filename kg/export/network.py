"""The knowledge graph as a networkx graph, so users can run graph algorithms and export to Gephi.

``to_networkx`` reads the RDF store (the vocabulary of ``ontology/README.md``) into a
``networkx.MultiDiGraph``: one node per document (optionally per issuing body), one edge per stated
relation, keyed by the relation name. Attribute values are never ``None`` and every node carries the
same keys with the same Python types, because GEXF/GraphML writers and Gephi need uniform columns.
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import cache
from typing import Any

import networkx as nx

from kg.models import PREDICATES
from kg.tables import read_table
from kg.vocab import RDF, RDFS, VNL, VNLD  # noqa: E402

#: snake_case relation name (extractor, CLI, edge key) -> vnl: property local name.
RELATION_PROPERTIES: dict[str, str] = {
    p: p.split("_")[0] + "".join(w.title() for w in p.split("_")[1:]) for p in PREDICATES
}
_PROPERTY_RELATIONS = {v: k for k, v in RELATION_PROPERTIES.items()}

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


class NetworkError(ValueError):
    """A filter that cannot be applied (unknown symbol, relation, ...); one line, fit for a user."""


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
    """Rows of a SELECT over the union of graphs, as plain strings.

    Accepts ``kg.store.local.Store`` (``.select``) or a bare ``pyoxigraph.Store``, so the graph code does not
    depend on how the store is wrapped.
    """
    if hasattr(store, "select"):
        rows = store.select(sparql)
        return [{k.lstrip("?"): _term(v) for k, v in row.items()} for row in rows]
    inner = getattr(store, "inner", store)
    result = inner.query(sparql, use_default_graph_as_union=True)
    names = [v.value for v in result.variables]
    return [{n: _term(sol[n]) for n in names} for sol in result]


_PREFIXES = f"PREFIX vnl: <{VNL}>\nPREFIX rdf: <{RDF}>\nPREFIX rdfs: <{RDFS}>\n"


def _q(body: str) -> str:
    return _PREFIXES + body


# --------------------------------------------------------------------------- helpers


def normalize_symbol(text: str) -> str:
    """How users type symbols is not how they are stored: compare NFC, case-folded, without spaces."""
    s = unicodedata.normalize("NFC", text).replace("\u00d0", "Đ").replace("\u00f0", "đ")
    return "".join(s.split()).casefold()


def _ascii_symbol(text: str) -> str:
    """Second chance for users without a Vietnamese keyboard: ``57-nq/tw``, ``645/qd-ubnd``."""
    s = normalize_symbol(text).replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


def slugify(text: str) -> str:
    """Place names as users type them (``Quảng Ngãi``) -> the slug used in IRIs (``quang-ngai``)."""
    s = unicodedata.normalize("NFD", unicodedata.normalize("NFC", text).replace("Đ", "D").replace("đ", "d"))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    out, dash = [], False
    for c in s:
        if c.isascii() and c.isalnum():
            out.append(c)
            dash = False
        elif not dash:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


def relation_name(text: str) -> str:
    """``implements``, ``based_on``, ``basedOn``, ``based-on`` -> the canonical snake_case name."""
    t = text.strip()
    if t in RELATION_PROPERTIES:
        return t
    if t in _PROPERTY_RELATIONS:
        return _PROPERTY_RELATIONS[t]
    t2 = t.lower().replace("-", "_").replace(" ", "_")
    if t2 in RELATION_PROPERTIES:
        return t2
    raise NetworkError(f"unknown relation {text!r} (known: {', '.join(PREDICATES)})")


def _pick(values: Iterable[str]) -> str:
    """One value out of several asserted by different sources: deterministic, not random."""
    vals = sorted(v for v in values if v)
    return vals[0] if vals else ""


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rstrip("/").rsplit("/", 1)[-1]


def _place_slug(iri: str) -> str:
    if iri.startswith(VNLD + "place/"):
        return iri[len(VNLD + "place/") :]
    return _local(iri)


# --------------------------------------------------------------------------- reading the store


def _documents(store: Any) -> dict[str, dict[str, Any]]:
    """Every document (typed with a vnl: document class, or an endpoint of a relation), with attributes."""
    docs: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in select(
        store, _q("SELECT DISTINCT ?d ?c WHERE { ?d a ?c . FILTER(STRSTARTS(STR(?c), STR(vnl:))) }")
    ):
        cls = _local(row["c"] or "")
        if cls and cls not in _NON_DOCUMENT_CLASSES and row["d"]:
            docs[row["d"]]["class"].add(cls)
    values = " ".join(f"vnl:{p}" for p in RELATION_PROPERTIES.values())
    for row in select(
        store, _q(f"SELECT DISTINCT ?s ?o WHERE {{ VALUES ?p {{ {values} }} ?s ?p ?o . FILTER(isIRI(?o)) }}")
    ):
        for node in (row["s"], row["o"]):
            if node:
                docs[node]  # noqa: B018 - touching the defaultdict registers the document
    props = (
        "vnl:symbol vnl:typeCode vnl:typeName vnl:dateIssued vnl:monthIssued vnl:year vnl:title rdfs:label "
        "vnl:issuedBy vnl:issuerName vnl:jurisdiction"
    )
    q = _q(f"SELECT ?d ?p ?o (LANG(?o) AS ?lang) WHERE {{ VALUES ?p {{ {props} }} ?d ?p ?o }}")
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
    q = _q(
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
            out.setdefault(slugify(row["code"]), row["name_vi"])
    return out


def _body_label(iri: str, a: dict[str, set[str]]) -> str:
    if a.get("label"):
        return _pick(a["label"])
    if a.get("label@other"):
        return _pick(a["label@other"])
    code = _pick(a.get("code", ())) or _local(iri)
    return _issuer_names().get(slugify(code), code)


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
        jur = _pick(_place_slug(j) for j in a.get("jurisdiction", ()))
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
    q = _q(
        "SELECT ?s ?p ?o (COUNT(DISTINCT ?e) AS ?n) (MIN(STR(?t)) AS ?text) WHERE { "
        "?e a vnl:Evidence ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o . "
        "OPTIONAL { ?e vnl:text ?t } } GROUP BY ?s ?p ?o"
    )
    for row in select(store, q):
        rel = _PROPERTY_RELATIONS.get(_local(row["p"] or ""))
        if rel and row["s"] and row["o"]:
            evidence[(row["s"], rel, row["o"])] = (int(row["n"] or 0), " ".join((row["text"] or "").split()))
    values = " ".join(f"vnl:{p}" for p in RELATION_PROPERTIES.values())
    rows = select(
        store,
        _q(f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?p {{ {values} }} ?s ?p ?o . FILTER(isIRI(?o)) }}"),
    )
    triples = sorted(
        {(r["s"], _PROPERTY_RELATIONS[_local(r["p"] or "")], r["o"]) for r in rows if r["s"] and r["o"]}
    )
    for s, rel, o in triples:
        n, text = evidence.get((s, rel, o), (0, ""))
        G.add_edge(
            s, o, key=rel, relation=rel, label=rel.replace("_", " "), weight=float(max(n, 1)), evidence=text
        )
    # times cited: distinct other documents relating to it, or whose source text mentions it
    citers: dict[str, set[str]] = defaultdict(set)
    for s, _rel, o in triples:
        citers[o].add(s)
    q = _q(
        "SELECT DISTINCT ?citer ?d WHERE { ?m vnl:mentionOf ?d ; vnl:source ?src . ?src vnl:describes ?citer }"
    )
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


def find_documents(G: nx.MultiDiGraph, symbol: str) -> list[str]:
    """Nodes whose symbol matches what the user typed (case/space-insensitive; IRIs accepted as is)."""
    if symbol in G:
        return [symbol]
    if VNLD + symbol.lstrip("/") in G:
        return [VNLD + symbol.lstrip("/")]
    want = normalize_symbol(symbol)
    hits = [n for n, a in G.nodes(data=True) if a.get("symbol") and normalize_symbol(a["symbol"]) == want]
    if not hits:
        want = _ascii_symbol(symbol)
        hits = [n for n, a in G.nodes(data=True) if a.get("symbol") and _ascii_symbol(a["symbol"]) == want]
    return sorted(hits)


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
    - ``jurisdiction``: keep documents issued in these places (slugs or names; several allowed, e.g.
      ``"quang-ngai,vn"`` to keep the national documents a province implements).
    - ``around``/``depth``: the neighbourhood of the documents with this symbol (``57-NQ/TW``), within
      ``depth`` relation hops in either direction (default 2: what implements it and what implements those).

    ``with_bodies`` adds the issuing bodies of the kept documents (``kind="body"``) with ``issued_by`` and
    ``part_of`` edges. ``cited`` is always counted on the whole store, so it does not change with filters.
    """
    G = _read_graph(store)
    bodies: dict[str, dict[str, set[str]]] = G.graph.pop("bodies")
    issued_by: dict[str, list[str]] = G.graph.pop("issued_by")
    if relations is not None:
        wanted = {relation_name(r) for item in relations for r in str(item).split(",") if r.strip()}
        if not wanted:
            raise NetworkError("empty relation list")
        drop = [(u, v, k) for u, v, k in G.edges(keys=True) if k not in wanted]
        G.remove_edges_from(drop)
        G.remove_nodes_from([n for n in list(G) if G.degree(n) == 0])
        G.graph["relations"] = ",".join(sorted(wanted))
    if jurisdiction is not None:
        items = [jurisdiction] if isinstance(jurisdiction, str) else list(jurisdiction)
        places = {slugify(p) for item in items for p in str(item).split(",") if p.strip()}
        if not places:
            raise NetworkError("empty jurisdiction")
        known = {a["jurisdiction"] for _, a in G.nodes(data=True)}
        unknown = sorted(places - known)
        if unknown:
            raise NetworkError(f"no document in jurisdiction {unknown[0]!r}")
        G.remove_nodes_from([n for n, a in list(G.nodes(data=True)) if a["jurisdiction"] not in places])
        G.graph["jurisdiction"] = ",".join(sorted(places))
    if around is not None:
        names = [around] if isinstance(around, str) else list(around)
        centres: list[str] = []
        for name in names:
            hits = find_documents(G, name)
            if not hits:
                raise NetworkError(f"no document with symbol {name!r} in the graph (after filters)")
            centres += hits
        radius = 2 if depth is None else depth
        if radius < 0:
            raise NetworkError("depth must be 0 or more")
        U = G.to_undirected(as_view=True)
        keep: set[str] = set()
        for c in centres:
            keep |= set(nx.single_source_shortest_path_length(U, c, cutoff=radius))
        G.remove_nodes_from([n for n in list(G) if n not in keep])
        G.graph["around"] = ",".join(names)
        G.graph["depth"] = radius
    elif depth is not None:
        raise NetworkError("depth needs around (the document to centre on)")
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
                "jurisdiction": _pick(_place_slug(j) for j in a.get("jurisdiction", ())),
            },
        )
        for parent in sorted(a.get("partOf", ())):
            G.add_edge(b, parent, key="part_of", relation="part_of", label="part of", weight=1.0, evidence="")
            todo.append(parent)


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


def node_size(cited: int) -> float:
    """Gephi node size: grows with the square root of times cited, so hubs stand out without swamping."""
    return round(10.0 + 6.0 * math.sqrt(max(cited, 0)), 2)
