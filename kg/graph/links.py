"""Links across sources, as pure rules over what the store knows (:class:`StoreFacts`): two texts of one
document (``vnl:sameDocumentAs``), the known documents an unresolved reference may be (``vnl:candidate``), and
references re-resolved because another text of the citing document brings the missing fact (``vnl:resolvedTo``).

Reading the facts from a store and writing the links is :mod:`kg.ingest.kb`'s job; everything here is a function
of its arguments, so the rules can be tested without a store.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from functools import cached_property

from kg.graph.codes import NATIONAL, parse_symbol
from kg.graph.facts import DocFacts, SourceContext, symbol_facts
from kg.graph.identity import DocIdentity, identify
from kg.graph.laws import laws_titled, split_year, title_key
from kg.text.fold import slug, symbol_key

#: Subjects' similarity (diacritics folded) from which two texts with matching numbers are one document.
SAME_TITLE_RATIO = 0.8


@dataclass(frozen=True, slots=True)
class Doc:
    """What the source graphs say about one document node (first value of each property, in store order)."""

    iri: str
    unresolved: bool = False
    symbols: tuple[str, ...] = ()
    partial_symbol: str | None = None
    number: str | None = None
    year: str | None = None
    date: str | None = None
    month: str | None = None
    jurisdictions: tuple[str, ...] = ()  # place IRIs
    issuers: tuple[str, ...] = ()  # body IRIs
    titles: tuple[str, ...] = ()
    type_code: str | None = None
    type_name: str | None = None
    family: str | None = None
    issuer_name: str | None = None
    reason: str | None = None  # vnl:unresolvedReason
    context_sources: tuple[str, ...] = ()  # source IRIs of an unresolved reference

    @property
    def symbol(self) -> str | None:
        return self.symbols[0] if self.symbols else None

    @property
    def title(self) -> str | None:
        return self.titles[0] if self.titles else None

    @property
    def jurisdiction(self) -> str | None:
        return self.jurisdictions[0] if self.jurisdictions else None

    @property
    def month_known(self) -> str | None:
        """YYYY-MM from the month, else from the date."""
        return self.month or (self.date or "")[:7] or None


@dataclass
class StoreFacts:
    """The facts of every source graph that the cross-source rules need (built once, then read only: the
    derived sets and indexes are computed on first use)."""

    docs: dict[str, Doc] = field(default_factory=dict)
    describes: dict[str, str] = field(default_factory=dict)  # source IRI -> the document it is a text of
    in_graph: dict[str, set[str]] = field(default_factory=dict)  # source IRI -> documents declared in it

    def doc(self, iri: str) -> Doc:
        return self.docs.get(iri) or Doc(iri)

    @cached_property
    def unresolved(self) -> set[str]:
        return {d for d, doc in self.docs.items() if doc.unresolved}

    @cached_property
    def resolved(self) -> set[str]:
        """Documents declared in some source graph that are not unresolved references."""
        declared = set().union(*self.in_graph.values()) if self.in_graph else set()
        return declared - self.unresolved

    @cached_property
    def by_symbol(self) -> dict[str, set[str]]:
        """:func:`symbol_key` -> resolved documents with that symbol."""
        out: dict[str, set[str]] = {}
        for d in self.resolved:
            for s in self.doc(d).symbols:
                out.setdefault(symbol_key(s), set()).add(d)
        return out

    @cached_property
    def by_law_title(self) -> dict[str, set[str]]:
        """:func:`title_key` -> numbered documents a text names with that title (a law's own heading, a citation
        "Luật … số 72/2025/QH15"): what the store has learnt about which number a title means."""
        out: dict[str, set[str]] = {}
        for d in self.resolved:
            doc = self.doc(d)
            if doc.symbols:
                for t in doc.titles:
                    out.setdefault(title_key(t, doc.type_name), set()).add(d)
        return out

    @cached_property
    def by_title(self) -> dict[str, set[str]]:
        """Slug of a title -> resolved documents with that title."""
        out: dict[str, set[str]] = {}
        for d in self.resolved:
            for t in self.doc(d).titles:
                out.setdefault(slug(t), set()).add(d)
        return out


def _partial_matches(symbol: str, partial: str) -> bool:
    """A blank-number symbol ("/SKHCN-VP") matches a complete one with the same issuer-unit suffix."""
    return symbol_key(symbol).endswith("/" + symbol_key(partial))


def _agree(a: str | None, b: str | None) -> bool:
    """Both unknown-tolerant: facts agree unless both are known and differ."""
    return not (a and b and a != b)


def same_document(a: Doc, b: Doc) -> bool:
    """Two texts are one document when jurisdiction and issuer (where both are known), year, month and symbol
    agree (a blank number matches any number with the same issuer-unit suffix) and the subjects read the same
    (compared without diacritics, so an OCR'd text matches the clean one)."""
    if a.jurisdictions and b.jurisdictions and set(a.jurisdictions) != set(b.jurisdictions):
        return False
    if a.issuers and b.issuers and not set(a.issuers) & set(b.issuers):
        return False
    if not a.year or a.year != b.year or not _agree(a.month_known, b.month_known):
        return False
    pa, pb = a.partial_symbol, b.partial_symbol
    if not (pa or pb):
        return False  # two complete symbols: the same symbol would already be the same IRI
    if pa and b.symbol and not _partial_matches(b.symbol, pa):
        return False
    if pb and a.symbol and not _partial_matches(a.symbol, pb):
        return False
    if pa and pb and symbol_key(pa) != symbol_key(pb):
        return False
    if not a.title or not b.title:
        return False
    return SequenceMatcher(None, slug(a.title), slug(b.title), autojunk=False).ratio() >= SAME_TITLE_RATIO


def same_document_pairs(facts: StoreFacts) -> list[tuple[str, str]]:
    """Pairs (sorted) of documents described by texts that are one document. Only a text with a blank number
    can be another text's twin: those are compared with every text of their year."""
    selves = sorted(set(facts.describes.values()))
    pairs = {
        tuple(sorted((a, b)))
        for a in selves
        if facts.doc(a).partial_symbol
        for b in selves
        if b != a and facts.doc(b).year == facts.doc(a).year
    }
    return [(a, b) for a, b in sorted(pairs) if same_document(facts.doc(a), facts.doc(b))]


def candidates(u: Doc, facts: StoreFacts) -> set[str]:
    """Known documents an unresolved reference may be: same symbol (or title), consistent with what is known."""
    if u.symbol:
        pool = facts.by_symbol.get(symbol_key(u.symbol), set())
    elif u.partial_symbol:
        tail = "/" + symbol_key(u.partial_symbol)
        pool = {d for key, ds in facts.by_symbol.items() if key.endswith(tail) for d in ds}
    elif u.title:
        pool = facts.by_title.get(slug(u.title), set()) | facts.by_law_title.get(
            title_key(u.title, u.type_name), set()
        )
    else:
        return set()
    return {
        d
        for d in pool
        if _agree(u.year, facts.doc(d).year)
        and _agree(u.date, facts.doc(d).date)
        and _agree(u.jurisdiction, facts.doc(d).jurisdiction)
    }


def resolve_by_title(u: Doc, facts: StoreFacts) -> str | None:
    """The one numbered document the store names with this reference's title in its year; None without a
    year, or when none or several do."""
    year = u.year or (u.date or "")[:4] or (str(split_year(u.title or "")[1] or "") or None)
    if not u.title or not year:
        return None
    found = {
        d for d in facts.by_law_title.get(title_key(u.title, u.type_name), set()) if facts.doc(d).year == year
    }
    return found.pop() if len(found) == 1 else None


def table_candidates(u: Doc) -> list[DocIdentity]:
    """The laws of laws.tsv that a title-only reference may be (its year, when it has one, decides)."""
    if u.symbol or u.partial_symbol or not u.title:
        return []
    year = int(u.year) if u.year else None
    out = []
    for law in laws_titled(u.title, u.type_name):
        if law.number and (year is None or law.year == year):
            f = replace(symbol_facts(law.number), type_name=law.type, title=law.title, date=law.date or None)
            ident = identify(f, SourceContext(key=""))
            if ident.resolved:
                out.append(ident)
    return out


def resolve_by_sibling(u: Doc, sibling_sources: set[str], facts: StoreFacts) -> str | None:
    """The one document that another text of the same citing document cites with the same symbol and the facts
    this reference lacks; None when there is none or more than one."""
    key = symbol_key(u.symbol or "")
    unresolved = facts.unresolved
    found = {
        d
        for s in sibling_sources
        for d in facts.in_graph.get(s, ())
        if d not in unresolved
        and any(symbol_key(v) == key for v in facts.doc(d).symbols)
        and _agree(u.year, facts.doc(d).year)
        and _agree(u.date, facts.doc(d).date)
    }
    return found.pop() if len(found) == 1 else None


def reidentify(u: Doc, province: str, source: str) -> DocIdentity | None:
    """Mint the reference again with the citing document's province learnt from another of its texts."""
    parts = parse_symbol(u.symbol)
    facts = DocFacts(
        symbol=u.symbol,
        number=u.number or parts.number,
        year=int(u.year) if u.year else None,
        date=u.date,
        type_code=u.type_code or parts.type_code,
        type_name=u.type_name,
        family=u.family or parts.family,
        issuers=parts.issuers,
        issuer_name=u.issuer_name,
    )
    ident = identify(facts, SourceContext(key=source.rsplit("/", 1)[-1], province=province))
    return ident if ident.resolved else None


def re_resolve(facts: StoreFacts, same: dict[str, set[str]]) -> tuple[dict[str, str], dict[str, DocIdentity]]:
    """Unresolved references that other texts of their citing document resolve: ``{reference: document}``, and
    the identities minted for documents no text describes yet.

    A sibling text citing the same symbol with the facts this one lacks wins; else, when the only missing fact
    was the citing document's province and a sibling text gives it, the reference is minted again with it."""
    sources_of: dict[str, list[str]] = {}
    for s, d in facts.describes.items():
        sources_of.setdefault(d, []).append(s)
    described = set(facts.describes.values())
    resolved_to: dict[str, str] = {}
    minted: dict[str, DocIdentity] = {}
    for iri in sorted(facts.unresolved):
        u = facts.doc(iri)
        if not u.context_sources or iri in described:
            continue
        if not u.symbol:
            titled = resolve_by_title(u, facts)
            if titled and titled != iri:
                resolved_to[iri] = titled
            continue
        citing_source = u.context_sources[0]
        self_doc = facts.describes.get(citing_source)
        sib_docs = ({self_doc} | same.get(self_doc, set())) if self_doc else set()
        sib_sources = {s for d in sib_docs for s in sources_of.get(d, [])} - {citing_source}
        target = resolve_by_sibling(u, sib_sources, facts)
        if target is None:
            province = next(
                (
                    facts.doc(d).jurisdiction.rsplit("/", 1)[-1]  # type: ignore[union-attr]
                    for d in sorted(sib_docs)
                    if facts.doc(d).jurisdiction
                ),
                None,
            )
            if province and province != NATIONAL and "province is unknown" in (u.reason or ""):
                ident = reidentify(u, province, citing_source)
                if ident is not None:
                    target = ident.iri
                    minted[target] = ident
        if target and target != iri:
            resolved_to[iri] = target
    return resolved_to, minted
