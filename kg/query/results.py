"""What the graph walks return: result objects with ``to_json``, ``to_rows`` and ``to_tree``.

Kept apart from :mod:`kg.query.walks` (how the graph is walked) so the shape of an answer, which the CLI and
library users depend on, can be read in one place; the CLI only picks one of the three outputs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kg.query.render import evidence_cell, evidence_json, implementers_tree, path_tree, trace_tree
from kg.query.view import DocInfo, Evidence

__all__ = ["ROW_FIELDS", "Hop", "Implementer", "ImplementsResult", "PathResult", "TraceResult"]


@dataclass(slots=True)
class Implementer:
    """A document that implements the target directly (depth 1) or through ``via``."""

    doc: DocInfo
    depth: int
    via: list[DocInfo]  # the documents between this one and the target, nearest first
    evidence: list[Evidence]  # of the hop from this document to via[0] (or to the target)

    def to_json(self) -> dict[str, Any]:
        return {
            **self.doc.to_json(),
            "depth": self.depth,
            "via": [d.name for d in self.via],
            "evidence": [evidence_json(e) for e in self.evidence],
        }


ROW_FIELDS = ("depth", "symbol", "type", "issuer", "date", "jurisdiction", "via", "evidence", "iri")


@dataclass(slots=True)
class ImplementsResult:
    query: str
    target: DocInfo
    implementers: list[Implementer]
    relation: str = "implements"

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "target": {"symbol": self.target.symbol, "iri": self.target.iri},
            "implementers": [i.to_json() for i in self.implementers],
        }

    def to_rows(self) -> list[dict[str, Any]]:
        """Flat rows for table and CSV output (via and evidence joined into one cell)."""
        return [
            {
                "depth": i.depth,
                "symbol": i.doc.name,
                "type": i.doc.type_name or i.doc.type or "",
                "issuer": i.doc.issuer or "",
                "date": i.doc.date or "",
                "jurisdiction": i.doc.jurisdiction or "",
                "via": " > ".join(d.name for d in i.via),
                "evidence": evidence_cell(i.evidence),
                "iri": i.doc.iri,
            }
            for i in self.implementers
        ]

    def to_tree(self) -> str:
        """The target at the root, each implementer under the document it implements (shortest chain)."""
        return implementers_tree(self.target, self.implementers, self.relation)


@dataclass(slots=True)
class Hop:
    """One edge of a path, read ``source predicate target`` as stated in the text."""

    frm: DocInfo
    to: DocInfo
    predicate: str
    forward: bool  # False when the stated triple is ``to predicate frm``
    evidence: list[Evidence]

    def to_json(self) -> dict[str, Any]:
        return {
            "from": self.frm.name,
            "to": self.to.name,
            "from_iri": self.frm.iri,
            "to_iri": self.to.iri,
            "predicate": self.predicate,
            "direction": "forward" if self.forward else "backward",
            "evidence": [evidence_json(e) for e in self.evidence],
        }

    def arrow(self) -> str:
        return f"--{self.predicate}-->" if self.forward else f"<--{self.predicate}--"


@dataclass(slots=True)
class TraceResult:
    query: str
    target: DocInfo
    ancestors: list[tuple[DocInfo, int]]  # (document, shortest distance)
    roots: list[DocInfo]
    paths: list[list[Hop]]
    truncated: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "target": {"symbol": self.target.symbol, "iri": self.target.iri},
            "ancestors": [{**d.to_json(), "depth": n} for d, n in self.ancestors],
            "roots": [{"symbol": d.symbol, "iri": d.iri} for d in self.roots],
            "paths": [
                {
                    "nodes": [self.target.name, *(h.to.name for h in p)],
                    "hops": [h.to_json() for h in p],
                }
                for p in self.paths
            ],
            "truncated": self.truncated,
        }

    def to_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "depth": n,
                "symbol": d.name,
                "type": d.type_name or d.type or "",
                "issuer": d.issuer or "",
                "date": d.date or "",
                "jurisdiction": d.jurisdiction or "",
                "root": "yes" if any(r.iri == d.iri for r in self.roots) else "",
                "iri": d.iri,
            }
            for d, n in self.ancestors
        ]

    def to_tree(self) -> str:
        return trace_tree(self.target, self.paths, self.truncated)


@dataclass(slots=True)
class PathResult:
    query: tuple[str, str]
    source: DocInfo
    target: DocInfo
    paths: list[list[Hop]]
    truncated: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "query": list(self.query),
            "from": {"symbol": self.source.symbol, "iri": self.source.iri},
            "to": {"symbol": self.target.symbol, "iri": self.target.iri},
            "length": len(self.paths[0]) if self.paths else None,
            "paths": [[h.to_json() for h in p] for p in self.paths],
            "truncated": self.truncated,
        }

    def to_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "path": n,
                "step": k,
                "from": h.frm.name,
                "relation": h.predicate,
                "direction": "forward" if h.forward else "backward",
                "to": h.to.name,
                "evidence": evidence_cell(h.evidence),
            }
            for n, p in enumerate(self.paths, 1)
            for k, h in enumerate(p, 1)
        ]

    def to_tree(self) -> str:
        return path_tree(self.source, self.target, self.paths, self.truncated)
