"""Both stores are a ``GraphStore``, and the same calls give the same answers on each (embedded and server)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import store_fixtures
from pyoxigraph import Literal, NamedNode, Quad, Variable

from kg.errors import StoreError as KgStoreError
from kg.export.rdf import dumps
from kg.store import GraphStore, RemoteError, RemoteStore, Store, StoreError, open_store
from kg.store.sparql import bind, with_prefixes

oxigraph_factory = store_fixtures.oxigraph_factory  # the fixture

ID = "https://w3id.org/vn-legal-kg/id/"
G1, G2 = NamedNode(f"{ID}source/p1"), NamedNode(f"{ID}source/p2")
TITLE = NamedNode("https://w3id.org/vn-legal-kg/ontology#title")
CITES = NamedNode("https://w3id.org/vn-legal-kg/ontology#cites")
A, B, C = (NamedNode(f"{ID}doc/{x}") for x in "abc")


@pytest.fixture(params=["embedded", "oxigraph-server"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    if request.param == "embedded":
        st: GraphStore = open_store(tmp_path / "store")
    else:
        factory: Callable[..., str] = request.getfixturevalue("oxigraph_factory")
        st = open_store(f"{factory()}/query")
    with st:
        yield st


def _calls(st: GraphStore) -> list[Any]:
    """The small sequence every caller relies on; its answers must not depend on the store."""
    out: list[Any] = []
    st.replace_graph(G1, [Quad(A, TITLE, Literal("Nghị quyết 57", language="vi"), G1), Quad(A, CITES, B, G1)])
    st.replace_graph(G2, [Quad(B, CITES, C, G2), Quad(C, TITLE, Literal('dấu "ngoặc"\nxuống dòng'), G2)])
    out.append(st.graphs())
    out.append(len(st))
    out.append(st.select("SELECT ?d ?t WHERE { ?d vnl:title ?t } ORDER BY ?d"))
    out.append(st.select("SELECT ?x WHERE { ?x vnl:cites+ ?y } ORDER BY ?x ?y"))
    out.append([st.ask("ASK { ?d vnl:cites vnld:doc\\/c }"), st.ask("ASK { ?d vnl:cites vnld:doc\\/a }")])
    out.append(sorted(map(str, st.quads_for_pattern(None, CITES, None, None))))
    out.append(sorted(map(str, st.quads_for_pattern(B, None, None, G2))))
    out.append(sorted(map(str, st.quads(G1))))
    st.replace_graph(G1, [Quad(A, CITES, C, G1)])  # replaces G1 only
    out.append(sorted(map(str, st.quads())))
    st.replace_graph(G1, [Quad(A, TITLE, Literal("x"), G1)], drop=[G2])
    out.append([st.graphs(), len(st)])
    st.drop_graph(G1)
    st.drop_graph(G1)  # a missing graph is no error
    out.append([st.graphs(), len(st), st.select("SELECT ?s WHERE { ?s ?p ?o }")])
    return out


def test_both_stores_are_graph_stores(tmp_path: Path) -> None:
    with Store.open(None) as st:
        assert isinstance(st, GraphStore)
    remote = RemoteStore("http://127.0.0.1:1/query", check=False)  # no request is sent
    assert isinstance(remote, GraphStore) and not isinstance(remote, Store)
    assert Store.open(remote) is remote and open_store(remote) is remote
    with pytest.raises(RemoteError, match="cannot reach"):  # a URL means a server
        open_store("http://127.0.0.1:1/query")
    assert StoreError is KgStoreError and issubclass(RemoteError, StoreError)


def test_same_answers(oxigraph_factory: Callable[..., str], tmp_path: Path) -> None:
    with open_store(tmp_path / "store") as local, open_store(f"{oxigraph_factory()}/query") as remote:
        assert isinstance(remote, RemoteStore)
        expected = _calls(local)
        assert _calls(remote) == expected
    assert expected[0] == [G1, G2] and expected[1] == 4 and expected[-1] == [[], 0, []]


def test_dump_uses_only_the_protocol(store: GraphStore) -> None:
    store.replace_graph(G1, [Quad(A, CITES, B, G1)])
    assert dumps(store, "nq").decode() == f"<{A.value}> <{CITES.value}> <{B.value}> <{G1.value}> .\n"


def test_with_prefixes() -> None:
    text = with_prefixes("SELECT * {\n ?s a/rdfs:label ?o . ?s vnl:x ?y }")
    assert text.startswith("PREFIX vnl: <") and "PREFIX rdfs: <" in text and "PREFIX xsd" not in text
    assert text.count("\n") == 1  # declarations on the first line: error line numbers stay the user's
    assert with_prefixes(text) == text
    own = "PREFIX vnl: <http://other/>\nSELECT * { ?s vnl:x ?o }"
    assert with_prefixes(own) == own
    assert with_prefixes("SELECT * { ?s <http://x/vnl:y> ?o }").startswith("PREFIX vnl:")  # harmless extra
    assert with_prefixes("SELECT * { ?s xvnl:y ?o }") == "SELECT * { ?s xvnl:y ?o }"


def test_bind_opens_the_where_group() -> None:
    q = 'SELECT ?x WHERE { ?x ?p "{" OPTIONAL { ?x ?q ?r } }'
    assert bind(q, {Variable("p"): CITES}) == (
        f'SELECT ?x WHERE {{ VALUES (?p) {{ (<{CITES.value}>) }}  ?x ?p "{{" OPTIONAL {{ ?x ?q ?r }} }}'
    )
    assert bind("CONSTRUCT WHERE { ?s ?p ?o }", {Variable("s"): A}).endswith(
        f"VALUES (?s) {{ (<{A.value}>) }}"
    )
    assert bind(q, {}) == q
