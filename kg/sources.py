"""Which files are documents: the one walk over paths, folders and JSONL corpora that every command uses."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.text.decode import InputError, read_text


def iter_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named, and the files under directories named (sorted, hidden ones skipped)."""
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts):
                    yield f
        else:
            yield p


def iter_documents(paths: Iterable[str | Path]) -> Iterator[tuple[str, str | InputError]]:
    """(source, text or error) for every document: plain files, and each object with a "text" in JSONL files."""
    for given in map(Path, paths):
        yield from _documents_under(given, walked=given.is_dir())


#: Files a directory walk passes over (data, images, exports); named explicitly they are read.
_NOT_TEXT = (
    ".json",
    ".csv",
    ".html",
    ".htm",
    ".pdf",
    ".png",
    ".jpg",
    ".jpeg",
    ".gexf",
    ".ttl",
    ".nq",
    ".zip",
)


def _documents_under(given: Path, walked: bool) -> Iterator[tuple[str, str | InputError]]:
    for p in iter_paths([given]):
        if p.suffix == ".jsonl":
            try:
                with p.open(encoding="utf-8") as fh:
                    for i, line in enumerate(fh, 1):
                        if not line.strip():
                            continue
                        try:
                            obj = json.loads(line)
                        except json.JSONDecodeError:
                            yield f"{p}#{i}", InputError(f"{p}:{i}: not a JSON object")
                            continue
                        if isinstance(obj, dict) and isinstance(obj.get("text"), str):
                            yield f"{p}#{obj.get('id', i)}", obj["text"]
            except (OSError, UnicodeDecodeError) as exc:
                yield str(p), InputError(f"{p}: {exc}")
            continue
        if walked and p.suffix.lower() in _NOT_TEXT:
            continue
        try:
            yield str(p), read_text(p)
        except InputError as exc:
            yield str(p), exc
