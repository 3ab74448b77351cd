"""Options shared by several commands, so every command spells them the same way."""

from __future__ import annotations

import os
from pathlib import Path

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
