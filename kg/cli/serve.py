"""``kg serve``: the read-only SPARQL endpoint (kg.serve) over the store."""

from __future__ import annotations

from pathlib import Path

import click

import kg.errors
from kg.cli.options import graph_options, open_graph


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback by default).")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="0 picks a free port."
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.001),
    default=30.0,
    show_default=True,
    help="Seconds a query may run; past it the query is stopped and answered 503.",
)
@click.option(
    "--workers", type=click.IntRange(1, 64), default=4, show_default=True, help="Queries run at once."
)
@click.option(
    "--memory",
    type=click.IntRange(0),
    default=2048,
    show_default=True,
    help="MB of address space one query worker may use (0: no limit).",
)
@click.option(
    "--max-result",
    type=click.IntRange(1),
    default=64,
    show_default=True,
    help="MB of serialised results one query may return (larger: HTTP 413).",
)
@click.option(
    "--per-client",
    type=click.IntRange(0, 10000),
    default=0,
    help="Queries at once from one client address (default: workers - 1).",
)
@click.option(
    "--allow-service",
    default="",
    metavar="HOST[,HOST]",
    help="Hosts a SERVICE clause may call (refused by default).",
)
@click.option(
    "--cors",
    "cors",
    multiple=True,
    metavar="ORIGIN",
    help="Let browser pages from ORIGIN read answers (repeatable; * for any).",
)
@click.option("--quiet", is_flag=True, help="Do not log requests.")
@graph_options(endpoint=False)
def serve_cmd(
    host: str,
    port: int,
    timeout: float,
    workers: int,
    memory: int,
    max_result: int,
    per_client: int,
    allow_service: str,
    cors: tuple[str, ...],
    quiet: bool,
    store: Path | None,
) -> None:
    """Serve the store as a SPARQL 1.1 endpoint (read-only) with a query page at / and an explorer at /explore.

    Queries run in worker processes that are killed past --timeout or --memory and replaced; the data is
    the store's latest committed build (a build run meanwhile is visible without a restart).
    """
    from kg.serve import make_server  # pyoxigraph: only when serving
    from kg.serve.server import is_loopback

    hosts = tuple(h.strip() for h in allow_service.split(",") if h.strip())
    with open_graph(store) as st:
        try:
            server = make_server(
                st,
                host,
                port,
                timeout=timeout,
                workers=workers,
                quiet=quiet,
                memory_mb=memory,
                max_result=max_result << 20,
                per_client=per_client,
                allow_service=hosts,
                cors=tuple(cors),
            )
        except OSError as exc:
            raise kg.errors.KgError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
        if not is_loopback(host):
            click.echo(
                f"warning: listening on {host}, not on loopback: anyone who can reach this address can query "
                "the graph (use --host 127.0.0.1 to keep it on this machine)",
                err=True,
            )
        if hosts:
            click.echo(f"warning: SERVICE may call {', '.join(hosts)} on behalf of any client", err=True)
        root = server.url[: -len("sparql")]
        click.echo(f"SPARQL endpoint: {server.url}  (query page: {root}, explorer: {root}explore)", err=True)
        click.echo("Press Ctrl-C to stop.", err=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            click.echo("stopping", err=True)
        finally:
            server.server_close()


COMMANDS = (serve_cmd,)
