"""Names in a header: issuing bodies in their table spelling, provinces, the place before the date, the
signer, a law's title; and the fields a portal's metadata table fills when the header left them empty.

Header lines are upper case and often OCR'd ("SO KHOA HQC VA CONG NGHE"); these map them onto the names of
body_names.tsv / issuers.tsv and provinces.tsv.
"""

from __future__ import annotations

import difflib
import re
from functools import cache

from kg.extraction.lexicon import lexicon, province_by_fold
from kg.models import Header, Mention
from kg.text.fold import fold, squash
from kg.text.normalize import Normalized


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


@cache
def signer_title() -> re.Pattern[str]:
    """A signer's title at the start of a folded line ("kt. bo truong", "chu tich")."""
    titles = "|".join(re.escape(t) for t in lexicon().signer_titles)
    return re.compile(rf"^\s*(?:{titles})\b")


_NAME = re.compile(r"^[A-ZĐÀ-Ỹ][a-zà-ỹđ]+(?: [A-ZĐÀ-Ỹ][a-zà-ỹđ]+){1,4}$")


def signer(norm: str, folded: str) -> str | None:
    """The name under the signer's title in the last 3,000 characters of text (blanked portal footers left
    out: on a portal page the signature is followed by the portal's own blocks)."""
    end = len(norm.rstrip())
    tail_start = max(0, end - 3000)
    titled = -100
    pos = tail_start
    for i, raw_line in enumerate(norm[tail_start:end].split("\n")):
        s, e = pos, pos + len(raw_line)
        pos = e + 1
        raw, fl = norm[s:e].strip(), folded[s:e].strip()
        if not raw:
            continue
        if signer_title().match(fl) and raw.upper() == raw:
            titled = i
            continue
        if i - titled <= 8 and _NAME.match(raw):
            return raw
    return None


_LAW_WORD = re.compile(r"\b(luật|bộ luật|pháp lệnh|hiến pháp)\b(?:(\s+)(?!sửa đổi\b)(\w))?")


def title_case(type_name: str, upper_title: str) -> str:
    """A law's upper-case title line in the usual spelling: ("Luật", "GIÁ") -> "Luật Giá";
    "SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA LUẬT GIÁ" -> "Luật sửa đổi, bổ sung một số điều của Luật Giá".

    Lower case, then a capital for the name after each law word and for "Việt Nam"."""
    text = f"{type_name} {squash(upper_title)}".lower()
    text = _LAW_WORD.sub(
        lambda m: m.group(1).capitalize() + (m.group(2) or "") + (m.group(3) or "").upper(), text
    )
    text = re.sub(r"\bviệt nam\b", "Việt Nam", text)
    return text[:1].upper() + text[1:]


def take_symbol(header: Header, own: Mention) -> None:
    """The document's own symbol is this mention."""
    header.symbol, header.symbol_span = own.symbol, (own.start, own.end)
    header.type_code, header.issuer_codes = own.type, own.issuers


def apply_portal_attributes(
    header: Header, table: dict[str, tuple[str, int, int]], full: list[Mention], n: Normalized, ocr: bool
) -> None:
    """Fill the fields the document's own header left empty from the portal's metadata table (offsets of
    ``table`` index the original text; ``full`` and ``header`` are in ``n``'s normalised offsets)."""
    if not table:
        return
    if header.symbol is None and "symbol" in table:
        _value, start, end = table["symbol"]
        own = next((m for m in full if start <= n.orig_start(m.start) < end), None)
        if own is not None:
            take_symbol(header, own)
    if header.type is None and "type" in table:
        header.type = table["type"][0]
    if header.issuer is None and "issuer" in table:
        header.issuer = canonical_body(table["issuer"][0], ocr)
    if header.signer is None and "signer" in table and _NAME_OK.match(table["signer"][0]):
        header.signer = table["signer"][0]
    if header.date is None and "date" in table:
        d = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", table["date"][0])
        if d:
            header.date = f"{d.group(3)}-{int(d.group(2)):02d}-{int(d.group(1)):02d}"
            header.year = int(d.group(3))


_NAME_OK = re.compile(r"^[A-ZĐÀ-Ỹ][\wÀ-ỹ]*(?: [A-ZĐÀ-Ỹ][\wÀ-ỹ]*){1,5}$")
