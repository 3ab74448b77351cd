"""Which files are documents: the one walk over paths, folders and JSONL corpora that ``kg extract`` and
``kg build`` share, so both read the same sources and pass over the same files for the same reasons.

Rules: a file named explicitly is always read; a folder is walked recursively in sorted order, hidden entries
(``.git``, ``.hidden/``) are ignored, files whose suffix is in :data:`NOT_DOCUMENTS` are skipped (with the
reason). Each object of a ``.jsonl`` file with a non-empty ``"text"`` is one source ``path#id`` (``id``, else
``doc_id``, else the line number); the other objects are skipped. A file reached twice is read once.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.text.decode import InputError, read_text

#: Suffixes a folder walk passes over (data, images, markup, exports of the graph); named explicitly, a file
#: with one of them is read all the same.
NOT_DOCUMENTS: frozenset[str] = frozenset(
    {
        ".json",
        ".csv",
        ".tsv",
        ".html",
        ".htm",
        ".pdf",
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".zip",
        ".gexf",
        ".graphml",
        ".ttl",
        ".nq",
        ".nt",
        ".trig",
        ".jsonld",
    }
)


@dataclass(frozen=True, slots=True)
class Source:
    """One document: a file (``text`` None: read it with :meth:`read`) or one object of a JSONL file."""

    name: str  # the path, or "path#id" for a JSONL object; the key of its named graph
    path: Path
    text: str | None
    sha256: str  # of the file's bytes, or of the object's text in UTF-8

    def read(self) -> str:
        """The text (decoded from the file when this is a file); raises :class:`InputError`."""
        return self.text if self.text is not None else read_text(self.path)


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file or JSONL object that is not a document, and why (not an error)."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class Failed:
    """A file or JSONL line that should be a document but cannot be read (an error)."""

    path: str
    reason: str


Item = Source | Skipped | Failed


def iter_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named, and the files under directories named (sorted, hidden ones left out)."""
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts):
                    yield f
        else:
            yield p


def iter_sources(paths: Iterable[str | Path], *, absolute: bool = False) -> Iterator[Item]:
    """Every source under ``paths`` in order, with the skipped and unreadable files in their place.

    ``absolute``: names are resolved paths (the build keys its graphs by them); else as given.
    """
    seen: set[Path] = set()
    for given in map(Path, paths):
        walked = given.is_dir()
        for p in iter_paths([given]):
            key = p.resolve()
            if key in seen:
                continue
            seen.add(key)
            if absolute:
                p = key
            if walked and p.suffix.lower() in NOT_DOCUMENTS:
                yield Skipped(str(p), f"not a document ({p.suffix.lower()} file)")
            elif p.suffix.lower() == ".jsonl":
                yield from _jsonl_sources(p)
            else:
                try:
                    data = p.read_bytes()
                except OSError as exc:
                    yield Failed(str(p), f"cannot read: {exc.strerror or exc}")
                    continue
                yield Source(str(p), p, None, hashlib.sha256(data).hexdigest())


def _jsonl_sources(p: Path) -> Iterator[Item]:
    try:
        with p.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield Failed(f"{p}#{n}", f"line {n}: invalid JSON ({exc.msg})")
                    continue
                text = obj.get("text") if isinstance(obj, dict) else None
                if not isinstance(text, str) or not text.strip():
                    yield Skipped(f"{p}#{n}", 'no "text"' if not isinstance(text, str) else 'empty "text"')
                    continue
                ident = obj.get("id") or obj.get("doc_id") or n
                yield Source(f"{p}#{ident}", p, text, hashlib.sha256(text.encode("utf-8")).hexdigest())
    except OSError as exc:
        yield Failed(str(p), f"cannot read: {exc.strerror or exc}")
    except UnicodeDecodeError:
        yield Failed(str(p), "not UTF-8 text")


def iter_documents(paths: Iterable[str | Path]) -> Iterator[tuple[str, str | InputError]]:
    """(source, text or error) for every document: the sources of :func:`iter_sources`, read."""
    for item in iter_sources(paths):
        if isinstance(item, Failed):
            yield item.path, InputError(f"{item.path}: {item.reason}")
        elif isinstance(item, Source):
            try:
                yield item.name, item.read()
            except InputError as exc:
                yield item.name, exc
