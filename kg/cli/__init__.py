"""The ``kg`` command line: a thin layer over the library, one module per group of commands."""

from __future__ import annotations

import click

from kg._version import __version__
from kg.cli import build, cluster, export, extract, query, serve
from kg.cli.errors import KgGroup

#: The command modules; each lists its commands in ``COMMANDS``.
COMMAND_MODULES = (extract, build, cluster, query, export, serve)


@click.group(name="kg", cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """vn-legal-kg: Vietnamese legal documents -> knowledge graph of citations and relations."""


for _module in COMMAND_MODULES:
    for _command in _module.COMMANDS:
        main.add_command(_command)
