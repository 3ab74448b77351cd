"""``kg implements``, ``kg trace``, ``kg path``, ``kg show`` and ``kg sparql``: thin wrappers over ``kg.query``."""

from __future__ import annotations

import contextlib
import functools
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from kg.cli.options import endpoint_option, open_read_store, store_option

FORMATS = ("tree", "table", "json", "csv")


class _Ambiguous(click.ClickException):
    """Lists the candidates, one line each, after the error line."""

    def __init__(self, message: str, lines: list[str]) -> None:
        super().__init__(message)
        self.lines = lines

    def show(self, file: Any = None) -> None:
        click.echo(f"Error: {self.message}", err=True)
        for line in self.lines:
            click.echo(f"  {line}", err=True)


@contextlib.contextmanager
def opened(path: Path | None, endpoint: Any = None) -> Iterator[Any]:
    store = open_read_store(path, endpoint)
    try:
        yield store
    finally:
        close = getattr(store, "close", None)
        if callable(close):
            # a read-only pyoxigraph store raises RuntimeError on flush; nothing was written, so nothing is lost
            with contextlib.suppress(OSError, RuntimeError):
                close()


def friendly(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the library's errors into one-line messages and a non-zero exit, never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from kg.errors import KgError
        from kg.query.lookup import AmbiguousReference

        try:
            return fn(*args, **kwargs)
        except AmbiguousReference as exc:
            raise _Ambiguous(str(exc), exc.lines) from None
        except KgError as exc:
            raise click.ClickException(str(exc)) from None
        except click.ClickException:
            raise
        except (OSError, ValueError, RuntimeError) as exc:
            if os.environ.get("KG_DEBUG"):
                raise
            raise click.ClickException(" ".join(str(exc).split()) or type(exc).__name__) from None

    return wrapper


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


format_option = click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="tree", show_default=True, help="Output format."
)
relation_option = click.option(
    "--relation",
    default="implements",
    show_default=True,
    help="Relation to follow (implements, amends, replaces, based_on, ...).",
)


def register(main: click.Group) -> None:
    """Add the query commands to the ``kg`` group."""

    @main.command("implements")
    @click.argument("document")
    @click.option("--depth", type=click.IntRange(min=1), default=None, help="Longest chain to follow.")
    @click.option(
        "--jurisdiction", default=None, help="Only list documents of this place (quang-ngai, Hà Nội, vn)."
    )
    @click.option(
        "--since", default=None, metavar="DATE", help="Only documents issued on or after (YYYY[-MM[-DD]])."
    )
    @click.option("--until", default=None, metavar="DATE", help="Only documents issued on or before.")
    @relation_option
    @format_option
    @store_option
    @endpoint_option
    @friendly
    def implements_cmd(
        document: str,
        depth: int | None,
        jurisdiction: str | None,
        since: str | None,
        until: str | None,
        relation: str,
        fmt: str,
        store: Path | None,
        endpoint: Any,
    ) -> None:
        """Every document that implements DOCUMENT, directly or through a chain, with the evidence of each hop.

        DOCUMENT as you would type it: 57-NQ/TW, 57/NQ-TW, "Nghị quyết 57", or an IRI.
        """
        from kg.query.walks import ROW_FIELDS, implements

        with opened(store, endpoint) as st:
            result = implements(st, document, depth, jurisdiction, since, until, relation=relation)
            emit(result, fmt, ROW_FIELDS)

    @main.command("trace")
    @click.argument("document")
    @click.option("--depth", type=click.IntRange(min=1), default=None, help="Highest level to climb.")
    @relation_option
    @format_option
    @store_option
    @endpoint_option
    @friendly
    def trace_cmd(
        document: str, depth: int | None, relation: str, fmt: str, store: Path | None, endpoint: Any
    ) -> None:
        """What DOCUMENT implements, up to the root documents, with every path and its evidence."""
        from kg.query.walks import trace

        with opened(store, endpoint) as st:
            emit(trace(st, document, depth, relation=relation), fmt)

    @main.command("path")
    @click.argument("source")
    @click.argument("target")
    @click.option("--max-hops", type=click.IntRange(min=1), default=8, show_default=True)
    @click.option(
        "--relation",
        "relations",
        multiple=True,
        help="Only follow these relations (repeatable); default: all.",
    )
    @format_option
    @store_option
    @endpoint_option
    @friendly
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

        with opened(store, endpoint) as st:
            result = path(st, source, target, max_hops=max_hops, relations=relations or None)
            emit(result, fmt)
            if not result.paths:
                raise SystemExit(1)

    @main.command("show")
    @click.argument("document")
    @format_option
    @store_option
    @endpoint_option
    @friendly
    def show_cmd(document: str, fmt: str, store: Path | None, endpoint: Any) -> None:
        """Everything known about one document: metadata, relations both ways, and where it is mentioned."""
        from kg.query.show import show

        with opened(store, endpoint) as st:
            emit(show(st, document), fmt)

    @main.command("sparql")
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
    @click.option(
        "--format",
        "fmt",
        type=click.Choice(("table", "json", "csv", "tsv", "xml", "turtle", "ntriples")),
        default="table",
        show_default=True,
        help="SELECT/ASK: table, json (SPARQL 1.1 JSON), csv, tsv, xml. CONSTRUCT/DESCRIBE: turtle, ntriples, xml.",
    )
    @store_option
    @endpoint_option
    @friendly
    def sparql_cmd(
        query: str | None,
        file: Path | None,
        name: str | None,
        list_: bool,
        params: tuple[str, ...],
        fmt: str,
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
                raise click.ClickException(f"cannot read {file}: {exc}") from None
        elif name is not None:
            text = named_query(name).text
        else:
            text = click.get_text_stream("stdin").read() if query == "-" else str(query)
        bound: dict[str, Any] = {}
        for p in params:
            key, sep, value = p.partition("=")
            if not sep or not key.strip():
                raise click.UsageError(f"--param needs NAME=VALUE, got {p!r}")
            bound[key.strip().lstrip("?$")] = value
        with opened(store, endpoint) as st:
            result = sparql(st, text, params=bound or None)
            if fmt == "table":
                click.echo(result.to_table())
            else:
                if result.kind != "graph" and fmt in ("turtle", "ntriples"):
                    raise click.ClickException(
                        f"a {result.kind.upper()} result cannot be {fmt}; use json, csv, tsv or xml"
                    )
                if result.kind == "graph" and fmt in ("json", "csv", "tsv"):
                    raise click.ClickException(
                        f"a CONSTRUCT/DESCRIBE result cannot be {fmt}; use turtle or ntriples"
                    )
                out = click.get_binary_stream("stdout")
                out.write(result.serialize(fmt))
                out.flush()
