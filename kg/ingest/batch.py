"""``kg extract`` over many documents, in N processes, with output identical to one process.

Extraction is pure Python, so one process uses one core (about 4-5 MB/s). ``extract_sources`` hands the sources
to the worker pool of ``kg build`` (:mod:`kg.ingest.pool`: a budget per document, a worker that hangs or dies
killed and replaced) with a task that extracts and *renders* each document in the worker, so the serialising is
spread over the cores too, and hands the rendered documents back in input order. ``jobs=1`` runs the very same
task in this process, which is why the bytes cannot depend on ``jobs``.

Two things differ with ``jobs > 1``, both about stderr: the page progress of long PDFs and scans is not shown
(it is logged inside the workers), and a worker stuck inside one C call for ``budget`` + :data:`~kg.ingest.pool.GRACE`
seconds (reading included, e.g. a long OCR) is killed, its document reported over budget.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.extraction.pipeline import DEFAULT_BUDGET, extract_read, time_budget
from kg.extraction.pipeline import OverBudget as OverBudgetError
from kg.ingest.jobs import OverBudget, Settings
from kg.ingest.pool import extracted
from kg.models import Extraction
from kg.readers import ReadResult
from kg.sources import Failed, Skipped, Source, iter_sources, shown_path
from kg.text.decode import InputError

#: Renders one document: (extraction, what was read or None) -> its text on stdout (one JSON line by default).
#: Runs in the workers, so it must be a module-level function (or a ``functools.partial`` of one).
Render = Callable[[Extraction, ReadResult | None], str]


def json_line(result: Extraction, read: ReadResult | None = None) -> str:
    """The ``kg extract --format jsonl`` object of one document; with ``read`` (``--with-text``) the text the
    spans index, its pages and the reader."""
    obj = result.to_json()
    if read is not None:
        obj["text"] = read.text
        obj["pages"] = [list(p) for p in read.pages] if read.pages else None
        obj["reader"] = read.reader
    return json.dumps(obj, ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class Preread:
    """A document already read in this process (standard input): workers get its text, not a path."""

    name: str
    read: ReadResult


@dataclass(frozen=True, slots=True)
class Outcome:
    """One input, in input order. ``kind``: ``ok`` (``output`` is the rendered document, ``warnings`` what the
    extractor remarked); ``failed`` (the walk could not read it, or extraction failed); ``unreadable`` (the
    reader refused its bytes: ``reason`` names the file, ``hint`` says what to install or do); ``over_budget``;
    ``skipped`` (not a document; not an error); ``note`` (a remark on how a source was read, e.g. a duplicate
    JSONL id renamed; its document follows)."""

    kind: str
    source: str
    reason: str = ""
    output: str = ""
    warnings: tuple[str, ...] = field(default=())
    hint: str = ""


@dataclass(frozen=True, slots=True)
class _Note:
    """A source's remark, passed through the pool ahead of the source (the pool passes non-jobs on as they are)."""

    name: str
    reason: str


def _task(job: Source | Preread, settings: Settings, *, render: Render, with_text: bool) -> Outcome | str:
    """One document read, extracted and rendered (in a worker, or in this process with ``jobs=1``)."""
    name = job.name
    try:
        got = job.read if isinstance(job, Preread) else job.load()
    except InputError as exc:
        return Outcome("unreadable", name, str(exc), hint=getattr(exc, "hint", "") or "")
    try:
        with time_budget(settings.budget, name):
            result = extract_read(got, name, settings.ocr)
        out = render(result, got if with_text else None)
        return Outcome("ok", name, output=out, warnings=tuple(result.warnings))
    except OverBudgetError as exc:
        return Outcome("over_budget", name, str(exc))
    except MemoryError:
        return Outcome("over_budget", name, "out of memory: skipped")
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop the batch
        return Outcome("failed", name, f"extraction failed: {type(exc).__name__}: {exc}")


def _planned(paths: Iterable[str | Path | Preread], text_field: str) -> Iterator[Any]:
    """The pool's plan: every source to extract, with the walk's skipped and failed files in their place."""
    for p in paths:
        if isinstance(p, Preread):
            yield p, True
            continue
        p = Path(p)
        if not p.exists():
            yield Failed(shown_path(p), "no such file or directory")
            continue
        for item in iter_sources([p], text_field=text_field):
            if isinstance(item, Source) and item.note:
                yield _Note(item.name, item.note)
            yield (item, True) if isinstance(item, Source) else item


def extract_sources(
    paths: Iterable[str | Path | Preread],
    *,
    jobs: int = 1,
    ocr: str = "auto",
    budget: float | None = DEFAULT_BUDGET,
    memory_mb: int | None = None,
    text_field: str = "text",
    with_text: bool = False,
    render: Render = json_line,
) -> Iterator[Outcome]:
    """Extract every document under ``paths`` (files, folders, JSONL corpora, :class:`Preread` texts) and give
    one :class:`Outcome` per input, in input order, whatever ``jobs`` is.

    ``jobs``: processes that extract (1: this process). ``budget``: seconds per document; ``memory_mb``: the
    address space of each worker. ``render`` turns an extraction into its output (default :func:`json_line`);
    it runs where the extraction ran. Closing the iterator early stops the workers.
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    settings = Settings(ocr=ocr, budget=budget, memory_mb=memory_mb)
    task = functools.partial(_task, render=render, with_text=with_text)
    results = extracted(_planned(paths, text_field), jobs, settings, task=task)
    try:
        for item in results:
            if isinstance(item, _Note):
                yield Outcome("note", item.name, item.reason)
            elif isinstance(item, Skipped):
                yield Outcome("skipped", item.path, item.message)
            elif isinstance(item, Failed):
                yield Outcome("failed", item.path, item.message)
            else:
                job, out = item
                if isinstance(out, Outcome):
                    yield out
                elif isinstance(out, OverBudget):  # a worker killed past its budget, or dead
                    yield Outcome("over_budget", job.name, str(out))
                else:
                    yield Outcome("failed", job.name, str(out))
    finally:
        results.close()


__all__ = ["Outcome", "Preread", "Render", "extract_sources", "json_line"]
