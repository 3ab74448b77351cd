"""Reading plain-text documents from disk: decoding (legacy encodings converted), and refusing what is not
text with a one-line reason. Other formats (PDF, Word, HTML, images) go through :mod:`kg.readers`."""

from __future__ import annotations

import codecs
import re
import stat
from pathlib import Path

from kg.errors import InputError
from kg.text.legacy import guess, repair

__all__ = [
    "MAX_BYTES",
    "InputError",
    "decode",
    "read_bytes",
    "read_text",
    "scrub_surrogates",
    "scrub_to_utf8",
]

#: Larger files are refused rather than risk an out-of-memory kill mid-batch.
MAX_BYTES = 256 * 1024 * 1024


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def scrub_surrogates(text: str) -> tuple[str, int]:
    """``text`` with each lone surrogate replaced by U+FFFD, and how many there were.

    Decoded bytes never hold one, but a JSONL text can (``"\\ud800"`` is valid JSON) and so can a string a
    caller passes; no encoder takes them (spaCy's tokenizer, the store, stdout all fail). One code point
    for one keeps every offset."""
    if text.isascii():
        return text, 0
    return _LONE_SURROGATE.subn("\ufffd", text)


def scrub_to_utf8(text: str) -> tuple[str, int, bytes]:
    """:func:`scrub_surrogates`, and the result's UTF-8 form.

    Why: the extractor needs both (the boilerplate needles are found in the UTF-8 bytes, kg.text.literals), and
    the encoding is itself the exact test: UTF-8 encodes every code point but a lone surrogate, so a text it
    takes has none, and the search for one (0.05 s of the corpus) is skipped."""
    try:
        return text, 0, text.encode("utf-8")
    except UnicodeEncodeError:
        scrubbed, count = scrub_surrogates(text)
        return scrubbed, count, scrubbed.encode("utf-8")


def decode(data: bytes, name: str = "<bytes>") -> str:
    """Bytes -> text: UTF-8 (with or without BOM), UTF-16 (BOM or NUL pattern), else the legacy 8-bit
    Vietnamese encodings Windows-1258, TCVN3 (ABC) and VNI, converted to Unicode NFC (:mod:`kg.text.legacy`).
    The one entry for bytes of plain text."""
    if not data or not data.strip():
        raise InputError(f"{name}: empty file")
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return _check_text(data.decode(enc), name)
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: invalid {enc.upper()} at byte {exc.start}") from None
    head = data[:4096]
    if 0 in head:
        # UTF-16 without BOM puts a NUL beside every ASCII character; anything else with NULs is binary
        even, odd = head[0::2].count(0), head[1::2].count(0)
        enc = None
        if head.count(0) > len(head) // 4:
            enc = "utf-16-le" if odd > even * 4 else "utf-16-be" if even > odd * 4 else None
        if enc:
            try:
                return _check_text(data.decode(enc), name)
            except UnicodeDecodeError:
                pass
        raise InputError(f"{name}: binary file, not text")
    try:
        return _check_text(repair(data.decode("utf-8")), name)
    except UnicodeDecodeError as exc:
        bad = exc.start
    guessed = guess(data)
    if guessed is not None:
        return _check_text(guessed[0], name)
    raise InputError(f"{name}: not valid UTF-8 (byte {bad}) and not a known Vietnamese encoding")


#: what :func:`_check_text` counts as binary debris: control characters other than line and page breaks and
#: tabs (\t \n \v \f \r are 9-13), and U+FFFD
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\ufffd]")


def control_count(sample: str) -> int:
    """How many characters of ``sample`` are :data:`_CONTROL` debris: one regex pass in C (a generator over the
    characters took 0.6 ms a file)."""
    return len(_CONTROL.findall(sample))


def _check_text(text: str, name: str) -> str:
    sample = text[:8192]
    controls = control_count(sample)
    if controls > max(8, len(sample) // 20):
        raise InputError(f"{name}: binary file, not text")
    if not text.strip():
        raise InputError(f"{name}: empty file")
    return text


def read_bytes(path: str | Path) -> bytes:
    """The bytes of one file; raise :class:`InputError` with a one-line message (missing, a directory, too
    large, unreadable)."""
    p = Path(path)
    try:
        info = p.stat()
        size = info.st_size
        if p.is_dir():
            raise InputError(f"{p}: is a directory")
        if not stat.S_ISREG(info.st_mode):
            # a FIFO or a device would block the read forever (or never end)
            raise InputError(
                f"{p}: not a regular file (a pipe, socket or device); for a stream give '-' (stdin)"
            )
        if size > MAX_BYTES:
            raise InputError(f"{p}: {size // 2**20} MB is larger than the {MAX_BYTES // 2**20} MB limit")
        return p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{p}: no such file") from None
    except PermissionError:
        raise InputError(f"{p}: permission denied") from None
    except IsADirectoryError:
        raise InputError(f"{p}: is a directory") from None
    except OSError as exc:
        raise InputError(f"{p}: {exc.strerror or exc}") from None


def read_text(path: str | Path) -> str:
    """Decode one plain-text file; raise :class:`InputError` with a one-line message on anything else."""
    return decode(read_bytes(path), str(path))
