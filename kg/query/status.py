"""``kg status``: is a document in force at a date, since when, and which documents changed it.

Read from the graph only, and said so: the status is what the relations the built texts state imply (amends,
replaces, repeals, suspends, with the date each change takes effect, ``vnl:dateEffective``, and whether it reaches
only a part, ``vnl:partial``), together with the document's own ``vnl:dateInForce`` / ``vnl:dateNoLongerInForce``.
A document no built text changes is ``in_force``, with that basis stated: the graph cannot know of a repeal in a
text it was not given.

A change's date is the one its evidence carries, else the changing document's effective date, else its date of
issue (the basis says which). A whole repeal gives ``repealed``, a whole replacement ``replaced``, a whole
suspension ``suspended``; a partial repeal ``partly_repealed``; amendments and partial replacements ``amended``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from kg.errors import ArgumentError
from kg.query.lookup import resolve_document
from kg.query.render import doc_line, one_line, rows_to_table, snippet
from kg.query.view import DocInfo, Evidence, GraphView, vnl
from kg.vocab import RELATION_IRIS

__all__ = ["STATUSES", "Change", "StatusResult", "parse_day", "status"]

#: Every status ``kg status`` gives, from the strongest.
STATUSES = (
    "repealed",
    "replaced",
    "expired",
    "suspended",
    "partly_repealed",
    "amended",
    "not_yet_in_force",
    "in_force",
)
_CHANGES = ("amends", "replaces", "repeals", "suspends")
_TERMINAL = {"repeals": "repealed", "replaces": "replaced"}


@dataclass(slots=True)
class Change:
    """One change a document makes to the one asked about, as the graph states it."""

    doc: DocInfo
    relation: str  # amends | replaces | repeals | suspends
    date: str | None  # when it takes effect
    date_basis: str  # stated | effective date of the changing document | date of issue … | unknown
    partial: bool
    evidence: Evidence | None

    @property
    def effect(self) -> str:
        """The status this change alone gives its object."""
        if self.relation == "amends" or (self.partial and self.relation in ("replaces", "suspends")):
            return "amended"
        if self.relation == "repeals":
            return "partly_repealed" if self.partial else "repealed"
        return "replaced" if self.relation == "replaces" else "suspended"

    def by_json(self) -> dict[str, Any]:
        return {
            "symbol": self.doc.name,
            "relation": self.relation,
            "date": self.date,
            "evidence": snippet(self.evidence) if self.evidence else None,
        }

    def history_json(self, at: str) -> dict[str, Any]:
        return {
            **self.by_json(),
            "iri": self.doc.iri,
            "partial": self.partial,
            "date_basis": self.date_basis,
            "in_effect": self.date is None or self.date <= at,
            "editorial": bool(self.evidence and self.evidence.editorial),
            "source": self.evidence.source if self.evidence else None,
        }


@dataclass(slots=True)
class StatusResult:
    doc: DocInfo
    at: str
    status: str
    since: str | None
    effective_date: str | None
    expiry_date: str | None
    by: list[Change]
    history: list[Change] = field(default_factory=list)
    basis: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "document": {
                **self.doc.to_json(),
                "title": self.doc.title,
                "effective_date": self.effective_date,
                "expiry_date": self.expiry_date,
            },
            "status": self.status,
            "since": self.since,
            "by": [c.by_json() for c in self.by],
            "history": [c.history_json(self.at) for c in self.history],
            "basis": self.basis,
        }

    def to_rows(self) -> list[dict[str, Any]]:
        """One row per change in date order (``later`` when it takes effect after the date asked)."""
        return [
            {
                "date": c.date or "?",
                "relation": c.relation + (" (part)" if c.partial else ""),
                "by": c.doc.name,
                "effect": c.effect + ("" if c.date is None or c.date <= self.at else " (later)"),
                "evidence": snippet(c.evidence) if c.evidence else "",
            }
            for c in self.history
        ]

    def to_table(self) -> str:
        """The status line, the changes as a table, and the basis."""
        since = f" since {self.since}" if self.since else ""
        head = f"{self.doc.name}: {self.status}{since} (at {self.at})"
        rows = self.to_rows()
        return "\n".join([head, *([rows_to_table(rows)] if rows else []), self.basis])

    def to_tree(self) -> str:
        lines = [doc_line(self.doc), f"  <{self.doc.iri}>"]
        since = f" since {self.since}" if self.since else ""
        lines.append(f"status at {self.at}: {self.status}{since}")
        for c in self.history:
            later = "" if c.date is None or c.date <= self.at else "  (takes effect later)"
            part = " (part)" if c.partial else ""
            lines.append(f"  {c.date or '????-??-??'}  {c.relation}{part} by {c.doc.name}{later}")
            if c.evidence:
                lines.append(f"        “{one_line(snippet(c.evidence))}”")
        lines.append(self.basis)
        return "\n".join(lines)


def parse_day(text: str | dt.date | None) -> str:
    """``--at``: ``YYYY-MM-DD`` (also ``DD/MM/YYYY``); today when None."""
    if text is None:
        return dt.date.today().isoformat()
    if isinstance(text, dt.date):
        return text.isoformat()
    t = text.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(t, fmt).date().isoformat()
        except ValueError:
            continue
    raise ArgumentError(f"not a date: {text!r} (give YYYY-MM-DD)")


def _own_date(view: GraphView, iris: set[str], local: str) -> str | None:
    days = {d for i in iris if (d := view.first(ox.NamedNode(i), vnl(local), None))}
    return min(days) if days else None


def _before(a: DocInfo, b: DocInfo) -> bool:
    """``a`` was issued before ``b`` (by date, else by year): it cannot change ``b``."""
    if a.date and b.date:
        return a.date < b.date
    return bool(a.year and b.year and a.year < b.year)


def _changes(view: GraphView, doc: DocInfo, same: set[str]) -> tuple[list[Change], int]:
    """Every change the graph states to ``same`` (a document and its other texts), one per changer and
    relation (the earliest stated date; a partial change only when every statement of it is partial), and how
    many were left out because the changer is older than the document (a passive read backwards: "Thông tư
    … được sửa đổi, bổ sung bởi Thông tư số 13/2020/TT-BTC" in the title of a 2026 circular)."""
    by_key: dict[tuple[str, str], Change] = {}
    older: set[str] = set()
    for o in sorted(same):
        for s, p in view.incoming(ox.NamedNode(o)):
            rel = next((r for r in _CHANGES if RELATION_IRIS[r] == p.value), None)
            if rel is None or not isinstance(s, ox.NamedNode) or s.value in same:
                continue
            changer_doc = view.doc(s.value)
            if _before(changer_doc, doc):
                older.add(s.value)
                continue
            changer = view.equivalents(s.value)
            for ev in view.evidence(s.value, p.value, o) or [None]:  # type: ignore[list-item]
                date, basis = ev.date_effective if ev else None, "stated"
                if date is None:
                    date, basis = (
                        _own_date(view, changer, "dateInForce"),
                        "effective date of the changing document",
                    )
                if date is None:
                    date, basis = (
                        changer_doc.date,
                        "date of issue of the changing document (no effective date known)",
                    )
                if date is None:
                    basis = "unknown"
                c = Change(changer_doc, rel, date, basis, bool(ev and ev.partial), ev)
                old = by_key.get((s.value, rel))
                if old is None:
                    by_key[(s.value, rel)] = c
                else:
                    old.partial = old.partial and c.partial
                    if c.date and (old.date is None or c.date < old.date):
                        old.date, old.date_basis, old.evidence = c.date, c.date_basis, c.evidence
    changes = sorted(by_key.values(), key=lambda c: (c.date or "9999", c.doc.name, c.relation))
    return changes, len(older)


def status(
    store: Any, x: str, at: str | dt.date | None = None, *, view: GraphView | None = None
) -> StatusResult:
    """The legal status of document ``x`` (a symbol or a title) at ``at`` (default today), as far as the graph
    knows. Raises the lookup errors of :func:`kg.query.lookup.resolve_document` (unknown, ambiguous)."""
    day = parse_day(at)
    view = view or GraphView(store)
    doc = resolve_document(store, x, view=view)
    same = view.equivalents(doc.iri)
    effective = _own_date(view, same, "dateInForce")
    expiry = _own_date(view, same, "dateNoLongerInForce")
    history, older = _changes(view, doc, same)
    now = [c for c in history if c.date is None or c.date <= day]
    state, since, by = "in_force", effective, []
    for wanted in STATUSES[:-2]:
        if wanted == "expired":
            if expiry and expiry < day:
                end = (dt.date.fromisoformat(expiry) + dt.timedelta(days=1)).isoformat()
                state, since, by = "expired", end, []
                break
            continue
        hits = [c for c in now if c.effect == wanted]
        if hits:
            state, since, by = wanted, hits[0].date, hits
            break
    if state == "in_force" and effective and day < effective:
        state, since = "not_yet_in_force", None
    basis = _basis(doc, day, effective, expiry, history, older)
    return StatusResult(doc, day, state, since, effective, expiry, by, history, basis)


def _basis(
    doc: DocInfo, day: str, effective: str | None, expiry: str | None, history: list[Change], older: int
) -> str:
    """The sentence that says what the status rests on."""
    own = (
        f"its own text says it takes effect on {effective}"
        if effective
        else "the graph has no effective date for it"
    )
    if expiry:
        own += f" and has effect until {expiry}"
    skipped = f"; {older} change(s) by documents issued before it left out (read backwards)" if older else ""
    if not history:
        return (
            f"As far as the graph knows (at {day}): no built text amends, replaces, repeals or suspends "
            f"{doc.name}; {own}{skipped}. A text the graph was not given may still have changed it."
        )
    later = sum(1 for c in history if c.date is not None and c.date > day)
    notes = sum(1 for c in history if c.evidence and c.evidence.editorial)
    parts = [
        f"As far as the graph knows (at {day}): {len(history)} change(s) stated by the built texts"
        + (f", {later} taking effect later" if later else "")
        + (f", {notes} only in a portal's editorial note" if notes else ""),
        own,
    ]
    return "; ".join(parts) + skipped + "."
