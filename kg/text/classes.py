"""Character classes of a whole text at once, by numpy: one definition for the scans that would otherwise run a
class-led regex, which ``re`` tests at every character (kg.extraction.candidates, kg.extraction.short_scan).

A table maps each code point of the Basic Multilingual Plane to a small kind number; :func:`bmp_codes` gives a
text's code points, one per character, so ``table[codes]`` is every character's kind. Texts numpy cannot read
one code unit per character (a character outside the plane, a lone surrogate) get None: the caller searches.

(Indexing, not ``table.take(codes)``: ``take`` first copies the uint16 codes as 8-byte indexes, 8 bytes a character
at once: 1 GB and 1.6 s of a 131 MB document, where indexing casts them a buffer at a time.)
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

#: texts shorter than this are scanned by the regex the table stands for: numpy's set-up (and, in a process that
#: reads one short letter, its 0.06 s import) costs more than the table saves there
VECTOR_MIN = 2048


@cache
def bmp_class_table(classes: tuple[tuple[str, int], ...]) -> Any:
    """BMP code point -> kind (uint8, 0 for none): each ``(pattern, kind)`` gives ``kind`` to the characters that
    the one-character regex ``pattern`` matches (``r"\\d"``, ``r"\\s"``, ``"[/-]"``: ``re``'s own classes, so the
    table says what the pattern it stands for reads); later rows win."""
    import numpy as np

    table = np.zeros(0x10000, dtype=np.uint8)
    # every BMP character, decoded from their code points (a join of 65,536 chr() calls took 5 ms more)
    bmp = np.arange(0x10000, dtype=np.uint32).tobytes().decode("utf-32-le", "surrogatepass")
    for pattern, kind in classes:
        found = "".join(re.findall(pattern, bmp))
        table[np.frombuffer(found.encode("utf-32-le"), dtype=np.uint32)] = kind
    return table


def bmp_codes(text: str) -> Any | None:
    """``text``'s code points as a uint16 array, one per character; None where that cannot be (see the module)."""
    import numpy as np

    try:
        codes = np.frombuffer(text.encode("utf-16-le"), dtype=np.uint16)
    except UnicodeEncodeError:  # a lone surrogate
        return None
    return codes if codes.size == len(text) else None  # (else a character outside the BMP: two code units)
