"""The evidence of one relation as every query layer returns it (kept out of :mod:`kg.query.view`, which reads
it from the graph; re-exported there)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Evidence"]


@dataclass(slots=True)
class Evidence:
    """The clause that states one relation, where it was read, and where in it the relation is said.

    All offsets are into the source text; ``cue_start``/``cue_end`` may lie before ``start`` (the heading of a
    list); ``object_start``/``object_end`` are the object's mention inside the evidence when the graph has it."""

    source: str  # the source file's path when known, else the source IRI
    text: str  # in full; what to print is :func:`kg.query.render.snippet`
    source_iri: str | None = None
    start: int | None = None
    end: int | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    cue: str | None = None  # the cue phrase as written
    article: str | None = None  # "Điều 2"
    editorial: bool = False  # a portal's editorial note, not the document's own statement
    object_start: int | None = None
    object_end: int | None = None
    object_text: str | None = None  # the object's mention as written there
    date_effective: str | None = None  # a change: when it takes effect (vnl:dateEffective)
    partial: bool = False  # a change to a part of the object (vnl:partial)

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "cue_start": self.cue_start,
            "cue_end": self.cue_end,
            "cue": self.cue,
            "article": self.article,
            "editorial": self.editorial,
        }
