"""Reading documents from disk: decoding, and refusing what is not text with a one-line reason."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from kg.errors import InputError

__all__ = ["MAX_BYTES", "InputError", "decode", "read_text"]

#: Larger files are refused rather than risk an out-of-memory kill mid-batch.
MAX_BYTES = 256 * 1024 * 1024


_VN_MARKS = re.compile("[\u0300\u0301\u0303\u0309\u0323]")
# Legacy 8-bit Vietnamese encodings, seen through latin-1: TCVN3 (ABC) puts letters at 0xA1-0xFE
# (đ = 0xAE, á = 0xB8, à = 0xB5, ả = 0xB6, ạ = 0xB9, ư = 0xAD, ơ = 0xAC); VNI writes a base letter
# followed by a tone byte (Quyeát ñònh).
_TCVN3 = re.compile(
    "[\u00ae\u00b8\u00b5\u00b6\u00b7\u00b9\u00ad\u00ac\u00a7\u00ab\u00a9\u00aa][a-z]|[a-z][\u00b8\u00b5\u00b6\u00b7\u00b9\u00e7\u00e8]"
)
_VNI = re.compile("[aeiouyAEIOUY][\u00f8\u00f9\u00fa\u00fb\u00f5\u00ef\u00e2\u00ea\u00f4]|\u00f1[a-z]")


def decode(data: bytes, name: str = "<bytes>") -> str:
    """Bytes -> text: UTF-8 (with or without BOM), UTF-16 (BOM or NUL pattern), Windows-1258."""
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
        return _check_text(data.decode("utf-8"), name)
    except UnicodeDecodeError as exc:
        bad = exc.start
    latin = data.decode("latin-1")
    if len(_TCVN3.findall(latin)) >= 3:
        raise InputError(f"{name}: legacy TCVN3 (ABC) encoding; convert it to Unicode (UTF-8) first")
    if len(_VNI.findall(latin)) >= 3:
        raise InputError(f"{name}: legacy VNI encoding; convert it to Unicode (UTF-8) first")
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        text = ""
    if text and len(_VN_MARKS.findall(text)) >= 3:
        return _check_text(text, name)
    raise InputError(f"{name}: not valid UTF-8 (byte {bad}) and not a known Vietnamese encoding")


def _check_text(text: str, name: str) -> str:
    sample = text[:8192]
    controls = sum(1 for c in sample if (ord(c) < 32 and c not in "\n\r\t\f\v") or c == "\ufffd")
    if controls > max(8, len(sample) // 20):
        raise InputError(f"{name}: binary file, not text")
    if not text.strip():
        raise InputError(f"{name}: empty file")
    return text


def read_text(path: str | Path) -> str:
    """Decode one file; raise :class:`InputError` with a one-line message on anything else."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if p.is_dir():
            raise InputError(f"{p}: is a directory")
        if size > MAX_BYTES:
            raise InputError(f"{p}: {size // 2**20} MB is larger than the {MAX_BYTES // 2**20} MB limit")
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{p}: no such file") from None
    except PermissionError:
        raise InputError(f"{p}: permission denied") from None
    except IsADirectoryError:
        raise InputError(f"{p}: is a directory") from None
    except OSError as exc:
        raise InputError(f"{p}: {exc.strerror or exc}") from None
    return decode(data, str(p))
