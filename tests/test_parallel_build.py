"""``kg build -j N``: worker processes extract, the store ends up exactly as with ``-j 1``; a killed parallel
build leaves committed graphs whole; the benchmark suite runs in its smoke mode."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CLEAN_SEED, OCR_SEED, ROOT, seed_path

import kg.ingest.pool
from kg.cli import main
from kg.ingest import BuildReport, build
from kg.store.local import Store

# the ingest time is the one thing allowed to differ between two builds
_STAMP = re.compile(r'"\d{4}-\d\d-\d\dT[\d:]+Z"\^\^<http://www.w3.org/2001/XMLSchema#dateTime>')

TEXTS = {
    "kh-12.txt": """ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI
Số: 12/KH-UBND
Quảng Ngãi, ngày 02 tháng 01 năm 2025
KẾ HOẠCH
Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ
Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15; Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của
Chính phủ; Kế hoạch số 359-KH/TU ngày 29/4/2025 của Ban Thường vụ Tỉnh ủy.
""",
    "qd-327.txt": """ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI
Số: 327/QĐ-UBND
Quảng Ngãi, ngày 26 tháng 5 năm 2025
QUYẾT ĐỊNH
Về việc ban hành Kế hoạch hành động thực hiện Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ
Căn cứ Quyết định số 645/QĐ-UBND ngày 31/5/2024 của UBND tỉnh; thay thế Quyết định số 1702/QĐ-UBND.
""",
    "cv-ocr.txt": """UY BAN NHAN DAN TINH QUANG NGAI
So: 1826/SXD-QHKT
V/v thuc hien Nghi quyet so 57-NQ/TW ngay 22/12/2024 cua Bo Chinh tri
Theo de nghi cua So Xay dung tai Cong van so 1826/SXD-QHKT ngay 11/6/2025.
""",
}


def _nq(st: Store) -> list[str]:
    """Every quad as sorted N-Quads lines, with the ingest time blanked."""
    return sorted(_STAMP.sub('"T"', str(q)) for q in st.inner)


class CountingPool:
    """Counts the pools that started worker processes."""

    started = 0


@pytest.fixture
def pool_count(monkeypatch: pytest.MonkeyPatch) -> type[CountingPool]:
    CountingPool.started = 0
    start = kg.ingest.pool.WorkerPool._start

    def counting(self: kg.ingest.pool.WorkerPool) -> None:
        if not self.workers:
            CountingPool.started += 1
        start(self)

    monkeypatch.setattr(kg.ingest.pool.WorkerPool, "_start", counting)
    return CountingPool


@pytest.fixture
def inputs(tmp_path: Path) -> list[Path]:
    """The two seeds, a few texts written here (one twice under two names), a JSONL corpus, broken files."""
    d = tmp_path / "in"
    d.mkdir()
    for name, text in TEXTS.items():
        (d / name).write_text(text, encoding="utf-8")
    (d / "copy-of-kh-12.txt").write_text(TEXTS["kh-12.txt"], encoding="utf-8")
    (d / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    (d / "empty.txt").write_text("  \n", encoding="utf-8")
    lines = [
        {"id": "a", "text": TEXTS["qd-327.txt"]},
        {"id": "b"},
        {"id": "c", "text": TEXTS["kh-12.txt"] + "\nthêm"},
    ]
    (d / "docs.jsonl").write_text("\n".join(json.dumps(o, ensure_ascii=False) for o in lines) + "\n{bad\n")
    return [seed_path(CLEAN_SEED), seed_path(OCR_SEED), d]


def _report(rep: BuildReport) -> tuple:
    return rep.files, rep.ok, rep.unchanged, rep.failed, rep.skipped, rep.triples, rep.total


@pytest.mark.slow
def test_same_store_with_one_or_two_jobs(inputs: list[Path], pool_count: type[CountingPool]) -> None:
    one, two = Store.open(None), Store.open(None)
    seen: dict[int, list[tuple[str, str]]] = {1: [], 2: []}
    r1 = build(inputs, one, jobs=1, progress=lambda rep, name, status: seen[1].append((name, status)))
    assert pool_count.started == 0
    r2 = build(inputs, two, jobs=2, progress=lambda rep, name, status: seen[2].append((name, status)))
    assert pool_count.started == 1
    assert _nq(one) == _nq(two)
    assert sorted(g.value for g in one.graphs()) == sorted(g.value for g in two.graphs())
    assert _report(r1) == _report(r2)
    assert r2.ok == 8 and r2.n_skipped == 1
    failed = dict(r2.failed)
    assert {Path(n.split("#")[0]).name for n in failed} == {"binary.txt", "empty.txt", "docs.jsonl"}
    assert all("\n" not in msg for msg in failed.values())
    assert seen[1] == seen[2]  # progress in input order, with the same statuses
    # with the unreadable files gone, a rebuild has nothing to extract: it starts no pool and changes nothing
    for name in ("binary.txt", "empty.txt"):
        (inputs[2] / name).unlink()
    r3 = build(inputs, two, jobs=2)
    assert (r3.ok, r3.unchanged, r3.triples) == (0, 8, 0)
    assert pool_count.started == 1
    assert _nq(one) == _nq(two)


@pytest.mark.slow
def test_changed_sources_rebuilt_in_parallel(inputs: list[Path], tmp_path: Path) -> None:
    one, two = Store.open(None), Store.open(None)
    build(inputs, one, jobs=1)
    build(inputs, two, jobs=2)
    for name in ("kh-12.txt", "qd-327.txt"):
        p = tmp_path / "in" / name
        p.write_text(p.read_text(encoding="utf-8") + "\nBổ sung.", encoding="utf-8")
    r1, r2 = build(inputs, one, jobs=1), build(inputs, two, jobs=2)
    assert (r1.ok, r1.unchanged) == (r2.ok, r2.unchanged) == (2, 6)
    assert _nq(one) == _nq(two)


def test_one_source_or_unpicklable_extractor_stays_in_process(
    tmp_path: Path, pool_count: type[CountingPool]
) -> None:
    from kg_seed_facts import fake_extractor

    a = tmp_path / "a.txt"
    a.write_text("LETTER\n", encoding="utf-8")
    st = Store.open(None)
    assert build([a], st, jobs=2).ok == 1
    (tmp_path / "b.txt").write_text("DRAFT\n", encoding="utf-8")
    rep = build([tmp_path], Store.open(None), jobs=2, extractor=lambda t, s, o: fake_extractor(t, s, o))
    assert rep.ok == 2
    assert pool_count.started == 0
    with pytest.raises(ValueError, match="at least 1"):
        build([a], st, jobs=0)


@pytest.mark.slow
def test_cli_jobs_option(inputs: list[Path], tmp_path: Path) -> None:
    runner = CliRunner()
    dumps = []
    for j in ("1", "2"):
        store = tmp_path / f"store-j{j}"
        res = runner.invoke(main, ["build", *map(str, inputs), "--store", str(store), "-j", j])
        assert res.exit_code == 1, res.output  # the broken inputs fail, the rest is written
        assert "failed: " in res.output and "8 built" in res.output
        res = runner.invoke(main, ["dump", "--store", str(store), "--format", "nq"])
        assert res.exit_code == 0
        dumps.append(sorted(_STAMP.sub('"T"', line) for line in res.output.splitlines()))
    assert dumps[0] == dumps[1] and len(dumps[0]) > 500
    res = runner.invoke(main, ["build", str(inputs[0]), "--store", str(tmp_path / "x"), "--jobs", "0"])
    assert res.exit_code == 2 and "--jobs" in res.output


CHILD = textwrap.dedent(
    """
    import sys
    import kg.ingest.writer
    from kg.ingest import build

    kg.ingest.writer.BATCH_SECONDS = 0  # each source in the store when reported (one bulk load per source)

    def progress(report, name, status):
        assert status != "failed", report.failed
        print(report.ok, flush=True)

    if __name__ == "__main__":
        build([sys.argv[1]], sys.argv[2], progress=progress, jobs=2)
        print("DONE", flush=True)
    """
)


def _children(pid: int) -> list[int]:
    out = []
    for f in Path(f"/proc/{pid}/task").glob("*/children"):
        with contextlib.suppress(OSError):
            out += [int(x) for x in f.read_text().split()]
    return out


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_sigkill_mid_parallel_build(tmp_path: Path) -> None:
    """SIGKILL of a ``-j 2`` build: the store opens, every committed graph is whole (a rebuild only adds the
    missing ones and then equals a ``-j 1`` build), and the workers exit with their parent."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for n in range(1, 121):
        (docs / f"{n:03d}.txt").write_text(
            f"Quyết định số {n}/QĐ-TTg ngày 02/01/2025 của Thủ tướng Chính phủ về việc thực hiện "
            f"Nghị quyết số {n + 1}/NQ-CP ngày 01/12/2024 của Chính phủ.",
            encoding="utf-8",
        )
    script = tmp_path / "child.py"  # a file, so the 'spawn' workers can import the main module
    script.write_text(CHILD, encoding="utf-8")
    store = tmp_path / "store"
    proc = subprocess.Popen(
        [sys.executable, str(script), str(docs), str(store)], stdout=subprocess.PIPE, text=True
    )
    committed, workers = 0, []
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.strip() == "DONE":
            break
        committed = int(line)
        if committed >= 10:
            workers = _children(proc.pid)
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait()
    if committed < 10:
        pytest.skip("the build finished before it could be killed")
    deadline = time.monotonic() + 30
    while workers and time.monotonic() < deadline:
        workers = [w for w in workers if Path(f"/proc/{w}").exists() and "Z" not in _state(w)]
        time.sleep(0.1)
    assert not workers, "worker processes outlived the killed build"
    with Store.open(store) as st:
        graphs = [g for g in st.graphs() if "/source/" in g.value]
        assert len(graphs) >= committed
        rep = build([docs], st, jobs=2)
        # a graph killed between its bulk load and its checksum is whole but rebuilt
        assert len(graphs) - 1 <= rep.unchanged <= len(graphs) and rep.ok == 120 - rep.unchanged
        again = _nq(st)
    ref = Store.open(None)
    build([docs], ref, jobs=1)
    assert again == _nq(ref)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return "Z"


@pytest.mark.slow
def test_bench_smoke(tmp_path: Path) -> None:
    """``bench/run.py`` end to end on tiny sizes (numbers are printed, nothing is timed here)."""
    res = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "run.py"),
            "--quick",
            "--markdown",
            "--corpus",
            str(ROOT / "data" / "samples"),
            "--docs",
            "1500",
            "--targets",
            "5",
            "--repeat",
            "2",
            "--jobs",
            "2",
            "--workdir",
            str(tmp_path / "w"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert res.returncode == 0, res.stderr[-2000:]
    out = res.stdout
    for words in (
        "machine:",
        "extraction, 1 process",
        "kg build -j 2",
        "implements (kg.query.core",
        "rdflib",
        "| measure |",
    ):
        assert words in out, words
    assert not (tmp_path / "w").exists()  # the work dir is removed
