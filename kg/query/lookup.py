"""Turn what a user types ("57/NQ-TW", "nq 57-nq/tw", "Nghị quyết 57", an IRI) into documents of the graph.

People write symbols loosely: any case, ``QD`` for ``QĐ``, ``/`` and ``-`` swapped, leading zeros dropped,
a type word in front. Matching therefore compares :func:`kg.text.fold.symbol_key` rather than the canonical
symbol, and narrows the search with the indexed ``vnl:number`` before falling back to a scan of all symbols.
A law is also found by its title ("Luật Giá", "Luật Tổ chức chính quyền địa phương 2025", folded or not), from
the graph's titles and ``laws.tsv``; two laws of one title are an ambiguity unless the year is given.
Every command that takes a document (implements, trace, path, show, ``export --around``) goes through
:func:`resolve_document`, so they accept the same input and fail with the same message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import pyoxigraph as ox

from kg.errors import LookupFailed
from kg.graph.laws import law_for, law_type, laws_titled, split_year, title_key
from kg.query.view import NUMBER, SYMBOL, DocInfo, GraphView
from kg.tables import read_table
from kg.text.fold import fold_key, nfc, symbol_key
from kg.vocab import PREFIXES, VNL, VNLD

__all__ = [
    "AmbiguousReference",
    "LookupFailed",
    "ParsedReference",
    "describe_candidate",
    "find_documents",
    "parse_reference",
    "resolve_document",
    "symbol_key",
]


class AmbiguousReference(LookupFailed):
    """The input fits several documents; ``candidates`` lists them so the user can pick one (by IRI)."""

    def __init__(self, text: str, candidates: list[DocInfo]) -> None:
        self.text = text
        self.candidates = candidates
        super().__init__(f"{text!r} is ambiguous: {len(candidates)} documents match; pass one IRI")

    @property
    def details(self) -> list[str]:
        """One line per candidate, for the message under the error line."""
        return [describe_candidate(d) for d in self.candidates]


@cache
def _type_words() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """Folded type word or code -> (folded codes, classes). From the shipped tables."""
    words: dict[str, tuple[set[str], set[str]]] = {}

    def add(word: str, code: str, cls: str) -> None:
        if not word:
            return
        codes, classes = words.setdefault(fold_key(word), (set(), set()))
        if code:
            codes.add(fold_key(code))
        if cls:
            classes.add(VNL + cls)

    for row in read_table("doc_types.tsv"):
        for word in [row.get("code", ""), *(row.get("aliases") or "").split("|")]:
            add(word, row.get("code", ""), row.get("class", ""))
        add(row.get("name_vi", ""), row.get("code", ""), row.get("class", ""))
        add(row.get("name_en", ""), row.get("code", ""), row.get("class", ""))
    for row in read_table("doc_type_names.tsv"):
        add(row.get("name_vi", ""), row.get("code", ""), row.get("class", ""))
        add(row.get("name_en", ""), row.get("code", ""), row.get("class", ""))
    return {k: (frozenset(c), frozenset(k2)) for k, (c, k2) in words.items()}


_SEP_SPACES = re.compile(r"\s*([-/])\s*")
_NUMBER_WORDS = {"so", "so:", "số", "số:", "no.", "no"}


@dataclass(frozen=True, slots=True)
class ParsedReference:
    """What the user typed, read as either an IRI, a symbol, or a type word plus a number."""

    text: str
    iri: str | None = None
    symbol: str | None = None
    number: str | None = None  # without leading zeros
    codes: frozenset[str] = field(default_factory=frozenset)  # folded type codes the type word allows
    classes: frozenset[str] = field(default_factory=frozenset)

    @property
    def key(self) -> str | None:
        return symbol_key(self.symbol) if self.symbol else None


def parse_reference(text: str) -> ParsedReference:
    """Read a reference as users type it. Raises ``LookupFailed`` when it cannot be one."""
    raw = nfc(text or "").strip()
    if not raw:
        raise LookupFailed("empty document reference")
    if "\n" in raw or "\r" in raw:
        raise LookupFailed("a document reference is one line")
    if raw.startswith("<") and raw.endswith(">"):
        return ParsedReference(raw, iri=_checked_iri(raw[1:-1]))
    if re.match(r"^[a-zA-Z][\w+.-]*://", raw):
        return ParsedReference(raw, iri=_checked_iri(raw))
    m = re.match(r"^([A-Za-z][\w-]*):(\S+)$", raw)
    if m and m.group(1) in PREFIXES:
        return ParsedReference(raw, iri=_checked_iri(PREFIXES[m.group(1)] + m.group(2)))
    if re.match(r"^(doc|ref|body|place|source)/\S+$", raw):
        return ParsedReference(raw, iri=_checked_iri(VNLD + raw))

    bad = re.search(r"[{}<>\"\\;|`\x00-\x1f]", raw)
    if bad:
        raise LookupFailed(f"unexpected character {bad.group()!r} in document reference {raw!r}")
    tokens = [t.strip(",.()'“”") for t in _SEP_SPACES.sub(r"\1", raw).split()]
    tokens = [t for t in tokens if t and fold_key(t) not in _NUMBER_WORDS]
    for i, tok in enumerate(tokens):
        letter = any(c.isalpha() for c in tok)
        if letter and ("/" in tok or ("-" in tok and any(c.isdigit() for c in tok))):
            number = re.match(r"^\d+", tok)
            return ParsedReference(
                raw, symbol=tok, number=(number.group().lstrip("0") or "0") if number else None
            )
        if tok.isdigit():
            codes, classes = _read_type_words(tokens[:i], raw)
            return ParsedReference(raw, number=tok.lstrip("0") or "0", codes=codes, classes=classes)
    raise LookupFailed(f"cannot read {raw!r} as a document (try a symbol like 57-NQ/TW or an IRI)")


def _read_type_words(words: list[str], raw: str) -> tuple[frozenset[str], frozenset[str]]:
    if not words:
        return frozenset(), frozenset()
    found = _type_words().get(fold_key(" ".join(words)))
    if found is None:
        raise LookupFailed(f"unknown document type {' '.join(words)!r} in {raw!r}")
    return found


def _checked_iri(iri: str) -> str:
    try:
        ox.NamedNode(iri)
    except ValueError as exc:
        raise LookupFailed(f"not a valid IRI: {iri!r} ({exc})") from None
    return iri


# --------------------------------------------------------------------------------------------- matching


def _number_variants(number: str) -> list[str]:
    return sorted({number, number.zfill(2), number.zfill(3), number.zfill(4)})


def _by_number(view: GraphView, number: str) -> set[str]:
    out: set[str] = set()
    for variant in _number_variants(number):
        for s in view.subjects(NUMBER, ox.Literal(variant)):
            if isinstance(s, ox.NamedNode):
                out.add(s.value)
    return out


def _matches_key(view: GraphView, iris: Iterable[str], key: str) -> set[str]:
    return {
        iri
        for iri in iris
        if any(symbol_key(s.value) == key for s in view.objects(ox.NamedNode(iri), SYMBOL))
    }


def _scan_symbols(view: GraphView, pred: Any) -> set[str]:
    """Every subject of ``vnl:symbol`` whose key passes ``pred``: the fallback when numbers do not help."""
    return {
        q.subject.value
        for q in view.store.quads_for_pattern(None, SYMBOL, None, None)
        if isinstance(q.subject, ox.NamedNode) and pred(symbol_key(q.object.value))
    }


def _type_fits(view: GraphView, iri: str, ref: ParsedReference) -> bool:
    if not ref.codes and not ref.classes:
        return True
    info = view.doc(iri)
    if info.type_code and fold_key(info.type_code) in ref.codes:
        return True
    if set(info.classes) & ref.classes:
        return True
    if info.symbol and ref.codes:  # the code inside the symbol: 57-NQ/TW -> NQ, 327/QĐ-UBND -> QĐ
        parts = symbol_key(info.symbol).lower().split("/")
        return any(p in ref.codes for p in parts[1:3])
    return False


_TITLE = ox.NamedNode(VNL + "title")
_TYPE_NAME = ox.NamedNode(VNL + "typeName")


def title_query(text: str) -> tuple[str, int | None] | None:
    """(title key, year) when the input is a law's title as people type it ("Luật Giá", "Bộ luật Lao động",
    "luat to chuc chinh quyen dia phuong 2025"); None when it is a symbol, a number or an IRI."""
    title, year = split_year(nfc(text or "").strip())
    if law_type(title) is None or re.search(r"\d|/|:", title) or len(title.split()) < 2:
        return None
    return title_key(title), year


def _by_title(view: GraphView, key: str, year: int | None) -> set[str]:
    """Documents the graph or laws.tsv names with that title (and year, when given)."""
    hits: set[str] = set()
    for q in view.store.quads_for_pattern(None, _TITLE, None, None):
        s = q.subject
        if not isinstance(s, ox.NamedNode) or not fold_key(q.object.value).endswith(key.rsplit(" ", 1)[-1]):
            continue
        type_name = next(
            (t.object.value for t in view.store.quads_for_pattern(s, _TYPE_NAME, None, None)), None
        )
        if title_key(q.object.value, type_name) == key:
            hits.add(s.value)
    for law in laws_titled(key):
        if law.number:
            hits |= _matches_key(
                view, _by_number(view, law.number.split("/")[0].lstrip("0") or "0"), symbol_key(law.number)
            )
    if year is not None:
        hits = {h for h in hits if _year_of(view.doc(h)) == year}
        # the law table knows which law of that title the year means (a source typo such as "72/2025/QH" or a
        # wrong pairing in one text does not make the title ambiguous)
        law = law_for(key, year)
        if law is not None and law.number:
            known = {h for h in hits if symbol_key(view.doc(h).symbol or "") == symbol_key(law.number)}
            hits = known or hits
    return hits


def _year_of(doc: DocInfo) -> int | None:
    return doc.year or (int(doc.date[:4]) if doc.date else None)


def find_documents(store: Any, text: str, *, view: GraphView | None = None) -> list[DocInfo]:
    """Every document the input could mean, best tier only (resolved documents before unresolved ones)."""
    view = view or GraphView(store)
    titled = title_query(text)
    if titled is not None:
        docs = [view.doc(h) for h in _by_title(view, *titled)]
        return _collapse_same(view, [d for d in docs if not d.unresolved] or docs)
    ref = parse_reference(text)
    if ref.iri is not None:
        return [view.doc(ref.iri)] if view.exists(ref.iri) else []
    if ref.symbol is not None:
        key = ref.key or ""
        hits = _matches_key(view, _by_number(view, ref.number), key) if ref.number else set()
        if not hits:
            hits = _scan_symbols(view, lambda k: k == key)
    else:
        number = ref.number or ""
        hits = _by_number(view, number)
        if not hits:
            hits = _scan_symbols(view, lambda k: k.split("/", 1)[0] == number)
        hits = {h for h in hits if _type_fits(view, h, ref)}
    docs = [view.doc(h) for h in hits]
    resolved = [d for d in docs if not d.unresolved]
    docs = resolved or docs
    return _collapse_same(view, docs)


def _collapse_same(view: GraphView, docs: list[DocInfo]) -> list[DocInfo]:
    """Two texts of one document (``vnl:sameDocumentAs``) are one candidate, not an ambiguity."""
    out: list[DocInfo] = []
    covered: set[str] = set()
    for d in sorted(docs, key=lambda d: (d.symbol is None, d.date is None, d.iri)):
        if d.iri in covered:
            continue
        covered |= view.equivalents(d.iri)
        out.append(d)
    return sorted(out, key=lambda d: (d.name, d.iri))


def resolve_document(store: Any, text: str, *, view: GraphView | None = None) -> DocInfo:
    """Exactly one document for the input; ``LookupFailed`` / ``AmbiguousReference`` otherwise."""
    docs = find_documents(store, text, view=view)
    if not docs:
        raise LookupFailed(f"no document matches {text.strip()!r}")
    if len(docs) > 1:
        raise AmbiguousReference(text.strip(), docs)
    return docs[0]


def describe_candidate(doc: DocInfo) -> str:
    """One line per candidate in an ambiguity message."""
    bits = [
        doc.name,
        doc.type_name or doc.type or "",
        doc.issuer or "",
        doc.date or "",
        doc.jurisdiction or "",
    ]
    return "  ".join([b for b in bits if b] + [f"<{doc.iri}>"])
