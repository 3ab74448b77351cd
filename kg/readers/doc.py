"""Old Word .doc (OLE) through antiword, else LibreOffice headless; text typed in legacy fonts is repaired.

Both are external programs: .doc is a binary format no maintained pure-Python library reads well.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from kg.errors import InputError
from kg.readers.base import MissingTool, ReadResult
from kg.text.decode import decode
from kg.text.legacy import repair

HINT = "install antiword (apt-get install antiword) or LibreOffice, or save the file as .docx"
TIMEOUT = 300


def available() -> bool:
    """Whether a .doc can be read here."""
    return any(shutil.which(t) for t in ("antiword", "soffice", "libreoffice"))


def read_doc(data: bytes, name: str) -> ReadResult:
    """Text of a .doc file."""
    with tempfile.TemporaryDirectory(prefix="kg-doc-") as tmp:
        src = Path(tmp) / "in.doc"
        src.write_bytes(data)
        antiword = shutil.which("antiword")
        if antiword:
            res = subprocess.run(
                [antiword, "-m", "UTF-8.txt", "-w", "0", str(src)], capture_output=True, timeout=TIMEOUT
            )
            if res.returncode == 0 and res.stdout.strip():
                return ReadResult(repair(decode(res.stdout, name)), None, "doc:antiword")
        office = shutil.which("soffice") or shutil.which("libreoffice")
        if office:
            cmd = [office, "--headless", "--convert-to", "txt:Text (encoded):UTF8", "--outdir", tmp, str(src)]
            subprocess.run(cmd, capture_output=True, timeout=TIMEOUT)
            out = Path(tmp) / "in.txt"
            if out.is_file():
                return ReadResult(repair(decode(out.read_bytes(), name)), None, "doc:libreoffice")
        if not antiword and not office:
            raise MissingTool(f"{name}: reading a Word .doc needs antiword or LibreOffice", HINT)
    raise InputError(f"{name}: the .doc file could not be converted (corrupt, or not a Word document)")
