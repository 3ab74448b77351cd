"""Options shared by several commands, so every command spells them the same way, and the one way a command
opens the graph store."""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Literal

import click

from kg.errors import ArgumentError, StoreError

DEFAULT_STORE = "kg-store"

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


class Choice(click.Choice):
    """``click.Choice`` that ignores case and surrounding spaces and says ``unknown <what> 'x' (use a, b or c)``."""

    def __init__(self, choices: Sequence[str], what: str = "value") -> None:
        super().__init__(choices, case_sensitive=False)
        self.what = what

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value.strip() if isinstance(value, str) else value, param, ctx)
        except click.BadParameter:
            names = [str(c) for c in self.choices]
            listed = ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else names[0]
            self.fail(f"unknown {self.what} {value!r} (use {listed})", param, ctx)


def format_option(choices: Sequence[str], default: str, help: str = "Output format.") -> Decorator:
    """``--format`` (parameter ``fmt``) with a closed list of values."""
    return click.option(
        "--format",
        "fmt",
        type=Choice(choices, "format"),
        default=default,
        show_default=True,
        help=help,
    )


def output_option(help: str = "File to write (default: stdout).") -> Decorator:
    """``-o/--output FILE``: the one definition every command that writes a file uses."""
    return click.option(
        "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None, help=help
    )


def ocr_option(help: str = "Treat the text as OCR output: detect, always, never.") -> Decorator:
    """``--ocr auto|on|off``: whether to repair OCR confusions (auto-detected by default)."""
    return click.option(
        "--ocr", type=Choice(("auto", "on", "off"), "OCR mode"), default="auto", show_default=True, help=help
    )


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
            raise ArgumentError("--endpoint-user needs the password in $KG_ENDPOINT_PASSWORD")
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


def graph_options(endpoint: bool = True) -> Decorator:
    """``--store`` and, for commands that also work on a SPARQL server, ``--endpoint`` and its companions."""

    def decorate(f: Callable[..., Any]) -> Callable[..., Any]:
        return store_option(endpoint_option(f) if endpoint else f)

    return decorate


Mode = Literal["read", "write", "create"]


@contextlib.contextmanager
def open_graph(path: Path | None, endpoint: Any = None, *, mode: Mode = "read") -> Iterator[Any]:
    """The graph store every command works on, closed on the way out.

    ``path`` is ``--store`` (default: :func:`default_store`), ``endpoint`` a ``kg.store.remote.Endpoint``.
    ``read``: an existing store, read-only (a missing one is an error that says to build one); ``write``: an
    existing store, writable; ``create``: created when missing. Failures are one-line ``StoreError``s.
    """
    from kg.store import Store, open_store  # pyoxigraph: only when a command needs the store

    where = path or default_store()
    read_only = mode == "read"
    if endpoint is not None:
        store = open_store(endpoint=endpoint, read_only=read_only)
    elif read_only and not where.exists():
        raise StoreError(
            f"no store at {where}: there is no graph store yet; build one with `kg build FILES` or pass --store"
        )
    else:
        store = Store.open(where, create=mode == "create", read_only=read_only)
    try:
        yield store
    finally:
        close = getattr(store, "close", None)
        if callable(close):
            if read_only:
                # a read-only pyoxigraph store raises RuntimeError on flush; nothing was written, nothing is lost
                with contextlib.suppress(OSError, RuntimeError):
                    close()
            else:
                close()
