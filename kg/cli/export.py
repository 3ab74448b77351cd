"""``kg export`` and ``kg stats``: the document graph for Gephi and friends, and numbers about it."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from kg.cli.options import format_option, graph_options, open_graph, output_option
from kg.errors import ExportError

FORMATS = ("gexf", "graphml", "csv")


def _csv_paths(out: Path) -> tuple[Path, Path]:
    """``-o graph.csv`` or ``-o graph`` -> ``graph.nodes.csv`` and ``graph.edges.csv``."""
    stem = out.name[:-4] if out.name.lower().endswith(".csv") else out.name
    return out.with_name(f"{stem}.nodes.csv"), out.with_name(f"{stem}.edges.csv")


@click.command("export")
@format_option(FORMATS, "gexf")
@output_option("Output file (default: stdout); for csv the prefix of NAME.nodes.csv and NAME.edges.csv.")
@graph_options()
@click.option("--with-bodies", is_flag=True, help="Add issuing bodies as nodes (issued_by, part_of edges).")
@click.option("--timeline", is_flag=True, help="Dynamic graph: nodes and edges start at the date of issue.")
@click.option(
    "--summary",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="The summary written on stderr: a line, or JSON (format, files, nodes, edges) for scripts.",
)
@click.option(
    "--excel",
    is_flag=True,
    help="With --format csv: files Microsoft Excel opens with Vietnamese intact (UTF-8 with BOM, CRLF).",
)
@click.option(
    "--around",
    metavar="SYMBOL",
    default=None,
    help="Only the neighbourhood of this document, e.g. 57-NQ/TW.",
)
@click.option(
    "--depth", type=click.IntRange(min=0), default=None, help="Relation hops around --around (default 2)."
)
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
def export_cmd(
    fmt: str,
    output: Path | None,
    store: Path | None,
    endpoint: Any,
    with_bodies: bool,
    timeline: bool,
    summary: str,
    excel: bool,
    around: str | None,
    depth: int | None,
    relations: tuple[str, ...],
    jurisdictions: tuple[str, ...],
) -> None:
    """Export the document graph for Gephi (GEXF 1.3), other tools (GraphML) or spreadsheets (CSV)."""
    from kg.export.gephi import write_csv, write_gexf, write_graphml
    from kg.export.network import to_networkx  # networkx: only when exporting

    if fmt == "csv" and output is None:
        raise ExportError("csv export writes two files: give -o NAME (NAME.nodes.csv, NAME.edges.csv)")
    if excel and fmt != "csv":
        raise ExportError(f"--excel is for --format csv, not {fmt}")
    with open_graph(store, endpoint) as st:
        G = to_networkx(
            st,
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
            write_csv(G, nodes, edges, timeline=timeline, excel=excel)
            _summarise(summary, fmt, [str(nodes), str(edges)], G)
            return
        writer = write_gexf if fmt == "gexf" else write_graphml
        if output is None:
            writer(G, sys.stdout.buffer, timeline=timeline)
            sys.stdout.buffer.flush()
            if summary == "json":
                _summarise(summary, fmt, ["-"], G)
        else:
            writer(G, output, timeline=timeline)
            _summarise(summary, fmt, [str(output)], G)
    except OSError as exc:
        raise ExportError(f"cannot write {exc.filename or output}: {exc.strerror or exc}") from None


def _summarise(summary: str, fmt: str, files: list[str], G: Any) -> None:
    """What was written, on stderr: one line, or JSON for scripts."""
    counts = {"nodes": G.number_of_nodes(), "edges": G.number_of_edges()}
    if summary == "json":
        click.echo(json.dumps({"format": fmt, "files": files, **counts}), err=True)
    else:
        click.echo(f"wrote {' and '.join(files)}: {counts['nodes']} nodes, {counts['edges']} edges", err=True)


@click.command("stats")
@graph_options()
@format_option(("text", "json"), "text")
@click.option(
    "--top", type=click.IntRange(min=1), default=10, help="How many documents in each ranking (default 10)."
)
def stats_cmd(store: Path | None, endpoint: Any, fmt: str, top: int) -> None:
    """Numbers about the graph: most cited and implemented documents, components, density."""
    from kg.export.network import to_networkx
    from kg.export.stats import stats

    with open_graph(store, endpoint) as st:
        G = to_networkx(st)
    result = stats(G, top=top)
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        click.echo(format_stats(result))


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


COMMANDS = (export_cmd, stats_cmd)
