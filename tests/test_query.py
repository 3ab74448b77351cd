"""kg.query (lookup, walks, show, sparql, render) against hand-written TriG fixtures that follow ontology/README.md."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import query as q
from kg.errors import ArgumentError, QueryError
from kg.query import render, walks
from kg.query.lookup import (
    AmbiguousReference,
    LookupFailed,
    find_documents,
    parse_reference,
    resolve_document,
    symbol_key,
)
from kg.query.sparql import with_prefixes
from kg.store.local import Store

FIXTURES = Path(__file__).parent / "fixtures"
#: what ``--format json`` gives for each evidence: the full clause, its facts, and the printed snippet
EVIDENCE_KEYS = {
    "source",
    "text",
    "start",
    "end",
    "cue_start",
    "cue_end",
    "cue",
    "article",
    "editorial",
    "snippet",
}
ID = "https://w3id.org/vn-legal-kg/id/"
NQ57 = ID + "doc/vn/tw/nq/2024/57"
KH359 = ID + "doc/quang-ngai/tu/kh/2025/359"
QD327 = ID + "doc/quang-ngai/ubnd/qd/2025/327"
NQ71 = ID + "doc/vn/cp/nq/2025/71"
NQ03 = ID + "doc/vn/cp/nq/2025/3"
KH51 = ID + "doc/quang-ngai/ubnd/kh/2025/51"
KH88 = ID + "doc/quang-ngai/skhcn/kh/2025/88"
QD57HN = ID + "doc/ha-noi/ubnd/qd/2025/57"

HOSTILE = [
    '57-NQ/TW" } ; DROP ALL ; {',
    "57-NQ/TW> } DROP ALL",
    "} { ?s ?p ?o",
    '"""',
    "57-NQ/TW\nDROP ALL",
    "<http://x/a> } ; DROP ALL ; { <b>",
    "vnld:doc/x>y",
    "' OR 1=1 --",
]


def load(*names: str) -> Store:
    store = Store.open(None)
    for name in names:
        store.inner.load(path=str(FIXTURES / name), format=ox.RdfFormat.TRIG)
    return store


@pytest.fixture(scope="module")
def seeds() -> Store:
    return load("seeds.trig")


@pytest.fixture(scope="module")
def full() -> Store:
    return load("seeds.trig", "extra.trig")


# ------------------------------------------------------------------------------------------- lookup


@pytest.mark.parametrize(
    "a,b",
    [
        ("57-NQ/TW", "57/NQ-TW"),
        ("57-NQ/TW", "057-nq/tw"),
        ("327/QĐ-UBND", "327/QD-UBND"),
        ("327/QĐ-UBND", "327 / qđ - ubnd"),
        ("03/NQ-CP", "3/NQ-CP"),
        ("1053/SKHCN-BCVT&CNTT", "1053 /SKHCN-BCVT&CNTT"),
    ],
)
def test_symbol_key_equates_spellings(a: str, b: str) -> None:
    assert symbol_key(a) == symbol_key(b)


def test_symbol_key_keeps_different_documents_apart() -> None:
    assert symbol_key("57-NQ/TW") != symbol_key("57/QĐ-UBND")
    assert symbol_key("13/2023/NĐ-CP") != symbol_key("13/NĐ-CP")


@pytest.mark.parametrize(
    "text",
    [
        "57-NQ/TW",
        "57/NQ-TW",
        "nq 57-nq/tw",
        "Nghị quyết 57-NQ/TW",
        "Nghị quyết số 57-NQ/TW",
        "NGHI QUYET 57-NQ/TW",
        "Nghị quyết 57",
        "nghi quyet 57",
        "NQ 57",
        NQ57,
        f"<{NQ57}>",
        "vnld:doc/vn/tw/nq/2024/57",
        "doc/vn/tw/nq/2024/57",
    ],
)
def test_user_spellings_find_57_nq_tw(full: Store, text: str) -> None:
    assert resolve_document(full, text).iri == NQ57


def test_zero_padding_and_diacritics(full: Store) -> None:
    assert resolve_document(full, "3/NQ-CP").iri == NQ03
    assert resolve_document(full, "327/qd-ubnd").iri == QD327
    assert resolve_document(full, "Quyết định 327").iri == QD327


def test_bare_number_is_ambiguous_when_two_types_share_it(full: Store) -> None:
    with pytest.raises(AmbiguousReference) as err:
        resolve_document(full, "57")
    assert {d.iri for d in err.value.candidates} == {NQ57, QD57HN}


def test_same_symbol_in_two_provinces_is_ambiguous(full: Store) -> None:
    with pytest.raises(AmbiguousReference) as err:
        resolve_document(full, "645/QĐ-UBND")
    assert sorted(d.jurisdiction for d in err.value.candidates) == ["ha-noi", "quang-ngai"]
    # the IRI picks one
    assert resolve_document(full, ID + "doc/ha-noi/ubnd/qd/2024/645").jurisdiction == "ha-noi"


def test_unknown_and_unreadable_input(full: Store) -> None:
    assert find_documents(full, "999/QĐ-UBND") == []
    with pytest.raises(LookupFailed):
        resolve_document(full, "999/QĐ-UBND")
    for bad in ["", "   ", "Nghị quyết", "Hợp tác xã 57", "http://example.org/not-there"]:
        with pytest.raises(LookupFailed):
            resolve_document(full, bad)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_input_never_reaches_sparql(full: Store, text: str) -> None:
    before = len(full)
    with pytest.raises(LookupFailed):
        resolve_document(full, text)
    assert len(full) == before


def test_parse_reference_shapes() -> None:
    assert parse_reference("Kế hoạch hành động số 359-KH/TU ngày 29/4/2025").symbol == "359-KH/TU"
    short = parse_reference("Quyết định 327")
    assert short.symbol is None and short.number == "327" and "qd" in short.codes
    assert parse_reference(f"<{NQ57}>").iri == NQ57


def test_draft_and_signed_letter_are_one_candidate(full: Store) -> None:
    # the draft's symbol has no number; it is linked to the signed letter by vnl:sameDocumentAs
    docs = find_documents(full, "/SKHCN-BCVT&CNTT")
    assert len(docs) == 1


# ------------------------------------------------------------------------------------------- implements


def test_implements_57_on_the_seeds(seeds: Store) -> None:
    res = q.implements(seeds, "57-NQ/TW")
    data = res.to_json()
    assert set(data) == {"query", "target", "implementers"}
    assert data["query"] == "57-NQ/TW"
    assert data["target"] == {"symbol": "57-NQ/TW", "iri": NQ57}
    rows = {i["symbol"]: i for i in data["implementers"]}
    assert set(rows) == {"359-KH/TU", "327/QĐ-UBND"}
    for row in rows.values():
        assert set(row) == {
            "symbol",
            "iri",
            "depth",
            "via",
            "class",
            "type_name",
            "type_code",
            "issuer",
            "date",
            "jurisdiction",
            "evidence",
        }
        assert row["evidence"], row
        assert all(set(e) == EVIDENCE_KEYS and e["text"] and e["source"] for e in row["evidence"])
    assert rows["359-KH/TU"]["depth"] == 1 and rows["359-KH/TU"]["via"] == []
    assert rows["327/QĐ-UBND"]["depth"] == 2 and rows["327/QĐ-UBND"]["via"] == ["359-KH/TU"]
    assert rows["359-KH/TU"]["class"] == "Plan" and rows["359-KH/TU"]["type_name"] == "Kế hoạch"
    assert rows["359-KH/TU"]["jurisdiction"] == "quang-ngai"
    assert rows["359-KH/TU"]["date"] == "2025-04-29"
    # evidence of 327's own hop (327 -> 359), and the clean text before the OCR one
    assert "359-KH/TU" in rows["327/QĐ-UBND"]["evidence"][0]["text"]
    assert rows["327/QĐ-UBND"]["evidence"][0]["source"].startswith("001_")
    json.dumps(data, ensure_ascii=False)


def test_implements_03_lists_51(seeds: Store) -> None:
    res = q.implements(seeds, "03/NQ-CP")
    assert [(i.doc.iri, i.depth) for i in res.implementers] == [(KH51, 1)]


def test_implements_depth_and_filters(full: Store) -> None:
    res = q.implements(full, "57-NQ/TW")
    got = {i.doc.iri: (i.depth, [d.name for d in i.via]) for i in res.implementers}
    assert got == {
        KH359: (1, []),
        QD57HN: (1, []),
        QD327: (2, ["359-KH/TU"]),
        KH88: (3, ["327/QĐ-UBND", "359-KH/TU"]),
    }
    assert {i.doc.iri for i in q.implements(full, "57-NQ/TW", depth=2).implementers} == {KH359, QD57HN, QD327}
    assert {i.doc.iri for i in q.implements(full, "57-NQ/TW", jurisdiction="ha-noi").implementers} == {QD57HN}
    qn = q.implements(full, "57-NQ/TW", jurisdiction="Quảng Ngãi")
    assert {i.doc.iri for i in qn.implementers} == {KH359, QD327, KH88}
    since = q.implements(full, "57-NQ/TW", since="2025-05")
    assert {i.doc.iri for i in since.implementers} == {QD327, KH88}
    until = q.implements(full, "57-NQ/TW", until="2025-04-29")
    assert {i.doc.iri for i in until.implementers} == {KH359, QD57HN}
    both = q.implements(full, "57-NQ/TW", since="2025-02-01", until="2025-06-30", jurisdiction="quang-ngai")
    assert {i.doc.iri for i in both.implementers} == {KH359, QD327}


def test_filtered_tree_keeps_the_chain_visible(full: Store) -> None:
    tree = q.implements(full, "57-NQ/TW", since="2025-06").to_tree()
    assert "88/KH-SKHCN" in tree and "(via 327/QĐ-UBND > 359-KH/TU)" in tree


def test_implements_bad_arguments(full: Store) -> None:
    with pytest.raises(ArgumentError, match="bad date"):
        q.implements(full, "57-NQ/TW", since="last year")
    with pytest.raises(ArgumentError, match="bad date"):
        q.implements(full, "57-NQ/TW", until="2025-13-01")
    with pytest.raises(ArgumentError, match="unknown jurisdiction"):
        q.implements(full, "57-NQ/TW", jurisdiction="Atlantis")
    with pytest.raises(QueryError):
        q.implements(full, "57-NQ/TW", depth=0)
    with pytest.raises(ArgumentError, match="unknown relation"):
        q.implements(full, "57-NQ/TW", relation="loves")


def test_implements_survives_a_cycle(full: Store) -> None:
    res = q.implements(full, "7/KH-UBND")
    assert [i.doc.symbol for i in res.implementers] == ["8/KH-UBND"]


def test_implements_formats(full: Store) -> None:
    res = q.implements(full, "57-NQ/TW")
    tree = res.to_tree()
    assert tree.splitlines()[0].startswith("57-NQ/TW")
    assert "[1] 359-KH/TU" in tree and "[2] 327/QĐ-UBND" in tree and "“" in tree
    rows = list(csv.DictReader(io.StringIO(render.rows_to_csv(res.to_rows(), walks.ROW_FIELDS))))
    assert [r["symbol"] for r in rows][:2] == ["57/QĐ-UBND", "359-KH/TU"]
    assert rows[-1]["via"] == "327/QĐ-UBND > 359-KH/TU"
    # evidence with quotes and braces survives CSV; the cell is the snippet, one line (the full text is in JSON)
    assert '"thực hiện"' in rows[-1]["evidence"] and "\n" not in rows[-1]["evidence"]
    assert "depth" in render.rows_to_table(res.to_rows(), walks.ROW_FIELDS).splitlines()[0]


def test_implements_a_deep_chain_without_recursion_limits() -> None:
    store = Store.open(None)
    vnl = "https://w3id.org/vn-legal-kg/ontology#"
    n = 2500  # deeper than rdflib's default recursion limit allows
    quads = []
    for i in range(n):
        doc = ox.NamedNode(f"{ID}doc/vn/cp/kh/2025/{i}")
        quads.append(
            ox.Quad(doc, ox.NamedNode(vnl + "symbol"), ox.Literal(f"{i}/KH-CP"), ox.NamedNode(ID + "g"))
        )
        quads.append(ox.Quad(doc, ox.NamedNode(vnl + "number"), ox.Literal(str(i)), ox.NamedNode(ID + "g")))
        if i:
            parent = ox.NamedNode(f"{ID}doc/vn/cp/kh/2025/{i - 1}")
            quads.append(ox.Quad(doc, ox.NamedNode(vnl + "implements"), parent, ox.NamedNode(ID + "g")))
    store.inner.extend(quads)
    res = q.implements(store, "0/KH-CP")
    assert len(res.implementers) == n - 1 and res.implementers[-1].depth == n - 1
    assert len(res.implementers[-1].to_json()["via"]) == n - 2
    up = q.trace(store, f"{n - 1}/KH-CP")
    assert up.roots[0].symbol == "0/KH-CP" and len(up.paths) == 1 and len(up.paths[0]) == n - 1


# ------------------------------------------------------------------------------------------- trace / path / show


def test_trace_327_reaches_both_roots(seeds: Store) -> None:
    res = q.trace(seeds, "327/QĐ-UBND")
    assert {d.iri for d in res.roots} == {NQ57, NQ71}
    assert {(d.iri, n) for d, n in res.ancestors} == {(KH359, 1), (NQ57, 2), (NQ71, 1)}
    paths = sorted([h.to.symbol for h in p] for p in res.paths)
    assert paths == [["359-KH/TU", "57-NQ/TW"], ["71/NQ-CP"]]
    assert all(h.evidence for p in res.paths for h in p)
    data = res.to_json()
    assert data["target"]["iri"] == QD327
    assert {p["nodes"][-1] for p in data["paths"]} == {"57-NQ/TW", "71/NQ-CP"}
    assert "path 1:" in res.to_tree()


def test_trace_depth_one(seeds: Store) -> None:
    res = q.trace(seeds, "327/QĐ-UBND", depth=1)
    assert {d.iri for d, _ in res.ancestors} == {KH359, NQ71}


def test_trace_of_a_root_is_empty(seeds: Store) -> None:
    res = q.trace(seeds, "57-NQ/TW")
    assert res.ancestors == [] and res.paths == []


def test_path_goes_both_directions(seeds: Store) -> None:
    res = q.path(seeds, "359-KH/TU", "71/NQ-CP")
    assert len(res.paths) == 1
    hops = res.paths[0]
    assert [(h.frm.iri, h.predicate, h.forward, h.to.iri) for h in hops] == [
        (KH359, "implements", False, QD327),
        (QD327, "implements", True, NQ71),
    ]
    assert all(h.evidence for h in hops)
    data = res.to_json()
    assert data["length"] == 2 and data["paths"][0][0]["direction"] == "backward"


def test_path_between_unconnected_documents(full: Store) -> None:
    res = q.path(full, "7/KH-UBND", "57-NQ/TW")
    assert res.paths == [] and "no connection" in res.to_tree()


def test_path_through_the_letter_and_restricted_relations(seeds: Store) -> None:
    # 1826 and 1053 are connected only through the letter (responds_to / attaches)
    res = q.path(seeds, "1826/SXD-QHKT", "1053/SKHCN-BCVT&CNTT")
    assert res.paths and all(len(p) == 2 for p in res.paths)
    assert q.path(seeds, "1826/SXD-QHKT", "1053/SKHCN-BCVT&CNTT", relations=["implements"]).paths == []


def test_show_359(seeds: Store) -> None:
    res = q.show(seeds, "359-KH/TU")
    assert [link.doc.iri for link in res.outgoing["implements"]] == [NQ57]
    assert [link.doc.iri for link in res.incoming["implements"]] == [QD327]
    assert all(link.evidence for link in res.outgoing["implements"])
    assert len(res.mentions) == 4 and all(m.start is not None and m.source for m in res.mentions)
    assert res.properties["vnl:symbol"] == ["359-KH/TU"]
    data = res.to_json()
    assert data["document"]["iri"] == KH359 and data["incoming"]["implements"][0]["iri"] == QD327
    tree = res.to_tree()
    assert "outgoing relations:" in tree and "mentioned 4 times" in tree


def test_show_unresolved_reference(seeds: Store) -> None:
    res = q.show(seeds, "950/QĐ-TTg")
    assert res.doc.unresolved and "reports_on" in res.incoming


# ------------------------------------------------------------------------------------------- sparql


def test_with_prefixes_adds_only_missing_ones() -> None:
    text = with_prefixes("PREFIX vnl: <http://other/>\nSELECT * { ?s vnl:x ?o ; rdfs:label ?l }")
    assert text.count("PREFIX vnl:") == 1 and "PREFIX vnl: <http://other/>" in text
    assert "PREFIX rdfs:" in text and "PREFIX schema:" not in text
    assert with_prefixes("prefix rdfs: <x:>\nprefix vnl: <y:>").count("PREFIX rdfs") == 0


def test_sparql_select_with_predefined_prefixes(seeds: Store) -> None:
    res = q.sparql(
        seeds, "SELECT DISTINCT ?d WHERE { ?d vnl:implements vnld:doc\\/vn\\/tw\\/nq\\/2024\\/57 }"
    )
    assert res.kind == "select" and res.vars == ["d"]
    assert [r[0].value for r in res.rows] == [KH359]
    data = res.to_json()
    assert data["head"]["vars"] == ["d"]
    assert data["results"]["bindings"] == [{"d": {"type": "uri", "value": KH359}}]
    assert res.serialize("csv").decode().splitlines() == ["d", KH359]
    assert res.serialize("tsv").decode().splitlines() == ["?d", f"<{KH359}>"]
    assert b"<sparql" in res.serialize("xml")
    assert "(1 row)" in res.to_table()


def test_sparql_ask_and_construct(seeds: Store) -> None:
    ask = q.sparql(seeds, "ASK { ?d vnl:implements ?x }")
    assert ask.kind == "ask" and ask.boolean is True and ask.to_table() == "true"
    assert json.loads(ask.serialize("json")) == {"head": {}, "boolean": True}
    graph = q.sparql(
        seeds,
        f"CONSTRUCT {{ ?d vnl:implements ?x }} WHERE {{ ?d vnl:implements ?x . FILTER(?x = <{NQ57}>) }}",
    )
    assert graph.kind == "graph"
    assert f"<{KH359}>" in graph.serialize("ntriples").decode()
    assert "vnl:implements" in graph.serialize("turtle").decode()
    with pytest.raises(QueryError):
        graph.serialize("csv")
    described = q.sparql(seeds, f"DESCRIBE <{NQ57}>").serialize("ntriples").decode().splitlines()
    assert len(described) == len(set(described)) > 5  # stated in two graphs, listed once


def test_sparql_refuses_updates_and_reports_syntax_errors(seeds: Store) -> None:
    before = len(seeds)
    for update in [
        "DROP ALL",
        "# comment\nPREFIX a: <x:>\nINSERT DATA { <a:b> <a:c> <a:d> }",
        "clear default",
    ]:
        with pytest.raises(QueryError, match="read-only"):
            q.sparql(seeds, update)
    with pytest.raises(QueryError, match="syntax"):
        q.sparql(seeds, "SELECT WHERE {")
    with pytest.raises(QueryError):
        q.sparql(seeds, "SELECT * { ?s ?p ?o } ; DROP ALL")
    assert len(seeds) == before


@pytest.mark.parametrize("value", HOSTILE)
def test_sparql_params_are_bound_not_spliced(seeds: Store, value: str) -> None:
    before = len(seeds)
    try:
        res = q.sparql(seeds, "SELECT ?d WHERE { ?d vnl:symbol ?s }", params={"s": value})
    except QueryError as exc:  # an IRI-looking value that is not a valid IRI is refused
        assert "bad IRI" in str(exc)
    else:
        assert res.rows == []
    assert len(seeds) == before


def test_sparql_params(seeds: Store) -> None:
    res = q.sparql(seeds, "SELECT DISTINCT ?d WHERE { ?d vnl:symbol ?s }", params={"s": "359-KH/TU"})
    assert [r[0].value for r in res.rows] == [KH359]
    res = q.sparql(
        seeds, "SELECT DISTINCT ?s WHERE { ?d vnl:symbol ?s }", params={"d": "vnld:doc/vn/tw/nq/2024/57"}
    )
    assert [r[0].value for r in res.rows] == ["57-NQ/TW"]
    with pytest.raises(QueryError):
        q.sparql(seeds, "SELECT * { ?s ?p ?o }", params={"s": "<not an iri>"})
    with pytest.raises(QueryError):
        q.sparql(seeds, "SELECT * { ?s ?p ?o }", params={"bad name": "x"})


# ------------------------------------------------------------------------------------------- ready-made queries


def test_ready_made_queries_are_listed_and_documented() -> None:
    names = {nq.name: nq for nq in q.list_queries()}
    for needed in ("resolutions-without-plan", "implementation-timeline", "most-cited"):
        assert needed in names
    for nq in names.values():
        assert nq.text.startswith("#") and nq.title and nq.description, nq.name
    assert names["resolutions-without-plan"].params == ["province"]
    with pytest.raises(QueryError, match="no ready-made query"):
        q.named_query("nope")


@pytest.mark.parametrize("name", [nq.name for nq in q.list_queries()])
def test_every_ready_made_query_runs(full: Store, name: str) -> None:
    res = q.sparql(full, q.named_query(name).text)
    assert res.kind == "select"


def test_resolutions_without_plan(full: Store) -> None:
    text = q.named_query("resolutions-without-plan").text
    hn = q.sparql(full, text, params={"province": "vnld:place/ha-noi"})
    assert sorted(r[3].value for r in hn.rows) == ["03/NQ-CP", "57-NQ/TW", "71/NQ-CP"]
    # every resolution has a Quảng Ngãi plan under it (71 through 88 -> 327 -> 71)
    assert q.sparql(full, text, params={"province": "vnld:place/quang-ngai"}).rows == []


def test_implementation_timeline_and_most_cited(full: Store) -> None:
    tl = q.sparql(full, q.named_query("implementation-timeline").text, params={"target": f"<{NQ57}>"})
    col = tl.vars.index("symbol")
    assert [r[col].value for r in tl.rows] == ["57/QĐ-UBND", "359-KH/TU", "327/QĐ-UBND", "88/KH-SKHCN"]
    top = q.sparql(full, q.named_query("most-cited").text)
    first = {r[1].value for r in top.rows[:4]}
    assert "57-NQ/TW" in first


def test_fixtures_follow_the_shapes() -> None:
    """The hand-written fixtures must satisfy ontology/shapes.ttl, like a graph the builder writes."""
    pyshacl = pytest.importorskip("pyshacl")
    import rdflib

    onto = Path(__file__).parents[1] / "ontology"
    graph = rdflib.Graph()
    for name in ("seeds.trig", "extra.trig"):
        ds = rdflib.Dataset()
        ds.parse(FIXTURES / name, format="trig")
        for s, p, o, _ in ds.quads((None, None, None, None)):
            graph.add((s, p, o))
    shapes = rdflib.Graph().parse(onto / "shapes.ttl")
    ont = rdflib.Graph().parse(onto / "vnl.ttl")
    ok, _, text = pyshacl.validate(graph, shacl_graph=shapes, ont_graph=ont, inference="none")
    assert ok, text


def test_changes_before_target_flags_a_backward_amendment() -> None:
    """The 2024 Land Law cannot amend a 2025 law: the check lists it; a forward amendment is not listed."""
    st = Store.open(None)
    st.update(
        """PREFIX vnl: <https://w3id.org/vn-legal-kg/ontology#>
        PREFIX vnld: <https://w3id.org/vn-legal-kg/id/>
        PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
        INSERT DATA { GRAPH vnld:source-t {
          vnld:doc-a vnl:symbol "31/2024/QH15" ; vnl:dateIssued "2024-01-18"^^xsd:date ; vnl:amends vnld:doc-b .
          vnld:doc-b vnl:symbol "84/2025/QH15" ; vnl:dateIssued "2025-06-25"^^xsd:date ; vnl:amends vnld:doc-a .
          vnld:ev-1 a vnl:Evidence ; <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> vnld:doc-a ;
            <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> vnl:amends ;
            <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> vnld:doc-b ;
            vnl:text "Luật Đất đai số 31/2024/QH15 được sửa đổi, bổ sung một số điều bởi Luật số 84/2025/QH15" .
        } }"""
    )
    res = q.sparql(st, q.named_query("changes-before-target").text)
    rows = [
        dict(zip(res.vars, (c.value if c is not None else None for c in r), strict=True)) for r in res.rows
    ]
    assert [(r["symbol"], r["targetSymbol"]) for r in rows] == [("31/2024/QH15", "84/2025/QH15")]
    assert rows[0]["evidence"].startswith("Luật Đất đai số 31/2024/QH15 được sửa đổi")
