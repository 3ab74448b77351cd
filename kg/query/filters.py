"""The arguments that filter a question: relation, dates and jurisdiction, parsed once for every command.

``kg implements``/``trace``/``path`` and ``kg export`` used to read these with different rules (``based-on``
worked in one and not the other, ``national`` and "TP. Hà Nội" only in one); both now call this module, so
the same spelling means the same thing everywhere. Every refusal is a one-line
:class:`kg.errors.ArgumentError` naming what is accepted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache

from kg.errors import ArgumentError
from kg.query.view import DocInfo
from kg.tables import read_table
from kg.text.fold import slug
from kg.vocab import RELATION_IRIS, relation_name

__all__ = [
    "NATIONAL",
    "date_bound",
    "in_dates",
    "in_places",
    "jurisdiction_slugs",
    "relation_iri",
    "relation_names",
]

#: Slug of the national jurisdiction, and the slugs of the words people use for it.
NATIONAL = "vn"


@cache
def _national_words() -> frozenset[str]:
    return frozenset(slug(r["word"]) for r in read_table("national_words.tsv"))


# --------------------------------------------------------------------------------------------- relations


def relation_names(values: str | Iterable[str]) -> list[str]:
    """``"implements,based-on"`` or ``["basedOn", "amends"]`` -> snake names, in order, each once."""
    items = [values] if isinstance(values, str) else list(values)
    out: list[str] = []
    for item in items:
        for part in str(item).split(","):
            if part.strip():
                name = relation_name(part)
                if name not in out:
                    out.append(name)
    if not out:
        raise ArgumentError("empty relation list")
    return out


def relation_iri(value: str) -> str:
    """Any spelling of one relation (``based_on``, ``basedOn``, ``based-on``, ``vnl:basedOn``) -> its IRI."""
    return RELATION_IRIS[relation_name(value)]


# --------------------------------------------------------------------------------------------- dates


def date_bound(value: str | None, *, upper: bool) -> str | None:
    """``2025`` / ``2025-04`` / ``2025-04-29`` -> the first (or, with ``upper``, last) ISO day it covers."""
    if value is None or not value.strip():
        return None
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", value.strip())
    if not m:
        raise ArgumentError(f"bad date {value!r}: use YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = m.group(1), m.group(2), m.group(3)
    if month is None:
        return f"{year}-12-31" if upper else f"{year}-01-01"
    if not 1 <= int(month) <= 12 or (day is not None and not 1 <= int(day) <= 31):
        raise ArgumentError(f"bad date {value!r}: use YYYY, YYYY-MM or YYYY-MM-DD")
    if day is None:
        return f"{year}-{int(month):02d}-31" if upper else f"{year}-{int(month):02d}-01"
    return f"{year}-{int(month):02d}-{int(day):02d}"


def in_dates(doc: DocInfo, since: str | None, until: str | None) -> bool:
    """Whether ``doc`` was issued within the bounds of :func:`date_bound`; a year alone counts if it overlaps."""
    if since is None and until is None:
        return True
    if doc.date:
        day = doc.date[:10]
        return (since is None or day >= since) and (until is None or day <= until)
    if doc.year is not None:  # the day is unknown: keep it when its year overlaps the range
        return (since is None or doc.year >= int(since[:4])) and (until is None or doc.year <= int(until[:4]))
    return False


# --------------------------------------------------------------------------------------------- jurisdiction


@cache
def _province_slugs() -> dict[str, str]:
    """Slug of every name, slug and alias in provinces.tsv -> the province's slug."""
    out: dict[str, str] = {}
    for row in read_table("provinces.tsv"):
        for name in (row.get("slug", ""), row.get("name", ""), *(row.get("aliases") or "").split("|")):
            if name and slug(name):
                out.setdefault(slug(name), row["slug"])
    return out


def jurisdiction_slugs(
    values: str | Iterable[str] | None, known: Callable[[str], bool] | None = None
) -> set[str] | None:
    """The place slugs a ``--jurisdiction`` value stands for; None when no filter was given.

    Each comma-separated item is a province slug, name or alias from provinces.tsv ("quang-ngai", "Hà Nội",
    "TP. Hà Nội"), a word for the whole country ("vn", "national", "toàn quốc"), or a slug ``known``
    accepts (a place the graph has that the table does not).
    """
    if values is None:
        return None
    items = [values] if isinstance(values, str) else list(values)
    parts = [p for item in items for p in str(item).split(",") if p.strip()]
    if not parts:
        return None
    out: set[str] = set()
    for part in parts:
        wanted = slug(part)
        if wanted in _national_words():
            out.add(NATIONAL)
        elif wanted in _province_slugs():
            out.add(_province_slugs()[wanted])
        elif known is not None and wanted and known(wanted):
            out.add(wanted)
        else:
            raise ArgumentError(
                f"unknown jurisdiction {part.strip()!r} (use a province name or slug, e.g. quang-ngai, or vn)"
            )
    return out


def in_places(doc: DocInfo, slugs: set[str] | None) -> bool:
    return slugs is None or doc.jurisdiction in slugs
