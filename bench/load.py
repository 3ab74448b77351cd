"""Load on ``kg serve`` over loopback: N keep-alive clients for S seconds, then p50/p95/p99 latency and failures.

The server runs as its own process (``python -m kg serve --port 0``), as a user would start it, over a store
built from data/samples (or ``--store``). Each client cycles three ordinary queries (symbols LIMIT 10, an ASK,
a GROUP BY of cited documents). With ``--runaway K`` the load starts with K cross-join queries that the server
must kill at ``--timeout``: the trivial queries behind them should still be answered. All clients share
127.0.0.1, so the per-client limit is raised to their number here. Nothing is asserted;
the figures are printed. Only 127.0.0.1 is ever contacted, and the run stops by itself.

usage: python bench/load.py [--clients 100] [--seconds 20] [--workers 4] [--timeout 2] [--runaway 0] [--store S]
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUERIES = [
    "SELECT DISTINCT ?d ?s WHERE { ?d vnl:symbol ?s } ORDER BY ?s LIMIT 10",
    "ASK { ?s ?p ?o }",
    "SELECT ?t (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d vnl:basedOn|vnl:implements ?t } GROUP BY ?t "
    "ORDER BY DESC(?n) LIMIT 5",
]
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def build_store(where: Path) -> Path:
    store = where / "store"
    cmd = [sys.executable, "-m", "kg", "build", str(ROOT / "data" / "samples"), "--store", str(store)]
    subprocess.run(cmd, check=True, cwd=ROOT, capture_output=True, timeout=600)
    return store


def start_server(store: Path, args: argparse.Namespace) -> tuple[subprocess.Popen[str], str, int]:
    cmd = [sys.executable, "-m", "kg", "serve", "--port", "0", "--store", str(store), "--quiet"]
    cmd += [
        "--workers",
        str(args.workers),
        "--timeout",
        str(args.timeout),
        "--per-client",
        str(args.clients + args.runaway),
    ]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    proc = subprocess.Popen(cmd, cwd=ROOT, stderr=subprocess.PIPE, text=True, env=env)
    assert proc.stderr is not None
    for _ in range(50):
        line = proc.stderr.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/sparql", line)
        if m:
            threading.Thread(target=proc.stderr.read, daemon=True).start()  # keep the pipe drained
            return proc, "127.0.0.1", int(m.group(1))
        if not line:
            break
    proc.kill()
    raise SystemExit("kg serve did not start")


def client(host: str, port: int, until: float, offset: int, out: list[tuple[float, int]]) -> None:
    conn = http.client.HTTPConnection(host, port, timeout=60)
    i = offset
    while time.monotonic() < until:
        q = QUERIES[i % len(QUERIES)]
        i += 1
        t = time.perf_counter()
        try:
            conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": q}))
            res = conn.getresponse()
            res.read()
            status = res.status
        except (OSError, http.client.HTTPException):
            status = 0
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=60)
        out.append((time.perf_counter() - t, status))
    conn.close()


def runaway(host: str, port: int, out: list[int]) -> None:
    conn = http.client.HTTPConnection(host, port, timeout=120)
    conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": RUNAWAY}))
    res = conn.getresponse()
    res.read()
    out.append(res.status)
    conn.close()


def pct(values: list[float], p: float) -> float:
    return values[min(len(values) - 1, int(p / 100 * len(values)))] if values else float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=100)
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--timeout", type=float, default=2.0)
    ap.add_argument(
        "--runaway", type=int, default=0, help="cross-join queries sent first (killed at --timeout)"
    )
    ap.add_argument("--store", type=Path, default=None)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = args.store or build_store(Path(tmp))
        proc, host, port = start_server(store, args)
        try:
            killed: list[int] = []
            bad = [threading.Thread(target=runaway, args=(host, port, killed)) for _ in range(args.runaway)]
            for t in bad:
                t.start()
            results: list[tuple[float, int]] = []
            until = time.monotonic() + args.seconds
            threads = [
                threading.Thread(target=client, args=(host, port, until, n, results))
                for n in range(args.clients)
            ]
            t0 = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads + bad:
                t.join()
            wall = time.perf_counter() - t0
        finally:
            proc.terminate()
            proc.wait(10)
    times = sorted(d for d, s in results if s == 200)
    failed = sum(1 for _, s in results if s != 200)
    print(f"clients {args.clients}, {args.seconds:g} s, workers {args.workers}, runaway {args.runaway}")
    print(f"requests {len(results)}, failed {failed}, {len(results) / wall:.0f} req/s")
    print(
        f"latency ms: p50 {pct(times, 50) * 1000:.0f}, p95 {pct(times, 95) * 1000:.0f}, "
        f"p99 {pct(times, 99) * 1000:.0f}, max {(times[-1] if times else 0) * 1000:.0f}"
    )
    if args.runaway:
        print(f"runaway queries answered: {sorted(killed)} (503 = stopped at the time limit)")
    if failed:
        codes = sorted({s for _, s in results if s != 200})
        print(f"failure statuses: {codes} (0 = connection error)")


if __name__ == "__main__":
    main()
