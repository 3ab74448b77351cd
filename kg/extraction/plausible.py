"""Whether a typed relation between two documents can be true, given their dates and their ranks.

Relations are read from syntax, and Vietnamese lists of titles are ambiguous: in "Nghị định A … sửa đổi … Nghị
định B …, Nghị định C … quy định chi tiết Luật X" a reader knows C is not what A's title names because C is older
than … or of the same rank as … the document that would act on it. Two facts no wording can override decide it:
- time: a document acts only on documents that exist when it is issued (it cannot implement, guide, amend,
  repeal or replace a later one);
- rank (kg/data/ranks.tsv): a document guides only a higher-ranked one (a Thông tư guides a Nghị định, never
  another Thông tư), implements only one of its own rank or higher, and changes only one of its own rank or lower;
  a local body's document (kg/data/issuers.tsv scope "local") changes no national one.
Unknown dates and ranks are never compared: the check only removes what cannot be, it never guesses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kg.extraction.lexicon import lexicon
from kg.models import Header, Mention
from kg.tables import read_table

#: predicates by which the subject acts on an existing object
_ACTS = frozenset({"implements", "guides", "amends", "repeals", "replaces", "suspends", "consolidates"})
_CHANGES = frozenset({"amends", "repeals", "replaces", "suspends"})


@dataclass(frozen=True, slots=True)
class Party:
    """What the check needs of one side of a relation."""

    rank: int | None = None
    date: str | None = None  # YYYY-MM-DD
    year: int | None = None
    local: bool = False  # issued by a local body (kg/data/issuers.tsv scope "local": UBND, HĐND, Sở …)


@cache
def _ranks() -> tuple[tuple[str, str, int], ...]:
    return tuple((r["type_name"], r["issuer"], int(r["rank"])) for r in read_table("ranks.tsv"))


_LEGISLATURE = re.compile(r"\d+$")


def rank_of(type_name: str | None, issuers: tuple[str, ...]) -> int | None:
    """Rank of a national legal document of this type and issuer (kg/data/ranks.tsv), else None."""
    if not type_name:
        return None
    codes = {_LEGISLATURE.sub("", c) for c in issuers}
    for name, issuer, rank in _ranks():
        if name == type_name and (issuer == "*" or issuer in codes):
            return rank
    return None


def _local(issuers: tuple[str, ...]) -> bool:
    table = lexicon().issuers
    return any(table.get(c, {}).get("scope") == "local" for c in issuers)


def mention_party(m: Mention) -> Party:
    year = m.year or (int(m.date[:4]) if m.date else None)
    return Party(rank_of(m.type_name, m.issuers), m.date, year, _local(m.issuers))


def header_party(h: Header) -> Party:
    year = h.year or (int(h.date[:4]) if h.date else None)
    return Party(rank_of(h.type, h.issuer_codes), h.date, year, _local(h.issuer_codes))


def plausible(predicate: str, actor: Party, target: Party) -> bool:
    """False when ``actor predicate target`` cannot be true: the actor is older than its object, or their ranks
    forbid it. True whenever a fact needed to tell is unknown."""
    if predicate not in _ACTS:
        return True
    if actor.date and target.date:
        if actor.date < target.date:
            return False
    elif actor.year and target.year and actor.year < target.year:
        return False
    if actor.local and target.rank is not None and predicate in _CHANGES:
        # a province's decision changes no law, decree or circular (it may detail one: "quy định chi tiết … Luật
        # Đất đai trên địa bàn tỉnh" is a guide)
        return False
    if actor.rank is None or target.rank is None:
        return True
    if predicate == "guides":
        return actor.rank > target.rank
    if predicate == "implements":
        return actor.rank >= target.rank
    if predicate in _CHANGES:
        return actor.rank <= target.rank
    return True
