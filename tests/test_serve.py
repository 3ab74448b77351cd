"""The SPARQL endpoint over a real socket on 127.0.0.1, with ordinary clients (SPARQLWrapper, rdflib, urllib)."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.serve import ServerConfig, make_server, negotiate
from kg.serve import runner as sparql_runner
from kg.serve.media import accept_list
from kg.store.local import Store

FIXTURES = Path(__file__).parent / "fixtures"
NQ57 = "https://w3id.org/vn-legal-kg/id/doc/vn/tw/nq/2024/57"
Q = (
    "SELECT DISTINCT ?d ?s ?date WHERE { ?d vnl:implements+ <" + NQ57 + "> ; vnl:symbol ?s . "
    "OPTIONAL { ?d vnl:dateIssued ?date } } ORDER BY ?s"
)
FULL_Q = (
    "PREFIX vnl: <https://w3id.org/vn-legal-kg/ontology#>\n"
    "SELECT DISTINCT ?d ?s WHERE { ?d vnl:implements <" + NQ57 + "> ; vnl:symbol ?s } ORDER BY ?s"
)


def _start(store: Any, **kw: Any) -> tuple[Any, threading.Thread]:
    server = make_server(store, "127.0.0.1", 0, quiet=True, **kw)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


def _stop(server: Any, thread: threading.Thread) -> None:
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="module")
def endpoint(store_dir: Path) -> Iterator[str]:
    store = Store.open(store_dir, read_only=True)
    server, thread = _start(store, timeout=60)
    assert server.server_address[0] == "127.0.0.1"
    yield server.url
    _stop(server, thread)


def http(
    url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None, method: str | None = None
) -> tuple[int, str, bytes]:
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req) as res:
            return res.status, res.headers.get("Content-Type", ""), res.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get("Content-Type", ""), err.read()


def get(endpoint: str, query: str, accept: str | None = None, **params: str) -> tuple[int, str, bytes]:
    qs = urllib.parse.urlencode({"query": query, **params})
    return http(f"{endpoint}?{qs}", headers={"Accept": accept} if accept else {})


def cli_json(store_dir: Path, query: str) -> dict[str, Any]:
    res = CliRunner().invoke(main, ["sparql", query, "--format", "json", "--store", str(store_dir)])
    assert res.exit_code == 0, res.stderr
    return json.loads(res.stdout)


# ------------------------------------------------------------------------------------------- same rows


@pytest.mark.slow
def test_same_rows_as_kg_sparql_via_sparqlwrapper(endpoint: str, store_dir: Path) -> None:
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    expected = cli_json(store_dir, Q)
    assert [b["s"]["value"] for b in expected["results"]["bindings"]] == [
        "327/QĐ-UBND",
        "359-KH/TU",
        "57/QĐ-UBND",
        "88/KH-SKHCN",
    ]
    for method in ("GET", POST):
        client = SPARQLWrapper(endpoint)
        client.setQuery(Q)
        client.setReturnFormat(JSON)
        client.setMethod(method)
        got = client.query().convert()
        assert got == expected, method


@pytest.mark.slow
def test_same_rows_via_rdflib_sparqlstore(endpoint: str, store_dir: Path) -> None:
    from rdflib import Graph
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    expected = cli_json(store_dir, FULL_Q)
    want = [(b["d"]["value"], b["s"]["value"]) for b in expected["results"]["bindings"]]
    for method in ("GET", "POST", "POST_FORM"):
        for fmt in ("json", "xml", "csv"):
            graph = Graph(store=SPARQLStore(query_endpoint=endpoint, returnFormat=fmt, method=method))
            rows = [(str(r[0]), str(r[1])) for r in graph.query(FULL_Q)]
            assert rows == want, (method, fmt)


@pytest.mark.slow
def test_rdflib_construct_and_ask(endpoint: str) -> None:
    from rdflib import Graph, URIRef
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = Graph(store=SPARQLStore(query_endpoint=endpoint, returnFormat="json"))
    res = graph.query(
        "PREFIX vnl: <https://w3id.org/vn-legal-kg/ontology#>\n"
        f"CONSTRUCT {{ ?d vnl:implements <{NQ57}> }} WHERE {{ ?d vnl:implements <{NQ57}> }}"
    )
    subjects = {str(s) for s, _, _ in res}
    assert "https://w3id.org/vn-legal-kg/id/doc/quang-ngai/tu/kh/2025/359" in subjects
    ask = graph.query(f"ASK {{ ?d <https://w3id.org/vn-legal-kg/ontology#implements> <{NQ57}> }}")
    assert ask.askAnswer is True
    assert (URIRef(NQ57), None, None) is not None


# ------------------------------------------------------------------------------------------- the protocol


@pytest.mark.slow
def test_content_negotiation(endpoint: str) -> None:
    code, ctype, body = get(endpoint, FULL_Q)
    assert code == 200 and ctype.startswith("application/sparql-results+json")
    assert json.loads(body)["head"]["vars"] == ["d", "s"]
    code, ctype, body = get(endpoint, FULL_Q, "application/sparql-results+xml")
    assert ctype.startswith("application/sparql-results+xml") and b"<sparql" in body
    code, ctype, body = get(endpoint, FULL_Q, "text/csv")
    assert ctype.startswith("text/csv") and body.decode().splitlines()[0] == "d,s"
    code, ctype, body = get(endpoint, FULL_Q, "text/tab-separated-values")
    assert ctype.startswith("text/tab-separated-values") and body.decode().splitlines()[0] == "?d\t?s"
    code, ctype, body = get(endpoint, FULL_Q, "text/csv;q=0.5, application/sparql-results+xml;q=0.9")
    assert ctype.startswith("application/sparql-results+xml")
    code, ctype, _ = get(endpoint, FULL_Q, "image/png")  # nothing usable: the default, not an error
    assert code == 200 and ctype.startswith("application/sparql-results+json")
    code, ctype, _ = get(endpoint, FULL_Q, "text/csv", format="json")
    assert ctype.startswith("application/sparql-results+json")


@pytest.mark.slow
def test_construct_and_describe_give_rdf(endpoint: str) -> None:
    construct = f"CONSTRUCT {{ ?d vnl:implements <{NQ57}> }} WHERE {{ ?d vnl:implements <{NQ57}> }}"
    code, ctype, body = get(endpoint, construct)
    assert code == 200 and ctype.startswith("text/turtle")
    assert len(ox.Dataset(ox.parse(body, format=ox.RdfFormat.TURTLE))) == 2
    code, ctype, body = get(endpoint, construct, "application/n-triples")
    assert ctype.startswith("application/n-triples") and body.count(b" .\n") == 2
    code, ctype, body = get(endpoint, f"DESCRIBE <{NQ57}>", "text/turtle")
    assert code == 200 and ctype.startswith("text/turtle") and b"57-NQ/TW" in body
    # the document is described by both seed graphs; the answer is a graph, so each triple comes once
    code, ctype, body = get(endpoint, f"DESCRIBE <{NQ57}>", "application/n-triples")
    lines = body.decode().splitlines()
    assert len(lines) == len(set(lines)) > 5
    code, ctype, body = get(endpoint, f"DESCRIBE <{NQ57}>", "application/rdf+xml")
    assert code == 200 and ctype.startswith("application/rdf+xml") and b"rdf:RDF" in body


@pytest.mark.slow
def test_post_forms(endpoint: str) -> None:
    form = urllib.parse.urlencode({"query": FULL_Q}).encode()
    code, ctype, body = http(
        endpoint, data=form, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert code == 200 and len(json.loads(body)["results"]["bindings"]) == 2
    code, ctype, body = http(
        endpoint,
        data=FULL_Q.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"},
    )
    assert code == 200 and len(body.decode().splitlines()) == 3
    code, _, body = http(endpoint, data=b"query=x", headers={"Content-Type": "text/plain"})
    assert code == 415


@pytest.mark.slow
@pytest.mark.parametrize(
    "kind,payload",
    [
        ("form-update", {"update": "DROP ALL"}),
        ("form-query", {"query": "DROP ALL"}),
        ("form-query", {"query": "PREFIX a: <x:>\nINSERT DATA { <a:b> <a:c> <a:d> }"}),
        ("sparql-update", "DELETE WHERE { ?s ?p ?o }"),
        ("get-update", {"update": "CLEAR ALL"}),
    ],
)
def test_updates_are_refused(endpoint: str, store_dir: Path, kind: str, payload: Any) -> None:
    if kind.startswith("form"):
        data = urllib.parse.urlencode(payload).encode()
        code, ctype, body = http(
            endpoint, data=data, headers={"Content-Type": "application/x-www-form-urlencoded"}
        )
    elif kind == "sparql-update":
        code, ctype, body = http(
            endpoint, data=payload.encode(), headers={"Content-Type": "application/sparql-update"}
        )
    else:
        code, ctype, body = http(f"{endpoint}?{urllib.parse.urlencode(payload)}")
    assert code == 403 and b"read-only" in body
    assert cli_json(store_dir, "ASK { ?s ?p ?o }")["boolean"] is True


@pytest.mark.slow
def test_bad_requests(endpoint: str) -> None:
    code, _, body = get(endpoint, "SELECT WHERE {")
    assert code == 400 and b"syntax" in body
    code, _, _ = http(endpoint)
    assert code == 400
    code, _, _ = http(endpoint.replace("/sparql", "/nope"))
    assert code == 404
    code, _, _ = get(endpoint, "SELECT * { ?s ?p ?o } LIMIT 1", **{"default-graph-uri": "not an iri"})
    assert code == 400


@pytest.mark.slow
def test_dataset_parameters(endpoint: str) -> None:
    kb = "https://w3id.org/vn-legal-kg/id/graph/kb"
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?d <https://w3id.org/vn-legal-kg/ontology#implements> ?x }"
    _, _, body = get(endpoint, q, **{"default-graph-uri": kb})
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "0"
    _, _, body = get(endpoint, q)
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 0


@pytest.mark.slow
def test_html_page(endpoint: str) -> None:
    code, ctype, body = http(endpoint.replace("/sparql", "/"))
    assert code == 200 and ctype.startswith("text/html")
    page = body.decode()
    assert "<textarea" in page and "most-cited" in page and "</script>" in page
    code, ctype, _ = http(endpoint, headers={"Accept": "text/html"})
    assert ctype.startswith("text/html")


@pytest.mark.slow
def test_hostile_query_text_is_just_a_bad_query(endpoint: str, store_dir: Path) -> None:
    for text in [
        '57-NQ/TW" } ; DROP ALL ; {',
        "SELECT * { ?s ?p ?o } ; DROP ALL",
        "<script>alert(1)</script>",
    ]:
        code, ctype, body = get(endpoint, text)
        assert code in (400, 403) and ctype.startswith("text/plain")
    assert cli_json(store_dir, "ASK { ?s ?p ?o }")["boolean"] is True


# ------------------------------------------------------------------------------------------- time limit


@pytest.mark.slow
def test_timeout_answers_503(monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()
    real = sparql_runner.execute

    def stuck(store: Any, query: str, **kw: Any) -> Any:
        if "stuck" in query:
            release.wait(30)
        return real(store, query.replace("# stuck", ""), **kw)

    monkeypatch.setattr(sparql_runner, "execute", stuck)
    store = Store(None)  # in memory: no worker process can open it, so queries run in threads
    server, thread = _start(store, timeout=0.2, workers=2)
    assert isinstance(server.runner, sparql_runner.QueryRunner)
    try:
        code, ctype, body = get(server.url, "# stuck\nASK {}")
        assert code == 503 and b"time" in body and ctype.startswith("text/plain")
        code, _, body = get(server.url, "ASK {}")  # the other worker still answers
        assert code == 200 and json.loads(body)["boolean"] is True
    finally:
        release.set()
        _stop(server, thread)


def test_result_stream_stops_after_cancel() -> None:
    cancel = threading.Event()
    sink = sparql_runner._Sink(cancel)
    assert sink.write(b"abc") == 3
    cancel.set()
    with pytest.raises(sparql_runner._Cancelled):
        sink.write(b"more")


# ------------------------------------------------------------------------------------------- helpers and CLI


def test_accept_parsing() -> None:
    assert accept_list("text/csv;q=0.1, application/json, */*;q=0") == ["application/json", "text/csv"]
    offers = {"text/csv": 1, "application/sparql-results+json": 1}
    assert negotiate("text/*", offers, "application/sparql-results+json") == "text/csv"
    assert negotiate(None, offers, "application/sparql-results+json") == "application/sparql-results+json"
    assert negotiate("*/*", offers, "application/sparql-results+json") == "application/sparql-results+json"
    assert negotiate("x/y", offers, "application/sparql-results+json", ["csv"]) == "text/csv"


def test_server_config_is_checked_once() -> None:
    with pytest.raises(ValueError, match="timeout"):
        ServerConfig(timeout=0)
    with pytest.raises(ValueError, match="workers"):
        make_server(object(), "127.0.0.1", 0, workers=0)


def test_serve_command_reports_bad_port(store_dir: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        res = CliRunner().invoke(main, ["serve", "--port", str(port), "--store", str(store_dir)])
    assert res.exit_code != 0 and "cannot listen" in res.stderr and "Traceback" not in res.stderr


def test_serve_command_missing_store(tmp_path: Path) -> None:
    res = CliRunner().invoke(main, ["serve", "--store", str(tmp_path / "none")])
    assert res.exit_code != 0 and res.stderr.startswith("Error: no store")
