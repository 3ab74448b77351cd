"""RTF with a small standard-library reader: text, paragraphs, ``\\uN`` and ``\\'hh`` escapes (in the file's
ANSI code page), with font tables, pictures and other hidden destinations skipped."""

from __future__ import annotations

import re
import unicodedata

from kg.errors import InputError
from kg.readers.base import ReadResult
from kg.text.legacy import repair

_TOKEN = re.compile(
    rb"\\([a-z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\([^a-z])|([{}])|[\r\n]+|([^\\{}\r\n]+)"
)
_SKIP = frozenset(
    b"fonttbl colortbl stylesheet info pict object header footer headerl headerr footerl footerr "
    b"listtable listoverridetable rsidtbl xmlnstbl generator themedata colorschememapping latentstyles "
    b"datastore fldinst".split()
)
_BREAK = {
    b"par": "\n",
    b"line": "\n",
    b"sect": "\n",
    b"page": "\n",
    b"row": "\n",
    b"cell": "\n",
    b"tab": "\t",
}


def read_rtf(data: bytes, name: str) -> ReadResult:
    """Text of an RTF file."""
    m = re.search(rb"\\ansicpg(\d+)", data[:4096])
    codepage = f"cp{m.group(1).decode()}" if m else "cp1252"
    try:
        "".encode(codepage)
    except LookupError:
        codepage = "cp1252"
    out: list[str] = []
    pending = bytearray()  # \'hh bytes, decoded together (a code page may use two bytes a letter)
    stack: list[tuple[bool, int]] = []
    skip, uc, to_drop = False, 1, 0

    def flush() -> None:
        if pending:
            if not skip:
                out.append(pending.decode(codepage, "replace"))
            pending.clear()

    for tok in _TOKEN.finditer(data):
        word, arg, hexbyte, sym, brace, plain = tok.groups()
        if hexbyte is not None:
            if to_drop:
                to_drop -= 1
            else:
                pending.append(int(hexbyte, 16))
            continue
        flush()
        if brace == b"{":
            stack.append((skip, uc))
        elif brace == b"}":
            skip, uc = stack.pop() if stack else (False, 1)
        elif word is not None:
            if word in _SKIP:
                skip = True
            elif word == b"uc" and arg:
                uc = int(arg)
            elif word == b"u" and arg:
                if not skip:
                    out.append(chr(int(arg) % 65536))
                to_drop = uc
            elif word in _BREAK and not skip:
                out.append(_BREAK[word])
        elif sym is not None:
            if sym == b"*":
                skip = True
            elif sym in (b"\\", b"{", b"}") and not skip:
                out.append(sym.decode())
            elif sym == b"~" and not skip:
                out.append("\u00a0")
        elif plain is not None:
            if to_drop:
                n = min(to_drop, len(plain))
                plain, to_drop = plain[n:], to_drop - n
            if not skip:
                out.append(plain.decode(codepage, "replace"))
    flush()
    text = repair(unicodedata.normalize("NFC", "".join(out))).strip()
    if not text:
        raise InputError(f"{name}: RTF file without text")
    return ReadResult(text, None, "rtf")
