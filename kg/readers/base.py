"""What every reader gives back (:class:`ReadResult`), the error for a missing program (:class:`MissingTool`),
pages joined with their offsets kept, and progress reports for long files."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from kg.errors import InputError

log = logging.getLogger("kg.readers")

Progress = Callable[[int, int, str], None]
"""``progress(done, total, what)``: called after each page of a long file ("page", "OCR page")."""

#: What :func:`sniff` can answer; ``zip`` (an archive that is not a Word file) is not a document.
KINDS = ("text", "pdf", "docx", "doc", "rtf", "html", "image", "zip")


class MissingTool(InputError):
    """The file is readable, but only with a program or library that is not installed; ``hint`` says which."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint

    @property
    def details(self) -> list[str]:
        return [self.hint]


@dataclass(frozen=True, slots=True)
class ReadResult:
    """The text of one input and how it was obtained.

    ``pages``: (start, end) offsets of each page in ``text`` for paged input (PDF, multi-page TIFF), else None.
    ``ocr``: the text comes from OCR, so the extractor's OCR mode should be on.
    """

    text: str
    pages: tuple[tuple[int, int], ...] | None
    reader: str
    ocr: bool = False
    warnings: tuple[str, ...] = ()

    def page_at(self, offset: int) -> int | None:
        """The 1-based page holding ``offset`` (None when the input has no pages)."""
        if not self.pages:
            return None
        page = 1
        for i, (start, _end) in enumerate(self.pages, 1):
            if offset < start:
                break
            page = i  # the last page starting at or before offset (a separator belongs to the page before)
        return page


#: Files with at least this many pages report progress on the ``kg.readers`` logger when no callback is given.
PROGRESS_PAGES = 10
_last_report = [0.0]


def report(progress: Progress | None, done: int, total: int, what: str, name: str) -> None:
    """Progress of a long file: to the callback, else an INFO line of the ``kg.readers`` logger (the CLI shows
    it on stderr) at most once a second, and for the last page."""
    if progress is not None:
        progress(done, total, what)
        return
    now = time.monotonic()
    if total >= PROGRESS_PAGES and (done == total or now - _last_report[0] >= 1.0):
        _last_report[0] = now
        log.info("%s: %s %d/%d", name, what, done, total)


_PAGE_SEP = "\n\n"


def join_pages(
    pages: list[str], reader: str, *, ocr: bool = False, warnings: tuple[str, ...] = ()
) -> ReadResult:
    """One text from page texts, blank line between pages, each page's offsets kept."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for i, page in enumerate(pages):
        if i:
            parts.append(_PAGE_SEP)
            pos += len(_PAGE_SEP)
        body = page.strip("\n")
        parts.append(body)
        spans.append((pos, pos + len(body)))
        pos += len(body)
    return ReadResult("".join(parts), tuple(spans), reader, ocr, warnings)
