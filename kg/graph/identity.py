"""Identity: which node in the graph a document, body, place or source is (IRIs as in ontology/README.md).

Facts live in the tables (issuer scope, provinces, type codes, see :mod:`kg.graph.codes`); the logic here decides,
from what a text says (:mod:`kg.graph.facts`), whether a reference can be pinned to one document. When the year or
the jurisdiction cannot be known the reference gets an *unresolved* IRI (``vnld:ref/...``) private to its source:
it is never merged by guess.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace

from kg.graph.codes import (
    NATIONAL,
    body_code,
    canonical_symbol,
    class_name,
    is_normative_type,
    is_sub_provincial,
    issuer_scope,
    province_in,
    type_code_row,
    type_slug,
)
from kg.graph.facts import DocFacts, SourceContext, symbol_facts
from kg.graph.laws import law_for, law_type, split_year
from kg.text.fold import slug
from kg.vocab import VNLD


def number_key(number: str) -> str:
    """``{number}`` of a document IRI: leading zeros dropped (03 and 3 are one document)."""
    s = slug(number)
    m = re.match(r"0*(\d+)(.*)", s)
    return (m.group(1) + m.group(2)) if m else s


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


# --------------------------------------------------------------------------- documents


@dataclass(frozen=True, slots=True)
class DocIdentity:
    iri: str
    resolved: bool
    facts: DocFacts
    reason: str | None = None  # why it is unresolved
    cls: str = "Document"
    type_slug: str | None = None
    extra: dict[str, str] = field(default_factory=dict, compare=False)


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
        titled = titled_identity(facts, cls, ctx)
        if titled is not None:
            return titled
        if facts.partial_symbol:
            reason = "number left blank"
        elif facts.title:
            year = facts.year or split_year(facts.title)[1]
            reason = "cited by title only" + (
                ", without its year" if not year else "; laws.tsv has no law of that title and year"
            )
            facts = replace(facts, year=year)
        else:
            reason = reason or "no symbol"
    elif not facts.number:
        reason = "no number"
    elif facts.year is None:
        reason = "year unknown"
    elif tslug is None and not assembly(facts.issuers):
        reason = "document type unknown"
    elif reason is None and not facts.issuers:
        reason = "issuer unknown"
    if reason is None and facts.jurisdiction:
        if assembly(facts.issuers):  # one number sequence for all its types: the IRI must not hang on a guess
            tslug = ASSEMBLY_TYPE_SEGMENT
            cls = "Document" if cls == "OfficialLetter" else cls
        iri = doc_iri(facts.jurisdiction, "-".join(facts.issuers), tslug, facts.year, facts.number)
        facts = replace(facts, symbol=resolved_symbol(facts))
        return DocIdentity(iri, True, facts, None, cls, tslug)
    sym = facts.symbol or facts.partial_symbol or facts.title
    ckey = ctx.key if self_doc else short_hash(ctx.key, sym, facts.year, facts.date, facts.jurisdiction)
    return DocIdentity(ref_iri(sym, ckey), False, facts, reason or "unknown", cls, tslug)


#: Documents whose title and year identify them nationwide, and who issues them (NA / its Standing Committee).
TITLED_TYPES = {"Luật": "qh", "Bộ luật": "qh", "Hiến pháp": "qh", "Pháp lệnh": "ubtvqh"}
#: ``{type}`` of National Assembly and Standing Committee documents: their laws, codes, ordinances and
#: resolutions share one number sequence a year and the symbol carries no type (16/2023/QH15).
ASSEMBLY_TYPE_SEGMENT = "vb"
_ASSEMBLY_ISSUER = re.compile(r"^(?:QH|UBTVQH)\d*$")


def assembly(issuers: tuple[str, ...]) -> bool:
    """Whether a symbol is the National Assembly's or its Standing Committee's (no type code in it)."""
    return bool(issuers) and all(_ASSEMBLY_ISSUER.match(c) for c in issuers)


def titled_identity(facts: DocFacts, cls: str, ctx: SourceContext | None = None) -> DocIdentity | None:
    """A law cited by title and year ("Luật Hải quan ngày 23 tháng 6 năm 2014", "Luật NSNN 2015") is the
    numbered law laws.tsv gives for that title and year, minted exactly as if the text had cited its number.
    The Constitution (one a year, no number) is ``vnld:doc/vn/qh/hien-phap/{year}/hien-phap``. None otherwise:
    without a year ("Luật Đất đai": 2003, 2013 or 2024?) or without a row the reference stays unresolved."""
    if not facts.title:
        return None
    type_name = facts.type_name if facts.type_name in TITLED_TYPES else law_type(facts.title)
    if type_name is None:
        return None
    title, in_title = split_year(facts.title)
    year = facts.year or (int(facts.date[:4]) if facts.date else None) or in_title
    if year is None:
        return None
    if type_name == "Hiến pháp":
        iri = f"{VNLD}doc/{NATIONAL}/qh/hien-phap/{year}/hien-phap"
        return DocIdentity(
            iri, True, replace(facts, year=year, jurisdiction=NATIONAL), None, cls, "hien-phap"
        )
    law = law_for(title, year, type_name)
    if law is None or not law.number:
        return None
    numbered = symbol_facts(law.number)
    date = facts.date if facts.date and int(facts.date[:4]) == law.year else (law.date or None)
    numbered = replace(numbered, type_name=law.type, date=date, year=law.year, title=law.title)
    return identify(numbered, ctx or SourceContext(key=""))


#: Normative symbols carry their year since the 2002-2003 reforms; older ones (Nghị định 61-CP) never did.
NORMATIVE_YEAR_SINCE = 2003


def resolved_symbol(f: DocFacts) -> str:
    """One symbol per document, whichever way a text wrote it: a normative symbol gets its year
    (55/TT-BCT -> 55/2025/TT-BCT), National Assembly texts drop the type (76/2025/NQ-UBTVQH15 ->
    76/2025/UBTVQH15, as they are issued), and a pre-2003 "61-CP" (which had no year) is written "61/CP"."""
    sym = canonical_symbol(f.symbol or "")
    m = re.match(r"^(\d+)-([^/\-]+)$", sym)
    if m and not type_code_row(m.group(2)):
        sym = f"{m.group(1)}/{m.group(2)}"
    row = type_code_row(f.type_code, f.family) if f.type_code else None
    national = any(_ASSEMBLY_ISSUER.match(c) for c in f.issuers)
    normative = national or bool(row and is_normative_type(row["code"]))
    m = re.match(r"^(\d+)/(?:((?:19|20)\d\d)/)?(.+)$", sym)
    if not (normative and f.year and f.year >= NORMATIVE_YEAR_SINCE and m):
        return sym
    rest = m.group(3)
    if national:
        rest = "-".join(f.issuers)
    elif f.type_code and not rest.startswith(f"{f.type_code}-"):
        rest = f"{f.type_code}-{rest}"
    return f"{m.group(1)}/{m.group(2) or f.year}/{rest}"
