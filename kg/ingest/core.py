"""Build the graph store from files: extract each source, write its named graph, then re-resolve.

Extraction and quad building (``extract_job``: picklable job in, picklable quads out) are pure, so ``build(...,
jobs=N)`` runs them in N worker processes; writing (``write_quads``) stays in the calling process, in input order,
one atomic graph replacement per source, so the store ends up the same whatever N is. Rebuilding is idempotent: a
source whose bytes, extractor version and OCR mode are unchanged is skipped; a changed one replaces its own graph
only.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import multiprocessing.connection
import os
import pickle
import re
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import islice, repeat
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse, serialize

from kg._version import __version__
from kg.graph.identity import (
    KB_GRAPH,
    NATIONAL,
    DocFacts,
    DocIdentity,
    SourceContext,
    body_iri,
    canonical_symbol,
    identify,
    issuer_row_by_slug,
    parse_symbol,
    place_iri,
    provinces,
    slug,
)
from kg.graph.quads import LABEL, A, QuadSet, V, camel, document_quads, extraction_to_quads, lit_vi, now_iso
from kg.models import PREDICATES, Extraction
from kg.store.local import Store

Extractor = Callable[[str, str, str], Extraction]  # (text, source name, ocr) -> Extraction
Progress = Callable[["BuildReport", str, str], None]  # (report so far, source name, status)

TEXT_SUFFIXES = (".txt", ".md", ".jsonl")
# Data and metadata files met while walking a directory are not documents (a file named explicitly always is).
NOT_DOCUMENTS = (
    ".json",
    ".csv",
    ".tsv",
    ".ttl",
    ".nq",
    ".nt",
    ".trig",
    ".jsonld",
    ".gexf",
    ".graphml",
    ".pdf",
)
RELATION_PROPS = [camel(p) for p in PREDICATES]


@dataclass
class BuildReport:
    """What a build did. ``files`` counts sources (one per file, one per JSONL object with a text)."""

    files: int = 0
    ok: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped: int = 0  # JSONL objects without a "text"
    triples: int = 0  # quads written by this build
    total: int = 0  # quads in the store afterwards
    resolution: ResolveReport | None = None

    @property
    def n_failed(self) -> int:
        return len(self.failed)

    def summary(self) -> str:
        s = (
            f"{self.files} sources: {self.ok} built, {self.unchanged} unchanged, {self.n_failed} failed"
            f"{f', {self.skipped} skipped' if self.skipped else ''}; {self.triples} triples written, "
            f"{self.total} in store"
        )
        if self.resolution:
            s += f"; {self.resolution.summary()}"
        return s


@dataclass
class ResolveReport:
    unresolved: int = 0
    resolved: int = 0
    candidates: int = 0
    same_document: int = 0

    def summary(self) -> str:
        return (
            f"{self.unresolved} unresolved references ({self.resolved} re-resolved, {self.candidates} "
            f"candidate links), {self.same_document} same-document links"
        )


@dataclass(frozen=True, slots=True)
class Job:
    """One source to extract: a file (``text`` None) or one object of a JSONL file."""

    name: str  # resolved path, or "path#id" for a JSONL object; the key of its named graph
    path: str
    sha256: str  # of the bytes (file) or of the UTF-8 text (JSONL object)
    text: str | None = None


# --------------------------------------------------------------------------- sources


def _iter_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files under ``paths``: kg.sources.iter_paths, plus *.jsonl files (expanded here)."""
    try:
        from kg.sources import iter_paths
    except ImportError:
        iter_paths = None
    seen: set[Path] = set()
    for raw in paths:
        p = Path(raw)
        found: list[Path] = []
        if p.is_dir():
            if iter_paths is not None:
                found += [f for f in iter_paths([p]) if f.suffix.lower() not in NOT_DOCUMENTS]
            found += [
                f
                for f in sorted(p.rglob("*"))
                if f.is_file()
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
                and (f.suffix == ".jsonl" or (iter_paths is None and f.suffix in TEXT_SUFFIXES))
            ]
        else:
            found.append(p)
        for f in sorted(found, key=lambda x: str(x)):
            r = f.resolve()
            if r not in seen:
                seen.add(r)
                yield r


def iter_jobs(paths: Iterable[str | Path], report: BuildReport | None = None) -> Iterator[Job]:
    """Jobs for every source under ``paths``; JSONL objects with a ``text`` become sources ``path#id``."""
    for p in _iter_paths(paths):
        if p.suffix == ".jsonl" and p.is_file():
            yield from _jsonl_jobs(p, report)
            continue
        try:
            data = p.read_bytes()
        except OSError as exc:
            if report is not None:
                report.files += 1
                report.failed.append((str(p), f"cannot read: {exc.strerror or exc}"))
            continue
        yield Job(str(p), str(p), hashlib.sha256(data).hexdigest())


def _jsonl_jobs(p: Path, report: BuildReport | None) -> Iterator[Job]:
    with p.open(encoding="utf-8", errors="replace") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                if report is not None:
                    report.files += 1
                    report.failed.append((f"{p}#{n}", f"line {n}: invalid JSON ({exc.msg})"))
                continue
            text = obj.get("text") if isinstance(obj, dict) else None
            if not isinstance(text, str) or not text.strip():
                if report is not None:
                    report.skipped += 1
                continue
            ident = obj.get("id") or obj.get("doc_id") or n
            yield Job(f"{p}#{ident}", str(p), hashlib.sha256(text.encode("utf-8")).hexdigest(), text)


def run_job(job: Job, ocr: str = "auto", extractor: Extractor | None = None) -> Extraction:
    """Extract one source (pure; raises kg.text.decode.InputError or ValueError with a one-line message)."""
    if extractor is not None:
        text = job.text
        if text is None:
            raw = Path(job.path).read_bytes()
            if b"\x00" in raw[:4096]:
                raise ValueError("binary file")
            text = raw.decode("utf-8")
        if not text.strip():
            raise ValueError("empty input")
        return extractor(text, job.name, ocr)
    from kg.extraction import pipeline  # type: ignore[attr-defined]

    if job.text is not None:
        return pipeline.extract(job.text, source=job.name, ocr=ocr)
    return pipeline.extract_file(job.path, ocr=ocr)


# --------------------------------------------------------------------------- writing


def _lit(s: str) -> str:
    return str(Literal(s))


def is_unchanged(store: Store, job: Job, ocr: str) -> bool:
    return store.ask(
        f"ASK {{ GRAPH ?g {{ ?g vnl:path {_lit(job.name)} ; vnl:fileSha256 {_lit(job.sha256)} ; "
        f"vnl:extractorVersion {_lit(__version__)} ; vnl:ocrMode {_lit(ocr)} }} }}"
    )


def job_quads(
    job: Job, extraction: Extraction, ocr: str = "auto", ingested_at: str | None = None
) -> list[Quad]:
    """The quads of one source's named graph (pure, so it runs in worker processes)."""
    return extraction_to_quads(
        extraction, job.name, ingested_at=ingested_at, ocr_mode=ocr, file_sha256=job.sha256
    )


def extract_job(job: Job, ocr: str, extractor: Extractor | None, ingested_at: str) -> list[Quad] | str:
    """Extract one source and build its quads, or the one-line reason it failed.

    Module level with picklable arguments only, so a process pool can run it under any start method.
    """
    try:
        return job_quads(job, run_job(job, ocr, extractor), ocr, ingested_at)
    except Exception as exc:  # one bad input must not stop the build
        return _one_line(exc)


def _extract_packed(job: Job, ocr: str, extractor: Extractor | None, ingested_at: str) -> bytes | str:
    """``extract_job`` for a worker: quads go back as N-Quads bytes, which pickle 10x faster than ``Quad``
    objects and parse back exactly (the graph has no blank nodes)."""
    out = extract_job(job, ocr, extractor, ingested_at)
    return out if isinstance(out, str) else serialize(out, format=RdfFormat.N_QUADS)


def _unpack(result: bytes | str) -> list[Quad] | str:
    return result if isinstance(result, str) else list(parse(result, format=RdfFormat.N_QUADS))


def write_extraction(
    store: Store, job: Job, extraction: Extraction, ocr: str = "auto", ingested_at: str | None = None
) -> int:
    """Replace the source's graph with the extraction's quads, atomically; returns the number of quads."""
    return write_quads(store, job, job_quads(job, extraction, ocr, ingested_at))


def write_quads(store: Store, job: Job, quads: list[Quad]) -> int:
    """Replace the source's graph with ``quads`` (from ``job_quads``) in one transaction; returns the count.

    Graphs that held this path before (an older text of it) are dropped in the same transaction."""
    g = quads[0].graph_name
    assert isinstance(g, NamedNode)
    path_p = V("path")
    old = [
        r["g"]
        for r in store.select(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?g vnl:path {_lit(job.name)} }} }}")
    ]
    drop, delete = [], []
    for og in old:
        if og == g:
            continue
        others = store.select(f"SELECT ?p WHERE {{ GRAPH {og} {{ {og} vnl:path ?p }} }}")
        if any(r["p"].value != job.name for r in others if r["p"] is not None):
            delete.append(Quad(og, path_p, Literal(job.name), og))  # shared text: keep it for the other path
        else:
            drop.append(og)
    # the same text under other paths: keep their path triples in the rebuilt graph
    extra = [
        Quad(g, path_p, r["p"], g)
        for r in store.select(f"SELECT ?p WHERE {{ GRAPH {g} {{ {g} vnl:path ?p }} }}")
        if r["p"] is not None and r["p"].value != job.name
    ]
    store.replace_graph(g, quads + extra, drop=drop, delete=delete)
    return len(quads) + len(extra)


# --------------------------------------------------------------------------- parallel extraction

# A planned source: (job, needs extraction) or, for a file that could not be read, (name, message).
Planned = tuple[Job, bool] | tuple[str, str]
# What the writer gets for it: (job, quads | failure message | None when unchanged), or (name, message).
Extracted = tuple[Job, list[Quad] | str | None] | tuple[str, str]

#: sources per task sent to a worker; the pool gets WINDOW_CHUNKS chunks per worker at a time, two windows
#: in flight, so workers do not wait for the writer and memory stays bounded on large corpora
CHUNK = 4
WINDOW_CHUNKS = 2


def default_jobs() -> int:
    """Worker processes when none are asked for: one per core."""
    return os.cpu_count() or 1


def _plan(
    paths: Iterable[str | Path], store: Store, ocr: str, force: bool, report: BuildReport
) -> Iterator[Planned]:
    """Sources in input order, each marked changed or unchanged; unreadable files in their place."""
    seen = BuildReport()  # iter_jobs records read failures here; they are passed on in order
    for job in iter_jobs(paths, seen):
        yield from _read_failures(seen)
        yield job, force or not is_unchanged(store, job, ocr)
    yield from _read_failures(seen)
    report.skipped += seen.skipped


def _read_failures(seen: BuildReport) -> Iterator[tuple[str, str]]:
    while seen.failed:
        yield seen.failed.pop(0)


def _poolable(extractor: Extractor | None) -> bool:
    """Whether worker processes can start and run ``extractor`` (a module-level function they can import)."""
    main_file = getattr(sys.modules.get("__main__"), "__file__", None)
    if main_file and not Path(main_file).exists():  # `python - < script`: 'spawn' re-runs the main file
        return False
    if extractor is None:
        return True
    try:
        pickle.dumps(extractor)
    except Exception:  # lambdas, closures, bound methods of unpicklable objects
        return False
    if (
        getattr(extractor, "__module__", None) == "__main__"
    ):  # `python -c` / a REPL: not importable by a worker
        return bool(getattr(sys.modules.get("__main__"), "__file__", None))
    return True


def _in_process(
    items: Iterable[Planned], ocr: str, extractor: Extractor | None, when: str
) -> Iterator[Extracted]:
    for item in items:
        job, todo = item
        if isinstance(job, Job):
            yield job, (extract_job(job, ocr, extractor, when) if todo else None)
        else:
            yield item  # type: ignore[misc]


def _extracted(
    planned: Iterable[Planned], jobs: int, ocr: str, extractor: Extractor | None, when: str
) -> Iterator[Extracted]:
    """Each planned source with its quads, in input order: in worker processes when there is more than one
    source to extract and more than one job, else in this process (no pool start-up cost)."""
    items = iter(planned)
    if jobs <= 1 or not _poolable(extractor):
        yield from _in_process(items, ocr, extractor, when)
        return
    window = jobs * CHUNK * WINDOW_CHUNKS
    first = list(islice(items, window))
    if len(first) < window and sum(1 for job, todo in first if isinstance(job, Job) and todo) < 2:
        yield from _in_process(first, ocr, extractor, when)
        return
    yield from _pooled(first, items, jobs, window, ocr, extractor, when)


def _pooled(
    first: list[Planned],
    rest: Iterator[Planned],
    jobs: int,
    window: int,
    ocr: str,
    extractor: Extractor | None,
    when: str,
) -> Iterator[Extracted]:
    pool: ProcessPoolExecutor | None = None  # started when a source needs extracting (not on a no-op rebuild)
    try:
        pending: deque[tuple[list[Planned], Iterator[bytes | str]]] = deque()
        batch = first
        while batch or pending:
            if batch:
                todo = [job for job, need in batch if isinstance(job, Job) and need]
                if todo and pool is None:
                    # 'spawn': workers must not inherit the store's open files and lock (fork would)
                    ctx = multiprocessing.get_context("spawn")
                    pool = ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_worker_init)
                results = (
                    pool.map(
                        _extract_packed, todo, repeat(ocr), repeat(extractor), repeat(when), chunksize=CHUNK
                    )
                    if pool is not None
                    else iter(())
                )
                pending.append((batch, results))
                batch = list(islice(rest, window))
                if batch and len(pending) < 2:
                    continue
            done, results = pending.popleft()
            for job, need in done:
                if isinstance(job, Job):
                    yield job, (_unpack(next(results)) if need else None)
                else:
                    yield job, need  # type: ignore[misc]
    except (
        BaseException
    ):  # Ctrl-C, a closed generator, a dead worker: drop the queued work, keep what is written
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        if pool is not None:
            pool.shutdown(wait=True)


def _worker_init() -> None:
    """Ctrl-C is the writer's to handle (it stops at a source boundary); a worker whose parent died exits."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with_parent, args=(parent.sentinel,), daemon=True).start()


def _exit_with_parent(sentinel: int) -> None:
    multiprocessing.connection.wait([sentinel])
    os._exit(1)


def build(
    paths: Iterable[str | Path],
    store: Store | str | Path | None = None,
    ocr: str = "auto",
    progress: Progress | None = None,
    *,
    extractor: Extractor | None = None,
    resolve: bool = True,
    force: bool = False,
    jobs: int | None = None,
) -> BuildReport:
    """Extract every source under ``paths`` into ``store`` (a Store, a directory, or None for memory).

    A source that fails to extract is reported and leaves the store as it was; the others are written.
    ``force`` re-extracts sources whose bytes did not change (after changing the extractor or graph code).
    ``jobs``: processes that extract (default: one per core). Writing stays here, in input order, so the store
    ends up the same for any ``jobs``. A custom ``extractor`` runs in workers only if it is a module-level
    function (picklable); otherwise, and for a single source, extraction runs in this process.
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    n = default_jobs() if jobs is None else jobs
    if n < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    st = Store.open(store)
    report = BuildReport()
    when = now_iso()
    written: dict[str, str] = {}  # name -> sha256 written by this build (a JSONL id met twice)
    extracted = _extracted(_plan(paths, st, ocr, force, report), n, ocr, extractor, when)
    try:
        for job, result in extracted:
            report.files += 1
            if not isinstance(job, Job):  # a file that could not be read
                report.failed.append((job, str(result)))
                continue
            if result is None or (not force and written.get(job.name) == job.sha256):
                report.unchanged += 1
                status = "unchanged"
            elif isinstance(result, str):
                report.failed.append((job.name, result))
                status = "failed"
            else:
                report.triples += write_quads(st, job, result)
                written[job.name] = job.sha256
                report.ok += 1
                status = "ok"
            if progress is not None:
                progress(report, job.name, status)
        if resolve:
            report.resolution = resolve_store(st)
        report.total = len(st)
    finally:
        extracted.close()  # stops the worker pool, if any, without waiting for queued sources
        if st is not store:
            st.close()
    return report


def _one_line(exc: BaseException) -> str:
    msg = str(exc).strip().splitlines()
    text = msg[0] if msg else type(exc).__name__
    if isinstance(exc, UnicodeDecodeError):
        text = "not UTF-8 text"
    return text if type(exc).__name__ in ("InputError", "ValueError") else f"{type(exc).__name__}: {text}"


# --------------------------------------------------------------------------- resolution (the kb graph)


def _pairs(st: Store, prop: str) -> dict[str, list]:
    out: dict[str, list] = {}
    q = f"SELECT DISTINCT ?d ?v WHERE {{ GRAPH ?g {{ ?d {prop} ?v }} FILTER(?g != <{KB_GRAPH}>) }} ORDER BY ?d ?v"
    for r in st.select(q):
        out.setdefault(r["d"].value, []).append(r["v"])
    return out


def _first(d: dict[str, list], k: str) -> str | None:
    v = d.get(k)
    return v[0].value if v else None


def resolve_store(store: Store | str | Path | None) -> ResolveReport:
    """Recompute the shared ``vnld:graph/kb``: issuing bodies and jurisdictions used by documents, candidate
    links of unresolved references, same-document links between texts of one document, and references
    re-resolved now that other texts bring the missing facts. Deterministic, so running it twice is a no-op."""
    st = Store.open(store, create=False) if not isinstance(store, Store) else store
    kb = NamedNode(KB_GRAPH)
    out: dict[Quad, None] = {}
    rep = ResolveReport()

    def add(s: NamedNode, p: NamedNode, o: NamedNode | Literal) -> None:
        out.setdefault(Quad(s, p, o, kb), None)

    # -- facts already in source graphs
    symbol = _pairs(st, "vnl:symbol")
    partial = _pairs(st, "vnl:partialSymbol")
    year = _pairs(st, "vnl:year")
    dates = _pairs(st, "vnl:dateIssued")
    month = _pairs(st, "vnl:monthIssued")
    jur = _pairs(st, "vnl:jurisdiction")
    issued = _pairs(st, "vnl:issuedBy")
    title = _pairs(st, "vnl:title")
    tcode = _pairs(st, "vnl:typeCode")
    family = _pairs(st, "vnl:family")
    tname = _pairs(st, "vnl:typeName")
    iname = _pairs(st, "vnl:issuerName")
    number = _pairs(st, "vnl:number")
    unresolved = {
        r["d"].value
        for r in st.select("SELECT DISTINCT ?d WHERE { GRAPH ?g { ?d a vnl:UnresolvedReference } }")
    }
    ctx_src = _pairs(st, "vnl:contextSource")
    describes = {
        r["s"].value: r["d"].value
        for r in st.select("SELECT ?s ?d WHERE { GRAPH ?s { ?s vnl:describes ?d } }")
    }
    in_graph: dict[str, set[str]] = {}
    for r in st.select(
        f"SELECT DISTINCT ?g ?d WHERE {{ GRAPH ?g {{ ?d a vnl:Document }} FILTER(?g != <{KB_GRAPH}>) }}"
    ):
        in_graph.setdefault(r["g"].value, set()).add(r["d"].value)
    docs = set().union(*in_graph.values()) if in_graph else set()
    resolved_docs = docs - unresolved
    rep.unresolved = len(unresolved)

    # -- issuing bodies and jurisdictions
    places = {v.value for vs in jur.values() for v in vs} | {place_iri(NATIONAL)}
    bodies = {v.value for vs in issued.values() for v in vs}
    seen_b: set[str] = set()
    while bodies - seen_b:
        b = sorted(bodies - seen_b)[0]
        seen_b.add(b)
        m = re.match(r".*/body/([^/]+)/([^/]+)$", b)
        if not m:
            continue
        j, code_slug = m.groups()
        row = issuer_row_by_slug(code_slug)
        bn = NamedNode(b)
        add(bn, A, V("IssuingBody"))
        add(bn, V("jurisdiction"), NamedNode(place_iri(j)))
        places.add(place_iri(j))
        if row is None:
            add(bn, V("code"), Literal(code_slug.upper()))
            add(bn, LABEL, lit_vi(code_slug.upper()))
            continue
        add(bn, V("code"), Literal(row["code"]))
        prov = provinces().get(j)
        label = (
            row["name_vi"] if j == NATIONAL or prov is None else f"{row['name_vi']} {prov.kind} {prov.name}"
        )
        add(bn, LABEL, lit_vi(label))
        if row.get("name_en"):
            add(bn, LABEL, Literal(row["name_en"], language="en"))
        if row.get("parent"):
            prow = issuer_row_by_slug(slug(row["parent"]))
            pj = NATIONAL if prow and prow["scope"] == "national" else j
            parent = body_iri(pj, row["parent"])
            add(bn, V("partOf"), NamedNode(parent))
            bodies.add(parent)
    for p in sorted(places):
        pn = NamedNode(p)
        j = p.rsplit("/", 1)[-1]
        add(pn, A, V("Jurisdiction"))
        if j == NATIONAL:
            add(pn, LABEL, lit_vi("Việt Nam"))
            add(pn, LABEL, Literal("Viet Nam", language="en"))
            continue
        prov = provinces().get(j)
        add(pn, V("within"), NamedNode(place_iri(NATIONAL)))
        if prov:
            add(pn, LABEL, lit_vi(prov.name))
            if prov.successor:
                succ = slug(prov.successor)
                add(pn, V("mergedInto"), NamedNode(place_iri(succ)))
                if succ not in {x.rsplit("/", 1)[-1] for x in places}:
                    sn = NamedNode(place_iri(succ))
                    add(sn, A, V("Jurisdiction"))
                    add(sn, V("within"), NamedNode(place_iri(NATIONAL)))
                    add(sn, LABEL, lit_vi(provinces()[succ].name if succ in provinces() else succ))

    # -- same document seen in several texts (a draft with a blank number and the signed letter)
    selves = sorted(set(describes.values()))
    same: dict[str, set[str]] = {}
    pairs = {  # only a text with a blank number can be another text's twin: compare those within their year
        tuple(sorted((a, b)))
        for a in selves
        if partial.get(a)
        for b in selves
        if b != a and _first(year, b) == _first(year, a)
    }
    for a, b in sorted(pairs):
        if _same_document(a, b, symbol, partial, year, month, dates, jur, issued, title):
            same.setdefault(a, set()).add(b)
            same.setdefault(b, set()).add(a)
            add(NamedNode(a), V("sameDocumentAs"), NamedNode(b))
            add(NamedNode(b), V("sameDocumentAs"), NamedNode(a))
            rep.same_document += 1

    # -- candidates of every unresolved reference
    by_symbol: dict[str, set[str]] = {}
    for d in resolved_docs:
        for s in symbol.get(d, []):
            by_symbol.setdefault(canonical_symbol(s.value), set()).add(d)
    by_title: dict[str, set[str]] = {}
    for d in resolved_docs:
        for t in title.get(d, []):
            by_title.setdefault(slug(t.value), set()).add(d)
    for u in sorted(unresolved):
        for x in sorted(_candidates(u, by_symbol, by_title, symbol, partial, year, dates, jur, title)):
            add(NamedNode(u), V("candidate"), NamedNode(x))
            rep.candidates += 1

    # -- re-resolution: another text of the citing document supplies the missing province or year
    src_of_self = {}
    for s, d in describes.items():
        src_of_self.setdefault(d, []).append(s)
    resolved_to: dict[str, str] = {}
    minted: dict[str, DocIdentity] = {}
    reason = _pairs(st, "vnl:unresolvedReason")
    for u in sorted(unresolved):
        srcs = [v.value for v in ctx_src.get(u, [])]
        if not srcs or u in describes.values() or not symbol.get(u):
            continue
        self_doc = describes.get(srcs[0])
        sib_docs = ({self_doc} | same.get(self_doc, set())) if self_doc else set()
        sib_srcs = {s for d in sib_docs for s in src_of_self.get(d, [])} - {srcs[0]}
        target = _resolve_by_sibling(u, sib_srcs, in_graph, unresolved, symbol, year, dates)
        if target is None:
            province = next(
                (_first(jur, d).rsplit("/", 1)[-1] for d in sorted(sib_docs) if _first(jur, d)), None
            )
            why = _first(reason, u) or ""
            if province and province != NATIONAL and "province is unknown" in why:  # the one fact missing
                ident = _reidentify(
                    u, province, srcs[0], symbol, number, year, dates, tcode, family, tname, iname
                )
                if ident is not None:
                    target = ident.iri
                    minted[target] = ident
        if target and target != u:
            resolved_to[u] = target
    for u, x in sorted(resolved_to.items()):
        un, xn = NamedNode(u), NamedNode(x)
        add(un, V("resolvedTo"), xn)
        add(un, V("candidate"), xn)
        if x not in docs and x in minted:  # a document no text describes yet: declare it from the facts
            declared = QuadSet(kb)
            document_quads(declared, minted[x], kb)
            for dq in declared.list():
                out.setdefault(dq, None)
        rep.resolved += 1
    if resolved_to:
        values = " ".join(f"({NamedNode(u)} {NamedNode(x)})" for u, x in resolved_to.items())
        rels = " ".join(f"vnl:{p}" for p in RELATION_PROPS)
        for r in st.select(
            f"SELECT DISTINCT ?s ?p ?o ?u ?x WHERE {{ VALUES (?u ?x) {{ {values} }} VALUES ?p {{ {rels} }} "
            f"{{ ?s ?p ?u BIND(?u AS ?o) }} UNION {{ ?u ?p ?o BIND(?u AS ?s) }} }}"
        ):
            s = r["x"] if r["s"] == r["u"] else r["s"]
            o = r["x"] if r["o"] == r["u"] else r["o"]
            if isinstance(s, NamedNode) and isinstance(o, NamedNode) and s != o:
                add(s, r["p"], o)

    existing = set(st.quads(kb))
    if existing != set(out):  # unchanged kb: write nothing (a no-op build leaves the store untouched)
        st.replace_graph(kb, list(out))
    return rep


def _same_document(a, b, symbol, partial, year, month, dates, jur, issued, title) -> bool:  # noqa: ANN001
    """Two texts are one document when jurisdiction and issuer (where both are known), year, month and symbol
    agree (a blank number matches any number with the same issuer-unit suffix) and the subjects read the same
    (compared without diacritics, so an OCR'd text matches the clean one)."""
    ja, jb = {v.value for v in jur.get(a, [])}, {v.value for v in jur.get(b, [])}
    if ja and jb and ja != jb:
        return False
    ia, ib = {v.value for v in issued.get(a, [])}, {v.value for v in issued.get(b, [])}
    if ia and ib and not ia & ib:
        return False
    ya, yb = _first(year, a), _first(year, b)
    if not ya or ya != yb:
        return False
    ma = _first(month, a) or (_first(dates, a) or "")[:7] or None
    mb = _first(month, b) or (_first(dates, b) or "")[:7] or None
    if ma and mb and ma != mb:
        return False
    sa, sb = _first(symbol, a), _first(symbol, b)
    pa, pb = _first(partial, a), _first(partial, b)
    if not (pa or pb):
        return False  # two complete symbols: the same symbol would already be the same IRI
    if pa and sb and not canonical_symbol(sb).endswith(pa):
        return False
    if pb and sa and not canonical_symbol(sa).endswith(pb):
        return False
    if pa and pb and pa != pb:
        return False
    ta, tb = _first(title, a), _first(title, b)
    if not ta or not tb:
        return False
    return SequenceMatcher(None, slug(ta), slug(tb), autojunk=False).ratio() >= 0.8


def _candidates(u, by_symbol, by_title, symbol, partial, year, dates, jur, title) -> set[str]:  # noqa: ANN001
    """Known documents an unresolved reference may be: same symbol, consistent with what is known."""
    sym = _first(symbol, u)
    if sym:
        pool = by_symbol.get(canonical_symbol(sym), set())
    elif _first(partial, u):
        p = _first(partial, u)
        pool = {d for s, ds in by_symbol.items() if s.endswith(p) for d in ds}
    elif _first(title, u):
        pool = by_title.get(slug(_first(title, u)), set())
    else:
        return set()
    out = set()
    for d in pool:
        if _first(year, u) and _first(year, d) and _first(year, u) != _first(year, d):
            continue
        if _first(dates, u) and _first(dates, d) and _first(dates, u) != _first(dates, d):
            continue
        if jur.get(u) and jur.get(d) and _first(jur, u) != _first(jur, d):
            continue
        out.add(d)
    return out


def _resolve_by_sibling(u, sib_srcs, in_graph, unresolved, symbol, year, dates) -> str | None:  # noqa: ANN001
    """Another text of the same document cites the same symbol with the facts this one lacks."""
    sym = canonical_symbol(_first(symbol, u))
    found = set()
    for s in sib_srcs:
        for d in in_graph.get(s, ()):
            if d in unresolved or not any(canonical_symbol(v.value) == sym for v in symbol.get(d, [])):
                continue
            if _first(year, u) and _first(year, d) and _first(year, u) != _first(year, d):
                continue
            if _first(dates, u) and _first(dates, d) and _first(dates, u) != _first(dates, d):
                continue
            found.add(d)
    return found.pop() if len(found) == 1 else None


def _reidentify(
    u, province, src, symbol, number, year, dates, tcode, family, tname, iname
) -> DocIdentity | None:  # noqa: ANN001, E501
    """Mint the reference again with the citing document's province learnt from another of its texts."""
    sym = _first(symbol, u)
    parts = parse_symbol(sym)
    y = _first(year, u)
    facts = DocFacts(
        symbol=sym,
        number=_first(number, u) or parts.number,
        year=int(y) if y else None,
        date=_first(dates, u),
        type_code=_first(tcode, u) or parts.type_code,
        type_name=_first(tname, u),
        family=_first(family, u) or parts.family,
        issuers=parts.issuers,
        issuer_name=_first(iname, u),
    )
    ident = identify(facts, SourceContext(key=src.rsplit("/", 1)[-1], province=province))
    return ident if ident.resolved else None


__all__ = [
    "BuildReport",
    "Job",
    "ResolveReport",
    "build",
    "default_jobs",
    "extract_job",
    "iter_jobs",
    "job_quads",
    "resolve_store",
    "run_job",
    "write_extraction",
    "write_quads",
]
