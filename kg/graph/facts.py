"""Facts: what a text says about a document (its own header, or a mention of another), gathered into one
:class:`DocFacts` whatever way the text wrote it. The identity decision (:mod:`kg.graph.identity`) is a pure
function of these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.graph.codes import (
    canonical_symbol,
    canonical_type_code,
    is_sub_provincial,
    issuer_scope,
    parse_symbol,
    province_in,
    valid_date,
)
from kg.models import Header, Mention
from kg.text.fold import fold, nfc


@dataclass(frozen=True, slots=True)
class SourceContext:
    """What the citing text says about itself that identity of local references depends on."""

    key: str  # source key (sha256 of the text, 20 hex)
    province: str | None = None  # slug of the citing document's province
    sub_provincial: bool = False  # the citing body is below province level (a UBND xã, huyện)
    self_symbol: str | None = None


@dataclass(frozen=True, slots=True)
class DocFacts:
    """Everything a text says about one document; the identity decision is a pure function of this."""

    symbol: str | None = None  # complete canonical symbol
    partial_symbol: str | None = None  # e.g. "/SKHCN-BCVT&CNTT" (number left blank)
    number: str | None = None
    year: int | None = None
    date: str | None = None  # YYYY-MM-DD
    month: str | None = None  # YYYY-MM when only the month is known
    type_code: str | None = None
    type_name: str | None = None
    family: str | None = None
    issuers: tuple[str, ...] = ()
    issuer_name: str | None = None
    jurisdiction: str | None = None
    title: str | None = None  # cited by title only (named reference)


def mention_facts(m: Mention) -> DocFacts:
    """Facts of a full mention (extractor fields first, the fallback parser for what is missing)."""
    parts = parse_symbol(m.symbol)
    date = valid_date(m.date)
    year = m.year or parts.year or (int(date[:4]) if date else None)
    issuers = tuple(m.issuers) or (tuple(m.issuer.split("-")) if m.issuer else ()) or parts.issuers
    return DocFacts(
        symbol=canonical_symbol(m.symbol) if m.symbol else None,
        number=m.number or parts.number,
        year=year,
        date=date,
        type_code=canonical_type_code(m.type or parts.type_code, m.family or parts.family),
        type_name=m.type_name,
        family=m.family or parts.family,
        issuers=issuers,
        issuer_name=nfc(m.issuer_name) if m.issuer_name else None,
    )


def symbol_facts(symbol: str) -> DocFacts:
    """Facts from a bare symbol (a relation end no mention describes)."""
    p = parse_symbol(symbol)
    return DocFacts(
        symbol=canonical_symbol(symbol),
        number=p.number,
        year=p.year,
        type_code=p.type_code,
        family=p.family,
        issuers=p.issuers,
    )


def merge_facts(a: DocFacts, b: DocFacts) -> DocFacts:
    """Fill what ``a`` lacks from ``b`` (two mentions of one symbol in one text)."""
    return DocFacts(**{k: getattr(a, k) or getattr(b, k) for k in DocFacts.__slots__})  # type: ignore[attr-defined]


_HEADER_MONTH = re.compile(r"ngay\s+(?:\S{1,3}\s+)?thang\s+(\d{1,2})\s+nam\s+((?:19|20)\d\d)")


def header_month(header: Header, text: str) -> str | None:
    """YYYY-MM of the header date, also when the day is blank ("ngày    tháng 6 năm 2025")."""
    if valid_date(header.date):
        return header.date[:7]  # type: ignore[index]
    if header.date and re.fullmatch(r"\d{4}-\d\d", header.date):
        return header.date
    for m in _HEADER_MONTH.finditer(fold(nfc(text[:4000]))):
        if 1 <= int(m.group(1)) <= 12 and (header.year is None or int(m.group(2)) == header.year):
            return f"{m.group(2)}-{int(m.group(1)):02d}"
    return None


def header_facts(header: Header, text: str = "") -> DocFacts:
    """Facts the document states about itself."""
    sym = nfc(re.sub(r"\s+", "", header.symbol)) if header.symbol else None
    parts = parse_symbol(sym)
    complete = bool(sym and re.match(r"\d", sym))
    date = valid_date(header.date)
    year = header.year or (int(header.date[:4]) if header.date and header.date[:4].isdigit() else None)
    year = year or parts.year
    tname = header.type
    return DocFacts(
        symbol=canonical_symbol(sym) if complete and sym else None,
        partial_symbol=None if complete else sym,
        number=parts.number,
        year=year,
        date=date,
        month=header_month(header, text),
        type_code=canonical_type_code(header.type_code or parts.type_code, parts.family),
        type_name=tname,
        family=parts.family,
        issuers=tuple(header.issuer_codes) or parts.issuers,
        issuer_name=nfc(header.issuer) if header.issuer else None,
    )


def source_context(header: Header, key: str) -> SourceContext:
    """The citing document's province: from the header's province, issuer parent or issuer name; from the
    place only when the issuer is local (a ministry writes "Hà Nội" without being a Hà Nội body)."""
    parts = parse_symbol(header.symbol)
    codes = tuple(header.issuer_codes) or parts.issuers
    scopes = {issuer_scope(c) for c in codes}
    province = province_in(header.province) or province_in(header.issuer_parent) or province_in(header.issuer)
    if province is None and "local" in scopes:
        province = province_in(header.place)
    sub = is_sub_provincial(header.issuer) or is_sub_provincial(
        f"{header.issuer_parent or ''} {header.issuer or ''}"
    )
    sym = canonical_symbol(header.symbol) if header.symbol and re.match(r"\s*\d", header.symbol) else None
    return SourceContext(key=key, province=province, sub_provincial=sub, self_symbol=sym)
