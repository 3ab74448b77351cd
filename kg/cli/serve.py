"""``kg serve``: the read-only SPARQL endpoint (kg.serve) over the store."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import click

import kg.errors
from kg.cli.options import graph_options, open_graph


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


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
    help="Seconds a query may run before the request is answered 503.",
)
@click.option(
    "--workers", type=click.IntRange(1, 64), default=4, show_default=True, help="Queries run at once."
)
@click.option("--quiet", is_flag=True, help="Do not log requests.")
@graph_options(endpoint=False)
def serve_cmd(host: str, port: int, timeout: float, workers: int, quiet: bool, store: Path | None) -> None:
    """Serve the store as a SPARQL 1.1 endpoint (read-only) with a query page at /."""
    from kg.serve import make_server  # pyoxigraph: only when serving

    with open_graph(store) as st:
        try:
            server = make_server(st, host, port, timeout=timeout, workers=workers, quiet=quiet)
        except OSError as exc:
            raise kg.errors.KgError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
        if not _is_loopback(host):
            click.echo(f"warning: listening on {host}: anyone who can reach it can query the graph", err=True)
        click.echo(f"SPARQL endpoint: {server.url}  (query page: {server.url[: -len('sparql')]})", err=True)
        click.echo("Press Ctrl-C to stop.", err=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            click.echo("stopping", err=True)
        finally:
            server.server_close()


COMMANDS = (serve_cmd,)
