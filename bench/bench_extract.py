"""Extraction throughput against a bare single-pass regex scan of the same text (the ratio is the figure).

- corpus: every document of ../shared/corpus (or data/samples when absent), one ``kg.extract`` call each;
- long: the corpus texts concatenated (``--repeat`` times, default 20) into one document, to show that time
  grows linearly with size (MB/s of the long document ~ MB/s of the corpus).

The baseline is one compiled regex for number-symbols run with ``finditer`` over the same strings: the
least any extractor must do. Each figure is the median of ``--rounds`` runs.

usage: python bench/bench_extract.py [--rounds 3] [--repeat 20] [PATH ...]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import kg
from kg.sources import iter_documents

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = [ROOT.parent / "shared" / "corpus"]
BASELINE = re.compile(
    r"\b\d{1,5}(?:/\d{4})?/[A-ZĐ][A-Za-zĐ]{0,7}(?:-[A-ZĐ][\wĐ&]{0,12})*\b|\b\d{1,5}-[A-ZĐ][A-Za-z]{0,5}/[A-ZĐ][\wĐ&-]*"
)


def timed(fn: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def load_texts(paths: list[Path]) -> list[str]:
    """The decoded documents under ``paths`` (files and JSONL objects), as ``kg build`` would see them."""
    return [t for _s, t in iter_documents(paths) if isinstance(t, str)]


def measure_corpus(texts: list[str], rounds: int) -> dict[str, float]:
    """One ``kg.extract`` per document against the bare regex scan, median of ``rounds``; seconds and MB."""
    kg.extract("Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị")  # load tables and spaCy once

    def run_kg() -> None:
        for t in texts:
            kg.extract(t)

    def run_re() -> None:
        for t in texts:
            for _ in BASELINE.finditer(t):
                pass

    t_kg, t_re = timed(run_kg, rounds), timed(run_re, rounds)
    refs = sum(sum(1 for m in kg.extract(t).mentions if m.kind == "full") for t in texts)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    return {"docs": len(texts), "mb": mb, "refs": refs, "t_kg": t_kg, "t_re": t_re}


def measure_long(texts: list[str], repeat: int) -> dict[str, float]:
    """The corpus concatenated ``repeat // 2`` and ``repeat`` times into one document: time for 2x the size."""
    kg.extract("Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị")
    long = "\n\n".join(texts)
    half = long * max(1, repeat // 2)
    full = long * repeat
    t_half = timed(lambda: kg.extract(half), 1)
    t_full = timed(lambda: kg.extract(full), 1)
    t_full_re = timed(lambda: sum(1 for _ in BASELINE.finditer(full)), 1)
    mb_half, mb_full = len(half.encode()) / 1e6, len(full.encode()) / 1e6
    return {
        "mb_half": mb_half,
        "mb_full": mb_full,
        "t_half": t_half,
        "t_full": t_full,
        "t_full_re": t_full_re,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="*", type=Path)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    paths = args.paths or [p for p in DEFAULT if p.exists()] or [ROOT / "data" / "samples"]
    texts = load_texts(paths)
    c = measure_corpus(texts, args.rounds)
    mb, t_kg, t_re = c["mb"], c["t_kg"], c["t_re"]
    print(
        f"corpus: {len(texts)} documents, {mb:.1f} MB, {c['refs']} full references ({', '.join(map(str, paths))})"
    )
    print(f"  kg.extract      {t_kg:8.2f} s  {mb / t_kg:7.2f} MB/s  {len(texts) / t_kg:8.1f} docs/s")
    print(f"  bare regex scan {t_re:8.2f} s  {mb / t_re:7.2f} MB/s   ratio kg/regex = {t_kg / t_re:.1f}x")

    g = measure_long(texts, args.repeat)
    t_half, t_full, mb_half, mb_full = g["t_half"], g["t_full"], g["mb_half"], g["mb_full"]
    print(
        f"long document: corpus x{args.repeat // 2} ({mb_half:.0f} MB) and x{args.repeat} ({mb_full:.0f} MB)"
    )
    print(
        f"  kg.extract      {t_half:8.2f} s and {t_full:8.2f} s: {mb_half / t_half:.2f} and {mb_full / t_full:.2f} MB/s;"
        f" time ratio for 2x size = {t_full / t_half:.2f} (2.00 is linear)"
    )
    print(f"  bare regex scan {g['t_full_re']:8.2f} s   ratio kg/regex = {t_full / g['t_full_re']:.1f}x")
    print(f"python {sys.version.split()[0]}, 1 process")


if __name__ == "__main__":
    main()
