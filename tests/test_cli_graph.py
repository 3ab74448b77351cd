"""kg build / resolve / dump from the command line: summaries, exit codes, one-line errors, no tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from click.testing import CliRunner

from kg.cli import main
from kg.store.local import Store


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, seed_paths: dict) -> Path:
    """The seeds store, built once: the tests below only read it or check that it stays unchanged."""
    store = tmp_path_factory.mktemp("built") / "store"
    res = CliRunner().invoke(main, ["build", *map(str, seed_paths.values()), "--store", str(store)])
    assert res.exit_code == 0, res.output
    assert "2 built" in res.stderr and "0 failed" in res.stderr
    return store


def _dump(runner: CliRunner, store: Path, fmt: str) -> bytes:
    res = runner.invoke(main, ["dump", "--store", str(store), "--format", fmt])
    assert res.exit_code == 0, res.output
    return res.stdout_bytes


def test_build_twice_is_unchanged(runner: CliRunner, built: Path, seed_paths: dict) -> None:
    before = _dump(runner, built, "nq")
    res = runner.invoke(main, ["build", *map(str, seed_paths.values()), "--store", str(built)])
    assert res.exit_code == 0 and "2 unchanged" in res.stderr
    assert _dump(runner, built, "nq") == before


def test_dump_formats(runner: CliRunner, built: Path, tmp_path: Path) -> None:
    ds = rdflib.Dataset()
    ds.parse(data=_dump(runner, built, "trig"), format="trig")
    graphs = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert sum("/source/" in g for g in graphs) == 2 and any(g.endswith("graph/kb") for g in graphs)
    nq_lines = _dump(runner, built, "nq").decode().splitlines()
    n_union = len(rdflib.Graph().parse(data=_dump(runner, built, "nt"), format="nt"))
    assert len(rdflib.Graph().parse(data=_dump(runner, built, "ttl"), format="turtle")) == n_union
    assert len(nq_lines) >= n_union
    doc = json.loads(_dump(runner, built, "jsonld"))
    assert doc["@context"]["vnl"] == "https://w3id.org/vn-legal-kg/ontology#"
    quads = list(pyoxigraph.parse(json.dumps(doc).encode(), format=pyoxigraph.RdfFormat.JSON_LD))
    assert len({str(q) for q in quads}) == len(nq_lines)  # compact IRIs expand back to every quad
    out = tmp_path / "out.ttl"
    res = runner.invoke(main, ["dump", "--store", str(built), "--format", "ttl", "-o", str(out)])
    assert res.exit_code == 0 and out.stat().st_size > 0


def test_bad_input_one_line_and_store_untouched(runner: CliRunner, built: Path, tmp_path: Path) -> None:
    before = _dump(runner, built, "nq")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\xff\x00\xfe binary")
    res = runner.invoke(main, ["build", str(bad), "--store", str(built)])
    assert res.exit_code == 1
    assert "Traceback" not in res.output and "binary" in res.stderr
    assert _dump(runner, built, "nq") == before


def test_store_errors(runner: CliRunner, tmp_path: Path) -> None:
    res = runner.invoke(main, ["dump", "--store", str(tmp_path / "missing"), "--format", "nt"])
    assert res.exit_code != 0 and res.stderr.count("\n") == 1 and "no graph store" in res.stderr
    junk = tmp_path / "junk"
    junk.mkdir()
    (junk / "x.txt").write_text("x")
    doc = tmp_path / "d.txt"
    doc.write_text("Công văn số 1/UBND-VP", encoding="utf-8")
    res = runner.invoke(main, ["build", str(doc), "--store", str(junk)])
    assert res.exit_code != 0 and "not a graph store" in res.stderr and "Traceback" not in res.output
    assert sorted(p.name for p in junk.iterdir()) == ["x.txt"]
    with Store.open(tmp_path / "busy"):
        res = runner.invoke(main, ["build", str(doc), "--store", str(tmp_path / "busy")])
    assert res.exit_code != 0 and "in use" in res.stderr


def test_resolve(runner: CliRunner, built: Path) -> None:
    res = runner.invoke(main, ["resolve", "--store", str(built)])
    assert res.exit_code == 0 and "same-document" in res.stderr
