"""Options shared by several commands, so every command spells them the same way."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

DEFAULT_STORE = "kg-store"


def default_store() -> Path:
    """``$KG_STORE``, else ``./kg-store`` in the working directory."""
    return Path(os.environ.get("KG_STORE") or DEFAULT_STORE)


store_option = click.option(
    "--store",
    "store",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Graph store directory (default: $KG_STORE, else ./kg-store).",
)


def endpoint_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--endpoint URL`` (``$KG_ENDPOINT``) and its companions, folded into one ``endpoint`` argument: a
    ``kg.store.remote.Endpoint``, or None for the embedded store. The password is read from
    ``$KG_ENDPOINT_PASSWORD`` only, so it never shows in ``ps`` or shell history.

    An explicit ``--store`` wins over ``$KG_ENDPOINT``; ``--store`` with ``--endpoint`` is a usage error.
    """

    @functools.wraps(f)
    def wrapper(
        *args: Any,
        endpoint: str | None,
        update_endpoint: str | None,
        graph_store_endpoint: str | None,
        endpoint_user: str | None,
        **kwargs: Any,
    ) -> Any:
        ctx = click.get_current_context()
        if endpoint is not None and kwargs.get("store") is not None:
            if ctx.get_parameter_source("endpoint") == click.core.ParameterSource.COMMANDLINE:
                raise click.UsageError("give --store or --endpoint, not both")
            endpoint = None  # an explicit --store beats $KG_ENDPOINT
        if endpoint is None:
            if update_endpoint or graph_store_endpoint:
                raise click.UsageError("--update-endpoint and --graph-store-endpoint need --endpoint")
            return f(*args, endpoint=None, **kwargs)
        password = os.environ.get("KG_ENDPOINT_PASSWORD")
        if endpoint_user and password is None:
            raise click.ClickException("--endpoint-user needs the password in $KG_ENDPOINT_PASSWORD")
        from kg.store.remote import Endpoint

        ep = Endpoint(
            endpoint.strip(),
            update=update_endpoint.strip() if update_endpoint else None,
            graph_store=graph_store_endpoint.strip() if graph_store_endpoint is not None else None,
            user=endpoint_user or None,
            password=password if endpoint_user else None,
        )
        return f(*args, endpoint=ep, **kwargs)

    options = [
        click.option(
            "--endpoint",
            envvar="KG_ENDPOINT",
            metavar="URL",
            default=None,
            help="Use the graph on this SPARQL 1.1 query endpoint instead of --store (default: $KG_ENDPOINT).",
        ),
        click.option(
            "--update-endpoint",
            envvar="KG_UPDATE_ENDPOINT",
            metavar="URL",
            default=None,
            help="SPARQL Update URL (default: derived from --endpoint, e.g. /query -> /update).",
        ),
        click.option(
            "--graph-store-endpoint",
            envvar="KG_GRAPH_STORE_ENDPOINT",
            metavar="URL",
            default=None,
            help="Graph Store Protocol URL for replacing graphs (default: derived; '' = use SPARQL Update).",
        ),
        click.option(
            "--endpoint-user",
            envvar="KG_ENDPOINT_USER",
            metavar="NAME",
            default=None,
            help="User for Basic/Digest auth (password from $KG_ENDPOINT_PASSWORD).",
        ),
    ]
    for opt in reversed(options):
        wrapper = opt(wrapper)
    return wrapper


def open_read_store(path: Path | None, endpoint: Any = None) -> Any:
    """The existing store (or the graph on ``endpoint``), read-only, for commands that only read the graph;
    a missing or unusable store is a one-line error, never a traceback."""
    from kg.store import Store, StoreError, open_store

    try:
        if endpoint is not None:
            return open_store(endpoint=endpoint, read_only=True)
        where = path or default_store()
        if not where.exists():
            raise click.ClickException(
                f"no store at {where}: there is no graph store yet; build one with `kg build FILES` or pass --store"
            )
        return Store.open(where, create=False, read_only=True)
    except StoreError as exc:
        raise click.ClickException(" ".join(str(exc).split())) from None
    except OSError as exc:  # RocksDB refusing the directory
        raise click.ClickException(" ".join(str(exc).split()) or f"cannot open store {path}") from None
