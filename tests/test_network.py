"""kg.export.network: the RDF store as a networkx graph (fixture: tests/fixtures/seeds_graph.trig)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from conftest import load_trig

from kg.errors import ArgumentError, LookupFailed
from kg.export.network import NODE_DEFAULTS, NetworkError, to_networkx
from kg.export.stats import stats

FIXTURE = Path(__file__).parent / "fixtures" / "seeds_graph.trig"
D = "https://w3id.org/vn-legal-kg/id/doc/"
NQ57 = D + "vn/tw/nq/2024/57"
KH359 = D + "quang-ngai/tu/kh/2025/359"
HN12 = D + "ha-noi/ubnd/kh/2025/12"


def load_store(path: Path = FIXTURE):
    return load_trig(path)


@pytest.fixture(scope="module")
def store():
    return load_store()


def test_documents_and_relations(store):
    G = to_networkx(store)
    assert isinstance(G, nx.MultiDiGraph)
    assert len(G) == 18 and G.number_of_edges() == 23
    a = G.nodes[NQ57]
    assert a["symbol"] == "57-NQ/TW" and a["type"] == "Resolution" and a["jurisdiction"] == "vn"
    assert a["date"] == "2024-12-22" and a["label"] == "Nghị quyết 57-NQ/TW"
    assert a["issuer"] == "Ban Chấp hành Trung ương Đảng"
    # cited by 359 (implements), 1359 (cites), the draft (cites, mention) and the Hà Nội plan
    assert a["cited"] == 4
    assert G.has_edge(KH359, NQ57, key="implements")
    e = G.edges[KH359, NQ57, "implements"]
    assert e["weight"] == 2.0 and e["relation"] == "implements" and "359-KH/TU" in e["evidence"]


def test_uniform_attributes(store):
    """Every node has every column with the default's type: GEXF/GraphML writers need that."""
    G = to_networkx(store, with_bodies=True)
    for _, a in G.nodes(data=True):
        assert set(NODE_DEFAULTS) <= set(a)
        for k, default in NODE_DEFAULTS.items():
            assert type(a[k]) is type(default), (k, a[k])


def test_unresolved_and_undated(store):
    G = to_networkx(store)
    ref = G.nodes["https://w3id.org/vn-legal-kg/id/ref/51-kh-ubnd/3f2a"]
    assert ref["kind"] == "unresolved" and ref["jurisdiction"] == "" and ref["date"] == ""
    assert G.nodes[D + "vn/ttg/qd/2020/950"]["date"] == ""
    # the draft has no symbol: labelled by type and IRI tail, never empty
    assert G.nodes[D + "quang-ngai/skhcn/cv/2025/draft-8c31e89f"]["label"].startswith("Công văn")


def test_relation_filter(store):
    G = to_networkx(store, relations=["implements,based_on"])
    assert {k for _, _, k in G.edges(keys=True)} == {"implements", "based_on"}
    assert all(G.degree(n) > 0 for n in G)
    for spelling in ("basedOn", "based-on", "based_on"):
        G2 = to_networkx(store, relations=[spelling])
        assert {k for _, _, k in G2.edges(keys=True)} == {"based_on"}
    with pytest.raises(NetworkError, match="unknown relation"):
        to_networkx(store, relations=["implement"])


def test_around(store):
    G = to_networkx(store, around="57-nq/TW", depth=1, relations=["implements"])
    assert set(G) == {NQ57, KH359, HN12}
    G = to_networkx(store, around=" 57 - NQ / TW ", relations=["implements"])  # depth 2 by default
    assert D + "quang-ngai/ubnd/qd/2025/327" in G
    assert D + "vn/ttg/qd/2020/950" in to_networkx(
        store, around="950/qd-ttg", depth=0
    )  # no Vietnamese keyboard
    # the same lookup as kg implements: slash/dash swapped, a type word and a number, zero padding
    assert NQ57 in to_networkx(store, around="57/NQ-TW", depth=0)
    assert NQ57 in to_networkx(store, around="Nghị quyết 57", depth=0)
    with pytest.raises(LookupFailed, match="no document matches"):
        to_networkx(store, around="999/XX-YY")
    with pytest.raises(ArgumentError, match="depth needs around"):
        to_networkx(store, depth=2)
    with pytest.raises(ArgumentError, match="not in the graph after"):
        to_networkx(store, around="950/QĐ-TTg", jurisdiction="ha-noi")


def test_jurisdiction(store):
    G = to_networkx(store, jurisdiction="Hà Nội,vn")
    assert {a["jurisdiction"] for _, a in G.nodes(data=True)} == {"ha-noi", "vn"}
    assert G.has_edge(HN12, NQ57)
    national = to_networkx(store, jurisdiction="national")
    assert {a["jurisdiction"] for _, a in national.nodes(data=True)} == {"vn"}
    assert set(to_networkx(store, jurisdiction="TP. Hà Nội")) == {HN12}
    with pytest.raises(ArgumentError, match="unknown jurisdiction"):
        to_networkx(store, jurisdiction="atlantis")
    with pytest.raises(NetworkError, match="no document in jurisdiction"):
        to_networkx(store, jurisdiction="Đà Nẵng")


def test_with_bodies(store):
    G = to_networkx(store, with_bodies=True)
    body = "https://w3id.org/vn-legal-kg/id/body/quang-ngai/skhcn"
    assert G.nodes[body]["kind"] == "body" and G.nodes[body]["label"].startswith("Sở Khoa học")
    assert G.has_edge(D + "quang-ngai/skhcn/cv/2025/1359", body, key="issued_by")
    assert G.has_edge(body, "https://w3id.org/vn-legal-kg/id/body/quang-ngai/ubnd", key="part_of")


def test_stats(store):
    st = stats(store)
    assert st["documents"] == 18 and st["unresolved"] == 1 and st["relations"] == 23
    assert st["most_cited"][0]["symbol"] == "57-NQ/TW" and st["most_cited"][0]["count"] == 4
    assert st["most_implemented"][0]["symbol"] == "57-NQ/TW"
    assert st["most_implementing"][0]["symbol"] == "327/QĐ-UBND"
    assert st["components"] == 1 and 0 < st["density"] < 1
    assert st["longest_implementation_chain"] == ["327/QĐ-UBND", "359-KH/TU", "57-NQ/TW"]
    # a filtered graph can be described too
    assert stats(to_networkx(store, jurisdiction="ha-noi"))["documents"] == 1
