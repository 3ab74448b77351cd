"""Is this text OCR'd? OCR mode widens keywords to their OCR readings and lets symbols be repaired."""

from __future__ import annotations

import re

from kg.extraction.lexicon import probe_pattern
from kg.text.normalize import Normalized

OCR_MODES = ("auto", "on", "off")

#: How much of a text the detection reads.
SAMPLE = 30_000

# OCR signatures inside symbols: "1053 [ISKHCN" ("[I" read for "/"), "327/Qb-", "950/0P-", "645/QD-"
_SIGNATURE = re.compile(r"\d\s*\[I[A-ZĐ]|\d/(?:Qb|0P|QD)-")


def probe_words(n: Normalized) -> list[tuple[str, bool]]:
    """Probe words in the sample (ocr_probe_words.tsv): (folded word, written without its diacritics)."""
    folded, text = n.folded, n.text
    end = min(len(text), SAMPLE)
    return [
        (m.group(), text[m.start() : m.end()].lower() == m.group())
        for m in probe_pattern().finditer(folded, 0, end)
    ]


def looks_ocr(n: Normalized) -> bool:
    """Heuristic: most probe words lost their diacritics, or OCR confusions show inside symbols."""
    seen = probe_words(n)
    bare = sum(1 for _w, is_bare in seen if is_bare)
    if len(seen) >= 8 and bare / len(seen) >= 0.3:
        return True
    return bool(_SIGNATURE.search(n.text[:SAMPLE]))
