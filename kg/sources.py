"""Which files are documents: the one walk over paths, folders and JSONL corpora that ``kg extract`` and
``kg build`` share, so both read the same sources and pass over the same files for the same reasons.

Rules: a file named explicitly is always read; a folder is walked recursively in sorted order, hidden entries
(``.git``, ``.hidden/``) are ignored, files whose suffix is in :data:`NOT_DOCUMENTS` and the folder's own notes
(:data:`FOLDER_NOTES`: README, SOURCES, …) are skipped (with the reason). Every other file is read by :mod:`kg.readers` for what its bytes are (plain text in any encoding, PDF,
Word, HTML, RTF, images); a zip archive that is not a Word file is skipped, and so is a scan or a ``.doc`` when
the program that reads it is not installed (with the hint saying what to install). Each object of a ``.jsonl``
file with a non-empty text field (``"text"``, or the ``text_field`` given) is one source ``path#id`` (``id``, else
``doc_id``, else the line number); the other objects are skipped. A file reached twice is read once.

Nothing is lost silently: an id met again in the same JSONL file names a source of its own, ``path#id@lineN``
(two records kept one graph before, and rebuilds alternated between them), with a ``note`` naming both lines;
a lone surrogate in a JSONL text (``"\\ud800"`` is valid JSON, but no encoder takes it) is read as U+FFFD,
with a note; a file whose name is not UTF-8 (a name no graph or report can hold) is a :class:`Failed` item
that says to rename it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.readers import Progress, ReadResult, read, sniff
from kg.text.decode import InputError, read_bytes, scrub_surrogates

#: Suffixes a folder walk passes over (data, exports of the graph, spreadsheets); named explicitly, a file
#: with one of them is read all the same.
#: file names (without suffix, upper case) that describe a folder rather than hold one of its documents: a corpus's
#: README.md or SOURCES.md quotes example notes ("[Điều này được hướng dẫn bởi …]") that are no one's statement
FOLDER_NOTES: frozenset[str] = frozenset(
    {"README", "SOURCES", "LICENSE", "CHANGELOG", "CONTRIBUTING", "NOTICE"}
)

NOT_DOCUMENTS: frozenset[str] = frozenset(
    {
        ".json",
        ".csv",
        ".tsv",
        ".gif",
        ".svg",
        ".xls",
        ".xlsx",
        ".ods",
        ".xml",
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
    file_sha256: str | None  # of the file's bytes (read anyway to sniff them); None for a JSONL object
    note: str = ""  # what a user should know about how it was read (a duplicate id renamed, …)

    @property
    def sha256(self) -> str:
        """Of the file's bytes, or of the object's text in UTF-8: hashed when asked, as ``kg extract`` never
        asks (encoding and hashing every JSONL text was 2% of extracting the shared corpus)."""
        if self.file_sha256 is not None or self.text is None:
            return self.file_sha256 or ""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def load(self, progress: Progress | None = None) -> ReadResult:
        """The text and its pages, read by :mod:`kg.readers` for a file; raises :class:`InputError` (and its
        :class:`kg.readers.MissingTool`, whose ``hint`` says what to install)."""
        if self.text is not None:
            return ReadResult(self.text, None, "jsonl")
        return read(self.path, name=self.name, progress=progress)

    def read(self) -> str:
        """The text (read from the file when this is a file); raises :class:`InputError`."""
        return self.text if self.text is not None else self.load().text


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file or JSONL object that is not a document, or that needs a program not installed here, and why (not an
    error); ``hint`` says what to do about it, when something can be done."""

    path: str
    reason: str
    hint: str = ""

    @property
    def message(self) -> str:
        """The reason and the hint, one line."""
        return f"{self.reason}; {self.hint}" if self.hint else self.reason


@dataclass(frozen=True, slots=True)
class Failed:
    """A file or JSONL line that should be a document but cannot be read (an error), and what to do about it."""

    path: str
    reason: str
    hint: str = ""

    @property
    def message(self) -> str:
        """The reason and the hint, one line."""
        return f"{self.reason}; {self.hint}" if self.hint else self.reason


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


def iter_sources(
    paths: Iterable[str | Path], *, absolute: bool = False, text_field: str = "text"
) -> Iterator[Item]:
    """Every source under ``paths`` in order, with the skipped and unreadable files in their place.

    ``absolute``: names are resolved paths (the build keys its graphs by them); else as given.
    ``text_field``: the field of a JSONL object that holds its text.
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
            if not _utf8_name(p):
                yield Failed(shown_path(p), "the file name is not UTF-8", "rename the file")
                continue
            if walked and p.suffix.lower() in NOT_DOCUMENTS:
                yield Skipped(str(p), f"not a document ({p.suffix.lower()} file)")
            elif walked and p.stem.upper() in FOLDER_NOTES:
                yield Skipped(str(p), f"the folder's own notes ({p.name})", "name the file to read it anyway")
            elif p.suffix.lower() == ".jsonl":
                yield from _jsonl_sources(p, text_field)
            else:
                try:
                    data = read_bytes(p)
                except InputError as exc:
                    yield Failed(str(p), str(exc).removeprefix(f"{p}: "))
                    continue
                skip = _unreadable_here(data, p)
                yield skip or Source(str(p), p, None, hashlib.sha256(data).hexdigest())


def _utf8_name(p: Path) -> bool:
    """Whether the name can be written anywhere (a graph literal, a JSON report, a terminal): a name of
    bytes that are not UTF-8 reaches Python with surrogate escapes, which no encoder takes."""
    try:
        str(p).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def shown_path(p: str | Path) -> str:
    """A path as it can be printed and written to JSON: bytes that are not UTF-8 shown as ``\\xff``."""
    return str(p).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _unreadable_here(data: bytes, p: Path) -> Skipped | None:
    """A file the walk can tell from its bytes it will not read: an archive, or a format whose program is
    missing (a scan without Tesseract, a .doc without antiword or LibreOffice)."""
    kind = sniff(data, p.name)
    if kind == "zip":
        return Skipped(str(p), "not a document (zip archive)", "unpack it and give the folder")
    if kind == "image":
        from kg.readers import ocr

        if not ocr.available():
            return Skipped(
                str(p), "scanned image, needs OCR (Tesseract is not installed)", ocr.TESSERACT_HINT
            )
    if kind == "doc":
        from kg.readers import doc

        if not doc.available():
            return Skipped(str(p), "Word .doc, needs antiword or LibreOffice (not installed)", doc.HINT)
    return None


def _jsonl_sources(p: Path, text_field: str = "text") -> Iterator[Item]:
    names: dict[str, int] = {}  # source name -> line that took it
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
                text = obj.get(text_field) if isinstance(obj, dict) else None
                if not isinstance(text, str) or not text.strip():
                    what = "no" if not isinstance(text, str) else "empty"
                    hint = ""
                    if isinstance(obj, dict) and text_field not in obj:
                        fields = [k for k, v in obj.items() if isinstance(v, str) and v.count(" ") > 30]
                        if fields:
                            hint = f"the text may be in {', '.join(map(repr, fields))}: use --text-field"
                    yield Skipped(f"{p}#{n}", f'{what} "{text_field}"', hint)
                    continue
                ident = obj.get("id") or obj.get("doc_id") or n
                name, notes = f"{p}#{ident}", []
                if name in names:
                    first = names[name]
                    name = f"{name}@line{n}"
                    while name in names:  # an id that itself looks like "a@line2"
                        name += "+"
                    kept = name[len(f"{p}#") :]
                    notes.append(f"duplicate id {str(ident)!r} at lines {first} and {n}: this one is #{kept}")
                names[name] = n
                # a lone surrogate comes only from an escape "\\udxxx": the line was decoded from UTF-8
                if "\\ud" in line or "\\uD" in line:
                    text, scrubbed = scrub_surrogates(text)
                    if scrubbed:
                        notes.append(f"line {n}: {scrubbed} lone surrogate(s) (not text) read as U+FFFD")
                yield Source(name, p, text, None, "; ".join(notes))
    except OSError as exc:
        yield Failed(str(p), f"cannot read: {exc.strerror or exc}")
    except UnicodeDecodeError:
        yield Failed(str(p), "not UTF-8 text")


def iter_documents(paths: Iterable[str | Path]) -> Iterator[tuple[str, str | InputError]]:
    """(source, text or error) for every document: the sources of :func:`iter_sources`, read."""
    for item in iter_sources(paths):
        if isinstance(item, Failed):
            yield item.path, InputError(f"{item.path}: {item.message}")
        elif isinstance(item, Source):
            try:
                yield item.name, item.read()
            except InputError as exc:
                yield item.name, exc
