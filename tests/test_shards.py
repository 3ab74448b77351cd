"""The cluster path on one machine: ``kg quads`` (map: sources -> N-Quads shards) then ``kg load`` (reduce: shards ->
store, then the kb graph) gives the store a ``kg build`` of the same real corpus texts gives, quad for quad; the
shards are the same bytes whoever writes them (one process, a pool, a batch at a time as a Dask task would)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import test_remote
from click.testing import CliRunner
from conftest import CLEAN_SEED, OCR_SEED, SHARED, seed_path

from kg.cli import main
from kg.errors import InputError
from kg.ingest import build
from kg.ingest.shards import batches, load_shards, plan, read_manifests, settings_for, to_nquads, write_shard
from kg.store.local import Store

VBPL = SHARED / "corpus" / "vbpl_vn__phanbasongtoan112-art_vbpl-layout-detection" / "documents.jsonl"
STAMP = "2026-01-31T08:00:00Z"
_STAMP = re.compile(r'"\d{4}-\d\d-\d\dT[\d:]+Z"\^\^<http://www.w3.org/2001/XMLSchema#dateTime>')

virtuoso_base = test_remote.virtuoso_base  # the fixture: a private Virtuoso on loopback

pytestmark = pytest.mark.skipif(not VBPL.exists(), reason="needs ../shared/corpus beside the checkout")


def _nq(st: Store, blank: bool = True) -> list[str]:
    """Every quad as sorted N-Quads lines; ``blank``: the ingest time blanked (a build stamps its own)."""
    return sorted(_STAMP.sub('"T"', str(q)) if blank else str(q) for q in st.inner)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """16 national-database texts (12 in a JSONL corpus, the others as files), one of them also as UTF-16 (the
    same text, other bytes: one graph, two paths) and one twice byte for byte; the two seeds; a binary file."""
    d = tmp_path_factory.mktemp("shards") / "corpus"
    d.mkdir()
    rows = [json.loads(line) for line in VBPL.read_text(encoding="utf-8").splitlines()[:16]]
    (d / "vbpl.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows[:12]) + "\n")
    for r in rows[12:]:
        (d / f"{r['id']}.txt").write_text(r["text"], encoding="utf-8")
    (d / "z-utf16.txt").write_text(rows[13]["text"], encoding="utf-16")
    shutil.copy(d / f"{rows[14]['id']}.txt", d / "z-copy.txt")
    (d / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    return [d, seed_path(CLEAN_SEED), seed_path(OCR_SEED)]


@pytest.fixture(scope="module")
def built(corpus: list[Path]) -> Store:
    st = Store.open(None)
    rep = build(corpus, st, jobs=1)
    assert rep.ok == 12 + 4 + 2 + 2 and [n for n, _ in rep.failed] == ["corpus/binary.txt"]
    return st


@pytest.fixture(scope="module")
def shards(corpus: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out") / "shards"
    rep = to_nquads(corpus, out, jobs=1, shard_size=6, settings=settings_for(ingested_at=STAMP))
    assert len(rep.entries) == 20 and [n for n, _ in rep.failed] == ["corpus/binary.txt"]  # as kg build says
    return out


def test_loaded_store_is_the_built_store(built: Store, shards: Path) -> None:
    st = Store.open(None)
    rep = load_shards(shards, st)
    assert rep.shards == 4 and rep.sources == 20 and rep.shared_graphs == 2
    assert _nq(st) == _nq(built)
    assert len(st) == len(built) > 10_000
    stamps = {q.object.value for q in st.inner if q.predicate.value.endswith("#generatedAtTime")}
    assert stamps == {STAMP}  # the map's one stamp (prov:generatedAtTime), in every source graph


def test_bulk_load_gives_the_same_store(built: Store, shards: Path, tmp_path: Path) -> None:
    with Store.open(tmp_path / "bulk") as st:
        rep = load_shards(shards, st, bulk=True)
        assert rep.shared_graphs == 2
        assert _nq(st) == _nq(built)
        with pytest.raises(InputError, match="empty store"):  # a second bulk load would duplicate nothing
            load_shards(shards, st, bulk=True)  # but could leave stale graphs: refused
    # the ordinary load over a loaded store changes nothing (each source replaces its own graph)
    with Store.open(tmp_path / "bulk") as st:
        before = _nq(st, blank=False)
        load_shards(shards, st)
        assert _nq(st, blank=False) == before


def test_a_shard_is_the_same_bytes_as_a_batch_task(corpus: list[Path], shards: Path, tmp_path: Path) -> None:
    """What a Dask (or any) task writes for batch k is shard k of ``kg quads``, byte for byte."""
    items, roots = plan(corpus)
    groups = batches(items, 6)
    assert len(groups) == 4 and sum(1 for g in groups for _ in g) == len(items)
    for k in (2, 0):  # any order: a task rerun or run elsewhere writes the same files
        write_shard(groups[k], tmp_path, k, settings_for(ingested_at=STAMP), roots)
    for k in (0, 2):
        for suffix in ("nq", "json"):
            name = f"shard-{k:05d}.{suffix}"
            assert (tmp_path / name).read_bytes() == (shards / name).read_bytes(), name
    assert not list(tmp_path.glob(".*tmp"))  # nothing left under a temporary name


def test_incomplete_map_output_is_refused(shards: Path, tmp_path: Path) -> None:
    part = tmp_path / "part"
    shutil.copytree(shards, part)
    (part / "shard-00001.json").unlink()  # the task of shard 1 died before its manifest
    res = CliRunner().invoke(main, ["load", str(part), "--store", str(tmp_path / "st")])
    assert res.exit_code == 1 and res.output.count("\n") == 1
    assert "incomplete map output" in res.output and "Traceback" not in res.output
    assert len(read_manifests(shards)) == 4


def test_cli_quads_then_load(corpus: list[Path], built: Store, tmp_path: Path) -> None:
    r = CliRunner().invoke(
        main,
        [
            "quads",
            *map(str, corpus),
            "-o",
            str(tmp_path / "sh"),
            "-j",
            "1",
            "--ingested-at",
            STAMP,
            "--format",
            "json",
        ],
    )
    assert r.exit_code == 1, r.output  # binary.txt failed, as in kg build; the rest is written
    data = json.loads(r.stdout)
    assert data["sources"] == 20 and data["failed"][0]["source"] == "corpus/binary.txt"
    assert sorted(p.name for p in (tmp_path / "sh").iterdir())[:2] == ["shard-00000.json", "shard-00000.nq"]
    r = CliRunner().invoke(
        main, ["load", str(tmp_path / "sh"), "--store", str(tmp_path / "st"), "--format", "json"]
    )
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["triples_in_store"] == len(built)
    with Store.open(tmp_path / "st") as st:
        assert _nq(st) == _nq(built)
    bad = CliRunner().invoke(
        main, ["quads", str(corpus[1]), "-o", str(tmp_path / "x"), "--ingested-at", "yesterday"]
    )
    assert bad.exit_code == 2 and "not a UTC time" in bad.output


@pytest.mark.slow
def test_two_jobs_write_the_same_shards(corpus: list[Path], shards: Path, tmp_path: Path) -> None:
    to_nquads(corpus, tmp_path, jobs=2, shard_size=6, settings=settings_for(ingested_at=STAMP))
    names = sorted(p.name for p in shards.iterdir())
    assert sorted(p.name for p in tmp_path.iterdir()) == names
    for name in names:
        assert (tmp_path / name).read_bytes() == (shards / name).read_bytes(), name


@pytest.mark.slow
def test_load_into_virtuoso(built: Store, shards: Path, virtuoso_base: str) -> None:
    """The reduce into Virtuoso (Digest login on /sparql-auth), then the kb graph computed on the server: the
    same graphs with the same number of quads as ``kg build`` puts in the embedded store (Virtuoso writes some
    literals in its own lexical forms, docs/remote.md, so quads are counted, not compared as text)."""
    from kg.store.remote import Endpoint, RemoteStore

    env = {"KG_ENDPOINT_PASSWORD": "dba"}
    args = ["--endpoint", f"{virtuoso_base}/sparql", "--update-endpoint", f"{virtuoso_base}/sparql-auth"]
    r = CliRunner().invoke(
        main, ["load", str(shards), *args, "--endpoint-user", "dba", "--format", "json"], env=env
    )
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["triples_in_store"] == len(built)
    ep = Endpoint(
        f"{virtuoso_base}/sparql", update=f"{virtuoso_base}/sparql-auth", user="dba", password="dba"
    )
    with RemoteStore(ep) as remote:
        assert [g.value for g in remote.graphs()] == [g.value for g in built.graphs()]
        for g in remote.graphs()[:: max(1, len(built.graphs()) // 6)]:
            assert len(list(remote.quads(g))) == len(list(built.quads(g))), g
