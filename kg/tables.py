"""Access to the data files shipped inside the package (tables, ontology, queries).

Everything the code reads at run time goes through here, so a plain ``pip install .`` works
from any directory. Users can extend a table without forking: set ``KG_TABLES`` to a folder
whose ``*.tsv`` files are read *after* the shipped ones (rows are appended).
"""

from __future__ import annotations

import csv
import os
from functools import cache
from importlib.resources import files
from pathlib import Path


def table_path(name: str) -> Path:
    return Path(str(files("kg.data").joinpath(name)))


def ontology_path(name: str) -> Path:
    return Path(str(files("kg.ontology").joinpath(name)))


def query_path(name: str) -> Path:
    return Path(str(files("kg.query.queries").joinpath(name)))


def _read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.startswith("#")]
    return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(lines, delimiter="\t")]


@cache
def read_table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of a shipped TSV table, plus rows of the same file under ``$KG_TABLES`` if set."""
    rows = _read_tsv(table_path(name))
    extra = os.environ.get("KG_TABLES")
    if extra and (Path(extra) / name).is_file():
        rows += _read_tsv(Path(extra) / name)
    return tuple(rows)


@cache
def rules_digest() -> str:
    """Digest of everything that decides extraction output: the version, the shipped tables, the user's
    ``$KG_TABLES`` files and the extraction code. Stored with every built source, so a changed rule or table
    re-extracts on the next ``kg build`` without ``--force``."""
    import hashlib

    import kg
    from kg._version import __version__

    h = hashlib.sha256(__version__.encode())
    pkg = Path(kg.__file__).parent
    files = (
        sorted((pkg / "data").glob("*.tsv"))
        + sorted((pkg / "extraction").glob("*.py"))
        + [pkg / "text" / "normalize.py"]
    )
    extra = os.environ.get("KG_TABLES")
    if extra and Path(extra).is_dir():
        files += sorted(Path(extra).glob("*.tsv"))
    for f in files:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]
