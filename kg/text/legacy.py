"""Legacy Vietnamese encodings to Unicode: TCVN3 (ABC), VNI and Windows-1258.

Offices typed for decades in TCVN3 (.VnTime) and VNI (VNI-Times) fonts, which draw Vietnamese letters on the
bytes 0x80-0xFF; their plain-text exports and Word runs are these bytes, not Unicode. The mapping is data
(``kg/data/legacy_fonts.tsv``). Which encoding a byte string is in is decided by reading it every way and
counting the words that are well-formed Vietnamese syllables: a wrong guess makes letters that Vietnamese
spelling does not allow (two tone marks in a syllable, a tone byte after a consonant).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from kg.tables import read_table

__all__ = ["ENCODINGS", "ansi", "convert", "font_encoding", "guess", "repair", "syllable_score"]

ENCODINGS = ("tcvn3", "vni")

_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
    r"[aăâeêioôơuưy]{1,3}(?:ng|nh|ch|[cmnpt])?"
)
_WORD = re.compile(r"[^\W\d_]+")


def _cp1252(b: int) -> str:
    try:
        return bytes([b]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(b)


#: Latin-1 with the cp1252 punctuation of 0x80-0x9F (“ ” – …): the legacy fonts were used on Windows, so their
#: files carry Windows quotes and dashes beside the letters of the font.
_ANSI = {b: _cp1252(b) for b in range(0x80, 0xA0)}


def ansi(data: bytes) -> str:
    """Bytes of a legacy-font file as Windows shows them: one character per byte (cp1252, else Latin-1)."""
    return data.decode("latin-1").translate(_ANSI)


@cache
def _table(encoding: str) -> tuple[dict[str, str], re.Pattern[str]]:
    pairs = {r["legacy"]: r["unicode"] for r in read_table("legacy_fonts.tsv") if r["encoding"] == encoding}
    keys = sorted(pairs, key=len, reverse=True)  # a VNI letter + modifier before the bare modifier byte
    return pairs, re.compile("|".join(map(re.escape, keys)))


def convert(text: str, encoding: str, *, upper: bool = False) -> str:
    """``text`` as the legacy font shows it (bytes read as Latin-1) -> Unicode NFC.

    ``upper``: the run was set in a capitals font (.VnTimeH, .VnArialH), which draws every letter in capitals.
    """
    if encoding == "cp1258":
        return unicodedata.normalize("NFC", text)
    pairs, pattern = _table(encoding)
    out = unicodedata.normalize("NFC", pattern.sub(lambda m: pairs[m.group()], text))
    return out.upper() if upper else out


def font_encoding(font: str | None) -> tuple[str, bool] | None:
    """(encoding, capitals) of a legacy Vietnamese font name, None for a Unicode font.

    TCVN3 fonts are named ``.Vn…`` (``.VnTime``, ``.VnArial``; ``…H`` is the capitals variant), VNI fonts
    ``VNI-…`` (``VNI-Times``)."""
    if not font:
        return None
    f = font.strip()
    if f.lower().startswith(".vn"):
        return "tcvn3", f.endswith("H")
    if f.upper().startswith("VNI-") or f.upper().startswith("VNI "):
        return "vni", False
    return None


def _valid(word: str) -> bool:
    d = unicodedata.normalize("NFD", word.lower())
    if sum(c in _TONES for c in d) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONES))
    return _SYLLABLE.fullmatch(base) is not None


def syllable_score(text: str) -> int:
    """Well-formed minus malformed Vietnamese words among the words that carry a non-ASCII letter."""
    score = 0
    for w in _WORD.findall(text[:200_000]):
        if not w.isascii():
            score += 1 if _valid(w) else -1
    return score


def guess(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) for 8-bit Vietnamese bytes that are not UTF-8: cp1258, tcvn3 or vni, whichever reads
    as Vietnamese; None when none does (mostly malformed words, or none with a Vietnamese letter)."""
    latin = ansi(data)
    candidates: list[tuple[int, str, str]] = []
    try:
        text = unicodedata.normalize("NFC", data.decode("cp1258"))
        candidates.append((syllable_score(text), "cp1258", text))
    except UnicodeDecodeError:
        pass
    for enc in ENCODINGS:
        text = convert(latin, enc)
        candidates.append((syllable_score(text), enc, text))
    score, enc, text = max(candidates, key=lambda c: c[0])  # ties keep the first: cp1258, then TCVN3
    return (text, enc) if score > 0 else None


def repair(text: str) -> str:
    """Unicode text that is really a legacy font's characters ("Céng hoµ x· héi" saved as UTF-8), converted;
    anything else unchanged. Text with a Vietnamese letter outside cp1252 is Unicode already."""
    if text.isascii():
        return text
    try:
        raw = text.encode("cp1252")
    except UnicodeEncodeError:
        return text
    if syllable_score(text) >= 0:
        return text
    guessed = guess(raw)
    return guessed[0] if guessed is not None else text
