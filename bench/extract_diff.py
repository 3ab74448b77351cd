"""The speed gate: ``kg extract --format jsonl`` over a whole corpus, compared document by document.

A faster extractor must give the same output, byte for byte. Take a snapshot with the code before a change,
then compare every later run to it (0 differing documents expected):

  python bench/extract_diff.py snapshot /tmp/extract-base.jsonl          # before the change
  python bench/extract_diff.py compare /tmp/extract-base.jsonl           # after it: prints the differences
  python bench/extract_diff.py compare /tmp/extract-base.jsonl --checkout ../main   # or two checkouts

``--corpus PATH`` (repeatable; default ../shared/corpus) and ``--jobs N`` (parallel ``kg extract`` processes,
one per top-level entry of the corpus; default 2). Exit code 1 when any document differs, so it can gate a
commit. The output of each run is kept next to the snapshot (``*.new.jsonl``) for inspection.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
SHOW = 5  # differing documents shown in full detail


def _inputs(corpus: list[Path]) -> list[Path]:
    """The corpus split into its top-level entries, in a fixed order, so that runs can go in parallel."""
    out: list[Path] = []
    for c in corpus:
        out.extend(sorted(p for p in c.iterdir() if not p.name.startswith(".")) if c.is_dir() else [c])
    return out


def run_extract(checkout: Path, corpus: list[Path], jobs: int) -> list[str]:
    """The JSONL lines of ``kg extract`` in ``checkout`` over ``corpus``, in a fixed order."""
    env = dict(os.environ, PYTHONPATH=str(checkout))

    def one(path: Path) -> list[str]:
        proc = subprocess.run(
            [sys.executable, "-m", "kg", "extract", str(path), "--format", "jsonl"],
            cwd=checkout,
            env=env,
            capture_output=True,
            text=True,
        )
        if proc.returncode not in (0, 1):  # 1: some file was skipped or failed, reported on stderr
            sys.exit(f"kg extract {path} failed (exit {proc.returncode}):\n{proc.stderr[-2000:]}")
        return proc.stdout.splitlines()

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        parts = list(pool.map(one, _inputs(corpus)))
    return [line for part in parts for line in part]


def _first_difference(a: Any, b: Any, where: str = "") -> str:
    """Where two JSON values first differ, as a path and the two values (shortened)."""
    if isinstance(a, dict) and isinstance(b, dict):
        for k in list(a) + [k for k in b if k not in a]:
            if a.get(k, "<missing>") != b.get(k, "<missing>"):
                return _first_difference(a.get(k, "<missing>"), b.get(k, "<missing>"), f"{where}.{k}")
    if isinstance(a, list) and isinstance(b, list):
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            if x != y:
                return _first_difference(x, y, f"{where}[{i}]")
        if len(a) != len(b):
            return f"{where}: {len(a)} items before, {len(b)} after"
    short = lambda v: (s := json.dumps(v, ensure_ascii=False))[:300] + ("…" if len(s) > 300 else "")  # noqa: E731
    return f"{where}:\n      before {short(a)}\n      after  {short(b)}"


def compare(base: list[str], new: list[str]) -> int:
    """Print the differing documents (matched by position and source); return how many differ."""
    if len(base) != len(new):
        print(f"document count differs: {len(base)} before, {len(new)} after")
    differ = 0
    for i, (x, y) in enumerate(zip(base, new, strict=False)):
        if x == y:
            continue
        differ += 1
        if differ <= SHOW:
            a, b = json.loads(x), json.loads(y)
            print(f"- document {i} ({a.get('source')}): {_first_difference(a, b)}")
    differ += abs(len(base) - len(new))
    print(f"{differ} of {max(len(base), len(new))} documents differ")
    return differ


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=("snapshot", "compare"))
    ap.add_argument("snapshot", type=Path, help="the snapshot JSONL file (written or compared against)")
    ap.add_argument("--corpus", type=Path, action="append")
    ap.add_argument("--checkout", type=Path, default=ROOT, help="the checkout to run (default: this one)")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    corpus = args.corpus or [DEFAULT_CORPUS]
    t = time.perf_counter()
    lines = run_extract(args.checkout.resolve(), corpus, args.jobs)
    took = time.perf_counter() - t
    print(f"kg extract in {args.checkout}: {len(lines)} documents in {took:.1f} s (wall, {args.jobs} jobs)")
    text = "".join(line + "\n" for line in lines)
    if args.mode == "snapshot":
        args.snapshot.write_text(text, encoding="utf-8")
        print(f"wrote {args.snapshot}")
        return
    args.snapshot.with_suffix(".new.jsonl").write_text(text, encoding="utf-8")
    base = args.snapshot.read_text(encoding="utf-8").splitlines()
    sys.exit(1 if compare(base, lines) else 0)


if __name__ == "__main__":
    main()
