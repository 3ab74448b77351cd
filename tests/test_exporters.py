"""kg.export.gephi: GEXF valid against the official XSD and readable by networkx; GraphML and CSV carry the
same graph; the timeline is complete and in date order."""

from __future__ import annotations

import csv
import glob
import io
from pathlib import Path

import networkx as nx
import pytest
from conftest import SHARED, load_trig
from lxml import etree

from kg.export.gephi import ExportError, gexf_bytes, timeline_starts, write_csv, write_gexf, write_graphml
from kg.export.network import NODE_DEFAULTS, to_networkx
from kg.ingest import build
from kg.store.local import Store

HERE = Path(__file__).parent
SCHEMAS = SHARED / "reference" / "gexf-schema"
SEEDS = sorted(glob.glob(str(SHARED / "seeds" / "*.txt")))
D = "https://w3id.org/vn-legal-kg/id/doc/"


def load_store(path: Path = HERE / "fixtures" / "seeds_graph.trig"):
    return load_trig(path)


@pytest.fixture(scope="module")
def graph():
    return to_networkx(load_store(), with_bodies=True)


def xsd(version: str) -> etree.XMLSchema:
    path = SCHEMAS / version / "gexf.xsd"
    if not path.is_file():
        pytest.skip(f"GEXF schema not found at {path}")
    return etree.XMLSchema(etree.parse(str(path)))


def assert_valid(data: bytes, version: str = "1.3") -> etree._Element:
    schema = xsd(version)
    doc = etree.fromstring(data)
    assert schema.validate(doc), "\n".join(str(e) for e in schema.error_log)
    return doc


def assert_same_graph(
    G: nx.MultiDiGraph, R: nx.Graph, *, ignore: set[str] = frozenset(), gexf: bool = False
) -> None:
    """Same nodes, same (source, target, relation) edges, same attribute values as G (in GEXF ``year`` is a
    number, absent when unknown)."""
    assert set(R) == set(G)
    for n, a in G.nodes(data=True):
        for k, v in a.items():
            if gexf and k == "year":
                assert R.nodes[n].get("year") == (int(v) if v else None), n
            elif k not in ignore:
                assert R.nodes[n][k] == v, (n, k)
    got = sorted(
        (u, v, d["relation"], d["weight"], d["label"], d["evidence"]) for u, v, d in R.edges(data=True)
    )
    want = sorted(
        (u, v, d["relation"], d["weight"], d["label"], d["evidence"]) for u, v, d in G.edges(data=True)
    )
    assert got == want


@pytest.mark.parametrize("version", ["1.3", "1.2draft"])
@pytest.mark.parametrize("timeline", [False, True])
def test_gexf_validates(graph, version, timeline):
    doc = assert_valid(gexf_bytes(graph, timeline=timeline, version=version), version)
    ns = doc.nsmap[None]
    # Gephi viz (colour by type, size by times cited) in the namespace the XSD declares them in
    node = doc.find(f".//{{{ns}}}node[@id='{D}vn/tw/nq/2024/57']")
    assert node.find(f"{{{ns}}}color").get("r") == "214"
    assert float(node.find(f"{{{ns}}}size").get("value")) > float(
        doc.find(f".//{{{ns}}}node[@id='{D}vn/bcdtw/ctr/2025/1']/{{{ns}}}size").get("value")
    )
    assert doc.find(f"{{{ns}}}graph").get("mode") == ("dynamic" if timeline else "static")


def test_gexf_round_trip(graph, tmp_path):
    out = tmp_path / "g.gexf"
    write_gexf(graph, out)
    R = nx.read_gexf(out)
    assert_same_graph(graph, R, gexf=True)
    assert set(R.nodes[D + "vn/tw/nq/2024/57"]) >= set(NODE_DEFAULTS) - {"label"}
    assert all("year" not in a for _, a in R.nodes(data=True) if a["kind"] == "body")


def test_timeline(graph):
    data = gexf_bytes(graph, timeline=True)
    doc = assert_valid(data)
    ns = doc.nsmap[None]
    assert doc.find(f"{{{ns}}}graph").get("timeformat") == "date"
    nodes = doc.findall(f".//{{{ns}}}node")
    edges = doc.findall(f".//{{{ns}}}edge")
    starts = [n.get("start") for n in nodes]
    assert all(starts) and starts == sorted(starts)
    estarts = [e.get("start") for e in edges]
    assert all(estarts) and estarts == sorted(estarts)
    by_id = {n.get("id"): n.get("start") for n in nodes}
    for e in edges:  # an edge never appears before either of its documents
        assert e.get("start") >= max(by_id[e.get("source")], by_id[e.get("target")])
    R = nx.read_gexf(io.BytesIO(data))
    assert R.nodes[D + "vn/tw/nq/2024/57"]["start"] == "2024-12-22"
    # undated: 950/QĐ-TTg appears with the first dated document that refers to it (1359, 2025-06-17)
    assert R.nodes[D + "vn/ttg/qd/2020/950"]["start"] == "2025-06-17"
    # the draft (year 2025, no date) cannot predate what it responds to (1826, 2025-06-11)
    assert R.nodes[D + "quang-ngai/skhcn/cv/2025/draft-8c31e89f"]["start"] == "2025-06-11"
    assert_same_graph(graph, R, ignore={"start"}, gexf=True)


def test_timeline_month_bounds():
    G = nx.MultiDiGraph()
    G.add_node("a", **{**NODE_DEFAULTS, "month": "2025-02", "year": "2025"})
    G.add_node("b", **{**NODE_DEFAULTS, "date": "2024-01-05"})
    G.add_edge("a", "b", key="cites", relation="cites", label="cites", weight=1.0, evidence="")
    nodes, edges = timeline_starts(G)
    assert nodes == {"a": "2025-02-01", "b": "2024-01-05"} and edges[("a", "b", "cites")] == "2025-02-01"


def test_graphml_same_graph(graph, tmp_path):
    out = tmp_path / "g.graphml"
    write_graphml(graph, out)
    R = nx.read_graphml(out, force_multigraph=True)
    assert_same_graph(graph, R)


def test_csv_same_graph(graph, tmp_path):
    nodes, edges = tmp_path / "n.csv", tmp_path / "e.csv"
    write_csv(graph, nodes, edges)
    with nodes.open(encoding="utf-8", newline="") as fh:
        nrows = list(csv.DictReader(fh))
    with edges.open(encoding="utf-8", newline="") as fh:
        erows = list(csv.DictReader(fh))
    assert list(nrows[0])[:2] == ["Id", "Label"]
    assert list(erows[0])[:6] == ["Source", "Target", "Type", "Id", "Label", "Weight"]
    assert {r["Id"] for r in nrows} == set(graph)
    for r in nrows:
        a = graph.nodes[r["Id"]]
        assert r["Label"] == a["label"] and r["symbol"] == a["symbol"] and int(r["cited"]) == a["cited"]
    got = sorted((r["Source"], r["Target"], r["relation"], float(r["Weight"])) for r in erows)
    assert got == sorted((u, v, d["relation"], d["weight"]) for u, v, d in graph.edges(data=True))
    assert {r["Type"] for r in erows} == {"Directed"}
    assert len({r["Id"] for r in erows}) == len(erows)


def test_csv_for_excel_quotes_what_excel_would_run():
    G = nx.MultiDiGraph()
    G.add_node("a", **{**NODE_DEFAULTS, "label": "Nghị định 24/2024/NĐ-CP", "symbol": "24/2024/NĐ-CP"})
    G.add_node("b", **{**NODE_DEFAULTS, "label": "=HYPERLINK(1)", "symbol": "22/2023/QH15"})
    # a list item of the corpus, as evidence: Excel would show #NAME? for it
    item = "- Luật Đấu thầu số 22/2023/QH15 (được sửa đổi, bổ sung tại Luật số 57/2024/QH15)"
    G.add_edge("a", "b", key="based_on", relation="based_on", label="based on", weight=2.0, evidence=item)
    plain, excel = (io.StringIO(), io.StringIO()), (io.StringIO(), io.StringIO())
    write_csv(G, *plain)
    write_csv(G, *excel, excel=True)
    assert excel[1].getvalue().startswith("\ufeffSource,") and "\r\n" in excel[1].getvalue()
    erow = next(csv.DictReader(io.StringIO(excel[1].getvalue().lstrip("\ufeff"))))
    prow = next(csv.DictReader(io.StringIO(plain[1].getvalue())))
    assert (prow["evidence"], erow["evidence"]) == (item, "'" + item)
    assert (prow["Weight"], erow["Weight"]) == ("2.0", "2")
    nrows = list(csv.DictReader(io.StringIO(excel[0].getvalue().lstrip("\ufeff"))))
    assert [r["Label"] for r in nrows] == ["Nghị định 24/2024/NĐ-CP", "'=HYPERLINK(1)"]


def test_mixed_types_refused():
    G = nx.MultiDiGraph()
    G.add_node("a", **{**NODE_DEFAULTS, "cited": "3"})
    with pytest.raises(ExportError, match="cited"):
        gexf_bytes(G)


@pytest.fixture(scope="module")
def seeds_graph():
    """The seeds built by the real pipeline (kg.ingest.build)."""
    if not SEEDS:
        pytest.skip("seed texts not found")
    st = Store.open(None)
    build(SEEDS, store=st)
    return to_networkx(st)


def test_seeds_export(seeds_graph, tmp_path):
    G = seeds_graph
    assert len(G) > 10 and G.number_of_edges() > 10
    for timeline in (False, True):
        data = gexf_bytes(G, timeline=timeline)
        assert_valid(data)
        R = nx.read_gexf(io.BytesIO(data))
        assert_same_graph(G, R, ignore={"start"}, gexf=True)
    gm = tmp_path / "s.graphml"
    write_graphml(G, gm)
    assert_same_graph(G, nx.read_graphml(gm, force_multigraph=True))
    assert any(a["symbol"] == "57-NQ/TW" for _, a in G.nodes(data=True))


def _ontology_subjects(predicate: str, obj: str) -> set[str]:
    """Local names of the ontology terms ``?x <predicate> <obj>`` in ontology/vnl.ttl."""
    import pyoxigraph as ox

    from kg.tables import ontology_path
    from kg.vocab import VNL

    quads = ox.parse(path=str(ontology_path("vnl.ttl")), format=ox.RdfFormat.TURTLE)
    return {
        q.subject.value.removeprefix(VNL)
        for q in quads
        if q.predicate.value == predicate and q.object.value == obj and q.subject.value.startswith(VNL)
    }


def test_every_predicate_and_document_class_has_a_colour():
    from kg.export.gephi import EDGE_FALLBACK, RELATION_COLOURS, TYPE_COLOURS
    from kg.vocab import PREDICATES, RDFS, VNL, relation_property

    assert all(RELATION_COLOURS[p] != EDGE_FALLBACK for p in PREDICATES)
    properties = _ontology_subjects(RDFS + "subPropertyOf", VNL + "relatedTo")
    assert properties and properties <= {relation_property(p) for p in PREDICATES}
    classes = _ontology_subjects(RDFS + "subClassOf", VNL + "Document")
    assert len(classes) > 30
    assert sorted((classes | {"Document", "IssuingBody"}) - set(TYPE_COLOURS)) == []
