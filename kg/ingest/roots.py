"""Source names that carry no local path: what a built source is called in the graph, and how to find its file.

A dump is shared data; the absolute path of every file in it tells strangers the user's folder layout and home
folder name (``/home/nguyen.van.a/...``). So a source is named from its build root, the path given to
``kg build``: ``kg build ~/vbpl/corpus`` names ``~/vbpl/corpus/laws/x.txt`` ``corpus/laws/x.txt``, a file given
alone is named by its file name, and a JSONL record ``corpus/all.jsonl#<id>``. The root's own folder name is
kept so that two roots of one store (``kg build a b``) cannot name two files alike, and the name does not depend
on the directory the build runs from (a rebuild from elsewhere finds its sources unchanged).

Where each root is on disk is recorded beside an on-disk store, in ``kg-roots.json`` inside the store folder,
never in the graph (so never in a dump or a SPARQL answer): :func:`source_file` turns a name back into the file
and :func:`find_source` into the source itself (``kg annotate NAME`` of an evidence's source; the explorer),
falling back to the current directory; a store on a SPARQL server records nothing and resolves against the
current directory only. ``absolute=True``
(``kg build --absolute-paths``) keeps the old behaviour: resolved absolute paths, nothing recorded.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kg.errors import ArgumentError, StoreError
from kg.sources import Item, Source, iter_sources

#: The file, inside an on-disk store's folder, that says where each build root is.
ROOTS_FILE = "kg-roots.json"


@dataclass
class Naming:
    """How one build names its sources: the root of each name, and the absolute name an older build (or
    ``--absolute-paths``) gave the same source, so that rebuilding replaces it instead of keeping both."""

    absolute: bool = False
    roots: dict[str, str] = field(default_factory=dict)  # root name -> its absolute path
    legacy: dict[str, str] = field(default_factory=dict)  # source name -> the absolute name of that source

    def add_roots(self, paths: Iterable[str | Path]) -> None:
        """Name the build roots. Two different roots of the same name are refused: their files would share names
        (``a/docs/x.txt`` and ``b/docs/x.txt`` would both be ``docs/x.txt``)."""
        if self.absolute:
            return
        for p in map(Path, paths):
            name, where = root_name(p), str(p.resolve())
            if self.roots.setdefault(name, where) != where:
                raise ArgumentError(
                    f"two build roots are named {name!r} ({self.roots[name]} and {where}): their files would "
                    "share names; build their common parent folder, or use --absolute-paths"
                )

    def aliases(self, name: str) -> list[str]:
        """The names this source may carry in the store: its own first, then the absolute one."""
        old = self.legacy.get(name)
        return [name] if old is None or old == name else [name, old]


def root_name(root: Path) -> str:
    """What a root is called in source names: its own file or folder name (``corpus``), resolved so that
    ``.`` and ``corpus/`` name the folder itself."""
    resolved = root.resolve()
    return resolved.name or resolved.anchor.replace(os.sep, "") or "root"


def named_sources(paths: Iterable[str | Path], naming: Naming, *, text_field: str = "text") -> Iterator[Item]:
    """:func:`kg.sources.iter_sources`, with each source renamed after its build root (see the module); fills
    ``naming.roots`` (:meth:`Naming.add_roots`) and ``naming.legacy``."""
    paths = [Path(p) for p in paths]
    if naming.absolute:
        yield from iter_sources(paths, absolute=True, text_field=text_field)
        return
    naming.add_roots(paths)
    seen: set[Path] = set()
    for given in paths:
        label = Path(root_name(given))
        fresh: set[Path] = set()
        for item in iter_sources([given], text_field=text_field):
            if not isinstance(item, Source):
                yield item
                continue
            key = item.path.resolve()
            if key in seen:  # reached through an earlier root: read once, named after that root
                continue
            fresh.add(key)
            rel = label / item.path.relative_to(given) if given.is_dir() else label
            suffix = item.name[len(str(item.path)) :]  # "#<id>" of a JSONL record, else ""
            name = rel.as_posix() + suffix
            naming.legacy[name] = str(key) + suffix
            yield replace(item, name=name)
        seen |= fresh


# --------------------------------------------------------------------------- the record beside the store


def _roots_path(store: Any) -> Path | None:
    """``store``: an open store, or the folder of an on-disk one (no need to open it to read the record)."""
    path = store if isinstance(store, str | Path) else getattr(store, "path", None)
    return Path(path) / ROOTS_FILE if path is not None else None


def recorded_roots(store: Any) -> dict[str, str]:
    """Root name -> absolute path, as recorded beside an on-disk store (empty for others, or none yet)."""
    path = _roots_path(store)
    if path is None or not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def record_roots(store: Any, roots: dict[str, str]) -> None:
    """Add this build's roots to the record; refuses a root whose name another existing folder already holds
    in this store (a rebuild from elsewhere would replace that folder's sources). A recorded folder that no
    longer exists was moved: the new place replaces it."""
    path = _roots_path(store)
    if path is None or not roots:
        return
    known = recorded_roots(store)
    for name, where in roots.items():
        old = known.get(name)
        if old and old != where and Path(old).exists():
            raise ArgumentError(
                f"this store already holds sources named {name!r}/… from {old}; {where} would replace them: "
                "build their common parent folder, or use --absolute-paths"
            )
    merged = dict(sorted({**known, **roots}.items()))
    if merged == known:
        return
    try:
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(merged, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        raise StoreError(f"cannot record the build roots in {path}: {exc.strerror or exc}") from None


def source_file(store: Any, name: str) -> Path | None:
    """The file a source name (a graph's ``vnl:path``) stands for, or None when it is not found here.

    An absolute name is itself; a relative one is looked up under its recorded root, then under the current
    directory. A JSONL record (``…/all.jsonl#<id>``) gives its JSONL file."""
    candidates: list[Path] = []
    for plain in dict.fromkeys([name, name.rsplit("#", 1)[0]]):
        p = Path(plain)
        if p.is_absolute():
            candidates.append(p)
            continue
        head = p.parts[0] if p.parts else ""
        where = recorded_roots(store).get(head)
        if where:
            candidates.append(Path(where).parent / p)
        candidates.append(Path.cwd() / p)
    return next((c for c in candidates if c.is_file()), None)


def find_source(store: Any, name: str) -> Source | None:
    """The source a name stands for, ready to :meth:`~kg.sources.Source.read` (a file, or one JSONL record
    found by its id), named ``name``; None when it is not found here (see :func:`source_file`)."""
    file = source_file(store, name)
    if file is None:
        return None
    record = name.rsplit("#", 1)[1] if "#" in name and file.suffix.lower() == ".jsonl" else None
    for item in iter_sources([file]):
        if isinstance(item, Source) and (record is None or item.name.rsplit("#", 1)[-1] == record):
            return replace(item, name=name)
    return None


__all__ = [
    "ROOTS_FILE",
    "Naming",
    "named_sources",
    "record_roots",
    "recorded_roots",
    "root_name",
    "source_file",
]
