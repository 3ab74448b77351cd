"""Identity: which node in the graph a document, body, place or source is (IRIs as in ontology/README.md).

Facts live in the tables (issuer scope, provinces, type codes); the logic here decides, from what a text says,
whether a reference can be pinned to one document. When the year or the jurisdiction cannot be known the
reference gets an *unresolved* IRI (``vnld:ref/...``) private to its source: it is never merged by guess.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date as _date
from functools import cache

from kg.models import Header, Mention
from kg.tables import read_table
from kg.vocab import KB_GRAPH, PREFIXES, VNL, VNLD  # noqa: E402,F401 - re-exported

NATIONAL = "vn"


# --------------------------------------------------------------------------- slugs


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """NFC, Đ/đ -> d, diacritics dropped, lower case (for matching OCR'd and clean text alike)."""
    text = nfc(text).replace("Đ", "D").replace("đ", "d")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return text.lower()


def slug(text: str) -> str:
    """README slug rule: NFC, Đ/đ -> d, no diacritics, lower case, runs of other characters -> ``-``."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def number_key(number: str) -> str:
    """``{number}`` of a document IRI: leading zeros dropped (03 and 3 are one document)."""
    s = slug(number)
    m = re.match(r"0*(\d+)(.*)", s)
    return (m.group(1) + m.group(2)) if m else s


def canonical_symbol(symbol: str) -> str:
    """NFC, no spaces, the number zero-padded to two digits (NĐ 30/2020 rendering), so 3/NQ-CP == 03/NQ-CP."""
    s = re.sub(r"\s+", "", nfc(symbol))
    m = re.match(r"(\d+)(.*)", s)
    if m:
        s = f"{int(m.group(1)):02d}{m.group(2)}"
    return s


def short_hash(*parts: object, n: int = 12) -> str:
    return hashlib.sha256("\x1f".join("" if p is None else str(p) for p in parts).encode()).hexdigest()[:n]


# --------------------------------------------------------------------------- IRIs


def doc_iri(jurisdiction: str, issuer: str, type_slug: str, year: int, number: str) -> str:
    return f"{VNLD}doc/{jurisdiction}/{slug(issuer)}/{type_slug}/{year}/{number_key(number)}"


def ref_iri(symbol: str | None, context_key: str) -> str:
    return f"{VNLD}ref/{slug(symbol or '') or 'unknown'}/{context_key}"


def body_iri(jurisdiction: str, code: str) -> str:
    return f"{VNLD}body/{jurisdiction}/{slug(body_code(code))}"


def place_iri(jurisdiction: str) -> str:
    return f"{VNLD}place/{jurisdiction}"


def source_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def source_iri(key: str) -> str:
    return f"{VNLD}source/{key}"


def person_iri(jurisdiction: str | None, name: str) -> str:
    return f"{VNLD}person/{jurisdiction or 'unknown'}/{slug(name)}"


def mention_iri(src_key: str, start: int, end: int) -> str:
    return f"{VNLD}mention/{src_key}/{start}-{end}"


def evidence_iri(
    src_key: str, start: int, end: int, predicate: str, object_iri: str, subject_iri: str | None = None
) -> str:
    """``{object-key}`` is the object's IRI path as a slug; when the subject is not the citing document itself
    (one sentence can state "A implements C" and "B implements C") the subject is appended after ``--from-``."""
    key = slug(object_iri.removeprefix(VNLD))
    if subject_iri:
        key += "--from-" + slug(subject_iri.removeprefix(VNLD))
    return f"{VNLD}evidence/{src_key}/{start}-{end}/{predicate}/{key}"


# --------------------------------------------------------------------------- tables


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


_SUBPROV = re.compile(
    r"(?:^|-)(?:ubnd|uy-ban-nhan-dan|hdnd|hoi-dong-nhan-dan|huyen-uy|thi-uy|quan-uy|dang-uy)-"
    r"(?:huyen|quan|thi-xa|xa|phuong|thi-tran|dac-khu)(?:-|$)"
    r"|(?:^|-)(?:huyen|quan|thi-xa|thi-tran)-uy(?:-|$)"
)
_CITY = re.compile(r"(?:^|-)(?:ubnd|uy-ban-nhan-dan|hdnd|hoi-dong-nhan-dan)-(?:thanh-pho|tp)-(.+)")


def is_sub_provincial(issuer_name: str | None) -> bool:
    """True when a body name is below province level (UBND huyện/xã/phường, a city inside a province)."""
    if not issuer_name:
        return False
    s = slug(issuer_name)
    if _SUBPROV.search(s):
        return True
    m = _CITY.search(s)
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
    return {fold(r["name_vi"]): r for r in read_table("doc_type_names.tsv")}


def type_code_row(code: str, family: str | None = None) -> dict[str, str] | None:
    rows = _doc_types().get(code) or next(
        (v for k, v in _doc_types().items() if k.lower() == code.lower()), None
    )
    if not rows:
        return None
    return next((r for r in rows if family and r["family"] == family), rows[0])


def type_name_row(name: str | None) -> dict[str, str] | None:
    return _doc_type_names().get(fold(name.strip())) if name else None


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


def parse_symbol(symbol: str | None) -> SymbolParts:
    """A small fallback parser (the extractor's own fields win): number, year, type, issuers of a symbol."""
    if not symbol:
        return SymbolParts(None, None, None, (), None)
    s = re.sub(r"\s+", "", nfc(symbol))
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


# --------------------------------------------------------------------------- documents


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


@dataclass(frozen=True, slots=True)
class DocIdentity:
    iri: str
    resolved: bool
    facts: DocFacts
    reason: str | None = None  # why it is unresolved
    cls: str = "Document"
    type_slug: str | None = None
    extra: dict[str, str] = field(default_factory=dict, compare=False)


def valid_date(value: str | None) -> str | None:
    """``YYYY-MM-DD`` when it is a real date, else None (never emit an invalid xsd:date)."""
    if not value or not re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        return None
    try:
        _date.fromisoformat(value)
    except ValueError:
        return None
    return value


def jurisdiction_for(
    issuers: tuple[str, ...], issuer_name: str | None, ctx: SourceContext
) -> tuple[str | None, str | None]:
    """(jurisdiction slug, reason when unknown). National codes -> ``vn``; local codes -> the province the
    issuer name gives, else the citing document's province."""
    if not issuers:
        return None, "issuer unknown"
    scopes = [issuer_scope(c) for c in issuers]
    if any(s is None for s in scopes):
        return (
            None,
            f"issuer code not in issuers.tsv: {'-'.join(c for c, s in zip(issuers, scopes, strict=False) if s is None)}",
        )
    if all(s == "national" for s in scopes):
        return NATIONAL, None
    if is_sub_provincial(issuer_name):
        return None, "issuer below province level"
    named = province_in(issuer_name)
    if named:
        return named, None
    if ctx.sub_provincial and not re.search(r"(?:^|-)tinh(?:-|$)", slug(issuer_name or "")):
        return None, "local issuer cited from a body below province level"
    if ctx.province:
        return ctx.province, None
    return None, "local issuer and the citing document's province is unknown"


def identify(facts: DocFacts, ctx: SourceContext, *, self_doc: bool = False) -> DocIdentity:
    """Mint the document IRI when number, year, type, issuer and jurisdiction are all known; else a
    ``vnld:ref/`` IRI private to this source (with the facts kept, for later re-resolution)."""
    tslug = type_slug(facts.type_code, facts.type_name, facts.family)
    cls = class_name(facts.type_code, facts.type_name, facts.family)
    reason = None
    if facts.jurisdiction is None:
        jur, reason = jurisdiction_for(facts.issuers, facts.issuer_name, ctx)
        facts = replace(facts, jurisdiction=jur)
    if not facts.symbol:
        titled = titled_identity(facts, cls)
        if titled is not None:
            return titled
        if facts.partial_symbol:
            reason = "number left blank"
        elif facts.title:
            reason = "cited by title only" + ("" if facts.year else ", without its year")
        else:
            reason = reason or "no symbol"
    elif not facts.number:
        reason = "no number"
    elif facts.year is None:
        reason = "year unknown"
    elif tslug is None:
        reason = "document type unknown"
    elif reason is None and not facts.issuers:
        reason = "issuer unknown"
    if reason is None and facts.jurisdiction:
        iri = doc_iri(facts.jurisdiction, "-".join(facts.issuers), tslug, facts.year, facts.number)
        facts = replace(facts, symbol=resolved_symbol(facts))
        return DocIdentity(iri, True, facts, None, cls, tslug)
    sym = facts.symbol or facts.partial_symbol or facts.title
    ckey = ctx.key if self_doc else short_hash(ctx.key, sym, facts.year, facts.date, facts.jurisdiction)
    return DocIdentity(ref_iri(sym, ckey), False, facts, reason or "unknown", cls, tslug)


#: Documents whose title and year identify them nationwide, and who issues them (NA / its Standing Committee).
TITLED_TYPES = {"Luật": "qh", "Bộ luật": "qh", "Hiến pháp": "qh", "Pháp lệnh": "ubtvqh"}


def titled_identity(facts: DocFacts, cls: str) -> DocIdentity | None:
    """A law cited by title and date ("Luật Hải quan ngày 23 tháng 6 năm 2014") is one document wherever it is
    cited: ``vnld:doc/vn/qh/luat/2014/hai-quan``. Without a year ("Luật Đất đai": 2003, 2013 or 2024?) it stays
    unresolved."""
    if not facts.title or facts.type_name not in TITLED_TYPES:
        return None
    title = nfc(facts.title)
    year = facts.year or (int(facts.date[:4]) if facts.date else None)
    m = re.search(r"\bnăm ((?:19|20)\d\d)\b|\b((?:19|20)\d\d)$", title)
    if year is None and m:
        year = int(m.group(1) or m.group(2))
    if year is None:
        return None
    name = re.sub(rf"^{re.escape(facts.type_name)}\s+", "", title)
    name = re.sub(r"\s*(?:năm\s+)?(?:19|20)\d\d$", "", name).strip()
    if not slug(name):
        name = facts.type_name  # "Hiến pháp năm 2013" -> …/hien-phap/2013/hien-phap
    tslug = slug(facts.type_name)
    iri = f"{VNLD}doc/{NATIONAL}/{TITLED_TYPES[facts.type_name]}/{tslug}/{year}/{slug(name)}"
    return DocIdentity(iri, True, replace(facts, year=year, jurisdiction=NATIONAL), None, cls, tslug)


#: Normative symbols carry their year since the 2002-2003 reforms; older ones (Nghị định 61-CP) never did.
NORMATIVE_YEAR_SINCE = 2003
_ASSEMBLY = re.compile(r"^(?:QH|UBTVQH)\d*$")


def resolved_symbol(f: DocFacts) -> str:
    """One symbol per document, whichever way a text wrote it: a normative symbol gets its year
    (55/TT-BCT -> 55/2025/TT-BCT), National Assembly texts drop the type (76/2025/NQ-UBTVQH15 ->
    76/2025/UBTVQH15, as they are issued), and a pre-2003 "61-CP" (which had no year) is written "61/CP"."""
    sym = canonical_symbol(f.symbol or "")
    m = re.match(r"^(\d+)-([^/\-]+)$", sym)
    if m and not type_code_row(m.group(2)):
        sym = f"{m.group(1)}/{m.group(2)}"
    row = type_code_row(f.type_code, f.family) if f.type_code else None
    assembly = any(_ASSEMBLY.match(c) for c in f.issuers)
    normative = assembly or bool(
        row and any(r["family"] == "normative" for r in _doc_types().get(row["code"], []))
    )
    m = re.match(r"^(\d+)/(?:((?:19|20)\d\d)/)?(.+)$", sym)
    if not (normative and f.year and f.year >= NORMATIVE_YEAR_SINCE and m):
        return sym
    rest = m.group(3)
    if assembly:
        rest = "-".join(f.issuers)
    elif f.type_code and not rest.startswith(f"{f.type_code}-"):
        rest = f"{f.type_code}-{rest}"
    return f"{m.group(1)}/{m.group(2) or f.year}/{rest}"


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
    for m in _HEADER_MONTH.finditer(fold(text[:4000])):
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
