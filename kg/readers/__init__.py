"""Every input format behind one call: :func:`read` gives the text of a file (or bytes) and where its pages are.

Officials keep PDFs (with a text layer or scanned), Word files (.docx, old .doc typed in TCVN3/VNI fonts), saved
portal pages and plain text in legacy encodings. The format is told by content (magic bytes), the file name only
breaks ties, so a ``.txt`` that is really a PDF, or a ``.doc`` that is really HTML, is read for what it is.

Readers import their libraries and look for their tools (Tesseract, pdftoppm, antiword, LibreOffice) only when a
file needs them; a missing one is a :class:`MissingTool` whose ``hint`` says what to install, so everything else
still runs on a machine without them.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from io import BytesIO
from pathlib import Path

from kg.errors import InputError
from kg.readers.base import KINDS, MissingTool, Progress, ReadResult, join_pages, log, report
from kg.text.decode import decode, read_bytes

__all__ = ["KINDS", "MissingTool", "Progress", "ReadResult", "join_pages", "read", "report", "sniff"]


def sniff(data: bytes, name: str = "") -> str:
    """The kind of ``data`` (one of :data:`KINDS`) from its first bytes; the suffix of ``name`` breaks ties."""
    head = data[:2048]
    suffix = Path(name).suffix.lower()
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"):  # a zip (an empty one starts at its end)
        try:
            with zipfile.ZipFile(BytesIO(data)) as z:
                return "docx" if "word/document.xml" in z.namelist() else "zip"
        except zipfile.BadZipFile:
            return "docx" if suffix == ".docx" else "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if head.startswith(b"\x89PNG\r\n\x1a\n") or head.startswith(b"\xff\xd8\xff"):
        return "image"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "image"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith(b"{\\rtf"):
        return "rtf"
    if stripped.startswith((b"<!doctype html", b"<html")) or b"<html" in stripped[:512]:
        return "html"
    if suffix in (".html", ".htm", ".xhtml") and stripped.startswith(b"<"):
        return "html"
    return "text"


def read(
    source: str | Path | bytes, *, name: str | None = None, progress: Progress | None = None
) -> ReadResult:
    """The text of a file or of bytes, whatever the format; raises :class:`InputError` (one line) or
    :class:`MissingTool` (with the install hint)."""
    if isinstance(source, bytes):
        data, label = source, name or "<bytes>"
    else:
        data, label = read_bytes(source), name or str(source)
    kind = "file"
    try:
        kind = sniff(data, label)
        log.debug("%s: %s", label, kind)
        return _read_as(kind, data, label, progress)
    except InputError:
        raise
    except _BROKEN as exc:
        # a damaged file (a zip member that does not inflate, a table offset past the end): one line, not a traceback
        raise InputError(f"{label}: a damaged {kind} file ({type(exc).__name__}: {_one_line(exc)})") from None


#: what the format libraries raise on damaged bytes
_BROKEN = (
    zipfile.BadZipFile,
    zlib.error,
    ValueError,
    EOFError,
    KeyError,
    IndexError,
    struct.error,
    UnicodeError,
)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200]


def _read_as(kind: str, data: bytes, label: str, progress: Progress | None) -> ReadResult:
    if kind == "text":
        return ReadResult(decode(data, label), None, "text")
    if kind == "zip":
        raise InputError(f"{label}: a zip archive, not a document (unpack it first)")
    if kind == "pdf":
        from kg.readers.pdf import read_pdf

        return read_pdf(data, label, progress)
    if kind == "image":
        from kg.readers.ocr import read_image

        return read_image(data, label, progress)
    if kind == "docx":
        from kg.readers.docx import read_docx

        return read_docx(data, label)
    if kind == "doc":
        from kg.readers.doc import read_doc

        return read_doc(data, label)
    if kind == "html":
        from kg.readers.html import read_html

        return read_html(data, label)
    from kg.readers.rtf import read_rtf

    return read_rtf(data, label)
