"""Scans: Tesseract OCR (command line) of images and of PDF pages rendered by pdftoppm (poppler-utils).

The seeds show where real input comes from: the second seed is the OCR of a scanned, signed letter. Tesseract's
Vietnamese model (``vie``) is used with English (``vie+eng``) when installed; without it, English alone, which
loses the diacritics the extractor's OCR mode expects to be lost. Results are flagged ``ocr=True`` so the extractor
switches its OCR mode on.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

from kg.errors import InputError
from kg.readers.base import MissingTool, Progress, ReadResult, join_pages, log, report

TESSERACT_HINT = "install Tesseract with: apt-get install tesseract-ocr tesseract-ocr-vie"
POPPLER_HINT = "install poppler-utils (pdftoppm) with: apt-get install poppler-utils"
#: Resolution PDF pages are rendered at for OCR (Tesseract reads 300 dpi best).
DPI = 300
TIMEOUT = 600  # seconds for one page


def _tool(name: str, hint: str, what: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise MissingTool(f"{what} needs {name}, which is not installed", hint)
    return path


@cache
def languages() -> str:
    """``vie+eng`` when the Vietnamese model is installed, else ``eng`` (with a warning)."""
    exe = _tool("tesseract", TESSERACT_HINT, "OCR")
    out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=60).stdout.split()
    if "vie" in out:
        return "vie+eng" if "eng" in out else "vie"
    log.warning("Tesseract has no Vietnamese model: OCR in English loses diacritics (%s)", TESSERACT_HINT)
    return "eng"


def available() -> bool:
    """Whether OCR can run here (Tesseract on the PATH)."""
    return shutil.which("tesseract") is not None


def ocr_image(image: bytes, name: str) -> str:
    """Tesseract's text of one image (PNG, JPEG, TIFF; a multi-page TIFF gives pages separated by form feeds)."""
    exe = _tool("tesseract", TESSERACT_HINT, f"{name}: OCR")
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # one thread a page: builds run files in parallel already
    try:
        res = subprocess.run(
            [exe, "stdin", "stdout", "-l", languages()],
            input=image,
            capture_output=True,
            timeout=TIMEOUT,
            env=env,
        )
    except subprocess.TimeoutExpired:
        raise InputError(f"{name}: OCR took longer than {TIMEOUT} s") from None
    if res.returncode != 0:
        err = res.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(f"{name}: Tesseract failed: {err[-1] if err else res.returncode}")
    return res.stdout.decode("utf-8", "replace")


def read_image(data: bytes, name: str, progress: Progress | None = None) -> ReadResult:
    """OCR of an image file; each page of a multi-page TIFF is a page."""
    text = ocr_image(data, name)
    pages = [p for p in text.split("\f")]
    if len(pages) > 1 and not pages[-1].strip():
        pages.pop()
    report(progress, len(pages), len(pages), "OCR page", name)
    return join_pages(pages, "ocr", ocr=True)


def ocr_pdf_pages(data: bytes, name: str, pages: list[int], progress: Progress | None = None) -> list[str]:
    """OCR of the given 0-based pages of a PDF, each rendered to a grey-scale PNG by pdftoppm."""
    _tool("tesseract", TESSERACT_HINT, f"{name}: a scanned PDF")
    pdftoppm = _tool("pdftoppm", POPPLER_HINT, f"{name}: a scanned PDF")
    out: list[str] = []
    with tempfile.TemporaryDirectory(prefix="kg-ocr-") as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(data)
        for k, i in enumerate(pages, 1):
            stem = Path(tmp) / f"p{i}"
            cmd = [
                pdftoppm,
                "-r",
                str(DPI),
                "-gray",
                "-png",
                "-f",
                str(i + 1),
                "-l",
                str(i + 1),
                "-singlefile",
            ]
            res = subprocess.run([*cmd, str(src), str(stem)], capture_output=True, timeout=TIMEOUT)
            png = stem.with_suffix(".png")
            if res.returncode != 0 or not png.is_file():
                err = res.stderr.decode("utf-8", "replace").strip().splitlines()
                raise InputError(
                    f"{name}: page {i + 1} could not be rendered: {err[-1] if err else 'pdftoppm failed'}"
                )
            out.append(ocr_image(png.read_bytes(), f"{name} page {i + 1}"))
            png.unlink()
            report(progress, k, len(pages), "OCR page", name)
    return out
