"""``kg build``, ``kg resolve`` and ``kg dump``: fill the graph store from texts and write it out."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import click

from kg.cli.options import default_store, endpoint_option, store_option


def _fail(msg: str, code: int = 1) -> None:
    click.echo(f"Error: {msg}", err=True)
    sys.exit(code)


class _Progress:
    """A status line on stderr, at most twice a second, so long runs show life without flooding logs."""

    def __init__(self) -> None:
        self.last = time.monotonic()

    def __call__(self, report, name: str, status: str) -> None:  # noqa: ANN001 - BuildReport
        now = time.monotonic()
        if status == "failed":
            msg = report.failed[-1][1]
            click.echo(f"failed: {msg if msg.startswith(name) else f'{name}: {msg}'}", err=True)
        if now - self.last < 1.0:
            return
        self.last = now
        click.echo(
            f"[{report.files}] {report.ok} built, {report.unchanged} unchanged, {report.n_failed} failed: "
            f"{Path(name.split('#')[0]).name}",
            err=True,
        )


def register(main: click.Group) -> None:
    @main.command("build")
    @click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
    @store_option
    @endpoint_option
    @click.option(
        "--ocr",
        type=click.Choice(["auto", "on", "off"]),
        default="auto",
        show_default=True,
        help="Treat texts as OCR output: detect, always, never.",
    )
    @click.option("--force", is_flag=True, help="Re-extract sources even when their bytes did not change.")
    @click.option(
        "-j",
        "--jobs",
        type=click.IntRange(min=1),
        default=None,
        help="Processes that extract (default: one per core); the store ends up the same for any number.",
    )
    def build_cmd(
        paths: tuple[Path, ...], store: Path | None, endpoint: Any, ocr: str, force: bool, jobs: int | None
    ) -> None:
        """Extract PATHS (files, directories, JSONL corpora) into the graph store.

        Unchanged files are skipped; a changed file replaces its own graph. Exit status 1 if any file failed.
        """
        from concurrent.futures.process import BrokenProcessPool

        from kg.ingest.core import build
        from kg.store import StoreError, open_store

        where: Any = store or default_store()
        try:
            if endpoint is not None:  # the graph on a SPARQL server (kg.store.remote); build() leaves it open
                where = open_store(endpoint=endpoint)
            report = build(list(paths), where, ocr=ocr, progress=_Progress(), force=force, jobs=jobs)
        except StoreError as exc:
            _fail(str(exc))
        except KeyboardInterrupt:
            _fail("interrupted; sources written so far are kept", 130)
        except BrokenProcessPool:
            _fail("an extraction process died (out of memory?); sources written so far are kept; try -j 1")
        click.echo(report.summary(), err=True)
        if report.failed:
            sys.exit(1)

    @main.command("resolve")
    @store_option
    def resolve_cmd(store: Path | None) -> None:
        """Re-resolve references whose year or jurisdiction was unknown, now that more texts are in."""
        from kg.ingest.core import resolve_store
        from kg.store.local import Store, StoreError

        try:
            with Store.open(store or default_store(), create=False) as st:
                rep = resolve_store(st)
        except StoreError as exc:
            _fail(str(exc))
        click.echo(rep.summary(), err=True)

    @main.command("dump")
    @store_option
    @endpoint_option
    @click.option(
        "--format",
        "fmt",
        type=click.Choice(["ttl", "nt", "nq", "trig", "jsonld"]),
        default="trig",
        show_default=True,
        help="nq and trig keep one graph per source text; ttl and nt give the union.",
    )
    @click.option(
        "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File (default: stdout)."
    )
    def dump_cmd(store: Path | None, endpoint: Any, fmt: str, output: Path | None) -> None:
        """Write the whole graph store (or kg's graphs on a SPARQL server) in an RDF format."""
        from kg.export.rdf import dumps
        from kg.store import StoreError, open_store

        try:
            with open_store(store or default_store(), endpoint, create=False, read_only=True) as st:
                data = dumps(st, fmt)
        except StoreError as exc:
            _fail(str(exc))
        if output is None:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        else:
            try:
                output.write_bytes(data)
            except OSError as exc:
                _fail(f"cannot write {output}: {exc.strerror or exc}")
