"""Sources -> store: extract each source, write its named graph, then recompute the kb graph.

Extraction runs in N worker processes (:mod:`kg.ingest.pool`); writing stays in the calling process, in input
order, one atomic graph replacement per source (:mod:`kg.ingest.jobs`), so the store ends up the same whatever N
is. Rebuilding is idempotent: a source whose bytes, extractor version, OCR mode and rules (tables and extraction
code, :func:`kg.tables.rules_digest`) are unchanged is skipped; a changed one replaces its own graph only. The
shared ``vnld:graph/kb`` is then recomputed (:mod:`kg.ingest.kb`).
"""

from __future__ import annotations

import errno
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import StoreError
from kg.extraction.pipeline import DEFAULT_BUDGET
from kg.graph.quads import now_iso
from kg.ingest.jobs import Extractor, Job, OverBudget, Settings, holds_sources, is_unchanged
from kg.ingest.kb import ResolveReport, resolve_store
from kg.ingest.pool import Planned, default_jobs, extracted
from kg.ingest.roots import Naming, find_source, named_sources, record_roots, source_file
from kg.ingest.writer import BatchWriteError, GraphWriter
from kg.sources import Failed, Source, shown_path
from kg.store.local import Store
from kg.tables import rules_digest

Progress = Callable[["BuildReport", str, str], None]  # (report so far, source name, status)


@dataclass
class BuildReport:
    """What a build did. ``files`` counts sources (one per file, one per JSONL object with a text); ``skipped``
    lists what the walk passed over (files that are not documents, JSONL objects without a text), with why;
    ``over_budget`` the sources not built because they took longer (or more memory) than the budget;
    ``warnings`` what was built but read with a remark (a duplicate JSONL id renamed, lone surrogates)."""

    files: int = 0
    ok: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    over_budget: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    triples: int = 0  # quads written by this build
    total: int = 0  # quads in the store afterwards
    resolution: ResolveReport | None = None
    seconds: float = 0.0  # wall time of the build

    @property
    def n_failed(self) -> int:
        return len(self.failed)

    @property
    def n_skipped(self) -> int:
        return len(self.skipped)

    def summary(self) -> str:
        s = (
            f"{self.files} sources: {self.ok} built, {self.unchanged} unchanged, {self.n_failed} failed"
            f"{f', {len(self.over_budget)} over budget' if self.over_budget else ''}"
            f"{f', {self.n_skipped} skipped' if self.skipped else ''}; {self.triples} triples written, "
            f"{self.total} in store"
        )
        if self.resolution:
            s += f"; {self.resolution.summary()}"
        if self.seconds and self.triples:
            s += f"; {self.seconds:.1f} s, {self.triples / self.seconds:,.0f} triples/s"
        return s

    def to_json(self) -> dict[str, Any]:
        """The report as JSON (``kg build --format json``, ``--report FILE``): counts, then every source not
        built and every remark, each with its reason."""

        def rows(pairs: list[tuple[str, str]]) -> list[dict[str, str]]:
            return [{"source": shown_path(name), "reason": why} for name, why in pairs]

        return {
            "sources": self.files,
            "built": self.ok,
            "unchanged": self.unchanged,
            "failed": rows(self.failed),
            "over_budget": rows(self.over_budget),
            "skipped": rows(self.skipped),
            "warnings": rows(self.warnings),
            "triples_written": self.triples,
            "triples_in_store": self.total,
            "seconds": round(self.seconds, 3),
            "resolution": self.resolution.to_json() if self.resolution else None,
        }


def _plan(
    paths: Iterable[str | Path],
    store: Store,
    settings: Settings,
    force: bool,
    text_field: str = "text",
    naming: Naming | None = None,
    fresh: bool = False,
) -> Iterator[Planned]:
    """Sources in input order, each marked changed or unchanged; skipped and unreadable ones in their place.
    ``fresh``: the store holds no source, so none is unchanged (no lookup per source)."""
    for item in named_sources(paths, naming or Naming(), text_field=text_field):
        if isinstance(item, Source):
            yield item, force or fresh or not is_unchanged(store, item, settings.ocr, settings.rules_digest)
        else:
            yield item


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
    text_field: str = "text",
    absolute_paths: bool = False,
    budget: float | None = DEFAULT_BUDGET,
    memory_mb: int | None = None,
) -> BuildReport:
    """Extract every source under ``paths`` into ``store`` (a Store, a directory, or None for memory).

    A source that fails to extract is reported and leaves the store as it was; the others are written.
    ``force`` re-extracts sources that did not change. ``jobs``: processes that extract (default: one per core).
    A custom ``extractor`` runs in workers only if it is a module-level function (picklable); otherwise, and for
    a single source, extraction runs in this process. ``text_field``: the field of JSONL objects with the text.

    Sources are named after their build root (``corpus/laws/x.txt`` for ``kg build …/corpus``), so the graph
    and its dumps carry no local path; ``absolute_paths`` names them by their absolute path instead (the old
    behaviour). :mod:`kg.ingest.roots` says why and how :func:`source_file` finds the file again.

    ``budget``: seconds one source may take to extract (None: no limit); ``memory_mb``: the address space of
    each worker process. A source over either is reported in ``over_budget`` and the build goes on
    (:mod:`kg.ingest.pool`). A write the store refuses (a full disk, a read-only folder) stops the build
    with a :class:`kg.errors.StoreError` that says what the store holds: each source's graph is replaced in
    one transaction, so the store keeps the sources written before, and nothing of the one that failed.
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    n = default_jobs() if jobs is None else jobs
    if n < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    started = time.monotonic()
    paths = list(paths)
    naming = Naming(absolute=absolute_paths)
    naming.add_roots(paths)  # a clash of root names is refused before anything is opened or written
    st = Store.open(store)
    report = BuildReport()
    settings = Settings(
        ocr=ocr,
        ingested_at=now_iso(),
        rules_digest=rules_digest(),
        extractor=extractor,
        budget=budget,
        memory_mb=memory_mb,
    )
    written: dict[str, str] = {}  # name -> sha256 written by this build (a JSONL id met twice)
    fresh = not holds_sources(st)
    results = extracted(_plan(paths, st, settings, force, text_field, naming, fresh), n, settings)  # lazy
    writer = GraphWriter(st, fresh=fresh)
    try:
        record_roots(st, naming.roots)
        for item in results:
            if isinstance(item, tuple):
                job, result = item
                if job.note:
                    report.warnings.append((job.name, job.note))
                    if progress is not None:
                        progress(report, job.name, "warning")
                name, status = job.name, _write(writer, job, result, report, written, force, naming)
            elif isinstance(item, Failed):  # a file that could not be read
                report.files += 1
                report.failed.append((item.path, item.message))
                name, status = item.path, "failed"
            else:
                report.skipped.append((item.path, item.message))
                name, status = item.path, "skipped"
            if progress is not None:
                progress(report, name, status)
        _flush(writer, report)
        if resolve:
            try:
                report.resolution = resolve_store(st)
            except OSError as exc:
                raise StoreError(
                    f"cannot write the kb graph (links between sources): {' '.join(str(exc).split())}; the "
                    f"{report.ok} source(s) of this build are written, run `kg resolve` once it can write"
                ) from None
        report.total = len(st)
        report.seconds = time.monotonic() - started
    finally:
        results.close()  # stops the worker pool, if any, without waiting for queued sources
        writer.settle()  # a batch still loading lands before the store closes
        if st is not store:
            st.close()
    return report


def _write(
    writer: GraphWriter,
    job: Job,
    result: object,
    report: BuildReport,
    written: dict[str, str],
    force: bool,
    naming: Naming,
) -> str:
    """Write one extracted source (or count it unchanged or failed); returns its status."""
    report.files += 1
    if result is None or (not force and written.get(job.name) == job.sha256):
        report.unchanged += 1
        return "unchanged"
    if isinstance(result, OverBudget):
        report.over_budget.append((job.name, result))
        return "over budget"
    if isinstance(result, str):
        report.failed.append((job.name, result))
        return "failed"
    try:
        report.triples += writer.write(job, result, aliases=naming.aliases(job.name))  # type: ignore[arg-type]
    except BatchWriteError as exc:
        raise _batch_failed(writer, exc) from None
    except OSError as exc:
        raise _write_failed(writer, job.name, exc) from None
    written[job.name] = job.sha256
    report.ok += 1
    return "ok"


def _flush(writer: GraphWriter, report: BuildReport) -> None:
    """Write the sources still queued for a bulk load."""
    try:
        writer.flush()
    except BatchWriteError as exc:
        raise _batch_failed(writer, exc) from None


def _batch_failed(writer: GraphWriter, exc: BatchWriteError) -> StoreError:
    """The one line for a bulk load the store refused: none of its sources is in (or all are, unsealed)."""
    local = getattr(writer.store, "path", None)
    where = local or _server(writer.store)
    if exc.unsealed:
        return StoreError(
            f"cannot finish writing {len(exc.names)} source(s) to {where}: {_why(exc)}; their graphs are "
            "written without their checksums, so the next build rewrites them"
        )
    written = writer.written
    head = f"cannot write {len(exc.names)} source(s) ({shown_path(exc.names[0])} …) to {where}: {_why(exc)}; "
    if (
        local is None
    ):  # a server's bulk load: what it took before failing is not known, only that none is sealed
        return StoreError(
            head
            + "none of them got its checksum, so the next build writes them again; the sources before them "
            f"are whole ({written} source(s) of this build written)"
        )
    return StoreError(
        head
        + f"none of them was written, the store keeps what it held before them ({written} source(s) of this "
        "build written)"
    )


def _server(store: object) -> str:
    """How a message names a store that is not a folder: its SPARQL endpoint."""
    endpoint = getattr(store, "endpoint", None)
    return getattr(endpoint, "query", None) or "the store"


def _write_failed(writer: GraphWriter, name: str, exc: OSError) -> StoreError:
    """The one line for a write the store refused, saying what it holds now (see :func:`build`)."""
    where = getattr(writer.store, "path", None) or _server(writer.store)
    return StoreError(
        f"cannot write {shown_path(name)} to {where}: {_why(exc)}; nothing of it was written, the store keeps "
        f"what it held before it ({writer.written} source(s) of this build written)"
    )


def _why(exc: OSError) -> str:
    """Why the store refused a write, in a few words."""
    if exc.errno == errno.ENOSPC or "No space left" in str(exc):
        why = "no space left on the device"
    elif exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM) or "Read-only" in str(exc):
        why = "the store's folder is read-only"
    else:
        why = " ".join(str(exc).split()) or type(exc).__name__
    return why


__all__ = ["BuildReport", "Job", "ResolveReport", "build", "find_source", "resolve_store", "source_file"]
