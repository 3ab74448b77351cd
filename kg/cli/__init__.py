"""The ``kg`` command line: a thin layer over the library. Each module registers its commands."""

from __future__ import annotations

import importlib

import click

from kg._version import __version__

# One module per area; each has ``register(group)``. Kept as data so areas stay independent.
COMMAND_MODULES = ("extract", "build", "query", "export", "serve")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """vn-legal-kg: Vietnamese legal documents -> knowledge graph of citations and relations."""


for _name in COMMAND_MODULES:
    try:
        _mod = importlib.import_module(f"kg.cli.{_name}")
    except ModuleNotFoundError as exc:  # an area not built yet must not break the others
        if exc.name != f"kg.cli.{_name}":
            raise
        continue
    _mod.register(main)
