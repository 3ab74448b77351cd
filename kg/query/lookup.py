"""Turn what a user types ("57/NQ-TW", "nq 57-nq/tw", "Nghị quyết 57", an IRI) into documents of the graph.

People write symbols loosely: any case, ``QD`` for ``QĐ``, ``/`` and ``-`` swapped, leading zeros dropped,
a type word in front. Matching therefore compares a *key* (no diacritics, upper case, one separator,
no leading zeros) rather than the canonical symbol, and narrows the search with the indexed
``vnl:number`` before falling back to a scan of all symbols.

This module is also the small read layer the query commands share (``GraphView``): direct, indexed
quad lookups on the pyoxigraph store, so that no user text is ever spliced into SPARQL.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import chain, islice
from typing import Any

import pyoxigraph as ox

from kg.vocab import PREFIXES, RDF, RDFS, VNL, VNLD, XSD  # noqa: E402,F401 - re-exported

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

#: Quads of one subject read one by one before asking Oxigraph for the distinct ones (GraphView._distinct_po).
_SCAN_LIMIT = 64

#: Classes that say nothing about the kind of document.
_GENERIC_CLASSES = {VNL + "Document", VNL + "UnresolvedReference"}


class LookupFailed(ValueError):
    """The input names no document of the graph (or cannot be read as a reference)."""


class AmbiguousReference(LookupFailed):
    """The input fits several documents; ``candidates`` lists them so the user can pick one (by IRI)."""

    def __init__(self, text: str, candidates: list[DocInfo]) -> None:
        self.text = text
        self.candidates = candidates
        super().__init__(f"{text!r} is ambiguous: {len(candidates)} documents match; pass one IRI")


# --------------------------------------------------------------------------------------------- store access


def ox_store(store: Any) -> ox.Store:
    """The pyoxigraph store behind ``kg.store.local.Store`` (``.inner``), or the argument itself.

    A store without one (``kg.store.remote.RemoteStore``) is returned as is: it has the same ``query`` and
    ``quads_for_pattern`` methods, which are all this module and ``kg.query.core`` call."""
    if isinstance(store, ox.Store):
        return store
    inner = getattr(store, "inner", None)
    if isinstance(inner, ox.Store):
        return inner
    if callable(getattr(store, "quads_for_pattern", None)) and callable(getattr(store, "query", None)):
        return store  # type: ignore[no-any-return]
    raise TypeError(f"not a store: {type(store).__name__}")


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


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
        return {
            "symbol": self.symbol,
            "iri": self.iri,
            "type": self.type,
            "issuer": self.issuer,
            "date": self.date,
            "jurisdiction": self.jurisdiction,
        }


@dataclass(slots=True)
class Evidence:
    """The sentence that states one relation, and where it was read."""

    source: str  # the source file's path when known, else the source IRI
    text: str
    source_iri: str | None = None
    start: int | None = None
    end: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"source": self.source, "text": self.text}


class GraphView:
    """Cached, indexed reads over the union of all graphs (quads from several graphs are merged)."""

    def __init__(self, store: Any) -> None:
        self.ox = ox_store(store)
        self._docs: dict[str, DocInfo] = {}
        self._labels: dict[str, str | None] = {}
        self._sources: dict[str, str] = {}
        self._evidence: dict[tuple[str, str, str], list[Evidence]] = {}
        self._evidence_about: dict[str, set[Any]] = {}

    # raw access -------------------------------------------------------------------------------------
    def _distinct_po(self, s: Any, p: ox.NamedNode | None = None) -> Iterable[tuple[Any, Any]]:
        """``(predicate, object)`` of ``s`` over the union of graphs, each pair once.

        Every source that cites a document describes it again in its own graph, so a popular decree's triples
        come back once per citing graph (316k quads for one at 1M synthetic documents, 2.5 s to iterate in
        Python). A few quads are read directly; past that, SELECT DISTINCT dedupes inside Oxigraph (25x faster).
        """
        quads = iter(self.ox.quads_for_pattern(s, p, None, None))
        head = list(islice(quads, _SCAN_LIMIT))
        if len(head) < _SCAN_LIMIT or not isinstance(self.ox, ox.Store) or not isinstance(s, ox.NamedNode):
            return ((q.predicate, q.object) for q in chain(head, quads))
        if p is None:
            rows = self.ox.query(
                f"SELECT DISTINCT ?p ?o WHERE {{ {s} ?p ?o }}", use_default_graph_as_union=True
            )
            return ((r[0], r[1]) for r in rows)
        rows = self.ox.query(f"SELECT DISTINCT ?o WHERE {{ {s} {p} ?o }}", use_default_graph_as_union=True)
        return ((p, r[0]) for r in rows)

    def objects(self, s: ox.NamedNode | ox.BlankNode, p: ox.NamedNode | None) -> list[Any]:
        seen: dict[Any, None] = {}
        for _p, o in self._distinct_po(s, p):
            seen.setdefault(o, None)
        return list(seen)

    def subjects(self, p: ox.NamedNode | None, o: Any) -> list[Any]:
        seen: dict[Any, None] = {}
        for q in self.ox.quads_for_pattern(None, p, o, None):
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
        for q in self.ox.quads_for_pattern(None, None, o, None):
            key = (q.subject, q.predicate)
            if key not in seen:
                seen.add(key)
                yield key

    def props(self, s: ox.NamedNode | ox.BlankNode) -> dict[str, list[Any]]:
        """All ``s ?p ?o`` in one index scan, grouped by predicate IRI (objects deduplicated, in order)."""
        out: dict[str, list[Any]] = {}
        for p, o in self._distinct_po(s):
            values = out.setdefault(p.value, [])
            if o not in values:
                values.append(o)
        return out

    def has(self, s: Any, p: Any, o: Any) -> bool:
        return next(iter(self.ox.quads_for_pattern(s, p, o, None)), None) is not None

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
        info = self._doc_from(iri, self.props(ox.NamedNode(iri)))
        self._docs[iri] = info
        return info

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
        todo, seen = [iri], {iri}
        while todo:
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
        about_o = self._evidence_about.get(o)
        if about_o is None:  # cached: a walk asks about the same object for each of its implementers
            about_o = self._evidence_about[o] = set(self.subjects(RDF_OBJECT, on))
        for e in self.subjects(RDF_SUBJECT, ox.NamedNode(s)):
            if e not in about_o:
                continue
            ep = self.props(e)
            if pn not in ep.get(RDF + "predicate", ()) or on not in ep.get(RDF + "object", ()):
                continue
            out.append(self._evidence_from(ep))
        out.sort(key=lambda e: (self._is_ocr(e.source_iri), e.source, e.start or 0, e.text))
        self._evidence[(s, p, o)] = out
        return out

    def _evidence_from(self, ep: dict[str, list[Any]]) -> Evidence:
        text = _pick(ep.get(VNL + "text", ()), "vi") or ""
        src = next((x.value for x in ep.get(VNL + "source", ()) if isinstance(x, ox.NamedNode)), None)
        start, end = _pick(ep.get(VNL + "start", ()), None), _pick(ep.get(VNL + "end", ()), None)
        return Evidence(
            source=self.source_name(src) if src else "",
            text=text,
            source_iri=src,
            start=int(start) if start and start.isdigit() else None,
            end=int(end) if end and end.isdigit() else None,
        )

    def _is_ocr(self, source_iri: str | None) -> bool:
        """OCR'd sources sort after clean ones: their sentences are harder to read."""
        if source_iri is None:
            return True
        return self.first(ox.NamedNode(source_iri), vnl("ocr"), lang=None) in ("true", "1")


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


# --------------------------------------------------------------------------------------------- parsing


def fold(text: str) -> str:
    """Lower case, no diacritics, ``đ`` -> ``d``, single spaces: how loose user text is compared."""
    t = unicodedata.normalize("NFC", text).replace("Đ", "D").replace("đ", "d").replace("Ð", "D")
    t = "".join(c for c in unicodedata.normalize("NFD", t) if not unicodedata.combining(c))
    return " ".join(t.lower().split())


def symbol_key(symbol: str) -> str:
    """``57-NQ/TW``, ``57/nq-tw`` and ``057-NQ/TW`` share a key; so do ``327/QĐ-UBND`` and ``327/QD-UBND``."""
    parts = [p for p in re.split(r"[-/\u2013\u2010]+", fold(symbol).replace(" ", "").upper()) if p]
    return "/".join((p.lstrip("0") or "0") if p.isdigit() else p for p in parts)


@cache
def _type_words() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """Folded type word or code -> (folded codes, classes). From the shipped tables."""
    from kg.tables import read_table

    words: dict[str, tuple[set[str], set[str]]] = {}

    def add(word: str, code: str, cls: str) -> None:
        if not word:
            return
        codes, classes = words.setdefault(fold(word), (set(), set()))
        if code:
            codes.add(fold(code))
        if cls:
            classes.add(VNL + cls)

    for row in read_table("doc_types.tsv"):
        for word in [row.get("code", ""), *(row.get("aliases") or "").split("|")]:
            add(word, row.get("code", ""), row.get("class", ""))
        add(row.get("name_vi", ""), row.get("code", ""), row.get("class", ""))
        add(row.get("name_en", ""), row.get("code", ""), row.get("class", ""))
    for row in read_table("doc_type_names.tsv"):
        add(row.get("name_vi", ""), row.get("code", ""), row.get("class", ""))
        add(row.get("name_en", ""), row.get("code", ""), row.get("class", ""))
    return {k: (frozenset(c), frozenset(k2)) for k, (c, k2) in words.items()}


_SEP_SPACES = re.compile(r"\s*([-/])\s*")
_NUMBER_WORDS = {"so", "so:", "số", "số:", "no.", "no"}


@dataclass(frozen=True, slots=True)
class ParsedReference:
    """What the user typed, read as either an IRI, a symbol, or a type word plus a number."""

    text: str
    iri: str | None = None
    symbol: str | None = None
    number: str | None = None  # without leading zeros
    codes: frozenset[str] = field(default_factory=frozenset)  # folded type codes the type word allows
    classes: frozenset[str] = field(default_factory=frozenset)

    @property
    def key(self) -> str | None:
        return symbol_key(self.symbol) if self.symbol else None


def parse_reference(text: str) -> ParsedReference:
    """Read a reference as users type it. Raises ``LookupFailed`` when it cannot be one."""
    raw = unicodedata.normalize("NFC", text or "").strip()
    if not raw:
        raise LookupFailed("empty document reference")
    if "\n" in raw or "\r" in raw:
        raise LookupFailed("a document reference is one line")
    if raw.startswith("<") and raw.endswith(">"):
        return ParsedReference(raw, iri=_checked_iri(raw[1:-1]))
    if re.match(r"^[a-zA-Z][\w+.-]*://", raw):
        return ParsedReference(raw, iri=_checked_iri(raw))
    m = re.match(r"^([A-Za-z][\w-]*):(\S+)$", raw)
    if m and m.group(1) in PREFIXES:
        return ParsedReference(raw, iri=_checked_iri(PREFIXES[m.group(1)] + m.group(2)))
    if re.match(r"^(doc|ref|body|place|source)/\S+$", raw):
        return ParsedReference(raw, iri=_checked_iri(VNLD + raw))

    bad = re.search(r"[{}<>\"\\;|`\x00-\x1f]", raw)
    if bad:
        raise LookupFailed(f"unexpected character {bad.group()!r} in document reference {raw!r}")
    tokens = [t.strip(",.()'“”") for t in _SEP_SPACES.sub(r"\1", raw).split()]
    tokens = [t for t in tokens if t and fold(t) not in _NUMBER_WORDS]
    for i, tok in enumerate(tokens):
        letter = any(c.isalpha() for c in tok)
        if letter and ("/" in tok or ("-" in tok and any(c.isdigit() for c in tok))):
            number = re.match(r"^\d+", tok)
            return ParsedReference(
                raw, symbol=tok, number=(number.group().lstrip("0") or "0") if number else None
            )
        if tok.isdigit():
            codes, classes = _read_type_words(tokens[:i], raw)
            return ParsedReference(raw, number=tok.lstrip("0") or "0", codes=codes, classes=classes)
    raise LookupFailed(f"cannot read {raw!r} as a document (try a symbol like 57-NQ/TW or an IRI)")


def _read_type_words(words: list[str], raw: str) -> tuple[frozenset[str], frozenset[str]]:
    if not words:
        return frozenset(), frozenset()
    found = _type_words().get(fold(" ".join(words)))
    if found is None:
        raise LookupFailed(f"unknown document type {' '.join(words)!r} in {raw!r}")
    return found


def _checked_iri(iri: str) -> str:
    try:
        ox.NamedNode(iri)
    except ValueError as exc:
        raise LookupFailed(f"not a valid IRI: {iri!r} ({exc})") from None
    return iri


# --------------------------------------------------------------------------------------------- matching


def _number_variants(number: str) -> list[str]:
    return sorted({number, number.zfill(2), number.zfill(3), number.zfill(4)})


def _by_number(view: GraphView, number: str) -> set[str]:
    out: set[str] = set()
    for variant in _number_variants(number):
        for s in view.subjects(NUMBER, ox.Literal(variant)):
            if isinstance(s, ox.NamedNode):
                out.add(s.value)
    return out


def _matches_key(view: GraphView, iris: Iterable[str], key: str) -> set[str]:
    return {
        iri
        for iri in iris
        if any(symbol_key(s.value) == key for s in view.objects(ox.NamedNode(iri), SYMBOL))
    }


def _scan_symbols(view: GraphView, pred: Any) -> set[str]:
    """Every subject of ``vnl:symbol`` whose key passes ``pred``: the fallback when numbers do not help."""
    return {
        q.subject.value
        for q in view.ox.quads_for_pattern(None, SYMBOL, None, None)
        if isinstance(q.subject, ox.NamedNode) and pred(symbol_key(q.object.value))
    }


def _type_fits(view: GraphView, iri: str, ref: ParsedReference) -> bool:
    if not ref.codes and not ref.classes:
        return True
    info = view.doc(iri)
    if info.type_code and fold(info.type_code) in ref.codes:
        return True
    if set(info.classes) & ref.classes:
        return True
    if info.symbol and ref.codes:  # the code inside the symbol: 57-NQ/TW -> NQ, 327/QĐ-UBND -> QĐ
        parts = symbol_key(info.symbol).lower().split("/")
        return any(p in ref.codes for p in parts[1:3])
    return False


def find_documents(store: Any, text: str, *, view: GraphView | None = None) -> list[DocInfo]:
    """Every document the input could mean, best tier only (resolved documents before unresolved ones)."""
    view = view or GraphView(store)
    ref = parse_reference(text)
    if ref.iri is not None:
        return [view.doc(ref.iri)] if view.exists(ref.iri) else []
    if ref.symbol is not None:
        key = ref.key or ""
        hits = _matches_key(view, _by_number(view, ref.number), key) if ref.number else set()
        if not hits:
            hits = _scan_symbols(view, lambda k: k == key)
    else:
        number = ref.number or ""
        hits = _by_number(view, number)
        if not hits:
            hits = _scan_symbols(view, lambda k: k.split("/", 1)[0] == number)
        hits = {h for h in hits if _type_fits(view, h, ref)}
    docs = [view.doc(h) for h in hits]
    resolved = [d for d in docs if not d.unresolved]
    docs = resolved or docs
    return _collapse_same(view, docs)


def _collapse_same(view: GraphView, docs: list[DocInfo]) -> list[DocInfo]:
    """Two texts of one document (``vnl:sameDocumentAs``) are one candidate, not an ambiguity."""
    out: list[DocInfo] = []
    covered: set[str] = set()
    for d in sorted(docs, key=lambda d: (d.symbol is None, d.date is None, d.iri)):
        if d.iri in covered:
            continue
        covered |= view.equivalents(d.iri)
        out.append(d)
    return sorted(out, key=lambda d: (d.name, d.iri))


def resolve_document(store: Any, text: str, *, view: GraphView | None = None) -> DocInfo:
    """Exactly one document for the input; ``LookupFailed`` / ``AmbiguousReference`` otherwise."""
    docs = find_documents(store, text, view=view)
    if not docs:
        raise LookupFailed(f"no document matches {text.strip()!r}")
    if len(docs) > 1:
        raise AmbiguousReference(text.strip(), docs)
    return docs[0]


def describe_candidate(doc: DocInfo) -> str:
    """One line per candidate in an ambiguity message."""
    bits = [
        doc.name,
        doc.type_name or doc.type or "",
        doc.issuer or "",
        doc.date or "",
        doc.jurisdiction or "",
    ]
    return "  ".join([b for b in bits if b] + [f"<{doc.iri}>"])
