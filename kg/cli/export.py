"""``kg export``, ``kg stats`` and ``kg annotate``: the graph for Gephi and friends, and a document for a reader."""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path
from typing import Any

import click

from kg.cli.options import endpoint_option, open_read_store, store_option
from kg.cli.query import friendly

FORMATS = ("gexf", "graphml", "csv")


def _graph(store_dir: Path | None, endpoint: Any = None, **filters: Any) -> Any:
    from kg.export.network import to_networkx
    from kg.store.local import StoreError

    store = open_read_store(store_dir, endpoint)
    try:
        return to_networkx(store, **filters)
    except StoreError as exc:  # the SPARQL server failed mid-way; kg.errors reach the command's `friendly`
        raise click.ClickException(str(exc)) from None
    finally:
        with contextlib.suppress(OSError, RuntimeError):  # pyoxigraph refuses to flush a read-only store
            store.close()


def _csv_paths(out: Path) -> tuple[Path, Path]:
    """``-o graph.csv`` or ``-o graph`` -> ``graph.nodes.csv`` and ``graph.edges.csv``."""
    stem = out.name[:-4] if out.name.lower().endswith(".csv") else out.name
    return out.with_name(f"{stem}.nodes.csv"), out.with_name(f"{stem}.edges.csv")


def register(main: click.Group) -> None:
    """Add ``export``, ``stats`` and ``annotate`` to the ``kg`` group."""

    @main.command("export")
    @click.option(
        "--format", "fmt", default="gexf", metavar="gexf|graphml|csv", help="Output format (default gexf)."
    )
    @click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Output file (default: stdout); for csv the prefix of NAME.nodes.csv and NAME.edges.csv.",
    )
    @store_option
    @endpoint_option
    @click.option(
        "--with-bodies", is_flag=True, help="Add issuing bodies as nodes (issued_by, part_of edges)."
    )
    @click.option(
        "--timeline", is_flag=True, help="Dynamic graph: nodes and edges start at the date of issue."
    )
    @click.option(
        "--around",
        metavar="SYMBOL",
        default=None,
        help="Only the neighbourhood of this document, e.g. 57-NQ/TW.",
    )
    @click.option("--depth", type=int, default=None, help="Relation hops around --around (default 2).")
    @click.option(
        "--relation",
        "relations",
        multiple=True,
        metavar="R1,R2",
        help="Only these relations, e.g. implements,based_on (repeatable).",
    )
    @click.option(
        "--jurisdiction",
        "jurisdictions",
        multiple=True,
        metavar="SLUG",
        help="Only documents of these places, e.g. quang-ngai,vn (repeatable).",
    )
    @friendly
    def export_cmd(
        fmt: str,
        output: Path | None,
        store: Path | None,
        endpoint: Any,
        with_bodies: bool,
        timeline: bool,
        around: str | None,
        depth: int | None,
        relations: tuple[str, ...],
        jurisdictions: tuple[str, ...],
    ) -> None:
        """Export the document graph for Gephi (GEXF 1.3), other tools (GraphML) or spreadsheets (CSV)."""
        from kg.export.gephi import ExportError, write_csv, write_gexf, write_graphml

        fmt = fmt.strip().lower()
        if fmt not in FORMATS:
            raise click.ClickException(f"unknown format {fmt!r} (use gexf, graphml or csv)")
        if fmt == "csv" and output is None:
            raise click.ClickException(
                "csv export writes two files: give -o NAME (NAME.nodes.csv, NAME.edges.csv)"
            )
        if depth is not None and depth < 0:
            raise click.ClickException("--depth must be 0 or more")
        G = _graph(
            store,
            endpoint,
            around=around,
            depth=depth,
            relations=list(relations) or None,
            jurisdiction=list(jurisdictions) or None,
            with_bodies=with_bodies,
        )
        try:
            if fmt == "csv":
                assert output is not None
                nodes, edges = _csv_paths(output)
                write_csv(G, nodes, edges, timeline=timeline)
                click.echo(
                    f"wrote {nodes} and {edges}: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges",
                    err=True,
                )
                return
            writer = write_gexf if fmt == "gexf" else write_graphml
            if output is None:
                writer(G, sys.stdout.buffer, timeline=timeline)
                sys.stdout.buffer.flush()
            else:
                writer(G, output, timeline=timeline)
                click.echo(
                    f"wrote {output}: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges", err=True
                )
        except ExportError as exc:
            raise click.ClickException(str(exc)) from None
        except OSError as exc:
            raise click.ClickException(
                f"cannot write {exc.filename or output}: {exc.strerror or exc}"
            ) from None

    @main.command("stats")
    @store_option
    @endpoint_option
    @click.option(
        "--format", "fmt", default="text", metavar="text|json", help="Output format (default text)."
    )
    @click.option("--top", type=int, default=10, help="How many documents in each ranking (default 10).")
    @friendly
    def stats_cmd(store: Path | None, endpoint: Any, fmt: str, top: int) -> None:
        """Numbers about the graph: most cited and implemented documents, components, density."""
        from kg.export.network import stats

        fmt = fmt.strip().lower()
        if fmt not in ("text", "json"):
            raise click.ClickException(f"unknown format {fmt!r} (use text or json)")
        if top < 1:
            raise click.ClickException("--top must be 1 or more")
        st = stats(_graph(store, endpoint), top=top)
        if fmt == "json":
            click.echo(json.dumps(st, ensure_ascii=False, indent=2))
        else:
            click.echo(format_stats(st))

    @main.command("annotate")
    @click.argument("file", type=click.Path(path_type=Path))
    @click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="HTML file to write (default: stdout).",
    )
    @click.option(
        "--ocr", default="auto", metavar="auto|on|off", help="Treat the text as OCR output (default auto)."
    )
    def annotate_cmd(file: Path, output: Path | None, ocr: str) -> None:
        """Write FILE as a standalone HTML page with every reference highlighted."""
        from kg.export.html import AnnotateError, annotate

        ocr = ocr.strip().lower()
        if ocr not in ("auto", "on", "off"):
            raise click.ClickException(f"unknown OCR mode {ocr!r} (use auto, on or off)")
        if not file.exists():
            raise click.ClickException(f"{file}: no such file")
        if file.is_dir():
            raise click.ClickException(f"{file}: is a directory")
        try:
            page = annotate(file, ocr=ocr)
        except AnnotateError as exc:
            raise click.ClickException(str(exc)) from None
        if output is None:
            click.echo(page, nl=False)
            return
        try:
            output.write_text(page, encoding="utf-8")
        except OSError as exc:
            raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from None
        click.echo(f"wrote {output}", err=True)


def format_stats(st: dict[str, Any]) -> str:
    """``kg stats`` as text: totals first, then the rankings a reader scans for."""
    lines = [
        f"documents            {st['documents']} ({st['unresolved']} unresolved references)",
        f"relations            {st['relations']}"
        + (
            " (" + ", ".join(f"{k} {v}" for k, v in st["relations_by_type"].items()) + ")"
            if st["relations"]
            else ""
        ),
        f"components           {st['components']} (largest {st['largest_component']} documents, "
        f"{st['isolated']} isolated)",
        f"density              {st['density']:.4f}",
        f"dated                {st['dated']} of {st['documents']}"
        + (f", {st['earliest']} .. {st['latest']}" if st["dated"] else ""),
        "types                " + ", ".join(f"{k} {v}" for k, v in list(st["documents_by_type"].items())[:8]),
        "jurisdictions        "
        + ", ".join(f"{k} {v}" for k, v in list(st["documents_by_jurisdiction"].items())[:8]),
    ]
    if st["longest_implementation_chain"]:
        lines.append("longest implements   " + " -> ".join(st["longest_implementation_chain"]))
    for key, title in (
        ("most_cited", "most cited (by distinct documents)"),
        ("most_implemented", "most implemented (documents implementing it)"),
        ("most_implementing", "most implementing (documents it implements)"),
    ):
        lines.append("")
        lines.append(title)
        if not st[key]:
            lines.append("  (none)")
        for e in st[key]:
            lines.append(f"  {e['count']:>5}  {e['label'] or e['symbol'] or e['id']}")
    return "\n".join(lines)
