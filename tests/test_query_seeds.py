"""End to end: build a store from the two seed letters with kg.ingest.build, then query it (CLI and endpoint)."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import SEEDS

from kg.cli import main
from kg.ingest import build

NQ57 = "https://w3id.org/vn-legal-kg/id/doc/vn/tw/nq/2024/57"

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not present")


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("seeds") / "store"
    report = build(sorted(SEEDS.glob("*.txt")), store=path)
    assert report.ok == 2, report.summary()
    return path


def kg(store_dir: Path, *args: str) -> Any:
    res = CliRunner().invoke(main, [*args, "--store", str(store_dir)])
    assert res.exit_code == 0, res.stderr
    return res.stdout


def test_implements_57(store_dir: Path) -> None:
    data = json.loads(kg(store_dir, "implements", "57-NQ/TW", "--format", "json"))
    assert data["target"]["iri"] == NQ57
    by = {i["symbol"]: i for i in data["implementers"]}
    assert by["359-KH/TU"]["depth"] == 1 and by["359-KH/TU"]["via"] == []
    assert by["327/QĐ-UBND"]["depth"] == 2 and by["327/QĐ-UBND"]["via"] == ["359-KH/TU"]
    for sym in ("359-KH/TU", "327/QĐ-UBND"):
        assert by[sym]["evidence"] and all(e["text"] and e["source"] for e in by[sym]["evidence"])
        assert any(sym in e["text"] for e in by[sym]["evidence"])
    tree = kg(store_dir, "implements", "Nghị quyết 57")
    assert "359-KH/TU" in tree and "327/QĐ-UBND" in tree


@pytest.mark.parametrize(
    "spelling", ["57-NQ/TW", "57/NQ-TW", "nq 57-nq/tw", "Nghị quyết 57-NQ/TW", "Nghị quyết 57"]
)
def test_spellings(store_dir: Path, spelling: str) -> None:
    data = json.loads(kg(store_dir, "implements", spelling, "--format", "json"))
    assert data["target"]["iri"] == NQ57


def test_trace_327(store_dir: Path) -> None:
    data = json.loads(kg(store_dir, "trace", "327/QĐ-UBND", "--format", "json"))
    reached = {a["symbol"] for a in data["ancestors"]}
    assert {"57-NQ/TW", "71/NQ-CP", "359-KH/TU"} <= reached
    assert {"57-NQ/TW", "71/NQ-CP"} <= {r["symbol"] for r in data["roots"]}


def test_implements_03(store_dir: Path) -> None:
    data = json.loads(kg(store_dir, "implements", "03/NQ-CP", "--format", "json"))
    assert [i["symbol"] for i in data["implementers"]] == ["51/KH-UBND"]
    assert data["implementers"][0]["evidence"]


def test_show_and_path(store_dir: Path) -> None:
    out = kg(store_dir, "show", "359-KH/TU")
    assert "implements" in out and "57-NQ/TW" in out
    out = kg(store_dir, "path", "51/KH-UBND", "327/QĐ-UBND")
    assert "path 1" in out


def test_every_ready_made_query_runs(store_dir: Path) -> None:
    for line in kg(store_dir, "sparql", "--list").splitlines():
        name = line.split()[0]
        kg(store_dir, "sparql", "--name", name, "--format", "json")


@pytest.mark.slow
def test_same_rows_through_the_endpoint(store_dir: Path) -> None:
    from SPARQLWrapper import JSON, SPARQLWrapper

    from kg.serve import make_server
    from kg.store.local import Store

    query = f"SELECT DISTINCT ?d ?s WHERE {{ ?d vnl:implements+ <{NQ57}> ; vnl:symbol ?s }} ORDER BY ?s"
    expected = json.loads(kg(store_dir, "sparql", query, "--format", "json"))
    assert len(expected["results"]["bindings"]) >= 2
    store = Store.open(store_dir, read_only=True)
    server = make_server(store, "127.0.0.1", 0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        client = SPARQLWrapper(server.url)
        client.setQuery(query)
        client.setReturnFormat(JSON)
        assert client.query().convert() == expected
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
