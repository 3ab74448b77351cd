"""Names in a header: issuing bodies in their table spelling, provinces, the place before the date.

Header lines are upper case and often OCR'd ("SO KHOA HQC VA CONG NGHE"); these map them onto the names of
body_names.tsv / issuers.tsv and provinces.tsv.
"""

from __future__ import annotations

import difflib
import re
from functools import cache

from kg.extraction.lexicon import lexicon, province_by_fold
from kg.text.fold import fold, squash


def body_name(raw: str, ocr: bool = False) -> str:
    """A header body line ("SỞ KHOA HỌC VÀ CÔNG NGHỆ", OCR'd "SO KHOA HQC VA CONG NGHE") in readable form."""

    f = fold(squash(raw))
    provinces = province_by_fold()
    # "UBND TỈNH QUẢNG NGÃI" / "ỦY BAN NHÂN DÂN TỈNH …" / "TỈNH ỦY …"
    m = re.match(
        r"^(ubnd|uy ban nhan dan|hdnd|hoi dong nhan dan|tinh uy|thanh uy)\s+(?:(tinh|thanh pho|tp\.?)\s+)?(.+)$",
        f,
    )
    if m:
        prov = provinces.get(m.group(3).strip())
        head = {"ubnd": "UBND", "uy ban nhan dan": "UBND", "hdnd": "HĐND", "hoi dong nhan dan": "HĐND"}.get(
            m.group(1), "Tỉnh ủy" if m.group(1) == "tinh uy" else "Thành ủy"
        )
        if prov:
            kind = "thành phố" if prov["kind"] == "thành phố" else "tỉnh"
            return f"{head} {kind} {prov['name']}" if head in ("UBND", "HĐND") else f"{head} {prov['name']}"
    names = _body_names()
    if f in names:
        return names[f]
    if ocr:
        close = difflib.get_close_matches(f, list(names), n=1, cutoff=0.85)
        if close and len(f) >= 12:
            return names[close[0]]
    return squash(raw)


@cache
def _body_names() -> dict[str, str]:
    return {fold(n): n for n, _c, _a in lexicon().bodies}


@cache
def place_end() -> re.Pattern[str]:
    keys = sorted(province_by_fold(), key=len, reverse=True)
    return re.compile(r"(?:^|\W)(" + "|".join(re.escape(k) for k in keys) + r")\s*,\s*$")


def province_of(*texts: str | None) -> dict[str, str] | None:
    provinces = province_by_fold()
    for t in texts:
        if not t:
            continue
        f = fold(t)
        for key in sorted(provinces, key=len, reverse=True):
            if re.search(rf"\b{re.escape(key)}\b", f):
                return provinces[key]
    return None


def canonical_body(name: str, ocr: bool = False) -> str:
    """An OCR'd body name ("S¢ Xay dung") in its table spelling when one is close enough."""
    names = _body_names()
    f = fold(name)
    if f in names:
        return names[f]
    if not ocr:
        return name
    close = difflib.get_close_matches(f, list(names), n=1, cutoff=0.8)
    return names[close[0]] if close else name
