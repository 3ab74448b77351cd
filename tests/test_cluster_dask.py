"""The cluster path run locally: ``examples/cluster_dask.py`` maps the extractor over 20 real corpus documents
with Dask's local process scheduler, loads the shards into an ``oxigraph serve`` on a free loopback port, and the
server then holds what ``kg build`` of the same documents puts in the embedded store, quad for quad (the ingest
time aside); ``kg resolve --endpoint`` on it changes nothing."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import store_fixtures
from conftest import CLEAN_SEED, ROOT, SHARED, seed_path

from kg.ingest import build
from kg.store import open_store
from kg.store.local import Store

pytest.importorskip("dask", reason="dask is not installed (pip install -e '.[cluster]')")

VBPL = SHARED / "corpus" / "vbpl_vn__phanbasongtoan112-art_vbpl-layout-detection" / "documents.jsonl"
OCR_DIR = SHARED / "corpus" / "ocr__tuyendb_OCR_VBPL"
EXAMPLE = ROOT / "examples" / "cluster_dask.py"
_STAMP = re.compile(r'"\d{4}-\d\d-\d\dT[\d:]+Z"\^\^<http://www.w3.org/2001/XMLSchema#dateTime>')

oxigraph_factory = store_fixtures.oxigraph_factory

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not VBPL.exists(), reason="needs ../shared/corpus beside the checkout"),
]


def _lines(quads: object) -> list[str]:
    return sorted(_STAMP.sub('"T"', str(q)) for q in quads)  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """16 national-database texts as a JSONL corpus, the 3 OCR'd texts of the corpus, a seed letter: 20."""
    d = tmp_path_factory.mktemp("dask") / "vbpl"
    d.mkdir()
    rows = VBPL.read_text(encoding="utf-8").splitlines()[:16]
    (d / "documents.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return [d, OCR_DIR, seed_path(CLEAN_SEED)]


def _example(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, str(EXAMPLE), *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=900
    )


def test_dask_map_then_oxigraph_server(corpus: list[Path], oxigraph_factory, tmp_path: Path) -> None:  # noqa: ANN001
    base = oxigraph_factory()
    res = _example(
        *map(str, corpus),
        "--shards",
        str(tmp_path / "shards"),
        "--endpoint",
        f"{base}/query",
        "--shard-size",
        "3",
    )
    assert res.returncode == 0, res.stderr[-2000:]
    assert "map: 7 shards, 20 sources" in res.stdout and "0 not built" in res.stdout
    assert len(list((tmp_path / "shards").glob("shard-*.nq"))) == 7
    local = Store.open(None)
    rep = build(corpus, local, jobs=1)
    assert rep.ok == 20 and not rep.failed
    with open_store(f"{base}/query") as remote:
        assert len(remote) == len(local) > 10_000
        assert _lines(remote.quads()) == _lines(local.quads())
    # the kb graph is already what kg resolve computes: resolving again on the server changes nothing
    kg = subprocess.run(
        [sys.executable, "-m", "kg", "resolve", "--endpoint", f"{base}/query", "--format", "json"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=300,
    )
    assert kg.returncode == 0, kg.stderr
    assert json.loads(kg.stdout) == rep.resolution.to_json()  # type: ignore[union-attr]
    with open_store(f"{base}/query") as remote:
        assert _lines(remote.quads()) == _lines(local.quads())


def test_bulk_store_served_by_oxigraph(corpus: list[Path], tmp_path: Path) -> None:
    """The fastest path: shards bulk-loaded into an embedded store, which ``oxigraph serve`` opens as it is."""
    res = _example(
        *map(str, corpus[:1]), "--shards", str(tmp_path / "sh"), "--store", str(tmp_path / "st"), "--bulk"
    )
    assert res.returncode == 0, res.stderr[-2000:]
    assert "reduce: 1 shards: 16 sources" in res.stdout
    binary = store_fixtures._oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server binary is missing (pip install -e '.[test]' installs it)")
    with Store.open(tmp_path / "st") as st:
        expected = _lines(st.quads())
    port = store_fixtures.free_port()
    cmd = [
        binary,
        "serve",
        "--location",
        str(tmp_path / "st"),
        "--bind",
        f"127.0.0.1:{port}",
        "--union-default-graph",
    ]
    base = f"http://127.0.0.1:{port}"
    proc = store_fixtures.start_server(
        cmd, tmp_path, f"{base}/query?query=ASK%7B%7D", tmp_path / "server.log"
    )
    try:
        with open_store(f"{base}/query", read_only=True) as remote:
            assert _lines(remote.quads()) == expected
    finally:
        store_fixtures.stop(proc)
