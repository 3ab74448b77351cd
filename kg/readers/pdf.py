"""PDF: the text layer with pypdf, page by page; pages without a usable text layer go to OCR.

pypdf (BSD) was chosen over pdfminer.six (MIT) by measuring both on a PDF written from a corpus text with a
two-column header (issuer | national motto, as every Vietnamese official letter has): the same body text
(0.987 similarity to the source for both), but pdfminer.six put a blank line between every two lines, doubled the
spaces of justified lines and interleaved "Số: 645/QĐ-UBND" between the two header columns, while pypdf kept
each column in order; pypdf was also faster (0.12 s against 0.15 s for 3 pages). PyMuPDF was not considered
(AGPL).

Running heads and page numbers stay in the text: ``kg/data/boilerplate.tsv`` recognises the gazette head
("CÔNG BÁO/Số …/Ngày …") and page markers, so mentions in them are flagged rather than lost.
"""

from __future__ import annotations

import io
import logging
import re

from kg.errors import InputError
from kg.readers.base import MissingTool, Progress, ReadResult, join_pages, log, report
from kg.text.legacy import repair

_HINT = "install it with: python -m pip install pypdf"

# a word split at the line end: soft hyphen, or a hyphen before a lower-case letter (foreign words; Vietnamese
# syllables are not split); a symbol split after its hyphen or slash keeps it ("57-\nNQ/TW", "645/\nQĐ-UBND")
_SOFT = re.compile("\u00ad[ \t]*\n[ \t]*")
_WORD_SPLIT = re.compile(r"(?<=[^\W\d_])-[ \t]*\n[ \t]*(?=[a-zđà-ỹ])")
_SYMBOL_SPLIT = re.compile(r"(?<=[\w.])([-/])[ \t]*\n[ \t]*(?=[A-ZĐ0-9])")
_LETTER = re.compile(r"[^\W\d_]")
_CID = re.compile(r"\(cid:\d+\)|[\ufffd\ue000-\uf8ff]")

#: A page with fewer letters than this in its text layer is a scan (or a blank page) and is OCR'd.
MIN_LETTERS = 40


def dehyphenate(text: str) -> str:
    """Join words and symbols that the PDF broke at a line end."""
    text = _SOFT.sub("", text)
    text = _WORD_SPLIT.sub("", text)
    return _SYMBOL_SPLIT.sub(r"\1", text)


def usable(text: str) -> bool:
    """A text layer worth keeping: enough letters, and not a font without a Unicode map ("(cid:12)", private-use
    glyphs)."""
    letters = len(_LETTER.findall(text))
    return letters >= MIN_LETTERS and len(_CID.findall(text)) < letters // 10


def _open(data: bytes, name: str):  # noqa: ANN202 - pypdf.PdfReader, imported lazily
    try:
        import pypdf
        from pypdf.errors import DependencyError, PdfReadError
    except ImportError:
        raise MissingTool(f"{name}: reading PDF needs pypdf", _HINT) from None
    logging.getLogger("pypdf").setLevel(
        logging.ERROR
    )  # its repair notes are noise; a broken file is one error
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except DependencyError:
                raise MissingTool(
                    f"{name}: encrypted PDF needs the cryptography package",
                    "install it with: python -m pip install cryptography",
                ) from None
            if not ok:
                raise InputError(
                    f"{name}: password-protected PDF; remove the password first (qpdf --decrypt)"
                )
        len(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise InputError(
            f"{name}: corrupt PDF ({type(exc).__name__}: {str(exc).splitlines()[0][:120]})"
        ) from None
    return reader


def read_pdf(data: bytes, name: str, progress: Progress | None = None) -> ReadResult:
    """Text of a PDF in reading order, one page after the other; scanned pages are OCR'd (Tesseract)."""
    reader = _open(data, name)
    n = len(reader.pages)
    texts: list[str] = []
    for i, page in enumerate(reader.pages, 1):
        try:
            texts.append(repair(dehyphenate(page.extract_text() or "")))
        except Exception as exc:  # noqa: BLE001 - one broken page must not lose the others
            log.warning("%s: page %d: no text layer read (%s)", name, i, exc)
            texts.append("")
        report(progress, i, n, "page", name)
    scanned = [i for i, t in enumerate(texts) if not usable(t)]
    if not scanned:
        return join_pages(texts, "pdf")
    from kg.readers.ocr import ocr_pdf_pages

    if len(scanned) == n:
        return join_pages(ocr_pdf_pages(data, name, scanned, progress), "pdf+ocr", ocr=True)
    try:
        ocr_texts = ocr_pdf_pages(data, name, scanned, progress)
    except MissingTool as exc:
        pages = ", ".join(str(i + 1) for i in scanned)
        return join_pages(
            texts, "pdf", warnings=(f"pages {pages} have no text layer and were not OCR'd: {exc.hint}",)
        )
    for i, t in zip(scanned, ocr_texts, strict=True):
        texts[i] = t
    # most of the text is the text layer: the extractor's OCR mode stays automatic
    return join_pages(texts, "pdf+ocr", ocr=len(scanned) * 2 > n)
