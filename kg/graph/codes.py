"""Codes of the tables, as identity needs them: issuers and their scope, provinces, document types, and a
fallback parser for symbols (the extractor's own fields win). Indexes over :func:`kg.tables.read_table`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as _date
from functools import cache, lru_cache

from kg.tables import read_table
from kg.text.fold import fold_key, nfc, slug

#: The ``{jurisdiction}`` of national documents and bodies.
NATIONAL = "vn"


_SPACE = re.compile(r"\s+")
_LEADING_NUMBER = re.compile(r"(\d+)(.*)")


@lru_cache(maxsize=1 << 16)  # pure, and a build asks for the same symbols again and again
def canonical_symbol(symbol: str) -> str:
    """NFC, no spaces, the number zero-padded to two digits (NĐ 30/2020 rendering), so 3/NQ-CP == 03/NQ-CP."""
    s = _SPACE.sub("", nfc(symbol))
    m = _LEADING_NUMBER.match(s)
    if m:
        s = f"{int(m.group(1)):02d}{m.group(2)}"
    return s


def valid_date(value: str | None) -> str | None:
    """``YYYY-MM-DD`` when it is a real date, else None (never emit an invalid xsd:date)."""
    if not value or not re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        return None
    try:
        _date.fromisoformat(value)
    except ValueError:
        return None
    return value


@cache
def _issuers() -> dict[str, dict[str, str]]:
    return {r["code"]: r for r in read_table("issuers.tsv")}


@cache
def _issuers_by_slug() -> dict[str, dict[str, str]]:
    return {slug(r["code"]): r for r in read_table("issuers.tsv")}


def body_code(code: str) -> str:
    """The table code of an issuer as written: ``QH14`` -> ``QH`` (term numbers are not part of the body)."""
    table = _issuers()
    if code in table:
        return code
    base = re.sub(r"\d+$", "", code)
    if base in table:
        return base
    row = _issuers_by_slug().get(slug(code)) or _issuers_by_slug().get(slug(base))
    return row["code"] if row else code


def issuer_row(code: str) -> dict[str, str] | None:
    return _issuers().get(body_code(code))


def issuer_row_by_slug(code_slug: str) -> dict[str, str] | None:
    return _issuers_by_slug().get(code_slug)


def issuer_scope(code: str) -> str | None:
    """``national``, ``local`` or None (code not in issuers.tsv)."""
    row = issuer_row(code)
    return (row.get("scope") or None) if row else None


@dataclass(frozen=True, slots=True)
class Province:
    name: str
    slug: str
    kind: str
    status: str
    successor: str | None


@cache
def provinces() -> dict[str, Province]:
    """slug -> province (current and former units)."""
    out: dict[str, Province] = {}
    for r in read_table("provinces.tsv"):
        out[r["slug"]] = Province(r["name"], r["slug"], r["kind"], r["status"], r.get("successor") or None)
    return out


@cache
def _province_patterns() -> list[tuple[str, str]]:
    """(folded name with '-' separators, slug), longest first, names and aliases."""
    pats: list[tuple[str, str]] = []
    for r in read_table("provinces.tsv"):
        for name in [r["name"], *[a for a in r.get("aliases", "").split("|") if a]]:
            pats.append((slug(name), r["slug"]))
    return sorted(set(pats), key=lambda p: -len(p[0]))


def province_in(text: str | None) -> str | None:
    """The province a text names ("UBND TỈNH QUẢNG NGÃI", "Sở KH&CN tỉnh Quảng Ngãi", a slug), else None."""
    if not text:
        return None
    s = slug(text)
    if s in provinces():
        return s
    padded = f"-{s}-"
    best: tuple[int, str] | None = None
    for pat, prov in _province_patterns():
        i = padded.find(f"-{pat}-")
        if i >= 0 and (best is None or i < best[0]):
            best = (i, prov)
    return best[1] if best else None


@cache
def _admin_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Sub-provincial bodies and city bodies as slug patterns, from admin_units.tsv."""
    rows = read_table("admin_units.tsv")

    def alt(kind: str) -> str:
        return "|".join(
            sorted((re.escape(r["slug"]) for r in rows if r["kind"] == kind), key=len, reverse=True)
        )

    subprov = re.compile(
        rf"(?:^|-)(?:{alt('body')})-(?:{alt('unit')})(?:-|$)|(?:^|-)(?:{alt('party')})-uy(?:-|$)"
    )
    city = re.compile(rf"(?:^|-)(?:{alt('city_body')})-(?:thanh-pho|tp)-(.+)")
    return subprov, city


def is_sub_provincial(issuer_name: str | None) -> bool:
    """True when a body name is below province level (UBND huyện/xã/phường, a city inside a province)."""
    if not issuer_name:
        return False
    s = slug(issuer_name)
    subprov, city = _admin_patterns()
    if subprov.search(s):
        return True
    m = city.search(s)
    return bool(m) and not any(m.group(1).startswith(p) for p, _ in _province_patterns())


@cache
def _doc_types() -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    for r in read_table("doc_types.tsv"):
        for code in [r["code"], *[a for a in r.get("aliases", "").split("|") if a]]:
            out.setdefault(code, []).append(r)
    return out


@cache
def _doc_type_names() -> dict[str, dict[str, str]]:
    return {fold_key(r["name_vi"]): r for r in read_table("doc_type_names.tsv")}


def type_code_row(code: str, family: str | None = None) -> dict[str, str] | None:
    rows = _doc_types().get(code) or next(
        (v for k, v in _doc_types().items() if k.lower() == code.lower()), None
    )
    if not rows:
        return None
    return next((r for r in rows if family and r["family"] == family), rows[0])


def is_normative_type(code: str) -> bool:
    """Whether a type code is issued as a normative document (its symbols carry the year since 2003)."""
    return any(r["family"] == "normative" for r in _doc_types().get(code, []))


def type_name_row(name: str | None) -> dict[str, str] | None:
    return _doc_type_names().get(fold_key(name)) if name else None


@cache
def _type_slugs() -> dict[str, str]:
    """Type code -> ``{type}`` segment. Codes that the slug rule would merge (HD/HĐ, DA/ĐA) keep ``dd``
    for Đ so two different types never share an IRI."""
    codes = {r["code"] for r in read_table("doc_types.tsv")} | {
        r["code"] for r in read_table("doc_type_names.tsv") if r["code"]
    }
    by_slug: dict[str, set[str]] = {}
    for c in codes:
        by_slug.setdefault(slug(c), set()).add(c)
    out = {}
    for c in codes:
        clash = len(by_slug[slug(c)]) > 1 and ("Đ" in c or "đ" in c)
        out[c] = slug(c.replace("Đ", "DD").replace("đ", "dd")) if clash else slug(c)
    return out


def canonical_type_code(code: str | None, family: str | None = None) -> str | None:
    if not code:
        return None
    row = type_code_row(code, family)
    return row["code"] if row else code


def type_slug(type_code: str | None, type_name: str | None, family: str | None) -> str | None:
    """``{type}`` of a document IRI: the type code slug, ``cv`` for a công văn, ``luat`` for a law."""
    if type_code:
        code = canonical_type_code(type_code, family) or type_code
        return _type_slugs().get(code, slug(code))
    if family == "congvan":
        return "cv"
    row = type_name_row(type_name)
    if row:
        if row["class"] == "OfficialLetter":
            return "cv"
        if row["class"] == "Document":  # "Văn bản": the type is not known
            return None
        return _type_slugs().get(row["code"], slug(row["code"])) if row["code"] else slug(row["name_vi"])
    return None


def class_name(type_code: str | None, type_name: str | None, family: str | None) -> str:
    """Local name of the ontology class (vnl:Decision, vnl:Plan, ...); ``Document`` when unknown."""
    row = type_name_row(type_name)
    if row:
        return row["class"]
    if type_code:
        r = type_code_row(type_code, family)
        if r:
            return r["class"]
    if family == "congvan":
        return "OfficialLetter"
    return "Document"


def type_name_vi(type_code: str | None, type_name: str | None, family: str | None) -> str | None:
    if type_name:
        return nfc(type_name.strip())
    if type_code:
        r = type_code_row(type_code, family)
        if r:
            return r["name_vi"]
    return "Công văn" if family == "congvan" else None


# --------------------------------------------------------------------------- symbol fallback parse

_PARTY = re.compile(r"^(?P<num>\d+)\s*-\s*(?P<type>[A-Za-zĐđ]+)\s*/\s*(?P<rest>.+)$")
_NORM = re.compile(r"^(?P<num>\d+)\s*/\s*(?P<year>(?:19|20)\d\d)\s*/\s*(?P<rest>.+)$")
_SLASH = re.compile(r"^(?P<num>\d*)\s*/\s*(?P<rest>.+)$")


@dataclass(frozen=True, slots=True)
class SymbolParts:
    number: str | None
    year: int | None
    type_code: str | None
    issuers: tuple[str, ...]
    family: str | None


@lru_cache(maxsize=1 << 16)  # pure (SymbolParts is frozen), asked again for every mention of a symbol
def parse_symbol(symbol: str | None) -> SymbolParts:
    """A small fallback parser (the extractor's own fields win): number, year, type, issuers of a symbol."""
    if not symbol:
        return SymbolParts(None, None, None, (), None)
    s = _SPACE.sub("", nfc(symbol))
    year = None
    family = None
    m = _PARTY.match(s)
    if m and type_code_row(m["type"]):
        toks = [t for t in re.split(r"-", m["rest"]) if t]
        return SymbolParts(m["num"], None, canonical_type_code(m["type"]), _issuer_run(toks), "party")
    m = _NORM.match(s) or _SLASH.match(s)
    if not m:
        return SymbolParts(None, None, None, (), None)
    if "year" in m.groupdict() and m["year"]:
        year, family = int(m["year"]), "normative"
    toks = [t for t in m["rest"].split("-") if t]
    tcode = None
    if toks and type_code_row(toks[0]) and len(toks) > 1:
        tcode = canonical_type_code(toks.pop(0))
        family = family or "admin"
    elif family is None:
        family = "congvan"
    return SymbolParts(m["num"] or None, year, tcode, _issuer_run(toks), family)


def _issuer_run(toks: list[str]) -> tuple[str, ...]:
    """Issuer codes = the leading run of known issuer codes (at least the first token); the rest is a unit."""
    if not toks:
        return ()
    out = [toks[0]]
    for t in toks[1:]:
        if issuer_row(t) is None:
            break
        out.append(t)
    return tuple(out)
