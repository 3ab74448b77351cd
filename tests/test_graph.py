"""Extraction -> quads: one named graph per source, documents, relations with evidence, mentions, NFC text."""

from __future__ import annotations

import unicodedata

from kg_seed_facts import draft, letter
from pyoxigraph import Literal, NamedNode

from kg.graph.quads import extraction_to_quads
from kg.store.local import Store
from kg.vocab import VNLD

WHEN = "2025-07-01T00:00:00Z"


def _store(*exs) -> Store:
    st = Store.open(None)
    for i, ex in enumerate(exs):
        st.replace_graph(NamedNode("urn:tmp"), [])
        quads = extraction_to_quads(ex, f"/tmp/seed{i}.txt", ingested_at=WHEN)
        st.replace_graph(quads[0].graph_name, quads)
    return st


def test_one_graph_named_by_source() -> None:
    quads = extraction_to_quads(letter(), "/x/000.txt", ingested_at=WHEN)
    graphs = {q.graph_name for q in quads}
    assert len(graphs) == 1
    g = next(iter(graphs))
    assert g.value.startswith(VNLD + "source/") and len(g.value.rsplit("/", 1)[1]) == 20
    assert quads == extraction_to_quads(letter(), "/x/000.txt", ingested_at=WHEN)  # deterministic


def test_relations_and_evidence() -> None:
    st = _store(letter())
    rows = st.select(
        """SELECT ?a ?b ?text ?start ?end ?src ?v ?t WHERE {
             ?a vnl:symbol "359-KH/TU" . ?b vnl:symbol "57-NQ/TW" . ?a vnl:implements ?b .
             ?e a vnl:Evidence ; rdf:subject ?a ; rdf:predicate vnl:implements ; rdf:object ?b ;
                vnl:text ?text ; vnl:start ?start ; vnl:end ?end ; vnl:source ?src ; prov:wasDerivedFrom ?src ;
                vnl:extractorVersion ?v ; prov:generatedAtTime ?t . ?src a vnl:SourceText }"""
    )
    assert len(rows) == 1
    r = rows[0]
    assert "Kế hoạch hành động số 359-KH/TU" in r["text"].value and r["text"].language == "vi"
    assert int(r["start"].value) < int(r["end"].value)
    assert r["v"].value == "0.1.0" and r["t"].value == WHEN
    assert r["a"].value.endswith("doc/quang-ngai/tu/kh/2025/359") and r["b"].value.endswith(
        "doc/vn/tw/nq/2024/57"
    )


def test_documents_and_self() -> None:
    st = _store(letter())
    (row,) = st.select(
        'SELECT ?d ?j ?b ?n ?date WHERE { ?d vnl:symbol "57-NQ/TW" ; vnl:jurisdiction ?j ; '
        "vnl:issuedBy ?b ; vnl:issuerName ?n ; vnl:dateIssued ?date }"
    )
    assert row["b"].value == VNLD + "body/vn/tw" and row["n"].value == "Bộ Chính trị"
    assert row["date"] == Literal("2024-12-22", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#date"))
    (s,) = st.select("SELECT ?d WHERE { ?src vnl:describes ?d }")
    assert s["d"].value == VNLD + "doc/quang-ngai/skhcn/cv/2025/1359"
    assert st.ask(
        f'ASK {{ <{s["d"].value}> a vnl:OfficialLetter ; vnl:respondsTo ?x . ?x vnl:symbol "1826/SXD-QHKT" }}'
    )
    # 950/QĐ-TTg is cited without a date: its year is unknown, so it is an unresolved reference
    (u,) = st.select(
        'SELECT ?d ?why WHERE { ?d vnl:symbol "950/QĐ-TTg" ; a vnl:UnresolvedReference ; '
        "vnl:unresolvedReason ?why ; vnl:contextSource ?src }"
    )
    assert "/ref/950-qd-ttg/" in u["d"].value and u["why"].value == "year unknown"


def test_mentions_short_resolve() -> None:
    st = _store(letter())
    rows = st.select(
        "SELECT ?m ?k ?sym WHERE { ?m a vnl:Mention ; vnl:kind ?k ; vnl:mentionOf ?d . ?d vnl:symbol ?sym }"
    )
    kinds = {(r["k"].value, r["sym"].value) for r in rows}
    assert ("short", "57-NQ/TW") in kinds and ("full", "1053/SKHCN-BCVT&CNTT") in kinds
    assert len(rows) == 11


def test_literals_are_nfc() -> None:
    ex = draft()
    assert not unicodedata.is_normalized("NFC", ex.text)
    for q in extraction_to_quads(ex, "/x/001.txt", ingested_at=WHEN):
        if isinstance(q.object, Literal):
            assert unicodedata.is_normalized("NFC", q.object.value), q
    st = _store(ex)
    (row,) = st.select(
        "SELECT ?d ?p ?m WHERE { ?s vnl:describes ?d . ?d vnl:partialSymbol ?p ; vnl:monthIssued ?m }"
    )
    assert row["p"].value == "/SKHCN-BCVT&CNTT" and row["m"].value == "2025-06"
    assert st.ask('ASK { ?d vnl:title ?t FILTER(CONTAINS(STR(?t), "phát triển đô thị")) }')
    assert st.ask('ASK { ?d vnl:signedBy ?p . ?p a vnl:Person ; rdfs:label "Trần Thanh Trường"@vi }')
