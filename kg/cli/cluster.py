"""``kg quads`` and ``kg load``: the map and reduce steps of a build spread over machines (docs/cluster.md),
thin over :mod:`kg.ingest.shards`."""

from __future__ import annotations

import json
import sys
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
from kg.cli.options import format_option, graph_options, ocr_option, open_graph


def _stamp(value: str | None) -> str | None:
    """``--ingested-at``: an xsd:dateTime in UTC, as ``kg build`` stamps its sources."""
    import re

    if value is not None and not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", value):
        raise click.BadParameter(
            f"{value!r} is not a UTC time like 2026-01-31T08:00:00Z", param_hint="--ingested-at"
        )
    return value


@click.command("quads")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o",
    "--output",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of the shards (shard-NNNNN.nq and its manifest shard-NNNNN.json).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Processes that extract (default: one per core); the shards hold the same quads for any number "
    "(the same bytes, given --ingested-at).",
)
@click.option(
    "--shard-size",
    type=click.IntRange(min=1),
    default=500,
    show_default=True,
    metavar="N",
    help="Sources per shard.",
)
@click.option(
    "--ingested-at",
    callback=lambda ctx, param, value: _stamp(value),
    default=None,
    metavar="TIME",
    help="The ingest time (prov:generatedAtTime) of every source (default: now); give every map task of a run the same.",
)
@ocr_option()
@text_field_option
@click.option(
    "--absolute-paths",
    is_flag=True,
    help="Name sources by their absolute path (as kg build --absolute-paths does).",
)
@budget_option
@memory_budget_option
@report_option
@format_option(("text", "json"), "text", "json: the report as one JSON object on stdout.")
def quads_cmd(
    paths: tuple[Path, ...],
    out_dir: Path,
    jobs: int | None,
    shard_size: int,
    ingested_at: str | None,
    ocr: str,
    text_field: str,
    absolute_paths: bool,
    budget: float,
    budget_memory: int,
    report_file: Path | None,
    fmt: str,
) -> None:
    """Extract PATHS into N-Quads shards: the quads `kg build` writes for each source, for `kg load`.

    The map step of a build spread over machines (docs/cluster.md): sources are named as `kg build` names them,
    grouped in shards of --shard-size sources in input order; each shard is written under a temporary name and
    renamed, its manifest last. Exit status 1 if any source failed or was over budget.
    """
    from kg.ingest.pool import default_jobs
    from kg.ingest.shards import settings_for, to_nquads

    show_reader_progress()
    settings = settings_for(ocr, ingested_at, budget or None, budget_memory or None)
    try:
        rep = to_nquads(
            list(paths),
            out_dir,
            jobs=jobs or default_jobs(),
            shard_size=shard_size,
            settings=settings,
            text_field=text_field,
            absolute_paths=absolute_paths,
        )
    except KeyboardInterrupt:
        raise Interrupted(
            "interrupted; the shards written so far are whole, the one being written is not kept"
        ) from None
    except OSError as exc:
        raise kg.errors.ExportError(f"cannot write shards to {out_dir}: {exc.strerror or exc}") from None
    data = _quads_json(rep)
    if report_file is not None:
        write_report(report_file, data)
    for kind in ("failed", "over_budget"):
        for name, why in getattr(rep, kind):
            click.echo(f"{kind.replace('_', ' ')}: {name}: {why}", err=True)
    click.echo(f"{rep.summary()}; shards in {out_dir}", err=True)
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
    if rep.failed or rep.over_budget:
        sys.exit(1)


def _quads_json(rep: Any) -> dict[str, Any]:
    rows = {
        k: [{"source": n, "reason": r} for n, r in getattr(rep, k)]
        for k in ("failed", "over_budget", "skipped", "warnings")
    }
    return {"sources": len(rep.entries), "quads": rep.quads, **rows}


@click.command("load")
@click.argument("shards", type=click.Path(exists=True, file_okay=False, path_type=Path))
@graph_options()
@click.option(
    "--bulk",
    is_flag=True,
    help="Fill an empty embedded store with Oxigraph's bulk loader (faster; no transaction per source).",
)
@click.option(
    "--no-resolve", is_flag=True, help="Leave the kb graph (links across sources) for `kg resolve`."
)
@format_option(("text", "json"), "text", "json: the counts as one JSON object on stdout.")
def load_cmd(shards: Path, store: Path | None, endpoint: Any, bulk: bool, no_resolve: bool, fmt: str) -> None:
    """Load the shards `kg quads` wrote into the store (or a SPARQL server), then recompute the kb graph.

    The store then holds what `kg build` of the same sources gives. Sources are written in input order, each
    replacing its own graph as `kg build` does; with --bulk an empty embedded store is filled in bulk.
    """
    from kg.ingest.shards import load_shards, read_manifests

    if bulk and endpoint is not None:
        raise click.UsageError(
            "--bulk fills an embedded store (--store); a server is loaded source by source"
        )
    read_manifests(shards)  # an incomplete or foreign folder is refused before any store is created
    with open_graph(store, endpoint, mode="create") as st:
        rep = load_shards(shards, st, bulk=bulk, resolve=not no_resolve)
    click.echo(rep.summary(), err=True)
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "shards": rep.shards,
                    "sources": rep.sources,
                    "quads": rep.quads,
                    "shared_graphs": rep.shared_graphs,
                    "not_built": rep.not_built,
                    "triples_in_store": rep.total,
                    "resolution": rep.resolution.to_json() if rep.resolution else None,
                }
            )
        )


COMMANDS = (quads_cmd, load_cmd)
