"""Access to the data files shipped inside the package (tables, ontology, queries).

Everything the code reads at run time goes through here, so a plain ``pip install .`` works
from any directory. The word lists and codes of ``kg/data/*.tsv`` are read by :func:`read_table`
only, by column name, so a table can gain a column without breaking a reader.

Users extend a table without forking: set ``KG_TABLES`` to a folder whose ``<name>.tsv`` files are
read *after* the shipped ones (rows are appended). An overlay must have every column of the shipped
table except the optional ones (``example``); a broken row fails loudly with file and line.
"""

from __future__ import annotations

import hashlib
import os
import warnings
from functools import cache
from importlib.resources import files
from pathlib import Path

from kg._version import __version__
from kg.errors import TableError

Row = dict[str, str]
"""One table row: header column -> stripped cell ("" for an empty cell)."""

OPTIONAL_COLUMNS = frozenset({"example"})
"""Columns of the shipped tables that ``$KG_TABLES`` overlays may leave out."""

_PKG = Path(__file__).parent
_warned: set[str] = set()


def table_path(name: str) -> Path:
    return Path(str(files("kg.data").joinpath(name)))


def ontology_path(name: str) -> Path:
    return Path(str(files("kg.ontology").joinpath(name)))


def query_path(name: str) -> Path:
    return Path(str(files("kg.query.queries").joinpath(name)))


def shipped_tables() -> tuple[str, ...]:
    """File names of the tables shipped in ``kg/data`` (``issuers.tsv``, ...)."""
    return tuple(sorted(p.name for p in (_PKG / "data").glob("*.tsv")))


def _warn_once(message: str) -> None:
    if message not in _warned:
        _warned.add(message)
        warnings.warn(message, UserWarning, stacklevel=3)


def _label(path: Path) -> str:
    """``kg/data/issuers.tsv`` for a shipped table (short, like the repository), else the path as given."""
    try:
        return str(Path("kg") / path.resolve().relative_to(_PKG.resolve()))
    except ValueError:
        return str(path)


def _read_tsv(path: Path) -> tuple[list[str], list[Row]]:
    """Header and rows of one TSV file; ``#`` lines and blank lines are comments."""
    label = _label(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TableError(f"{label}: cannot read table: {exc}") from exc
    header: list[str] | None = None
    rows: list[Row] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if header is None:
            header = cells
            continue
        if len(cells) != len(header):
            raise TableError(f"{label}:{lineno}: {len(cells)} cells, header has {len(header)}")
        rows.append(dict(zip(header, cells, strict=True)))
    if header is None:
        raise TableError(f"{label}: no header line")
    return header, rows


def overlay_dir() -> Path | None:
    """The ``$KG_TABLES`` folder, or None when it is not set; warns (once) about files in it that extend no
    shipped table (a typo in a file name would otherwise be ignored silently).

    A ``$KG_TABLES`` that is not a folder is a :class:`kg.errors.TableError`: a typo in the variable would
    otherwise build a whole corpus without the user's rows, and the output would not say so."""
    extra = os.environ.get("KG_TABLES")
    if not extra:
        return None
    folder = Path(extra)
    if not folder.is_dir():
        what = "not a folder" if folder.exists() else "no such folder"
        raise TableError(f"KG_TABLES={extra}: {what} (unset KG_TABLES to use the shipped tables only)")
    shipped = set(shipped_tables())
    for p in sorted(folder.glob("*.tsv")):
        if p.name not in shipped:
            _warn_once(f"{p}: not a shipped table (one of {', '.join(sorted(shipped))}), ignored")
    return folder


@cache
def read_table(name: str) -> tuple[Row, ...]:
    """Rows of a shipped TSV table, plus rows of the same file under ``$KG_TABLES`` if set.

    Raises :class:`kg.errors.TableError` (file and line) for a row with the wrong number of cells, an
    overlay that lacks a column of the shipped table, or a file that cannot be read."""
    path = table_path(name)
    if not path.is_file():
        raise TableError(f"kg/data/{name}: no such table (one of {', '.join(shipped_tables())})")
    header, rows = _read_tsv(path)
    folder = overlay_dir()
    if folder is not None and (folder / name).is_file():
        extra_header, extra_rows = _read_tsv(folder / name)
        missing = [c for c in header if c not in extra_header and c not in OPTIONAL_COLUMNS]
        if missing:
            raise TableError(
                f"{folder / name}:1: header lacks column(s) {', '.join(missing)} of {_label(path)}"
            )
        rows += [{**dict.fromkeys(header, ""), **r} for r in extra_rows]
    return tuple(rows)


@cache
def rules_digest() -> str:
    """Digest of everything that decides extraction output: the version, the shipped tables, the user's
    ``$KG_TABLES`` files and the extraction code. Stored with every built source, so a changed rule or table
    re-extracts on the next ``kg build`` without ``--force``."""
    h = hashlib.sha256(__version__.encode())
    paths = (
        sorted((_PKG / "data").glob("*.tsv"))
        + sorted((_PKG / "extraction").glob("*.py"))
        + sorted((_PKG / "readers").glob("*.py"))
        + [_PKG / "text" / "normalize.py", _PKG / "text" / "legacy.py", _PKG / "text" / "decode.py"]
    )
    extra = overlay_dir()
    if extra is not None:
        paths += sorted(extra.glob("*.tsv"))
    for f in paths:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]
