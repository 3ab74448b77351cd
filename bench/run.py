"""The benchmark suite in one command: extraction, ingest and query latency at scale. Prints numbers, never asserts.

usage: python bench/run.py [options]

  --quick             a 1-2 minute run: the first 150 corpus documents, --rounds 1, --repeat 2, 20,000 synthetic
                      documents, 20 targets (options given explicitly still win)
  --markdown          also print the results as a Markdown table (to paste into the README)
  --corpus PATH       texts to extract and ingest (repeatable; default ../shared/corpus, else data/samples)
  --limit N           only the first N documents of the corpus (written to one JSONL file in the work dir)
  --rounds N          extraction: median of N runs over the corpus (default 3)
  --repeat N          extraction linearity: the corpus concatenated N/2 and N times into one document (default 20)
  --jobs LIST         kg extract -j and kg build -j values to measure, comma-separated (default 1,2)
  --docs N            synthetic documents for the query benchmark (default 1,000,000)
  --rdflib-docs N     size of the rdflib comparison graph (default 50,000: rdflib keeps ~1.7 KB per quad in memory,
                      so 1M documents, ~39M quads, would need ~60 GB; the same smaller graph is also loaded into
                      Oxigraph so the two are compared on equal data)
  --targets N         query targets per measured query (default 50)
  --no-extract, --no-long, --no-ingest, --no-queries, --no-rdflib    skip that part (--no-queries skips rdflib
                      too; --no-long: the extraction linearity step)
  --workdir DIR       where corpora, stores and N-Quads files go (default: a temp dir, removed at the end)
  --keep              keep the work dir, with the synthetic stores and N-Quads in it; a later run with the same
                      --workdir and --keep reuses a kept store (and its targets) instead of generating and loading
                      it again (~5 min at 1M documents)

"Most cited" is timed as users get it (kg.query.rankings.most_cited: the counts kg.ingest.stats materialises
in vnld:graph/stats, refreshed by every build; its cost on the synthetic store is its own row), next to the live
GROUP BY it replaces, and the two must give the same rows.

Every measured step runs in a fresh Python process, which reports its wall time and its peak memory (VmHWM from
/proc/self/status at its end; ``ru_maxrss`` of children inherits the parent's peak, see tech-notes §1). For
``kg build -j N`` the workers' peaks are sampled from /proc while the build runs. Numbers on these 2-core
machines vary by 10-30% between runs; compare within one run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"
SAMPLES = ROOT / "data" / "samples"
RESULT = "@@RESULT "

TARGETS = {
    "extract_mb_s": 10.0,  # MB/s per core, with full metadata
    "ingest_triples_s": 200_000,
    "implements_p95_ms": 20.0,  # on the 1M-document graph
    "build_peak_gb": 4.0,  # building the 1M-document store
}

VNL = "https://w3id.org/vn-legal-kg/ontology#"
Q_BY_ISSUER = f"""PREFIX vnl: <{VNL}>
SELECT ?body (COUNT(DISTINCT ?d) AS ?n) WHERE {{ ?d vnl:issuedBy ?body }}
GROUP BY ?body ORDER BY DESC(?n) ?body LIMIT 10"""
Q_MOST_CITED = f"""PREFIX vnl: <{VNL}>
SELECT ?d (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s vnl:basedOn|vnl:cites ?d }}
GROUP BY ?d ORDER BY DESC(?n) ?d LIMIT 10"""
Q_TRANSITIVE = f"PREFIX vnl: <{VNL}>\nSELECT DISTINCT ?d WHERE {{ ?d vnl:implements+ <%s> }}"
Q_OUT = "SELECT ?p ?o WHERE { <%s> ?p ?o }"
Q_IN = "SELECT ?s ?p WHERE { ?s ?p <%s> }"


# ============================================================================ measuring (child processes)


def vmhwm_mb(pid: int | str = "self") -> float:
    """Peak resident memory of a process, in MB (0 when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class ChildPeaks(threading.Thread):
    """Samples the peak memory of this process's children (kg build's workers) every 0.2 s."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peaks: dict[int, float] = {}
        self.done = threading.Event()

    def run(self) -> None:
        me = os.getpid()
        while not self.done.wait(0.2):
            for tasks in Path(f"/proc/{me}/task").glob("*/children"):
                try:
                    pids = [int(x) for x in tasks.read_text().split()]
                except OSError:
                    continue
                for pid in pids:
                    self.peaks[pid] = max(self.peaks.get(pid, 0.0), vmhwm_mb(pid))

    def stop(self) -> dict[str, float]:
        self.done.set()
        self.join()
        peaks = [p for p in self.peaks.values() if p > 0]
        return {
            "workers": len(peaks),
            "worker_peak_mb": max(peaks, default=0.0),
            "workers_sum_mb": sum(peaks),
        }


def percentiles(times: list[float]) -> dict[str, float]:
    """p50 and p95 in ms (nearest rank)."""
    s = sorted(times)
    if not s:
        return {"p50": float("nan"), "p95": float("nan"), "n": 0}
    rank = lambda q: s[min(len(s) - 1, max(0, int(round(q * len(s) + 0.5)) - 1))]  # noqa: E731
    return {"p50": rank(0.50) * 1000, "p95": rank(0.95) * 1000, "n": len(s)}


def timed_each(fn: Callable[[str], object], args: list[str], warmup: bool = True) -> dict[str, float]:
    if warmup and args:
        fn(args[0])
    times = []
    for a in args:
        t = time.perf_counter()
        fn(a)
        times.append(time.perf_counter() - t)
    return percentiles(times)


def startup_times(rounds: int = 10) -> dict[str, float]:
    """Median wall time of ``kg extract`` on one small letter, and of the bare interpreter (the baseline)."""
    letter = ROOT / "data" / "samples"
    small = min((p for p in letter.rglob("*.txt")), key=lambda p: p.stat().st_size)
    runs: dict[str, list[float]] = {"kg": [], "python": []}
    for _ in range(rounds):  # alternate, so both see the same machine
        for key, cmd in (
            ("kg", [sys.executable, "-m", "kg", "extract", str(small)]),
            ("python", [sys.executable, "-c", "pass"]),
        ):
            t = time.perf_counter()
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
            runs[key].append(time.perf_counter() - t)
    return {k: statistics.median(v) for k, v in runs.items()}


def step_extract_corpus(a: dict[str, Any]) -> dict[str, Any]:
    sys.path.insert(0, str(BENCH))
    from bench_extract import load_texts, measure_corpus

    return measure_corpus(load_texts([Path(p) for p in a["paths"]]), a["rounds"])


def step_extract_long(a: dict[str, Any]) -> dict[str, Any]:
    sys.path.insert(0, str(BENCH))
    from bench_extract import load_texts, measure_long

    return measure_long(load_texts([Path(p) for p in a["paths"]]), a["repeat"])


def _wall_cpu(cmds: list[list[str]]) -> tuple[float, float]:
    """Wall seconds of running ``cmds`` all at once (output discarded), and the CPU seconds they used."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    procs = [
        subprocess.Popen(c, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
        for c in cmds
    ]
    for proc in procs:
        proc.wait()
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def extract_scaling(
    paths: list[Path], jobs: list[int], rounds: int, work: Path
) -> dict[str, dict[str, float]]:
    """``kg extract -j N PATHS > /dev/null`` for each N, and for each N > 1 the ceiling: N independent
    ``kg extract -j 1``, each on 1/N of the texts, all at once (what N processes get from this machine at that
    moment, with no pool). The configurations take turns within each round, so a machine whose load drifts
    (other jobs) weighs on all of them alike; medians of ``rounds``. Wall time includes start-up, worker start
    and warm-up; CPU is user + sys of all the processes."""
    kg = [sys.executable, "-m", "kg", "extract"]
    configs: dict[str, list[list[str]]] = {}
    for j in jobs:
        configs[f"j{j}"] = [[*kg, "-j", str(j), *map(str, paths)]]
        if j > 1:
            d = work / f"parts-{j}"
            d.mkdir(parents=True, exist_ok=True)
            configs[f"ceiling{j}"] = [[*kg, str(part)] for part in split_corpus(paths, j, d)]
    runs: dict[str, list[tuple[float, float]]] = {k: [] for k in configs}
    for _ in range(rounds):
        for key, cmds in configs.items():
            runs[key].append(_wall_cpu(cmds))
    return {
        k: {
            "median": statistics.median(w for w, _ in v),
            "min": min(w for w, _ in v),
            "max": max(w for w, _ in v),
            "cpu": statistics.median(c for _, c in v),
        }
        for k, v in runs.items()
    }


def split_corpus(paths: list[Path], parts: int, out: Path) -> list[Path]:
    """The documents of ``paths`` as ``parts`` JSONL files of about equal size, in order (for the ceiling row)."""
    sys.path.insert(0, str(ROOT))
    from kg.sources import iter_documents

    docs = [(src, text) for src, text in iter_documents(paths) if isinstance(text, str)]
    total = sum(len(t.encode("utf-8")) for _, t in docs)
    files = [out / f"part-{i}.jsonl" for i in range(parts)]
    handles = [f.open("w", encoding="utf-8") for f in files]
    done = 0
    for n, (src, text) in enumerate(docs):
        i = min(parts - 1, done * parts // max(total, 1))
        handles[i].write(json.dumps({"id": f"{n:05d}", "src": src, "text": text}, ensure_ascii=False) + "\n")
        done += len(text.encode("utf-8"))
    for h in handles:
        h.close()
    return files


def step_ingest(a: dict[str, Any]) -> dict[str, Any]:
    """``kg build`` into a fresh on-disk store; the time spent in store writes (bulk loads of new sources,
    replacements of changed ones) and in recomputing the kb and stats graphs is measured apart."""
    import kg.ingest
    import kg.ingest.writer
    from kg.ingest import build

    spent = {"write": 0.0, "resolve": 0.0}

    def timed(owner: Any, name: str, key: str) -> None:
        inner = getattr(owner, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            t = time.perf_counter()
            try:
                return inner(*args, **kwargs)
            finally:
                spent[key] += time.perf_counter() - t

        setattr(owner, name, wrapper)

    timed(kg.ingest.writer.GraphWriter, "_load", "write")  # (in the writer's background thread)
    timed(kg.ingest.writer, "write_quads", "write")
    timed(kg.ingest, "resolve_store", "resolve")
    store: Any = a.get("store")
    if a.get("endpoint"):
        from kg.store.remote import RemoteStore

        if a.get("per_source"):  # what servers without a bulk loader get: one request per source
            RemoteStore.can_bulk_load = property(lambda self: False)  # type: ignore[method-assign,assignment]
        store = RemoteStore(a["endpoint"])
    peaks = ChildPeaks()
    peaks.start()
    t = time.perf_counter()
    rep = build([Path(p) for p in a["paths"]], store, jobs=a["jobs"])
    seconds = time.perf_counter() - t
    return {
        "seconds": seconds,
        "sources": rep.files,
        "ok": rep.ok,
        "failed": rep.n_failed,
        "triples": rep.triples,
        "total": rep.total,
        "write_seconds": spent["write"],
        "resolve_seconds": spent["resolve"],
        "disk_mb": du_mb(Path(a["store"])) if a.get("store") else 0.0,
        **peaks.stop(),
    }


def step_bulk_baseline(a: dict[str, Any]) -> dict[str, Any]:
    """The store's own speed, the ingest baseline: the quads of a built store dumped to N-Quads and bulk-loaded
    into a fresh store by pyoxigraph alone (no extraction, no graph building)."""
    import pyoxigraph as ox

    src = ox.Store.read_only(a["store"])
    data = ox.serialize(src, format=ox.RdfFormat.N_QUADS)
    n = len(src)
    del src
    t = time.perf_counter()
    st = ox.Store(a["out"])
    st.bulk_load(data, format=ox.RdfFormat.N_QUADS)
    st.flush()
    return {"seconds": time.perf_counter() - t, "quads": n}


def step_synth(a: dict[str, Any]) -> dict[str, Any]:
    sys.path.insert(0, str(BENCH))
    from synth import generate

    t = time.perf_counter()
    info = generate(a["docs"], Path(a["out"]), log=lambda m: print(m, file=sys.stderr, flush=True))
    return {
        "seconds": time.perf_counter() - t,
        "docs": info["docs"],
        "quads": info["quads"],
        "mb": Path(a["out"]).stat().st_size / 1e6,
    }


def step_load(a: dict[str, Any]) -> dict[str, Any]:
    """pyoxigraph bulk_load of the N-Quads into a fresh on-disk store (how a big graph is best built)."""
    import pyoxigraph as ox

    t = time.perf_counter()
    st = ox.Store(a["store"])
    st.bulk_load(path=a["nq"], format=ox.RdfFormat.N_QUADS)
    st.flush()
    seconds = time.perf_counter() - t
    n = len(st)
    del st
    return {"seconds": seconds, "quads": n, "disk_mb": du_mb(Path(a["store"]))}


def step_queries(a: dict[str, Any]) -> dict[str, Any]:
    """kg.query.core on the on-disk store: implements (transitive walk), show, SPARQL aggregates, raw SPARQL path."""
    from kg.query import implements, show, sparql
    from kg.query.rankings import has_stats, most_cited, most_implemented
    from kg.store.local import Store

    targets = json.loads(Path(a["targets"]).read_text(encoding="utf-8"))
    n = a["n"]
    impl, docs = targets["implemented"][:n], targets["any"][:n]
    t = time.perf_counter()
    st = Store(a["store"], read_only=True)
    out: dict[str, Any] = {"open_seconds": time.perf_counter() - t}
    sizes = []

    def run_impl(iri: str) -> None:
        sizes.append(len(implements(st, f"<{iri}>").implementers))

    out["implements"] = timed_each(run_impl, impl)
    out["implements_rows"] = statistics.mean(sizes[1:]) if len(sizes) > 1 else 0
    t = time.perf_counter()
    out["implements_top_rows"] = len(implements(st, f"<{targets['top']}>").implementers)
    out["implements_top_ms"] = (time.perf_counter() - t) * 1000  # the first (coldest) run
    out["implements_top"] = timed_each(lambda iri: implements(st, f"<{iri}>"), [targets["top"]] * 5, False)
    out["show"] = timed_each(lambda iri: show(st, f"<{iri}>"), docs)
    out["sparql_path"] = timed_each(lambda iri: sparql(st, Q_TRANSITIVE % iri), impl)
    out["show_sparql"] = timed_each(lambda iri: (sparql(st, Q_OUT % iri), sparql(st, Q_IN % iri)), docs)
    reps = [str(i) for i in range(a["agg_repeats"])]
    out["by_issuer"] = timed_each(lambda _i: sparql(st, Q_BY_ISSUER), reps, warmup=False)
    # "most cited" as users get it (kg.query.rankings: the materialised counts when the store has them) and the
    # live GROUP BY it replaces; both must give the same rows
    fast: list[Any] = []
    out["most_cited"] = timed_each(lambda _i: fast.append(most_cited(st, 10)), [str(i) for i in range(20)])
    out["most_implemented_rank"] = timed_each(
        lambda _i: most_implemented(st, 10), [str(i) for i in range(20)]
    )
    out["stats_present"] = has_stats(st)
    live: list[Any] = []
    out["most_cited_live"] = timed_each(
        lambda _i: live.append(sparql(st, Q_MOST_CITED).rows), reps, warmup=False
    )
    out["most_cited_same"] = fast[-1] == [(r[0].value, int(r[1].value)) for r in live[-1]]
    st.close()
    return out


def step_stats(a: dict[str, Any]) -> dict[str, Any]:
    """kg.ingest.stats.refresh_stats on the loaded store: what every build and `kg resolve` now adds."""
    from kg.ingest.stats import refresh_stats

    rep = refresh_stats(a["store"])
    again = refresh_stats(a["store"])  # unchanged graph: computes, compares the digest, writes nothing
    return {**rep.to_json(), "again_seconds": again.seconds, "again_written": again.written}


def step_rdflib(a: dict[str, Any]) -> dict[str, Any]:
    """rdflib's in-memory Dataset (union of graphs as default) with the same SPARQL as step_queries."""
    import rdflib

    targets = json.loads(Path(a["targets"]).read_text(encoding="utf-8"))
    n = a["n"]
    impl, docs = targets["implemented"][:n], targets["any"][:n]
    t = time.perf_counter()
    ds = rdflib.Dataset(default_union=True)
    ds.parse(a["nq"], format="nquads")
    out: dict[str, Any] = {"load_seconds": time.perf_counter() - t, "quads": targets["quads"]}
    q = lambda text: list(ds.query(text))  # noqa: E731
    out["sparql_path"] = timed_each(lambda iri: q(Q_TRANSITIVE % iri), impl)
    out["show_sparql"] = timed_each(lambda iri: (q(Q_OUT % iri), q(Q_IN % iri)), docs)
    reps = [str(i) for i in range(a["agg_repeats"])]
    out["by_issuer"] = timed_each(lambda _i: q(Q_BY_ISSUER), reps, warmup=False)
    out["most_cited"] = timed_each(lambda _i: q(Q_MOST_CITED), reps, warmup=False)
    return out


STEPS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "extract_corpus": step_extract_corpus,
    "extract_long": step_extract_long,
    "ingest": step_ingest,
    "bulk_baseline": step_bulk_baseline,
    "synth": step_synth,
    "load": step_load,
    "queries": step_queries,
    "stats": step_stats,
    "rdflib": step_rdflib,
}


def child_main(step: str, payload: str) -> None:
    out = STEPS[step](json.loads(payload))
    out["peak_mb"] = vmhwm_mb()
    print(RESULT + json.dumps(out), flush=True)


# ============================================================================ orchestration (parent process)


def du_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def run_step(step: str, args: dict[str, Any]) -> dict[str, Any]:
    """Run one step in a fresh interpreter; its stderr passes through, its last stdout line is the result."""
    t = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", step, json.dumps(args)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith(RESULT)]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"benchmark step {step} failed (exit {proc.returncode})")
    out = json.loads(lines[-1][len(RESULT) :])
    out["wall"] = time.perf_counter() - t
    return out


def machine() -> dict[str, str]:
    info = {"nproc": str(os.cpu_count()), "python": platform.python_version()}
    try:
        cpu = Path("/proc/cpuinfo").read_text()
        info["cpu"] = next(
            ln.split(":", 1)[1].strip() for ln in cpu.splitlines() if ln.startswith("model name")
        )
    except (OSError, StopIteration):
        info["cpu"] = platform.processor() or "unknown"
    try:
        mem = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
        info["memory"] = f"{int(mem) / 1024 / 1024:.1f} GiB"
    except (OSError, IndexError, ValueError):
        info["memory"] = "unknown"
    from importlib.metadata import PackageNotFoundError, version

    for pkg in ("pyoxigraph", "rdflib", "spacy", "vn-legal-kg"):
        try:
            info[pkg] = version(pkg)
        except PackageNotFoundError:
            info[pkg] = "-"
    return info


def subset_corpus(paths: list[Path], limit: int, out: Path) -> list[Path]:
    """The first ``limit`` documents of ``paths`` as one JSONL file (so extraction and ingest see the same)."""
    sys.path.insert(0, str(ROOT))
    from kg.sources import iter_documents

    n = 0
    with out.open("w", encoding="utf-8") as fh:
        for src, text in iter_documents(paths):
            if not isinstance(text, str):
                continue
            fh.write(json.dumps({"id": f"{n:05d}", "src": src, "text": text}, ensure_ascii=False) + "\n")
            n += 1
            if n >= limit:
                break
    return [out]


class Report:
    """Collects rows (measure, result, target, met) and prints them as text or Markdown."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []

    def add(self, measure: str, result: str, target: str = "", met: bool | None = None) -> None:
        mark = "" if met is None else ("yes" if met else "**no**")
        self.rows.append((measure, result, target, mark))
        print(
            f"  {measure}: {result}" + (f"   [target {target}: {mark.strip('*')}]" if target else ""),
            flush=True,
        )

    def markdown(self) -> str:
        lines = ["| measure | result | target | met |", "|---|---|---|---|"]
        lines += [f"| {m} | {r} | {t} | {k} |" for m, r, t, k in self.rows]
        return "\n".join(lines)


def fmt_lat(p: dict[str, float]) -> str:
    return f"p50 {p['p50']:.1f} ms, p95 {p['p95']:.1f} ms (n={p['n']})"


def main() -> None:
    ap = argparse.ArgumentParser(
        description="vn-legal-kg benchmarks (see the module docstring for every option)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--corpus", type=Path, action="append")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--rounds", type=int)
    ap.add_argument("--repeat", type=int)
    ap.add_argument("--jobs", default="1,2")
    ap.add_argument("--docs", type=int)
    ap.add_argument("--rdflib-docs", type=int)
    ap.add_argument("--targets", type=int)
    for part in ("extract", "long", "ingest", "queries", "rdflib"):
        ap.add_argument(f"--no-{part}", action="store_true")
    ap.add_argument("--workdir", type=Path)
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()

    quick = args.quick
    rounds = args.rounds or (1 if quick else 3)
    repeat = args.repeat or (2 if quick else 20)
    docs = args.docs or (20_000 if quick else 1_000_000)
    rdf_docs = min(args.rdflib_docs or (20_000 if quick else 50_000), docs)
    n_targets = args.targets or (20 if quick else 50)
    limit = args.limit or (150 if quick else None)
    try:
        jobs = [int(j) for j in args.jobs.split(",") if j.strip()]
    except ValueError:
        sys.exit(f"Error: --jobs takes comma-separated numbers, not {args.jobs!r}")
    for name, value in (
        ("rounds", rounds),
        ("repeat", repeat),
        ("docs", docs),
        ("targets", n_targets),
        ("limit", limit or 1),
        *(("jobs", j) for j in jobs),
    ):
        if value < 1:
            sys.exit(f"Error: --{name} must be at least 1")
    corpus = args.corpus or ([SHARED_CORPUS] if SHARED_CORPUS.exists() else [SAMPLES])
    for p in corpus:
        if not p.exists():
            sys.exit(f"Error: no such corpus path: {p}")

    work = args.workdir or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    rep = Report()
    started = time.perf_counter()
    try:
        m = machine()
        print(
            f"machine: {m['nproc']} cores, {m['memory']}, {m['cpu']}; Python {m['python']}; "
            f"pyoxigraph {m['pyoxigraph']}, rdflib {m['rdflib']}, spaCy {m['spacy']}, vn-legal-kg {m['vn-legal-kg']}"
        )
        paths = subset_corpus(corpus, limit, work / "corpus-subset.jsonl") if limit else corpus
        where = ", ".join(map(str, corpus)) + (f" (first {limit} documents)" if limit else "")

        if not args.no_extract:
            print(f"\n== extraction: {where}, median of {rounds}", flush=True)
            c = run_step("extract_corpus", {"paths": [str(p) for p in paths], "rounds": rounds})
            mb_s = c["mb"] / c["t_kg"]
            rep.add("corpus", f"{c['docs']} documents, {c['mb']:.1f} MB, {c['refs']} full references")
            rep.add(
                "extraction, 1 process",
                f"{mb_s:.2f} MB/s, {c['docs'] / c['t_kg']:.0f} docs/s (peak {c['peak_mb']:.0f} MB)",
                f"≥ {TARGETS['extract_mb_s']:.0f} MB/s per core",
                mb_s >= TARGETS["extract_mb_s"],
            )
            rep.add(
                "bare regex scan of the same texts",
                f"{c['mb'] / c['t_re']:.1f} MB/s; kg.extract is {c['t_kg'] / c['t_re']:.1f}x slower",
            )
            su = startup_times(rounds=10)
            rep.add(
                "kg extract start-up, one small letter (median of 10 whole processes)",
                f"{su['kg']:.2f} s; the bare interpreter (`python -c pass`) {su['python']:.2f} s: "
                f"{su['kg'] / su['python']:.1f}x",
                "< 0.3 s",
                su["kg"] < 0.3,
            )
            print(f"\n== kg extract -j N, wall time of the whole command, median of {rounds}", flush=True)
            sc = extract_scaling(paths, jobs, rounds, work)
            base = sc[f"j{jobs[0]}"]["median"]
            for j in jobs:
                w = sc[f"j{j}"]
                rep.add(
                    f"kg extract -j {j}",
                    f"{c['mb'] / w['median']:.2f} MB/s ({w['median']:.1f} s, range {w['min']:.1f}-{w['max']:.1f}, "
                    f"CPU {w['cpu']:.1f} s); {base / w['median']:.2f}x -j {jobs[0]}",
                )
                if j > 1:  # on a shared machine -j N cannot beat N independent processes started then
                    ceil_s = sc[f"ceiling{j}"]["median"]
                    rep.add(
                        f"{j} independent kg extract -j 1 on 1/{j} each, at once",
                        f"{c['mb'] / ceil_s:.2f} MB/s ({ceil_s:.1f} s); {base / ceil_s:.2f}x -j {jobs[0]}: "
                        f"kg extract -j {j} reaches {ceil_s / w['median']:.0%} of it",
                    )
            if not args.no_long:
                print(
                    f"\n== extraction linearity: the corpus as one document, x{max(1, repeat // 2)} and x{repeat}",
                    flush=True,
                )
                g = run_step("extract_long", {"paths": [str(p) for p in paths], "repeat": repeat})
                ratio = g["t_full"] / g["t_half"]
                size_ratio = g["mb_full"] / g["mb_half"]
                rep.add(
                    f"one {g['mb_half']:.0f} MB / {g['mb_full']:.0f} MB document",
                    f"{g['t_half']:.1f} s / {g['t_full']:.1f} s ({g['mb_half'] / g['t_half']:.2f} / "
                    f"{g['mb_full'] / g['t_full']:.2f} MB/s, peak {g['peak_mb']:.0f} MB); "
                    f"time ratio {ratio:.2f} for {size_ratio:.2f}x the size",
                    "linear growth",
                    ratio <= size_ratio * 1.15,
                )

        if not args.no_ingest:
            print(f"\n== ingest: kg build of {where} into a fresh on-disk store", flush=True)
            for j in jobs:
                store = work / f"store-j{j}"
                shutil.rmtree(store, ignore_errors=True)
                r = run_step("ingest", {"paths": [str(p) for p in paths], "store": str(store), "jobs": j})
                tps = r["triples"] / r["seconds"]
                workers = (
                    (
                        f"; {r['workers']} child processes, largest peak {r['worker_peak_mb']:.0f} MB, "
                        f"together {r['workers_sum_mb']:.0f} MB"
                    )
                    if r["workers"]
                    else ""
                )
                rep.add(
                    f"kg build -j {j}",
                    f"{r['seconds']:.1f} s for {r['ok']} sources, {r['triples']:,} "
                    f"triples: {tps:,.0f} triples/s end to end (peak {r['peak_mb']:.0f} MB{workers})",
                    f"≥ {TARGETS['ingest_triples_s']:,} triples/s",
                    tps >= TARGETS["ingest_triples_s"],
                )
                if r["write_seconds"]:
                    rep.add(
                        f"kg build -j {j}, store writes alone",
                        f"{r['write_seconds']:.1f} s: {r['triples'] / r['write_seconds']:,.0f} triples/s "
                        f"(bulk loads of new sources, one transaction per changed one); kb and stats graphs "
                        f"{r['resolve_seconds']:.1f} s",
                    )
                if j == jobs[-1]:
                    b = run_step("bulk_baseline", {"store": str(store), "out": str(work / "store-bulk")})
                    base = b["quads"] / b["seconds"]
                    rep.add(
                        "baseline: the same quads bulk-loaded by pyoxigraph alone",
                        f"{b['seconds']:.1f} s: {base:,.0f} quads/s; kg build -j {j} runs at "
                        f"{tps / base:.2f}x the store's own speed",
                    )
                    shutil.rmtree(work / "store-bulk", ignore_errors=True)
                shutil.rmtree(store, ignore_errors=True)
            endpoint_ingest(rep, work, paths, jobs[-1])

        if not args.no_queries:
            queries(rep, work, docs, rdf_docs, n_targets, not args.no_rdflib, args.keep)
        total = time.perf_counter() - started
        print(f"\n(total {total / 60:.1f} min)")
        if args.markdown:
            print(
                f"\nMachine: {m['nproc']} cores, {m['memory']}, {m['cpu']}, Python {m['python']}, "
                f"pyoxigraph {m['pyoxigraph']}, rdflib {m['rdflib']}. Run: `python bench/run.py"
                f"{' --quick' if quick else ''}`, {total / 60:.0f} min.\n"
            )
            print(rep.markdown())
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"(work dir kept: {work})", file=sys.stderr)


def endpoint_ingest(rep: Report, work: Path, paths: list[Path], j: int) -> None:
    """``kg build --endpoint`` into a fresh ``oxigraph serve`` (on this machine, so it shares the cores): its bulk
    loader over HTTP, and the one-request-per-source path that servers without one get."""
    binary = shutil.which("oxigraph")
    if binary is None:
        rep.add("kg build --endpoint", "not run: no oxigraph binary (pip install -e '.[test]')")
        return
    runs: dict[str, dict[str, Any]] = {}
    for mode in ("bulk", "per_source"):
        d = work / f"oxigraph-{mode}"
        shutil.rmtree(d, ignore_errors=True)
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        cmd = [binary, "serve", "--location", str(d), "--bind", f"127.0.0.1:{port}", "--union-default-graph"]
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            url = f"http://127.0.0.1:{port}/query"
            for _ in range(300):
                try:
                    urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=2).close()
                    break
                except OSError:
                    time.sleep(0.1)
            a = {
                "paths": [str(p) for p in paths],
                "endpoint": url,
                "jobs": j,
                "per_source": mode == "per_source",
            }
            runs[mode] = run_step("ingest", a)
        finally:
            proc.terminate()
            proc.wait(30)
            shutil.rmtree(d, ignore_errors=True)
    b, p = runs["bulk"], runs["per_source"]
    tb, tp = b["triples"] / b["seconds"], p["triples"] / p["seconds"]
    rep.add(
        f"kg build -j {j} --endpoint (oxigraph serve on this machine, its bulk loader over HTTP)",
        f"{b['seconds']:.1f} s: {tb:,.0f} triples/s end to end; one request per source (servers without a bulk "
        f"loader): {p['seconds']:.1f} s, {tp:,.0f} triples/s; bulk {tb / tp:.2f}x",
        f"≥ {TARGETS['ingest_triples_s']:,} triples/s",
        tb >= TARGETS["ingest_triples_s"],
    )


def queries(
    rep: Report, work: Path, docs: int, rdf_docs: int, n: int, with_rdflib: bool, keep: bool = False
) -> None:
    agg = 3  # repeats of the aggregates: the most-cited one takes ~20 s at 1M documents
    print(f"\n== synthetic graph: {docs:,} documents (bench/synth.py)", flush=True)
    nq = work / f"synth-{docs}.nq"
    targets = str(nq.with_suffix(".targets.json"))
    store = work / f"store-{docs}"
    loaded = work / f"store-{docs}.loaded"  # written once the load step finished: a kept store is whole
    big = docs >= 1_000_000
    same = with_rdflib and rdf_docs == docs  # the rdflib comparison can reuse this graph
    if keep and loaded.exists() and Path(targets).exists() and (nq.exists() or not same):
        print(f"   (reusing the kept store {store}: not generated or loaded again)", flush=True)
        s = json.loads(loaded.read_text(encoding="utf-8"))
        rep.add(
            f"synthetic graph, {docs:,} documents", f"{s['quads']:,} quads (kept store of an earlier run)"
        )
    else:
        loaded.unlink(missing_ok=True)
        shutil.rmtree(store, ignore_errors=True)
        s = run_step("synth", {"docs": docs, "out": str(nq)})
        rep.add(
            f"synthetic graph, {docs:,} documents",
            f"{s['quads']:,} quads, {s['mb']:,.0f} MB of N-Quads, "
            f"generated in {s['seconds']:.0f} s (peak {s['peak_mb']:.0f} MB)",
        )
        ld = run_step("load", {"nq": str(nq), "store": str(store)})
        gb = ld["peak_mb"] / 1024
        rep.add(
            f"build the {docs:,}-document store (pyoxigraph bulk_load, on disk)",
            f"{ld['seconds']:.0f} s ({ld['quads'] / ld['seconds']:,.0f} quads/s), {ld['disk_mb']:,.0f} MB on "
            f"disk, peak {gb:.2f} GB",
            "< 4 GB at 1M documents" if big else "",
            gb < TARGETS["build_peak_gb"] if big else None,
        )
        loaded.write_text(json.dumps({"quads": s["quads"]}), encoding="utf-8")
        if not same:
            nq.unlink()
    sr = run_step("stats", {"store": str(store)})
    rep.add(
        "materialise in-degree counts and ranks (kg.ingest.stats, end of every build/resolve)",
        f"{sr['seconds']:.1f} s for {sr['documents']:,} documents ({sr['quads']:,} quads), peak "
        f"{sr['peak_mb']:.0f} MB; unchanged refresh {sr['again_seconds']:.1f} s, writes nothing",
    )
    q = run_step("queries", {"store": str(store), "targets": targets, "n": n, "agg_repeats": agg})
    p95 = q["implements"]["p95"]
    rep.add(
        f"implements (kg.query.core, transitive, {docs:,} docs)",
        f"{fmt_lat(q['implements'])}; {q['implements_rows']:.1f} implementers on average",
        "p95 ≤ 20 ms at 1M documents" if big else "",
        p95 <= TARGETS["implements_p95_ms"] if big else None,
    )
    rep.add(
        "implements, the most implemented document",
        f"{q['implements_top_ms']:.0f} ms for {q['implements_top_rows']:,} implementers (first run); "
        f"then {fmt_lat(q['implements_top'])}",
        "≤ 50 ms at 1M documents" if big else "",
        q["implements_top"]["p95"] <= 50 if big else None,
    )
    rep.add(
        f"show (kg.query.core, {docs:,} docs)",
        fmt_lat(q["show"]),
        "p95 ≤ 20 ms at 1M documents" if big else "",
        q["show"]["p95"] <= 20 if big else None,
    )
    rep.add("SPARQL: documents per issuing body (top 10)", fmt_lat(q["by_issuer"]))
    rep.add(
        "most cited documents (kg.query.rankings.most_cited, top 10, materialised counts)",
        f"{fmt_lat(q['most_cited'])}; same rows as the live GROUP BY: {q['most_cited_same']}",
        "≤ 2 s at 1M documents" if big else "",
        q["most_cited"]["p95"] <= 2000 and q["most_cited_same"] if big else None,
    )
    rep.add("most implemented documents (kg.query.rankings, top 10)", fmt_lat(q["most_implemented_rank"]))
    rep.add("SPARQL: most cited, live GROUP BY (basedOn|cites, top 10)", fmt_lat(q["most_cited_live"]))
    rep.add("SPARQL: `?d vnl:implements+ <x>` (the raw path query)", fmt_lat(q["sparql_path"]))
    if not same and not keep:
        shutil.rmtree(store, ignore_errors=True)
    if not with_rdflib:
        return

    print(
        f"\n== rdflib (in-memory Dataset) against Oxigraph (on disk), same {rdf_docs:,}-document graph",
        flush=True,
    )
    if rdf_docs < docs:
        print(
            f"   (rdflib is compared at {rdf_docs:,} documents, not {docs:,}: it keeps ~1.7 KB per quad in memory, "
            f"so the {s['quads']:,}-quad graph would not fit in this machine's memory)",
            flush=True,
        )
        nq = work / f"synth-{rdf_docs}.nq"
        targets = str(nq.with_suffix(".targets.json"))
        run_step("synth", {"docs": rdf_docs, "out": str(nq)})
        store = work / f"store-{rdf_docs}"
        shutil.rmtree(store, ignore_errors=True)
        ld = run_step("load", {"nq": str(nq), "store": str(store)})
        q = run_step("queries", {"store": str(store), "targets": targets, "n": n, "agg_repeats": agg})
    rq = run_step("rdflib", {"nq": str(nq), "targets": targets, "n": n, "agg_repeats": agg})
    rep.add(
        f"load {rdf_docs:,} documents ({rq['quads']:,} quads)",
        f"Oxigraph bulk_load {ld['seconds']:.1f} s, peak {ld['peak_mb']:.0f} MB; "
        f"rdflib parse {rq['load_seconds']:.1f} s, peak {rq['peak_mb']:.0f} MB",
    )
    for key, label in (
        ("sparql_path", "`?d vnl:implements+ <x>`"),
        ("show_sparql", "`<x> ?p ?o` + `?s ?p <x>`"),
        ("by_issuer", "documents per issuing body"),
        ("most_cited", "most cited (live GROUP BY)"),
    ):
        # like for like: the live aggregate (rdflib has no materialised counts)
        a, b = q["most_cited_live" if key == "most_cited" else key]["p50"], rq[key]["p50"]
        ratio = f" (rdflib {b / a:.1f}x)" if a > 0 else ""
        rep.add(f"{label} at {rdf_docs:,} docs, p50", f"Oxigraph {a:.1f} ms, rdflib {b:.1f} ms{ratio}")
    if rdf_docs < docs:
        rep.add(f"implements (kg.query.core) at {rdf_docs:,} docs", fmt_lat(q["implements"]))
        per_quad = rq["peak_mb"] / rq["quads"]
        rep.add(
            f"rdflib at {docs:,} documents",
            f"not run: at the measured {per_quad * 1024:.1f} KB per quad it "
            f"would need ~{per_quad * s['quads'] / 1024:.0f} GB and ~{rq['load_seconds'] * s['quads'] / rq['quads'] / 60:.0f} min "
            "to parse",
        )
    if not keep:
        nq.unlink()
        shutil.rmtree(store, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child_main(sys.argv[2], sys.argv[3])
    else:
        main()
