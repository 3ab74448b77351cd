"""Extraction speed against two baselines measured in the same run: a bare regex pass and the base commit.

For each corpus (default: the national-database texts of vbpl.vn, then the whole shared corpus):

- in-process: CPU seconds of one ``kg.extract`` per document, this checkout and the base checkout alternately,
  one fresh interpreter per side and round (``--rounds``; the median is reported), so that both sides see the
  same machine load, and the bare compiled-regex pass of bench_extract.py;
- whole process: CPU seconds (user + sys) of ``kg extract PATH --format jsonl > /dev/null``, start-up included,
  the two sides alternately, median of ``--process-runs``;
- start-up: ``kg extract`` of one small letter, median of ``--startup-runs`` (wall and CPU).

Figures are CPU time, so they mean "per core" on a machine that other jobs share. MB are UTF-8 bytes of the texts.
Whole-process runs keep their modules' bytecode in a temporary folder, as an installed package has it
(``--no-bytecode``: every module compiled from source in every run, as ``PYTHONDONTWRITEBYTECODE`` does).
The base checkout is ``git archive`` of ``--base-rev`` (default: where this branch left main) in a temp dir, or
``--base DIR``.

usage: python bench/bench_speed.py [--rounds 3] [--process-runs 3] [--startup-runs 10] [--base DIR | --base-rev REV]
                                  [--no-bytecode] [PATH ...]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
VBPL = CORPUS / "vbpl_vn__phanbasongtoan112-art_vbpl-layout-detection" / "documents.jsonl"
LETTER = (
    "UBND TỈNH QUẢNG NGÃI\nSỞ KHOA HỌC VÀ CÔNG NGHỆ\nSố: 1359/SKHCN-BCVT&CNTT\n\n"
    "Thực hiện Kế hoạch số 359-KH/TU ngày 29/4/2025 của Ban Thường vụ Tỉnh ủy thực hiện Nghị quyết "
    "số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị.\n"
)
TARGET_MB_S = 10.0
TARGET_STARTUP_S = 0.3


def _child(paths: list[str], rounds: int) -> dict[str, float]:
    """Run in a fresh interpreter of one checkout: CPU seconds of kg.extract and of the bare regex pass."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_extract import BASELINE, load_texts

    import kg

    texts = load_texts([Path(p) for p in paths])
    for t in texts[:50]:  # warm up: tables, patterns
        kg.extract(t)
    # and spaCy, which a rare window needs (loading it, 0.6 s once per process, is not extraction speed)
    from kg.extraction.bodies import bodies_in

    bodies_in(["Bộ Chính trị"])

    def cpu(fn) -> float:  # noqa: ANN001
        times = []
        for _ in range(rounds):
            t = time.process_time()
            fn()
            times.append(time.process_time() - t)
        return statistics.median(times)

    t_kg = cpu(lambda: [kg.extract(t) for t in texts])
    t_re = cpu(lambda: [sum(1 for _ in BASELINE.finditer(t)) for t in texts])
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    return {"docs": len(texts), "mb": mb, "t_kg": t_kg, "t_re": t_re}


def in_process(checkout: Path, paths: list[Path], rounds: int) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=str(checkout))
    code = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); from bench_speed import _child; "
        "print(json.dumps(_child(json.loads(sys.argv[2]), int(sys.argv[3]))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(ROOT / "bench"), json.dumps([str(p) for p in paths]), str(rounds)],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


#: where whole-process runs keep their bytecode (None: compile every module from source in every run)
PYCACHE: Path | None = None


def _process_env(checkout: Path) -> dict[str, str]:
    """The environment of a ``kg`` process of ``checkout``: with :data:`PYCACHE`, bytecode is written and read
    there (under each source's own path), as an installed package has it (pip compiles it at install); an
    environment with ``PYTHONDONTWRITEBYTECODE`` otherwise recompiles every module in every run (60 ms)."""
    env = dict(os.environ, PYTHONPATH=str(checkout))
    if PYCACHE is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    return env


def whole_process(checkout: Path, path: Path) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one ``kg extract PATH`` process writing JSONL to /dev/null."""
    env = _process_env(checkout)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    with open(os.devnull, "w") as sink:
        subprocess.run(
            [sys.executable, "-m", "kg", "extract", str(path), "--format", "jsonl"],
            cwd=checkout,
            env=env,
            stdout=sink,
            stderr=subprocess.DEVNULL,
            check=False,
        )
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def _median_run(runs: list[dict[str, float]]) -> dict[str, float]:
    """The rounds of one side as one: median CPU seconds of the extraction and of the bare regex pass."""
    return {
        **runs[0],
        "t_kg": statistics.median(r["t_kg"] for r in runs),
        "t_re": statistics.median(r["t_re"] for r in runs),
    }


def _seconds(runs: list[dict[str, float]]) -> str:
    return ", ".join(f"{r['t_kg']:.2f}" for r in runs)


def base_checkout(rev: str | None, into: Path) -> Path:
    if rev is None:
        rev = subprocess.run(
            ["git", "merge-base", "HEAD", "main"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    archive = subprocess.run(["git", "archive", rev], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    print(f"base: {rev[:10]} (git archive in {into})")
    return into


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*", type=Path)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--process-runs", type=int, default=3)
    ap.add_argument("--startup-runs", type=int, default=10)
    ap.add_argument("--base", type=Path, help="a checkout of the base commit")
    ap.add_argument("--base-rev", help="git revision of the base (default: merge-base of HEAD and main)")
    ap.add_argument(
        "--no-bytecode",
        action="store_true",
        help="whole-process runs compile every module from source (the default keeps bytecode, as an install does)",
    )
    args = ap.parse_args()
    global PYCACHE
    # (resolved: each side runs in its own checkout, where a relative path would name nothing)
    corpora = (
        [p.resolve() for p in args.paths]
        or [p for p in (VBPL, CORPUS) if p.exists()]
        or [ROOT / "data" / "samples"]
    )
    with tempfile.TemporaryDirectory(prefix="kg-speed-") as tmp:
        base = args.base or base_checkout(args.base_rev, Path(tmp))
        sides = {"this": ROOT, "base": base}
        if not args.no_bytecode:
            PYCACHE = Path(tmp) / "pycache"
            for co in sides.values():  # one run each writes the bytecode the timed runs read
                whole_process(co, ROOT / "data" / "samples")
        print(
            f"whole-process runs: {'every module compiled from source' if args.no_bytecode else 'bytecode kept'}"
        )
        fast = importlib.util.find_spec("hyperscan") is not None
        print(f"hyperscan (the 'fast' extra): {'installed' if fast else 'not installed, plain re paths'}")
        for path in corpora:
            print(f"\n== {path}")
            runs: dict[str, list[dict[str, float]]] = {"this": [], "base": []}
            for _ in range(max(1, args.rounds)):  # alternately, so both sides see the same machine load
                for name, co in sides.items():
                    runs[name].append(in_process(co, [path], 1))
            new, old = (_median_run(runs[name]) for name in ("this", "base"))
            mb = new["mb"]
            re_mb_s = mb / new["t_re"]
            print(f"  {new['docs']} documents, {mb:.2f} MB; bare regex pass {re_mb_s:.1f} MB/s")
            for name, r in (("this", new), ("base", old)):
                mb_s = mb / r["t_kg"]
                print(
                    f"  kg.extract in-process, {name}: {r['t_kg']:.2f} s CPU = {mb_s:.2f} MB/s per core "
                    f"({r['t_kg'] / r['t_re']:.1f}x the bare regex pass)"
                    + (
                        f" [target {TARGET_MB_S:.0f} MB/s: {'met' if mb_s >= TARGET_MB_S else 'not met'}]"
                        if name == "this"
                        else ""
                    )
                )
            print(
                f"  in-process speed-up over base: {old['t_kg'] / new['t_kg']:.2f}x"
                f" (CPU s per round, this: {_seconds(runs['this'])}; base: {_seconds(runs['base'])})"
            )
            timed: dict[str, list[tuple[float, float]]] = {"this": [], "base": []}
            for _ in range(max(1, args.process_runs)):
                for name, co in sides.items():
                    timed[name].append(whole_process(co, path))
            proc = {
                name: (statistics.median(c for c, _w in ts), statistics.median(w for _c, w in ts))
                for name, ts in timed.items()
            }
            for name, (cpu, wall) in proc.items():
                print(
                    f"  kg extract process, {name}: {cpu:.2f} s CPU ({wall:.2f} s wall) = {mb / cpu:.2f} MB/s per core"
                    f" (median of {len(timed[name])}: {', '.join(f'{c:.2f}' for c, _w in timed[name])} s CPU)"
                )
            print(f"  whole-process speed-up over base: {proc['base'][0] / proc['this'][0]:.2f}x")
        letter = Path(tmp) / "letter.txt"
        letter.write_text(LETTER, encoding="utf-8")
        print(f"\n== start-up: kg extract of a {len(LETTER)}-character letter, median of {args.startup_runs}")
        runs: dict[str, list[tuple[float, float]]] = {"this": [], "base": []}
        for _ in range(args.startup_runs):
            for name, co in sides.items():  # alternately, so both see the same machine load
                runs[name].append(whole_process(co, letter))
        for name, rs in runs.items():
            wall = statistics.median(w for _c, w in rs)
            cpu = statistics.median(c for c, _w in rs)
            mark = f" [target < {TARGET_STARTUP_S} s: {'met' if wall < TARGET_STARTUP_S else 'not met'}]"
            print(f"  {name}: {wall:.3f} s wall, {cpu:.3f} s CPU" + (mark if name == "this" else ""))


if __name__ == "__main__":
    main()
