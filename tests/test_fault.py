"""Fault suite (issue 12): ``kill -9`` at random points of a build leaves a store that opens and holds, per
source, either the old or the new graph; a second build of the same store is refused with the lock message;
a read during a build works; a full disk and a read-only store (a real tmpfs, in a private mount namespace,
where the machine allows it) leave the store as it was with one line. Every wait is bounded.

The texts are the two real seed letters, each in sixteen variants that cite one more real decision."""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CLEAN_SEED, OCR_SEED, ROOT, seed_path

from kg.ingest import build
from kg.store.local import Store

pytestmark = pytest.mark.slow

_STAMP = re.compile(r'"\d{4}-\d\d-\d\dT[\d:.]+Z?"\^\^<http://www.w3.org/2001/XMLSchema#dateTime>')
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
KG = [sys.executable, "-m", "kg"]


def _corpus(where: Path, version: str, n: int = 16) -> Path:
    """``where/docs``: 2 × n letters; version "b" adds a sentence to each (a changed source)."""
    docs = where / "docs"
    docs.mkdir(parents=True)
    for seed in (CLEAN_SEED, OCR_SEED):
        text = seed_path(seed).read_text(encoding="utf-8")
        for i in range(n):
            extra = f"\nCăn cứ Quyết định số {100 + i}/QĐ-UBND ngày 02/01/2025 của UBND tỉnh Quảng Ngãi."
            if version == "b":
                extra += f"\nThực hiện Kế hoạch số {200 + i}/KH-UBND ngày 03/02/2025 của UBND tỉnh."
            (docs / f"{seed[:3]}-{i}.txt").write_text(text + extra, encoding="utf-8")
    return docs


def _graphs(st: Store) -> dict[str, frozenset[str]]:
    """Source name -> its graph's quads (ingest time blanked); the kb graph, recomputed last, left out."""
    out: dict[str, frozenset[str]] = {}
    for r in st.select("SELECT ?g ?p WHERE { GRAPH ?g { ?g vnl:path ?p } }"):
        quads = frozenset(_STAMP.sub('"T"', str(q)) for q in st.quads(r["g"]))
        assert r["p"].value not in out, f"two graphs for {r['p'].value}"
        out[r["p"].value] = quads
    return out


@pytest.fixture(scope="module")
def states(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict, dict]:
    """Folders of the old (a) and new (b) corpus, and the graphs each gives."""
    base = tmp_path_factory.mktemp("fault")
    a, b = _corpus(base / "a", "a"), _corpus(base / "b", "b")
    ga, gb = Store.open(None), Store.open(None)
    build([a], ga, jobs=1)
    build([b], gb, jobs=1)
    return a, b, _graphs(ga), _graphs(gb)


@pytest.mark.parametrize("trial", range(4))
def test_kill_9_leaves_old_or_new_per_source(states: tuple, tmp_path: Path, trial: int) -> None:
    a, b, old, new = states
    rng = random.Random(20261130 + trial)
    store, docs = tmp_path / "s", tmp_path / "docs"
    shutil.copytree(a, docs)
    t = time.monotonic()
    subprocess.run(
        [*KG, "build", str(docs), "--store", str(store), "-j", "1"], env=ENV, check=True, timeout=300
    )
    took = time.monotonic() - t  # rebuilding every source takes about as long: kill somewhere inside it
    shutil.rmtree(docs)
    shutil.copytree(b, docs)
    jobs = "2" if trial % 2 else "1"
    proc = subprocess.Popen(
        [*KG, "build", str(docs), "--store", str(store), "-j", jobs],
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # the kill takes its workers too, as a crash of the machine would
    )
    time.sleep(rng.uniform(0.2, 0.95) * took)
    os.killpg(proc.pid, 9)
    proc.wait(timeout=30)
    with Store.open(store) as st:  # it opens
        now = _graphs(st)
    assert set(now) == set(old) == set(new)
    kept = [name for name in now if now[name] == old[name]]
    rebuilt = [name for name in now if now[name] == new[name]]
    assert sorted(kept + rebuilt) == sorted(now), [n for n in now if n not in kept + rebuilt]
    print(f"trial {trial} (-j {jobs}): {len(rebuilt)} new, {len(kept)} old, exit {proc.returncode}")
    res = subprocess.run(
        [*KG, "build", str(docs), "--store", str(store), "--format", "json"],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert res.returncode == 0, res.stderr
    with Store.open(store) as st:
        assert _graphs(st) == new  # a rerun converges on the new state


@pytest.mark.parametrize("trial", range(4))
def test_kill_9_in_a_fresh_build_leaves_whole_sources(states: tuple, tmp_path: Path, trial: int) -> None:
    """New sources are bulk-loaded in batches (kg.ingest.writer): a kill anywhere leaves each one absent or whole,
    and a rerun completes the store."""
    _, b, _, new = states
    rng = random.Random(20261201 + trial)
    store = tmp_path / "s"
    t = time.monotonic()
    subprocess.run([*KG, "build", str(b), "--store", str(tmp_path / "ref"), "-j", "1"], env=ENV, check=True)
    took = time.monotonic() - t
    jobs = "2" if trial % 2 else "1"
    # small batches (a few sources each), so that kills land between, inside and after bulk loads
    child = (
        "import sys, kg.ingest.writer as w; w.BATCH_QUADS = 1500; w.BATCH_SECONDS = 0.05; "
        "from kg.cli import main; sys.argv[0] = 'kg'; main()"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", child, "build", str(b), "--store", str(store), "-j", jobs],
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    _started(proc, store)
    deadline = time.monotonic() + took + 60
    while proc.poll() is None and time.monotonic() < deadline:  # until the first bulk load is in
        with Store.open(store, read_only=True) as st:
            if st.ask("ASK { GRAPH ?g { ?g vnl:path ?p } }"):
                break
        time.sleep(0.05)
    assert proc.poll() is None, "the build ended before it could be killed"
    time.sleep(rng.uniform(0.0, 0.3) * took)  # then kill during the ones that follow
    os.killpg(proc.pid, 9)
    proc.wait(timeout=30)
    unsealed: list[str] = []
    if (store / "CURRENT").exists():
        with Store.open(store) as st:
            now = _graphs(st)
        # whole or absent; a kill between a batch's bulk load and its checksums (kg.ingest.writer) may leave
        # graphs without their checksum quad only, which the next build sees as changed and rewrites
        unsealed = [n for n in now if now[n] < new[n] and all("fileSha256" in q for q in new[n] - now[n])]
        partial = {name: sorted(new[name] ^ now[name]) for name in now if now[name] != new[name]}
        partial = {name: diff for name, diff in partial.items() if name not in unsealed}
        assert partial == {}, f"sources missing or with extra quads: {partial}"
    else:
        now = {}
    print(
        f"fresh trial {trial} (-j {jobs}): {len(now)} of {len(new)} sources in ({len(unsealed)} without their "
        f"checksum), exit {proc.returncode}"
    )
    res = subprocess.run(
        [*KG, "build", str(b), "--store", str(store)], env=ENV, capture_output=True, text=True, timeout=300
    )
    assert res.returncode == 0, res.stderr[-2000:]
    with Store.open(store) as st:
        assert _graphs(st) == new


def _started(proc: subprocess.Popen, store: Path, limit: float = 120) -> None:
    """Wait until a build holds the store (its LOCK file exists and the process runs)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail("the build ended before the test could use it")
        if (store / "LOCK").exists() and (store / "kg-roots.json").exists():
            return
        time.sleep(0.05)
    pytest.fail("the build did not start")


@pytest.fixture
def running_build(tmp_path: Path):  # noqa: ANN201
    """A build of a slow corpus in progress: the letters, then documents that each take their whole budget (an
    enumeration of 700,000 numbers: linear, but far more than 3 s of work)."""
    docs = _corpus(tmp_path, "a", n=2)
    for i in range(6):
        (docs / f"zz-{i}.txt").write_text("Quyết định số " + "1, " * 700_000 + "1/QĐ-UBND", encoding="utf-8")
    store = tmp_path / "s"
    proc = subprocess.Popen(
        [*KG, "build", str(docs), "--store", str(store), "-j", "1", "--budget", "3"],
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _started(proc, store)
        yield docs, store, proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)


def test_second_build_is_refused_and_reads_work(running_build: tuple) -> None:
    docs, store, proc = running_build
    second = subprocess.run(
        [*KG, "build", str(docs), "--store", str(store)], env=ENV, capture_output=True, text=True, timeout=120
    )
    assert second.returncode == 1
    assert second.stderr == (
        f"Error: the graph store {store} is in use by another process (locked); nothing was written\n"
    )
    read = subprocess.run(
        [*KG, "sparql", "ASK { ?s ?p ?o }", "--store", str(store)],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert read.returncode == 0, read.stderr
    assert proc.poll() is None, "the build was still running during both"
    proc.wait(timeout=180)  # the six stalling texts end at their budget; the build finishes and reports them
    assert proc.returncode == 1 and "6 over budget" in proc.stderr.read()


def _namespace_mount() -> bool:
    """Whether this process may mount a tmpfs in a private mount namespace (root, or a permissive container)."""
    if not shutil.which("unshare"):
        return False
    r = subprocess.run(["unshare", "-m", "true"], capture_output=True, timeout=30)
    return r.returncode == 0 and os.geteuid() == 0


SCRIPT = """
set -e
mount -t tmpfs -o size={size}k tmpfs {mnt}
{kg} build {a} --store {mnt}/s -j 1 >/dev/null 2>&1
{kg} sparql 'SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o }}' --store {mnt}/s --format csv > {out}/before.csv
{change}
set +e
{kg} build {b} --store {mnt}/s -j 1 2> {out}/err.txt
echo $? > {out}/rc.txt
set -e
{kg} sparql 'SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o }}' --store {mnt}/s --format csv > {out}/after.csv
"""


@pytest.mark.skipif(not _namespace_mount(), reason="needs unshare -m and mount (root)")
@pytest.mark.parametrize("case", ["full disk", "read-only store"])
def test_real_full_disk_and_read_only_store(states: tuple, tmp_path: Path, case: str) -> None:
    """A real tmpfs: filled by a large text (full disk), or remounted read-only, before the second build."""
    a, b, _, _ = states
    mnt, out = tmp_path / "mnt", tmp_path / "out"
    mnt.mkdir()
    out.mkdir()
    big = tmp_path / "big"
    shutil.copytree(b, big)
    if case == "full disk":
        (big / "zz-long.txt").write_text(
            seed_path(CLEAN_SEED).read_text(encoding="utf-8") * 600, encoding="utf-8"
        )
        change = f"dd if=/dev/zero of={mnt}/filler bs=1k count=100000 2>/dev/null || true"
    else:
        change = f"mount -o remount,ro {mnt}"
    kg = " ".join([sys.executable, "-m", "kg"])
    script = SCRIPT.format(size=40000, mnt=mnt, kg=kg, a=a, b=big, out=out, change=change)
    res = subprocess.run(
        ["unshare", "-m", "sh", "-c", script], env=ENV, capture_output=True, text=True, timeout=600
    )
    assert res.returncode == 0, res.stderr
    err = (out / "err.txt").read_text(encoding="utf-8").strip().splitlines()
    assert (out / "rc.txt").read_text().strip() == "1"
    assert len([line for line in err if line.startswith("Error: ")]) == 1 and "Traceback" not in "\n".join(
        err
    )
    said = "no space left" if case == "full disk" else "read-only"
    assert said in err[-1].lower() and "nothing was written" in err[-1], err
    assert (out / "after.csv").read_text() == (out / "before.csv").read_text(), "the store changed"
