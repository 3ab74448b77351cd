"""Extraction -> RDF quads in the source's own named graph (vocabulary: ontology/README.md).

Pure and deterministic given its inputs (the ingest time is a parameter), so extraction and conversion can
run in worker processes and only the writing needs the store.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad

from kg._version import __version__
from kg.graph.codes import NATIONAL, body_code, canonical_symbol, issuer_scope, type_name_vi, valid_date
from kg.graph.facts import DocFacts, header_facts, mention_facts, merge_facts, source_context, symbol_facts
from kg.graph.identity import (
    TITLED_TYPES,
    DocIdentity,
    assembly,
    body_iri,
    evidence_iri,
    identify,
    mention_iri,
    person_iri,
    place_iri,
    source_iri,
    source_key,
    titled_identity,
)
from kg.graph.laws import law_by_number, law_type, split_year, title_before_number
from kg.models import SELF, Extraction, Mention, Relation
from kg.text.fold import nfc, slug, squash
from kg.vocab import PREFIXES, VNL, relation_property

RDF = PREFIXES["rdf"]
RDFS = PREFIXES["rdfs"]
XSD = PREFIXES["xsd"]
PROV = PREFIXES["prov"]

RDF_TYPE = NamedNode(RDF + "type")
RDF_SUBJECT, RDF_PREDICATE, RDF_OBJECT = (NamedNode(RDF + x) for x in ("subject", "predicate", "object"))
PROV_DERIVED, PROV_AT = NamedNode(PROV + "wasDerivedFrom"), NamedNode(PROV + "generatedAtTime")
LABEL = NamedNode(RDFS + "label")
XSD_INT = NamedNode(XSD + "integer")
XSD_DATE = NamedNode(XSD + "date")
XSD_GYM = NamedNode(XSD + "gYearMonth")
XSD_BOOL = NamedNode(XSD + "boolean")
XSD_DT = NamedNode(XSD + "dateTime")


@cache
def vnl(local: str) -> NamedNode:
    """The ontology term ``vnl:<local>`` (one object per term: a NamedNode is immutable, and building one
    validates its IRI, a fifth of the cost of a quad)."""
    return NamedNode(VNL + local)


def lit_vi(text: str) -> Literal:
    return Literal(nfc(text), language="vi")


def lit_int(n: int) -> Literal:
    return Literal(str(int(n)), datatype=XSD_INT)


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class QuadSet:
    """Collects quads of one graph without duplicates, in insertion order (deterministic output)."""

    def __init__(self, graph: NamedNode) -> None:
        self.graph = graph
        self._seen: dict[Quad, None] = {}

    def add(self, s: NamedNode, p: NamedNode, o: NamedNode | Literal) -> None:
        self._seen.setdefault(Quad(s, p, o, self.graph), None)

    def list(self) -> list[Quad]:
        return list(self._seen)


def document_quads(q: QuadSet, ident: DocIdentity, src: NamedNode) -> NamedNode:
    """The facts a text gives about one document (itself or one it cites)."""
    d = NamedNode(ident.iri)
    f = ident.facts
    q.add(d, RDF_TYPE, vnl("Document"))
    if ident.cls != "Document":
        q.add(d, RDF_TYPE, vnl(ident.cls))
    if not ident.resolved:
        q.add(d, RDF_TYPE, vnl("UnresolvedReference"))
        q.add(d, vnl("contextSource"), src)
        if ident.reason:
            q.add(d, vnl("unresolvedReason"), Literal(ident.reason))
    if f.symbol:
        q.add(d, vnl("symbol"), Literal(f.symbol))
    if f.partial_symbol:
        q.add(d, vnl("partialSymbol"), Literal(f.partial_symbol))
    if f.number:
        q.add(d, vnl("number"), Literal(f.number))
    if f.year:
        q.add(d, vnl("year"), lit_int(f.year))
    if f.date:
        q.add(d, vnl("dateIssued"), Literal(f.date, datatype=XSD_DATE))
    elif f.month:
        q.add(d, vnl("monthIssued"), Literal(f.month, datatype=XSD_GYM))
    if f.type_code:
        q.add(d, vnl("typeCode"), Literal(f.type_code))
    if f.family:
        q.add(d, vnl("family"), Literal(f.family))
    tname = type_name_vi(f.type_code, f.type_name, f.family)
    if tname:
        q.add(d, vnl("typeName"), lit_vi(tname))
    if f.issuer_name:
        q.add(d, vnl("issuerName"), lit_vi(f.issuer_name))
    if f.jurisdiction:
        q.add(d, vnl("jurisdiction"), NamedNode(place_iri(f.jurisdiction)))
        for code in f.issuers:
            scope = issuer_scope(code)
            if scope is None:
                continue
            jur = NATIONAL if scope == "national" else f.jurisdiction
            q.add(d, vnl("issuedBy"), NamedNode(body_iri(jur, body_code(code))))
    if f.title:
        q.add(d, vnl("title"), lit_vi(f.title))
    shown = f.symbol or f.partial_symbol or f.title
    if shown:
        q.add(d, LABEL, lit_vi(f"{tname} {shown}" if tname and shown != f.title else shown))
    return d


def extraction_to_quads(
    extraction: Extraction,
    source_path: str | Path,
    *,
    ingested_at: str | None = None,
    ocr_mode: str = "auto",
    file_sha256: str | None = None,
    extractor_version: str = __version__,
    rules_digest: str | None = None,
) -> list[Quad]:
    """All quads of one source text, in the graph named by its source IRI.

    ``rules_digest`` (:func:`kg.tables.rules_digest`) is stored with the source so that a build can tell a
    source extracted under other rules or tables from an unchanged one."""
    text = extraction.text
    key = source_key(text)
    src = NamedNode(source_iri(key))
    q = QuadSet(src)
    when = Literal(ingested_at or now_iso(), datatype=XSD_DT)
    version = Literal(extractor_version)
    header = extraction.document
    ctx = source_context(header, key)

    # -- the document itself
    sf = header_facts(header, text)
    self_id = identify(sf, ctx, self_doc=True)
    self_node = document_quads(q, self_id, src)
    _self_details(q, self_node, extraction, self_id)

    # -- referenced documents: one identity per symbol (facts of all its mentions merged)
    numbered = numbered_titles(extraction)
    by_symbol: dict[str, DocFacts] = {}
    for m in extraction.mentions:
        if m.kind == "full" and m.symbol:
            f = mention_facts(m)
            if assembly(f.issuers) and not f.title:
                row = law_by_number(f.symbol)  # type: ignore[arg-type]
                title = title_before_number(text, m.start) or (row.title if row else None)
                f = replace(f, title=title, type_name=f.type_name or law_type(title or "")) if title else f
            by_symbol[f.symbol] = merge_facts(by_symbol[f.symbol], f) if f.symbol in by_symbol else f
    nodes: dict[str, NamedNode] = {}
    if ctx.self_symbol:
        nodes[ctx.self_symbol] = self_node
    for sym, f in by_symbol.items():
        if sym in nodes:
            continue
        nodes[sym] = document_quads(q, identify(f, ctx), src)

    def node_for(target: str | None) -> NamedNode | None:
        if not target:
            return None
        if target == SELF:
            return self_node
        numbered_ = _NUMBERED.match(target) is not None
        key_ = canonical_symbol(target) if numbered_ else nfc(target)
        if key_ not in nodes:
            if numbered_:
                nodes[key_] = document_quads(q, identify(symbol_facts(target), ctx), src)
            elif key_ in numbered and _same_year(titled.get(key_), numbered[key_][1]):
                nodes[key_] = node_for(numbered[key_][0])  # type: ignore[assignment]
            else:  # cited by title only
                nodes[key_] = document_quads(
                    q, identify(titled.get(key_, DocFacts(title=nfc(target))), ctx), src
                )
        return nodes[key_]

    # what the text says with a title ("Luật Hải quan ngày 23 tháng 6 năm 2014", "Luật NSNN năm 2015")
    titled: dict[str, DocFacts] = {}
    for m in extraction.mentions:
        if m.kind != "named":
            continue
        prev = titled.get(nfc(m.text))
        if prev is not None and (prev.year or not (m.date or m.year)):
            continue  # the first dated mention of a title gives its date
        date = valid_date(m.date)
        year = int(date[:4]) if date else m.year or split_year(m.text)[1] or _year_after(text, m.end)
        titled[nfc(m.text)] = DocFacts(title=nfc(m.text), type_name=m.type_name, date=date, year=year)

    # a title-only mention ("Chiến lược") stands for the titled reference a relation names from it
    titles = [r.object for r in extraction.relations if r.object != SELF and not _NUMBERED.match(r.object)]

    title_slugs = [(t, slug(t)) for t in titles]  # (once: a text may have hundreds of named mentions)

    def named_target(m: Mention) -> str | None:
        if m.kind != "named" or m.refers_to:
            return m.target
        head = slug(m.text)
        return next((t for t, ts in title_slugs if ts.startswith(head)), m.target)

    # -- mentions
    for m in extraction.mentions:
        target = node_for(named_target(m))
        if target is None:
            continue
        mi = NamedNode(mention_iri(key, m.start, m.end))
        q.add(mi, RDF_TYPE, vnl("Mention"))
        q.add(mi, vnl("mentionOf"), target)
        q.add(mi, vnl("source"), src)
        q.add(mi, vnl("start"), lit_int(m.start))
        q.add(mi, vnl("end"), lit_int(m.end))
        q.add(mi, vnl("text"), lit_vi(m.text))
        q.add(mi, vnl("kind"), Literal(m.kind))
        if m.page is not None:
            q.add(mi, vnl("page"), lit_int(m.page))
        if m.confidence != 1.0:
            q.add(mi, vnl("confidence"), Literal(f"{m.confidence:.3f}", datatype=NamedNode(XSD + "decimal")))

    # -- relations, each with its evidence
    cued: set[NamedNode] = set()  # one cue and article per evidence node (the shapes allow one)
    for r in extraction.relations:
        s, o = node_for(r.subject), node_for(r.object)
        if s is None or o is None or s == o:
            continue
        prop = vnl(relation_property(r.predicate))
        q.add(s, prop, o)
        e = NamedNode(
            evidence_iri(
                key,
                r.start,
                r.end,
                relation_property(r.predicate),
                o.value,
                None if s == self_node else s.value,
            )
        )
        q.add(e, RDF_TYPE, vnl("Evidence"))
        if r.editorial:  # what a portal says about the text, not what the text says
            q.add(e, RDF_TYPE, vnl("EditorialNote"))
        q.add(e, RDF_SUBJECT, s)
        q.add(e, RDF_PREDICATE, prop)
        q.add(e, RDF_OBJECT, o)
        q.add(e, vnl("text"), lit_vi(r.evidence))
        q.add(e, vnl("start"), lit_int(r.start))
        q.add(e, vnl("end"), lit_int(r.end))
        if r.page is not None:
            q.add(e, vnl("page"), lit_int(r.page))
        if e not in cued:
            cued.add(e)
            _cue_and_article(q, e, r, text)
            if r.effective_date and valid_date(r.effective_date):  # when the change takes effect
                q.add(e, vnl("dateEffective"), Literal(r.effective_date, datatype=XSD_DATE))
            if r.partial:
                q.add(e, vnl("partial"), Literal("true", datatype=XSD_BOOL))
        q.add(e, vnl("source"), src)
        q.add(e, PROV_DERIVED, src)
        q.add(e, vnl("extractorVersion"), version)
        q.add(e, PROV_AT, when)

    # -- the source text
    q.add(src, RDF_TYPE, vnl("SourceText"))
    q.add(src, vnl("path"), Literal(nfc(str(source_path))))
    q.add(src, vnl("sha256"), Literal(hashlib.sha256(text.encode("utf-8")).hexdigest()))
    if file_sha256:
        q.add(src, vnl("fileSha256"), Literal(file_sha256))
    q.add(src, vnl("extractorVersion"), version)
    if rules_digest:
        q.add(src, vnl("rulesDigest"), Literal(rules_digest))
    q.add(src, vnl("ocrMode"), Literal(ocr_mode))
    q.add(src, NamedNode(PROV + "generatedAtTime"), when)
    q.add(src, vnl("describes"), self_node)
    q.add(src, vnl("ocr"), Literal("true" if extraction.ocr else "false", datatype=XSD_BOOL))
    return q.list()


#: a target written with a number first is a symbol; else a title
_NUMBERED = re.compile(r"\s*\d")
_NUMBER_AFTER_TITLE = re.compile(r"[\s,]*(?:số|số hiệu)\s*:?\s*$", re.IGNORECASE)
_YEAR_AFTER = re.compile(r"\s*(?:\(|,)?\s*năm\s+((?:19|20)\d\d)\b|\s+((?:19|20)\d\d)\b(?!\s*/)")


def numbered_titles(ex: Extraction) -> dict[str, tuple[str, int | None]]:
    """Titles the text gives together with a number ("Luật Tổ chức chính quyền địa phương số 72/2025/QH15"):
    title -> (symbol, its year). That title in this text, and the kb everywhere, mean that numbered document."""
    out: dict[str, tuple[str, int | None]] = {}
    full = sorted((m for m in ex.mentions if m.kind == "full" and m.symbol), key=lambda m: m.start)
    for m in ex.mentions:
        if m.kind != "named" or law_type(m.text) is None:
            continue
        nxt = next((f for f in full if f.start >= m.end), None)
        if (
            nxt
            and nxt.start - m.end <= 12
            and _NUMBER_AFTER_TITLE.fullmatch(ex.text[m.end : nxt.start] + " ")
        ):
            out.setdefault(nfc(m.text), (nxt.symbol, nxt.year or mention_facts(nxt).year))  # type: ignore[arg-type]
    return out


def _cue_and_article(q: QuadSet, e: NamedNode, r: Relation, text: str) -> None:
    """Where in the evidence the relation is said: the cue's offsets and words, and the article (Điều).

    The cue may lie before the evidence (the heading "Bãi bỏ các văn bản sau:" of a list item), so its words are
    kept too: a reader of the graph has the evidence, not the whole text."""
    if r.cue_start is not None and r.cue_end is not None and 0 <= r.cue_start < r.cue_end <= len(text):
        q.add(e, vnl("cueStart"), lit_int(r.cue_start))
        q.add(e, vnl("cueEnd"), lit_int(r.cue_end))
        cue = squash(nfc(text[r.cue_start : r.cue_end]))
        if cue:
            q.add(e, vnl("cue"), lit_vi(cue))
    article = squash(nfc(r.article or ""))
    if article:
        q.add(e, vnl("article"), Literal(article))


def _year_after(text: str, end: int) -> int | None:
    """ "Luật Ngân sách nhà nước năm 2015": the year written right after a title the extractor cut before it."""
    m = _YEAR_AFTER.match(text, end)
    return int(m.group(1) or m.group(2)) if m else None


def _same_year(f: DocFacts | None, year: int | None) -> bool:
    return f is None or f.year is None or year is None or f.year == year


def _self_details(q: QuadSet, d: NamedNode, ex: Extraction, ident: DocIdentity) -> None:
    """Header facts only the document itself gives: title, signer, recipients, place, when it is in force."""
    h = ex.document
    for prop, day in (("dateInForce", h.effective_date), ("dateNoLongerInForce", h.expiry_date)):
        if day and valid_date(day):
            q.add(d, vnl(prop), Literal(day, datatype=XSD_DATE))
    if h.subject:
        q.add(d, vnl("title"), lit_vi(_squash(h.subject)))
    if h.signer:
        p = NamedNode(person_iri(ident.facts.jurisdiction, h.signer))
        q.add(p, RDF_TYPE, vnl("Person"))
        q.add(p, LABEL, lit_vi(_squash(h.signer)))
        q.add(d, vnl("signedBy"), p)
    for r in h.recipients:
        if r.strip():
            q.add(d, vnl("recipient"), lit_vi(_squash(r)))
    if h.place:
        q.add(d, vnl("place"), lit_vi(_squash(h.place)))
    # a law's own text ("LUẬT / HẢI QUAN", 2014) is the law other texts cite by title and year
    year = ident.facts.year or (int(h.date[:4]) if h.date else h.year)
    if h.type in TITLED_TYPES and h.subject and year:
        titled = titled_identity(
            DocFacts(title=f"{h.type} {_squash(h.subject).lower()}", type_name=h.type, year=year), "Law"
        )
        if titled is not None and titled.iri != d.value:
            q.add(d, vnl("sameDocumentAs"), NamedNode(titled.iri))
            q.add(NamedNode(titled.iri), vnl("sameDocumentAs"), d)


def _squash(text: str) -> str:
    return squash(nfc(text))
