"""``kg implements``, ``kg trace``, ``kg path``, ``kg show`` and ``kg sparql``: thin wrappers over ``kg.query``."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from kg.cli.options import format_option, graph_options, open_graph
from kg.errors import InputError

FORMATS = ("tree", "table", "json", "csv")
SPARQL_FORMATS = ("table", "json", "csv", "tsv", "xml", "turtle", "ntriples")


def emit(result: Any, fmt: str, fields: tuple[str, ...] | None = None) -> None:
    """Print a result object of ``kg.query`` in one of the four formats."""
    from kg.query.render import rows_to_csv, rows_to_table

    if fmt == "json":
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(rows_to_csv(result.to_rows(), fields), nl=False)
    elif fmt == "table":
        rows = result.to_rows()
        click.echo(rows_to_table(rows, fields) if rows else "(no rows)")
    else:
        click.echo(result.to_tree())


def query_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """The options every document query takes: ``--format`` (tree, table, json, csv), ``--store``, ``--endpoint``."""
    return format_option(FORMATS, "tree")(graph_options()(f))


relation_option = click.option(
    "--relation",
    default="implements",
    show_default=True,
    help="Relation to follow (implements, amends, replaces, based_on, ...).",
)


@click.command("implements")
@click.argument("document")
@click.option("--depth", type=click.IntRange(min=1), default=None, help="Longest chain to follow.")
@click.option(
    "--jurisdiction", default=None, help="Only list documents of this place (quang-ngai, Hà Nội, vn)."
)
@click.option(
    "--since", default=None, metavar="DATE", help="Only documents issued on or after (YYYY[-MM[-DD]])."
)
@click.option("--until", default=None, metavar="DATE", help="Only documents issued on or before.")
@click.option(
    "--editorial/--no-editorial",
    default=True,
    show_default=True,
    help="List what only a portal's editorial note says (labelled [portal note]) or leave it out.",
)
@relation_option
@query_options
def implements_cmd(
    document: str,
    depth: int | None,
    jurisdiction: str | None,
    since: str | None,
    until: str | None,
    editorial: bool,
    relation: str,
    fmt: str,
    store: Path | None,
    endpoint: Any,
) -> None:
    """Every document that implements DOCUMENT, directly or through a chain, with the evidence of each hop.

    DOCUMENT as you would type it: 57-NQ/TW, 57/NQ-TW, "Nghị quyết 57", or an IRI.
    """
    from kg.query.walks import ROW_FIELDS, implements

    with open_graph(store, endpoint) as st:
        result = implements(
            st, document, depth, jurisdiction, since, until, relation=relation, editorial=editorial
        )
        emit(result, fmt, ROW_FIELDS)


@click.command("trace")
@click.argument("document")
@click.option("--depth", type=click.IntRange(min=1), default=None, help="Highest level to climb.")
@relation_option
@query_options
def trace_cmd(
    document: str, depth: int | None, relation: str, fmt: str, store: Path | None, endpoint: Any
) -> None:
    """What DOCUMENT implements, up to the root documents, with every path and its evidence."""
    from kg.query.walks import trace

    with open_graph(store, endpoint) as st:
        emit(trace(st, document, depth, relation=relation), fmt)


@click.command("path")
@click.argument("source")
@click.argument("target")
@click.option("--max-hops", type=click.IntRange(min=1), default=8, show_default=True)
@click.option(
    "--relation",
    "relations",
    multiple=True,
    help="Only follow these relations (repeatable); default: all.",
)
@query_options
def path_cmd(
    source: str,
    target: str,
    max_hops: int,
    relations: tuple[str, ...],
    fmt: str,
    store: Path | None,
    endpoint: Any,
) -> None:
    """How SOURCE is connected to TARGET: the shortest chains of relations, either direction, with evidence."""
    from kg.query.walks import path

    with open_graph(store, endpoint) as st:
        result = path(st, source, target, max_hops=max_hops, relations=relations or None)
        emit(result, fmt)
        if not result.paths:
            raise SystemExit(1)


@click.command("show")
@click.argument("document")
@query_options
def show_cmd(document: str, fmt: str, store: Path | None, endpoint: Any) -> None:
    """Everything known about one document: metadata, relations both ways, and where it is mentioned."""
    from kg.query.show import show

    with open_graph(store, endpoint) as st:
        emit(show(st, document), fmt)


@click.command("status")
@click.argument("document")
@click.option(
    "--at", default=None, metavar="DATE", help="The date to answer for (YYYY-MM-DD; default today)."
)
@format_option(("table", "json", "tree"), "table")
@graph_options()
def status_cmd(document: str, at: str | None, fmt: str, store: Path | None, endpoint: Any) -> None:
    """Legal status of one document at a date (in_force, amended, partly_repealed, repealed, replaced,
    expired, suspended, not_yet_in_force), since when and by which documents, as far as the graph knows.

    Documents no longer in force that later texts still cite as a basis: kg sparql --name cited-after-end
    """
    from kg.query.status import parse_day, status

    day = parse_day(at)  # a bad date is an error before the store is opened
    with open_graph(store, endpoint) as st:
        result = status(st, document, day)
    if fmt == "json":
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(result.to_table() if fmt == "table" else result.to_tree())


@click.command("sparql")
@click.argument("query", required=False)
@click.option(
    "-f",
    "--file",
    "file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read the query from a .rq file.",
)
@click.option("--name", default=None, help="Run a ready-made query by name (see --list).")
@click.option("--list", "list_", is_flag=True, help="List the ready-made queries.")
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Pre-bind ?NAME (an <iri> or prefix:local gives an IRI, anything else a string).",
)
@format_option(
    SPARQL_FORMATS,
    "table",
    "SELECT/ASK: table, json (SPARQL 1.1 JSON), csv, tsv, xml. CONSTRUCT/DESCRIBE: turtle, ntriples, xml.",
)
@click.option(
    "--allow-service",
    "allow_service",
    default="",
    metavar="HOST[,HOST]",
    help="Hosts a SERVICE clause may call (refused by default; * allows any).",
)
@graph_options()
def sparql_cmd(
    query: str | None,
    file: Path | None,
    name: str | None,
    list_: bool,
    params: tuple[str, ...],
    fmt: str,
    allow_service: str,
    store: Path | None,
    endpoint: Any,
) -> None:
    """Run SPARQL 1.1 (read-only) over the store; the project prefixes are predefined.

    QUERY is the query text ("-" reads it from standard input); or use -f FILE.rq or --name NAME.
    The default graph is the union of all graphs: a fact stated by two source texts matches twice,
    so use SELECT DISTINCT and COUNT(DISTINCT ...).
    """
    from kg.query.sparql import list_queries, named_query, sparql

    if list_:
        for q in list_queries():
            extra = f"  (params: {', '.join(q.params)})" if q.params else ""
            click.echo(f"{q.name:<28} {q.title}{extra}")
        return
    sources = [s for s in (query, file, name) if s is not None]
    if len(sources) != 1:
        raise click.UsageError("give exactly one of QUERY, -f FILE or --name NAME (or --list)")
    if file is not None:
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read {file}: {exc}") from None
    elif name is not None:
        text = named_query(name).text
    else:
        text = sys.stdin.read() if query == "-" else str(query)
    bound: dict[str, Any] = {}
    for p in params:
        key, sep, value = p.partition("=")
        if not sep or not key.strip():
            raise click.UsageError(f"--param needs NAME=VALUE, got {p!r}")
        bound[key.strip().lstrip("?$")] = value
    with open_graph(store, endpoint) as st:
        if name is not None:  # its variant over the materialised counts, when this store has them
            text = named_query(name, st).text
        hosts = [h for h in allow_service.split(",") if h.strip()]
        result = sparql(st, text, params=bound or None, allow_service=hosts)
        if fmt == "table":
            click.echo(result.to_table())
        else:
            data = result.serialize(fmt)  # a QueryError when the format does not fit the result
            sys.stdout.buffer.write(data)
            sys.stdout.flush()


COMMANDS = (implements_cmd, trace_cmd, path_cmd, show_cmd, status_cmd, sparql_cmd)
