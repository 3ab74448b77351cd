"""``kg build``, ``kg resolve`` and ``kg dump``: fill the graph store from texts and write it out."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import click

import kg.errors
from kg.cli.errors import Interrupted
from kg.cli.extract import (
    budget_option,
    memory_budget_option,
    report_option,
    show_reader_progress,
    text_field_option,
    write_report,
)
from kg.cli.options import format_option, graph_options, ocr_option, open_graph, output_option


class _Progress:
    """A status line on stderr, at most twice a second, so long runs show life without flooding logs."""

    def __init__(self) -> None:
        self.start = self.last = time.monotonic()

    def __call__(self, report, name: str, status: str) -> None:  # noqa: ANN001 - BuildReport
        now = time.monotonic()
        if status in ("failed", "over budget"):
            msg = (report.failed if status == "failed" else report.over_budget)[-1][1]
            click.echo(f"{status}: {msg if msg.startswith(name) else f'{name}: {msg}'}", err=True)
        elif status == "warning":
            click.echo(f"warning: {name}: {report.warnings[-1][1]}", err=True)
            return
        elif status == "skipped":
            click.echo(f"skipped {name}: {report.skipped[-1][1]}", err=True)
            return
        if now - self.last < 1.0:
            return
        self.last = now
        rate = report.triples / max(now - self.start, 1e-9)
        click.echo(
            f"[{report.files}] {report.ok} built, {report.unchanged} unchanged, {report.n_failed} failed, "
            f"{rate:,.0f} triples/s: {Path(name.split('#')[0]).name}",
            err=True,
        )


@click.command("build")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@graph_options()
@ocr_option()
@click.option("--force", is_flag=True, help="Re-extract sources even when their bytes did not change.")
@text_field_option
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Processes that extract (default: one per core); the store ends up the same for any number.",
)
@click.option(
    "--absolute-paths",
    is_flag=True,
    help="Name sources by their absolute path (the folder layout then shows in dumps); "
    "default: after the folder or file given, e.g. corpus/laws/x.txt.",
)
@budget_option
@memory_budget_option
@report_option
@format_option(("text", "json"), "text", "json: the report as one JSON object on stdout.")
def build_cmd(
    paths: tuple[Path, ...],
    store: Path | None,
    endpoint: Any,
    ocr: str,
    force: bool,
    jobs: int | None,
    text_field: str,
    absolute_paths: bool,
    budget: float,
    budget_memory: int,
    report_file: Path | None,
    fmt: str,
) -> None:
    """Extract PATHS (files, directories, JSONL corpora) into the graph store.

    Files are read whatever their format (text, PDF, scans, Word, HTML, RTF; see ``kg extract``). Unchanged files
    are skipped; a changed file replaces its own graph. A source over its --budget is reported and skipped.
    Exit status 1 if any source failed or was over budget, or nothing was read.
    """
    from concurrent.futures.process import BrokenProcessPool

    from kg.ingest import build  # spaCy and pyoxigraph: only when building

    show_reader_progress()

    opened = False
    try:
        with open_graph(store, endpoint, mode="create") as st:
            opened = True
            report = build(
                list(paths),
                st,
                ocr=ocr,
                progress=_Progress(),
                force=force,
                jobs=jobs,
                text_field=text_field,
                absolute_paths=absolute_paths,
                budget=budget or None,
                memory_mb=budget_memory or None,
            )
    except kg.errors.StoreError as exc:
        if opened:  # a refused write: the message says what the store holds
            raise
        raise kg.errors.StoreError(f"{exc}; nothing was written") from None
    except KeyboardInterrupt:
        raise Interrupted("interrupted; sources written so far are kept") from None
    except BrokenProcessPool:
        raise kg.errors.KgError(
            "an extraction process died (out of memory?); sources written so far are kept; try -j 1"
        ) from None
    if report_file is not None:
        write_report(report_file, report.to_json())
    click.echo(report.summary(), err=True)
    if fmt == "json":
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=1))
    if report.failed or report.over_budget:
        sys.exit(1)
    if not report.ok and not report.unchanged:
        click.echo(f"kg: nothing was read ({report.n_skipped} skipped)", err=True)
        sys.exit(1)


@click.command("resolve")
@graph_options()
@format_option(("text", "json"), "text", "json: the counts as one JSON object on stdout.")
def resolve_cmd(store: Path | None, endpoint: Any, fmt: str) -> None:
    """Re-resolve references whose year or jurisdiction was unknown, now that more texts are in."""
    from kg.ingest import resolve_store

    with open_graph(store, endpoint, mode="write") as st:
        rep = resolve_store(st)
    click.echo(rep.summary(), err=True)
    if fmt == "json":
        click.echo(json.dumps(rep.to_json()))


@click.command("dump")
@graph_options()
@format_option(
    ("ttl", "nt", "nq", "trig", "jsonld"),
    "trig",
    "nq and trig keep one graph per source text; ttl and nt give the union.",
)
@output_option("File (default: stdout).")
def dump_cmd(store: Path | None, endpoint: Any, fmt: str, output: Path | None) -> None:
    """Write the whole graph store (or kg's graphs on a SPARQL server) in an RDF format."""
    from kg.export.rdf import dumps

    with open_graph(store, endpoint) as st:
        data = dumps(st, fmt)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        output.write_bytes(data)
    except OSError as exc:
        raise kg.errors.ExportError(f"cannot write {output}: {exc.strerror or exc}") from None


COMMANDS = (build_cmd, resolve_cmd, dump_cmd)
