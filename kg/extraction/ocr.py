"""Is this text OCR'd? OCR mode widens keywords to their OCR readings and lets symbols be repaired."""

from __future__ import annotations

import re

from kg.text.normalize import Normalized

OCR_MODES = ("auto", "on", "off")

# very frequent words that always carry diacritics: seen without them, the text is OCR'd (or typed in ASCII)
_PROBE = re.compile(
    r"\b(ngay|thang|nam|cua|quyet|dinh|nghi|tinh|theo|thuc|hien|duoc|trien|khai|viec|nhung|cac)\b"
)


def looks_ocr(n: Normalized) -> bool:
    """Heuristic: most probe words lost their diacritics, or OCR confusions show inside symbols."""
    folded, text = n.folded, n.text
    sample_end = min(len(text), 30_000)
    hits = bare = 0
    for m in _PROBE.finditer(folded, 0, sample_end):
        hits += 1
        if text[m.start() : m.end()].lower() == m.group():
            bare += 1
    if hits >= 8 and bare / hits >= 0.3:
        return True
    return bool(re.search(r"\d\s*\[I[A-ZĐ]|\d/(?:Qb|0P|QD)-", text[:sample_end]))
