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


@cache
def _province_keys() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The folded province names, longest first, each with its whole-word pattern (compiled once, not per
    document: sorting and compiling were most of the header's time)."""
    keys = sorted(province_by_fold(), key=len, reverse=True)
    return tuple((k, re.compile(rf"\b{re.escape(k)}\b")) for k in keys)


def province_of(*texts: str | None) -> dict[str, str] | None:
    provinces = province_by_fold()
    for t in texts:
        if not t:
            continue
        f = fold(t)
        for key, whole_word in _province_keys():
            if key in f and whole_word.search(f):  # a substring test first: most names are not there
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
    text = re.sub(r"\b\d[\w/.-]*/[\w/.-]+", lambda m: m.group(0).upper(), text)  # symbols keep their case
    return text[:1].upper() + text[1:]


def take_symbol(header: Header, own: Mention) -> None:
    """The document's own symbol is this mention."""
    header.symbol, header.symbol_span = own.symbol, (own.start, own.end)
    header.type_code, header.issuer_codes = own.type, own.issuers


#: The portal's metadata table: header field -> (value, start, end), offsets into the original text.
Portal = dict[str, tuple[str, int, int]]


def portal_symbol(header: Header, table: Portal, full: list[Mention], n: Normalized) -> None:
    """The document's own symbol from the portal's "Số hiệu:" when its header has none (``full`` and the
    header are in ``n``'s normalised offsets)."""
    if "symbol" in table:
        _value, start, end = table["symbol"]
        own = next((m for m in full if start <= n.orig_start(m.start) < end), None)
        if own is not None:
            take_symbol(header, own)


def portal_fill(header: Header, table: Portal, ocr: bool) -> None:
    """Issuer, signer and date from the portal's table where the document's own header left them empty."""
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


# the title written after the date on the same line: "Hà Nội, ngày 19 tháng 6 năm 2023 LUẬT GIÁ"
_DATE_TITLE = re.compile(r",\s*ngay\s+\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+\d{4}\s+(?=\S)")


def date_line_title(norm: str, folded: str, lines: list[tuple[int, int]], header: Header) -> str | None:
    """The title after the date on a flattened portal header ("Hà Nội, ngày … năm 2023 LUẬT GIÁ"): a law's
    title in its usual spelling ("Luật Giá"), for other types the words after the type name."""
    if not header.type:
        return None
    want = fold(header.type)
    for start, end in lines[:12]:
        m = _DATE_TITLE.search(folded, start, end)
        if not m or not folded.startswith(want, m.end()):
            continue
        words = []
        for word in norm[m.end() : end].split():
            if any(c.islower() for c in word):
                break  # the title is upper case; "Di sản văn hoá Việt Nam là …" is the preamble
            words.append(word)
        title = _strip_issuer(" ".join(words)[len(header.type) :].strip(" .,-"), header)
        if not title:
            return None
        return title_case(header.type, title) if header.type in _LAW_TYPES else title
    return None


_LAW_TYPES = ("Luật", "Bộ luật", "Pháp lệnh", "Hiến pháp")


def _strip_issuer(title: str, header: Header) -> str:
    """ "… KINH TẾ QUỐC HỘI": the issuer's name that opens the preamble follows the title on the same line."""
    if header.issuer and fold(title).endswith(" " + fold(header.issuer)):
        return title[: len(title) - len(header.issuer)].rstrip(" .,-")
    return title
