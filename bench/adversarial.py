"""Extraction time against input size on the audit's adversarial inputs: is any stage super-linear?

Each point runs ``kg.extract`` in a child process of its own, bounded by ``--limit`` seconds (a stalled point
is printed as "> LIMIT s", and the larger sizes of that input are not run), and prints seconds, MB/s, peak
RSS and the time ratio to the previous size (for a doubling of the size: about 2 is linear, 4 quadratic).
Nothing is asserted: the figures are for the README ("Reliability") and for finding the stage to fix
(``--profile`` prints the top functions of the largest point that finished).

Inputs (from ``../shared/reference/audits/reliability.md`` §1b-1c):

- ``crlf``: a run of blank lines, ``"\\r\\n" * n`` (cubic before: 4 KB took 40 s);
- ``letter+blank``: a real letter, ``n`` blank lines, the letter again (the audit's 24.7 KB letter with 5,000
  blank lines did not finish in a minute);
- ``clause``: one clause with many references, ``"Căn cứ Quyết định số 1/QĐ-UBND " * n`` (quadratic: 1 MB, 51 s);
- ``line``: the real seed letters joined into a single line of ``n`` characters (super-linear: 10 MB, 14.6 s);
- ``numbers``: millions of enumerated numbers, ``"Quyết định số " + "1, " * n + "1/QĐ-UBND"``.

usage: python bench/adversarial.py [--quick] [--limit 120] [--only NAME ...] [--profile]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"


def _letter() -> str:
    files = sorted(SEEDS.glob("*.txt")) or sorted((ROOT / "data" / "samples").glob("*.txt"))
    return "\n".join(p.read_text(encoding="utf-8") for p in files)


def _line(size: int) -> str:
    base = " ".join(_letter().split())
    return (base * (size // len(base) + 1))[:size]


#: name -> (text of about ``size`` characters, sizes of the full run, sizes of --quick)
INPUTS: dict[str, tuple[Callable[[int], str], list[int], list[int]]] = {
    "crlf": (lambda n: "\r\n" * (n // 2), [4_000, 40_000, 400_000, 4_000_000], [4_000, 40_000]),
    "letter+blank": (
        lambda n: _letter() + "\n" * n + _letter(),
        [5_000, 50_000, 500_000],
        [5_000, 50_000],
    ),
    "clause": (
        lambda n: "Căn cứ Quyết định số 1/QĐ-UBND " * (n // 31),
        [31_000, 62_000, 124_000, 248_000, 496_000, 1_000_000],
        [31_000, 62_000, 124_000],
    ),
    "line": (_line, [1_000_000, 2_000_000, 4_000_000, 8_000_000], [250_000, 500_000, 1_000_000]),
    "numbers": (
        lambda n: "Quyết định số " + "1, " * (n // 3) + "1/QĐ-UBND",
        [300_000, 1_000_000, 3_000_000, 10_000_000],
        [100_000, 300_000],
    ),
}

CHILD = """
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from bench.adversarial import INPUTS
from kg.extraction.pipeline import extract, warm_up
warm_up()
text = INPUTS[sys.argv[2]][0](int(sys.argv[3]))
t = time.perf_counter()
if len(sys.argv) > 4:
    import cProfile, pstats
    cProfile.run("r = extract(text)", sys.argv[4])
else:
    r = extract(text)
dt = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"chars": len(text), "bytes": len(text.encode("utf-8")), "seconds": dt,
                  "mentions": len(r.mentions), "peak_mb": peak}))
"""


def point(name: str, size: int, limit: float, profile: str | None = None) -> dict | None:
    """One measurement in a child process; None when it ran past ``limit``."""
    args = [sys.executable, "-c", CHILD, str(ROOT), name, str(size)] + ([profile] if profile else [])
    try:
        out = subprocess.run(args, capture_output=True, text=True, timeout=limit, check=True)
    except subprocess.TimeoutExpired:
        return None
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small sizes only (about a minute)")
    ap.add_argument("--limit", type=float, default=120.0, help="seconds one point may take (default 120)")
    ap.add_argument("--only", nargs="*", choices=sorted(INPUTS), help="these inputs only")
    ap.add_argument("--profile", action="store_true", help="cProfile the largest point of each input")
    a = ap.parse_args()
    print(f"{'input':14} {'size':>10} {'seconds':>9} {'MB/s':>7} {'ratio':>6} {'peak MB':>8} {'mentions':>9}")
    for name in a.only or INPUTS:
        _, full, quick = INPUTS[name]
        last: dict | None = None
        largest = None
        for size in quick if a.quick else full:
            r = point(name, size, a.limit)
            if r is None:
                print(
                    f"{name:14} {size:>10,} {'> ' + format(a.limit, 'g'):>9}   (stopped; larger sizes not run)"
                )
                break
            ratio = f"{r['seconds'] / last['seconds']:.1f}" if last and last["seconds"] > 0.005 else ""
            mbs = r["bytes"] / 1e6 / r["seconds"] if r["seconds"] else float("inf")
            print(
                f"{name:14} {r['chars']:>10,} {r['seconds']:>9.2f} {mbs:>7.2f} {ratio:>6} "
                f"{r['peak_mb']:>8.0f} {r['mentions']:>9,}",
                flush=True,
            )
            last, largest = r, size
        if a.profile and largest is not None:
            stats = Path(f"/tmp/adversarial-{name}.prof")
            point(name, largest, a.limit, str(stats))
            import pstats

            pstats.Stats(str(stats)).sort_stats("tottime").print_stats(8)


if __name__ == "__main__":
    main()
