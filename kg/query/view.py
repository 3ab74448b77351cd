"""The read layer every query shares: cached, indexed quad lookups over the union of all graphs.

Reads go through the store's ``quads_for_pattern`` and ``query`` only (the methods the embedded and the remote
store both have), and never splice user text into SPARQL: what a user typed becomes a term first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, islice
from typing import Any

import pyoxigraph as ox

from kg.graph.stats import CARD, STATS_GRAPH, read_card, stats_node
from kg.query.evidence import Evidence
from kg.vocab import PREFIXES, RDF, RDFS, RELATION_IRIS, VNL, VNLD

RDF_TYPE = ox.NamedNode(RDF + "type")
RDF_SUBJECT = ox.NamedNode(RDF + "subject")
RDF_PREDICATE = ox.NamedNode(RDF + "predicate")
RDF_OBJECT = ox.NamedNode(RDF + "object")
RDFS_LABEL = ox.NamedNode(RDFS + "label")


def vnl(local: str) -> ox.NamedNode:
    return ox.NamedNode(VNL + local)


SYMBOL = vnl("symbol")
NUMBER = vnl("number")
SAME_AS = vnl("sameDocumentAs")
UNRESOLVED = vnl("UnresolvedReference")
DOCUMENT = vnl("Document")

_CARD, _STATS_GRAPH = ox.NamedNode(CARD), ox.NamedNode(STATS_GRAPH)

#: The predicates :meth:`GraphView._doc_from` reads (a batched read asks for these only).
DOC_PREDICATES = (
    RDF + "type",
    RDFS + "label",
    *(VNL + p for p in ("symbol", "typeName", "typeCode", "dateIssued", "year", "title", "issuedBy")),
    *(VNL + p for p in ("issuerName", "jurisdiction")),
)
_DOC_PS = ", ".join(f"<{p}>" for p in DOC_PREDICATES)

#: The predicates :meth:`GraphView._evidence_from` reads.
EVIDENCE_PREDICATES = (
    RDF + "type",
    *(VNL + p for p in ("text", "source", "start", "end", "cueStart", "cueEnd", "cue", "article")),
    *(VNL + p for p in ("dateEffective", "partial")),
)
_EVIDENCE_PS = ", ".join(f"<{p}>" for p in EVIDENCE_PREDICATES)

#: Quads of one subject read directly before asking Oxigraph for the distinct pairs (GraphView._distinct_po):
#: an evidence node or one property is read faster directly, a document's description (20+ quads) is not.
_SCAN_LIMIT = 12

#: Terms per ``VALUES`` block of a batched read (a query text stays small; one query per this many documents).
_BATCH = 500


#: ``vnld:mention/{source-key}/{start}-{end}`` (ontology/README.md)
_MENTION_IRI = re.compile(re.escape(VNLD) + r"mention/([^/]+)/(\d+)-(\d+)")

#: Classes that say nothing about the kind of document.
_GENERIC_CLASSES = {VNL + "Document", VNL + "UnresolvedReference"}


#: links that connect documents without being a stated relation (``path`` follows them, ``show`` lists them)
LINKS: dict[str, str] = {VNL + "sameDocumentAs": "same_document_as", VNL + "candidate": "candidate"}
_RELATION_NAMES: dict[str, str] = {iri: name for name, iri in RELATION_IRIS.items()}


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def curie(iri: str) -> str:
    """``vnl:implements`` for an IRI under a project prefix, else ``<iri>``."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and re.fullmatch(r"[\w.-]*", iri[len(ns) :]):
            return f"{prefix}:{iri[len(ns) :]}"
    return f"<{iri}>"


def predicate_name(iri: str) -> str:
    """How a hop's predicate is printed: the relation's snake name, a link name, else a CURIE."""
    return _RELATION_NAMES.get(iri) or LINKS.get(iri) or curie(iri)


@dataclass(slots=True)
class DocInfo:
    """The identity card of one document: what every listing prints about it."""

    iri: str
    symbol: str | None = None
    type: str | None = None  # most specific vnl: class, local name ("Plan")
    type_name: str | None = None  # vnl:typeName ("Kế hoạch")
    type_code: str | None = None
    issuer: str | None = None  # label of the issuing body, else its code
    issuer_iri: str | None = None
    date: str | None = None  # vnl:dateIssued, ISO
    year: int | None = None
    jurisdiction: str | None = None  # slug of the place IRI ("quang-ngai", "vn")
    jurisdiction_iri: str | None = None
    jurisdiction_label: str | None = None
    title: str | None = None
    label: str | None = None
    unresolved: bool = False
    classes: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """What to print for the document: its symbol, else its label, else the IRI."""
        return self.symbol or self.label or self.iri

    def to_json(self) -> dict[str, Any]:
        """The same keys in every JSON output that names a document: ``class`` is the ontology class ("Plan"),
        ``type_name`` the Vietnamese type ("Kế hoạch"), ``type_code`` the code of the symbol ("KH")."""
        return {
            "symbol": self.symbol,
            "iri": self.iri,
            "class": self.type,
            "type_name": self.type_name,
            "type_code": self.type_code,
            "issuer": self.issuer,
            "date": self.date,
            "jurisdiction": self.jurisdiction,
        }


class GraphView:
    """Cached, indexed reads over the union of all graphs (quads from several graphs are merged)."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self._docs: dict[str, DocInfo] = {}
        self._labels: dict[str, str | None] = {}
        self._sources: dict[str, str] = {}
        self._evidence: dict[tuple[str, str, str], list[Evidence]] = {}
        self._evidence_about: dict[str, set[Any]] = {}
        self._evidence_nodes: dict[tuple[str, str], dict[str, list[Any]]] = {}
        self._evidence_props: dict[Any, dict[str, list[Any]]] = {}
        self._mentions: dict[str, dict[str, list[tuple[int, int, Any]]]] = {}
        self._ocr: dict[str | None, bool] = {}
        self._any_same: bool | None = None
        self._cards: bool | None = None

    # raw access -------------------------------------------------------------------------------------
    def _distinct_po(
        self, s: Any, p: ox.NamedNode | None = None, *, many: bool = False
    ) -> Iterable[tuple[Any, Any]]:
        """``(predicate, object)`` of ``s`` over the union of graphs, each pair once.

        Every source that cites a document describes it again in its own graph, so a popular decree's triples
        come back once per citing graph (316k quads for one at 1M synthetic documents). A much-cited document's
        card in ``vnld:graph/stats`` (its distinct pairs, materialised by :mod:`kg.ingest.stats`) is one lookup.
        Otherwise SELECT DISTINCT dedupes inside Oxigraph, which decodes only the distinct predicates and
        objects: reading quads decodes subject, predicate, object and graph of every copy (one store read each
        for long IRIs and literals), so past a few quads (a document's own description) the query is faster.
        ``many``: the caller knows there are (a document's description), so no quad is read first.
        """
        if not many or not isinstance(s, ox.NamedNode):
            quads = iter(self.store.quads_for_pattern(s, p, None, None))
            head = list(islice(quads, _SCAN_LIMIT))
            if len(head) < _SCAN_LIMIT or not isinstance(s, ox.NamedNode):
                return ((q.predicate, q.object) for q in chain(head, quads))
        card = self._card(s)
        if card is not None:
            return (po for po in card if p is None or po[0] == p)
        if p is None:
            rows = self.store.query(
                f"SELECT DISTINCT ?p ?o WHERE {{ {s} ?p ?o }}", use_default_graph_as_union=True
            )
            return ((r[0], r[1]) for r in rows)
        rows = self.store.query(f"SELECT DISTINCT ?o WHERE {{ {s} {p} ?o }}", use_default_graph_as_union=True)
        return ((p, r[0]) for r in rows)

    def _card(self, s: ox.NamedNode) -> list[tuple[Any, Any]] | None:
        """The distinct ``(predicate, object)`` of a much-cited document, from ``vnld:graph/stats``."""
        if self._cards is None:  # one lookup per view: most stores have no card, or no stats at all
            self._cards = self.has(None, _CARD, None, _STATS_GRAPH)
        if not self._cards:
            return None
        node = ox.NamedNode(stats_node(s.value))
        q = next(iter(self.store.quads_for_pattern(node, _CARD, None, _STATS_GRAPH)), None)
        return read_card(q.object.value) if q is not None else None

    def objects(self, s: ox.NamedNode | ox.BlankNode, p: ox.NamedNode | None) -> list[Any]:
        seen: dict[Any, None] = {}
        for _p, o in self._distinct_po(s, p):
            seen.setdefault(o, None)
        return list(seen)

    def subjects(self, p: ox.NamedNode | None, o: Any) -> list[Any]:
        seen: dict[Any, None] = {}
        for q in self.store.quads_for_pattern(None, p, o, None):
            seen.setdefault(q.subject, None)
        return list(seen)

    def outgoing(self, s: ox.NamedNode) -> Iterator[tuple[ox.NamedNode, Any]]:
        seen: set[tuple[Any, Any]] = set()
        for key in self._distinct_po(s):
            if key not in seen:
                seen.add(key)
                yield key

    def incoming(self, o: ox.NamedNode) -> Iterator[tuple[Any, ox.NamedNode]]:
        seen: set[tuple[Any, Any]] = set()
        for q in self.store.quads_for_pattern(None, None, o, None):
            key = (q.subject, q.predicate)
            if key not in seen:
                seen.add(key)
                yield key

    def props(self, s: ox.NamedNode | ox.BlankNode, *, many: bool = False) -> dict[str, list[Any]]:
        """All ``s ?p ?o``, grouped by predicate IRI (objects deduplicated, in order)."""
        out: dict[str, list[Any]] = {}
        for p, o in self._distinct_po(s, many=many):
            values = out.setdefault(p.value, [])
            if o not in values:
                values.append(o)
        return out

    def has(self, s: Any, p: Any, o: Any, g: Any = None) -> bool:
        return next(iter(self.store.quads_for_pattern(s, p, o, g)), None) is not None

    def exists(self, iri: str) -> bool:
        node = ox.NamedNode(iri)
        return self.has(node, None, None) or self.has(None, None, node)

    def first(self, s: Any, p: ox.NamedNode, lang: str | None = "vi") -> str | None:
        """One literal value of ``s p``; a ``lang`` literal wins, then the smallest value (stable output)."""
        return _pick(self.objects(s, p), lang)

    def label(self, iri: str) -> str | None:
        if iri not in self._labels:
            node = ox.NamedNode(iri)
            self._labels[iri] = self.first(node, RDFS_LABEL) or self.first(node, vnl("code"))
        return self._labels[iri]

    def source_name(self, iri: str) -> str:
        """A source text's file path, which users can open; the IRI when the path is unknown."""
        if iri not in self._sources:
            self._sources[iri] = self.first(ox.NamedNode(iri), vnl("path"), lang=None) or iri
        return self._sources[iri]

    # documents -------------------------------------------------------------------------------------
    def doc(self, iri: str) -> DocInfo:
        cached = self._docs.get(iri)
        if cached is not None:
            return cached
        info = self._doc_from(iri, self.props(ox.NamedNode(iri), many=True))
        self._docs[iri] = info
        return info

    def prefetch_docs(self, iris: Iterable[str]) -> None:
        """Read the descriptions of many documents in one query (a walk lists all of them): one query per
        document costs its parsing and planning again, and only what a :class:`DocInfo` holds is read (a
        document's relations and mention links are a third of its quads; returning a row costs more than
        finding it)."""
        todo = [i for i in dict.fromkeys(iris) if i not in self._docs]
        if len(todo) < 2:
            return
        props: dict[str, dict[str, list[Any]]] = {i: {} for i in todo}
        rest: list[str] = []
        for iri in todo:
            card = self._card(ox.NamedNode(iri))
            if card is None:
                rest.append(iri)
                continue
            for p, o in card:
                _add(props[iri], p.value, o)
        for _chunk, values in _chunks(rest):
            rows = self.store.query(
                f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?s {{ {values} }} ?s ?p ?o FILTER(?p IN ({_DOC_PS})) }}",
                use_default_graph_as_union=True,
            )
            for s, p, o in rows:
                _add(props[s.value], p.value, o)
        for iri in todo:
            self._docs[iri] = self._doc_from(iri, props[iri])

    def _doc_from(self, iri: str, props: dict[str, list[Any]]) -> DocInfo:

        def one(local: str, lang: str | None = None, ns: str = VNL) -> str | None:
            return _pick(props.get(ns + local, ()), lang)

        def iris(local: str) -> list[str]:
            return sorted(o.value for o in props.get(VNL + local, ()) if isinstance(o, ox.NamedNode))

        info = DocInfo(iri=iri)
        classes = sorted(t.value for t in props.get(RDF + "type", ()) if isinstance(t, ox.NamedNode))
        info.classes = tuple(classes)
        info.unresolved = VNL + "UnresolvedReference" in classes
        specific = [c for c in classes if c.startswith(VNL) and c not in _GENERIC_CLASSES]
        info.type = _local(specific[0]) if specific else ("Document" if classes else None)
        info.symbol = one("symbol")
        info.type_name = one("typeName", "vi")
        info.type_code = one("typeCode")
        info.date = one("dateIssued")
        year = one("year")
        info.year = int(year) if year and year.lstrip("-").isdigit() else None
        info.title = one("title", "vi")
        info.label = one("label", "vi", RDFS)
        issuers = iris("issuedBy")
        if issuers:
            info.issuer_iri = issuers[0]
            # the body as the texts name it ("Bộ Chính trị") is more precise than the code's body ("TW")
            info.issuer = one("issuerName", "vi") or self.label(issuers[0]) or _local(issuers[0])
        places = iris("jurisdiction")
        if places:
            info.jurisdiction_iri = places[0]
            info.jurisdiction = place_slug(places[0])
            info.jurisdiction_label = self.label(places[0])
        return info

    def equivalents(self, iri: str) -> set[str]:
        """The document and every text declared the same document (``vnl:sameDocumentAs``, either way)."""
        if self._any_same is None:  # most stores have no two texts of one document: skip two lookups a node
            self._any_same = self.has(None, SAME_AS, None)
        todo, seen = [iri], {iri}
        while todo and self._any_same:
            node = ox.NamedNode(todo.pop())
            for other in (*self.objects(node, SAME_AS), *self.subjects(SAME_AS, node)):
                if isinstance(other, ox.NamedNode) and other.value not in seen:
                    seen.add(other.value)
                    todo.append(other.value)
        return seen

    def evidence(self, s: str, p: str, o: str) -> list[Evidence]:
        """Every reified ``vnl:Evidence`` of the relation ``s p o``, ordered by source and offset."""
        cached = self._evidence.get((s, p, o))
        if cached is not None:
            return cached
        out: list[Evidence] = []
        pn, on = ox.NamedNode(p), ox.NamedNode(o)
        by_subject = self._evidence_nodes.get((p, o))
        if by_subject is not None:  # prefetched for a walk: one query for all subjects of (p, o)
            candidates: Iterable[Any] = by_subject.get(s, ())
        else:
            about_o = self._evidence_about.get(o)
            if about_o is None:  # cached: a walk asks about the same object for each of its implementers
                about_o = self._evidence_about[o] = set(self.subjects(RDF_OBJECT, on))
            candidates = (e for e in self.subjects(RDF_SUBJECT, ox.NamedNode(s)) if e in about_o)
        for e in candidates:
            ep = self._evidence_props.get(e) if by_subject is not None else None
            if ep is None:  # (a prefetched node's predicate and object are those the prefetch asked for)
                ep = self.props(e)
                if pn not in ep.get(RDF + "predicate", ()) or on not in ep.get(RDF + "object", ()):
                    continue
            out.append(self._locate_object(self._evidence_from(ep), o))
        if len(out) > 1:  # (one item needs no order, nor its source's OCR flag read)
            out.sort(key=lambda e: (self._is_ocr(e.source_iri), e.source, e.start or 0, e.text))
        self._evidence[(s, p, o)] = out
        return out

    def prefetch_evidence(self, p: str, o: str | Iterable[str]) -> None:
        """Find the evidence nodes of every ``?s p o`` in one query, for a walk that lists all of them (reading
        each subject's evidence links one by one decodes every quad of them). ``o`` may be many objects: one
        query for all of them."""
        objects = [
            x for x in dict.fromkeys([o] if isinstance(o, str) else o) if (p, x) not in self._evidence_nodes
        ]
        for chunk, values in _chunks(objects):
            found: dict[str, dict[str, list[Any]]] = {x: {} for x in chunk}
            rows = self.store.query(
                f"SELECT DISTINCT ?o ?e ?s WHERE {{ VALUES ?o {{ {values} }} ?e {RDF_OBJECT} ?o ; "
                f"{RDF_PREDICATE} {ox.NamedNode(p)} ; {RDF_SUBJECT} ?s }}",
                use_default_graph_as_union=True,
            )
            for obj, e, s in rows:
                if isinstance(s, ox.NamedNode):
                    found[obj.value].setdefault(s.value, []).append(e)
            for x in chunk:
                self._evidence_nodes[(p, x)] = found[x]
            self._prefetch_evidence_props([e for x in chunk for es in found[x].values() for e in es])

    def _prefetch_evidence_props(self, nodes: list[Any]) -> None:
        """What :meth:`_evidence_from` reads of many evidence nodes, and their sources' paths, in two queries."""
        props: dict[Any, dict[str, list[Any]]] = {e: {} for e in nodes if isinstance(e, ox.NamedNode)}
        for _chunk, values in _chunks(list(props)):
            rows = self.store.query(
                f"SELECT DISTINCT ?e ?p ?o WHERE {{ VALUES ?e {{ {values} }} ?e ?p ?o "
                f"FILTER(?p IN ({_EVIDENCE_PS})) }}",
                use_default_graph_as_union=True,
            )
            for e, p, o in rows:
                _add(props[e], p.value, o)
        self._evidence_props.update(props)
        sources = {
            x.value
            for ep in props.values()
            for x in ep.get(VNL + "source", ())
            if isinstance(x, ox.NamedNode) and x.value not in self._sources
        }
        paths: dict[str, list[Any]] = {}
        for _chunk, values in _chunks(sorted(sources)):
            rows = self.store.query(
                f"SELECT ?s ?path WHERE {{ VALUES ?s {{ {values} }} ?s {vnl('path')} ?path }}",
                use_default_graph_as_union=True,
            )
            for src, path in rows:
                paths.setdefault(src.value, []).append(path)
        for src in sources:  # as source_name reads one: the smallest value
            self._sources[src] = _pick(paths.get(src, ()), None) or src

    def _evidence_from(self, ep: dict[str, list[Any]]) -> Evidence:
        text = _pick(ep.get(VNL + "text", ()), "vi") or ""
        src = next((x.value for x in ep.get(VNL + "source", ()) if isinstance(x, ox.NamedNode)), None)

        def num(local: str) -> int | None:
            v = _pick(ep.get(VNL + local, ()), None)
            return int(v) if v and v.isdigit() else None

        return Evidence(
            source=self.source_name(src) if src else "",
            text=text,
            source_iri=src,
            start=num("start"),
            end=num("end"),
            cue_start=num("cueStart"),
            cue_end=num("cueEnd"),
            cue=_pick(ep.get(VNL + "cue", ()), "vi"),
            article=_pick(ep.get(VNL + "article", ()), None),
            editorial=ox.NamedNode(VNL + "EditorialNote") in ep.get(RDF + "type", ()),
            date_effective=_pick(ep.get(VNL + "dateEffective", ()), None),
            partial=_pick(ep.get(VNL + "partial", ()), None) in ("true", "1"),
        )

    def _locate_object(self, e: Evidence, o: str) -> Evidence:
        """The object's mention inside the evidence (the one nearest the cue), so a snippet can keep it."""
        if e.source_iri is None or e.start is None or e.end is None:
            return e
        inside = [
            (a, b, m)
            for a, b, m in self._mention_spans(o).get(e.source_iri, ())
            if e.start <= a and b <= e.end
        ]
        if inside:
            cue = e.cue_start if e.cue_start is not None else e.start
            a, b, m = min(inside, key=lambda abm: (abs(abm[0] - cue), abm[0]))
            e.object_start, e.object_end, e.object_text = a, b, self.first(m, vnl("text"))
        return e

    def _mention_spans(self, o: str) -> dict[str, list[tuple[int, int, Any]]]:
        """source IRI -> (start, end, node) of the mentions of document ``o`` (cached: asked once per object)."""
        cached = self._mentions.get(o)
        if cached is not None:
            return cached
        out: dict[str, list[tuple[int, int, Any]]] = {}
        for m in self.subjects(vnl("mentionOf"), ox.NamedNode(o)):
            hit = _MENTION_IRI.fullmatch(m.value) if isinstance(m, ox.NamedNode) else None
            if hit:  # the documented IRI pattern vnld:mention/{source-key}/{start}-{end} saves three reads
                src, a, b = VNLD + "source/" + hit[1], int(hit[2]), int(hit[3])
            else:
                mp = self.props(m)
                src = next((x.value for x in mp.get(VNL + "source", ()) if isinstance(x, ox.NamedNode)), "")
                a_, b_ = _pick(mp.get(VNL + "start", ()), None), _pick(mp.get(VNL + "end", ()), None)
                if not (src and a_ and b_ and a_.isdigit() and b_.isdigit()):
                    continue
                a, b = int(a_), int(b_)
            out.setdefault(src, []).append((a, b, m))
        self._mentions[o] = out
        return out

    def _is_ocr(self, source_iri: str | None) -> bool:
        """OCR'd sources sort after clean ones: their sentences are harder to read."""
        if source_iri is None:
            return True
        if source_iri not in self._ocr:
            self._ocr[source_iri] = self.first(ox.NamedNode(source_iri), vnl("ocr"), lang=None) in (
                "true",
                "1",
            )
        return self._ocr[source_iri]


def _chunks(items: list[Any]) -> Iterator[tuple[list[Any], str]]:
    """``items`` (IRIs or NamedNodes) in blocks of at most :data:`_BATCH`, each with its ``VALUES`` text (every
    IRI written by pyoxigraph, so no user text is spliced into SPARQL)."""
    for i in range(0, len(items), _BATCH):
        chunk = items[i : i + _BATCH]
        yield chunk, " ".join(str(x if isinstance(x, ox.NamedNode) else ox.NamedNode(x)) for x in chunk)


def _add(props: dict[str, list[Any]], p: str, o: Any) -> None:
    """One ``(p, o)`` into a :meth:`GraphView.props` mapping (objects deduplicated, in order)."""
    values = props.setdefault(p, [])
    if o not in values:
        values.append(o)


def _pick(values: Iterable[Any], lang: str | None) -> str | None:
    """One literal value: a ``lang``-tagged one wins, then the smallest (so output is stable)."""
    values = list(values)
    if not values:
        return None
    if lang:
        tagged = [v for v in values if isinstance(v, ox.Literal) and v.language == lang]
        if tagged:
            values = tagged
    return min(v.value for v in values)


def place_slug(iri: str) -> str:
    prefix = VNLD + "place/"
    return iri[len(prefix) :] if iri.startswith(prefix) else _local(iri)
