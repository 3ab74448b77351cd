"""The query layer: implementers, upward traces, connections, document cards and raw SPARQL.

Transitive questions (who implements X, through any chain) are answered by walking ``vnl:implements``
edges from Python with indexed quad lookups instead of SPARQL property paths: Oxigraph plans
``?plan a X ; vnl:implements+ ?doc`` badly (1000x slower, see tech-notes §1), rdflib's paths recurse,
and a walk gives us depth, the path and the evidence of each hop for free.

Every function takes a store (``kg.store.local.Store`` or a bare ``pyoxigraph.Store``) and returns a result
object with ``to_json()``; the CLI (``kg.cli.query``) only formats these.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.models import PREDICATES
from kg.query.lookup import (
    PREFIXES,
    VNL,
    VNLD,
    AmbiguousReference,
    DocInfo,
    Evidence,
    GraphView,
    LookupFailed,
    fold,
    ox_store,
    resolve_document,
    vnl,
)

__all__ = [
    "AmbiguousReference",
    "LookupFailed",
    "NamedQuery",
    "QueryError",
    "RELATIONS",
    "implements",
    "list_queries",
    "named_query",
    "path",
    "show",
    "sparql",
    "trace",
    "with_prefixes",
]


class QueryError(ValueError):
    """Bad arguments or a SPARQL error, phrased for the user (one line)."""


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(w.capitalize() for w in rest)


#: extractor predicate (snake_case) -> property IRI
RELATIONS: dict[str, str] = {p: VNL + _camel(p) for p in PREDICATES}
_REL_NAMES: dict[str, str] = {iri: name for name, iri in RELATIONS.items()}
#: links that connect documents without being a stated relation (used by ``path``)
_LINKS: dict[str, str] = {VNL + "sameDocumentAs": "same_document_as", VNL + "candidate": "candidate"}


def _relation_iri(relation: str) -> str:
    name = relation.strip()
    if name in RELATIONS:
        return RELATIONS[name]
    for snake, iri in RELATIONS.items():
        if name in (iri, "vnl:" + _camel(snake), _camel(snake)):
            return iri
    raise QueryError(f"unknown relation {relation!r} (one of: {', '.join(RELATIONS)})")


def _pred_name(iri: str) -> str:
    return _REL_NAMES.get(iri) or _LINKS.get(iri) or _curie(iri)


def _curie(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and re.fullmatch(r"[\w.-]*", iri[len(ns) :]):
            return f"{prefix}:{iri[len(ns) :]}"
    return f"<{iri}>"


# --------------------------------------------------------------------------------------------- filters


def _date_bound(value: str | None, upper: bool) -> str | None:
    """``2025`` / ``2025-04`` / ``2025-04-29`` -> the first or last ISO day it covers."""
    if value is None or value == "":
        return None
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", value.strip())
    if not m:
        raise QueryError(f"bad date {value!r}: use YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = m.group(1), m.group(2), m.group(3)
    if month is None:
        return f"{year}-12-31" if upper else f"{year}-01-01"
    if not 1 <= int(month) <= 12 or (day is not None and not 1 <= int(day) <= 31):
        raise QueryError(f"bad date {value!r}")
    if day is None:
        return f"{year}-{int(month):02d}-31" if upper else f"{year}-{int(month):02d}-01"
    return f"{year}-{int(month):02d}-{int(day):02d}"


def _in_dates(doc: DocInfo, since: str | None, until: str | None) -> bool:
    if since is None and until is None:
        return True
    if doc.date:
        day = doc.date[:10]
        return (since is None or day >= since) and (until is None or day <= until)
    if doc.year is not None:  # the day is unknown: keep it when its year overlaps the range
        return (since is None or doc.year >= int(since[:4])) and (until is None or doc.year <= int(until[:4]))
    return False


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


_NATIONAL = {"vn", "viet-nam", "vietnam", "national", "toan-quoc", "trung-uong", "quoc-gia"}


def _jurisdiction_slugs(view: GraphView, value: str | None) -> set[str] | None:
    """The place slugs a ``--jurisdiction`` value stands for (slug, name or alias of a province)."""
    if value is None or not value.strip():
        return None
    wanted = _slug(value)
    if wanted in _NATIONAL:
        return {"vn"}
    from kg.tables import read_table

    for row in read_table("provinces.tsv"):
        names = [row.get("slug", ""), row.get("name", ""), *(row.get("aliases") or "").split("|")]
        if wanted in {_slug(n) for n in names if n}:
            return {row["slug"]}
    if view.exists(VNLD + "place/" + wanted):
        return {wanted}
    raise QueryError(f"unknown jurisdiction {value!r} (use a province name or slug, e.g. quang-ngai, or vn)")


def _in_places(doc: DocInfo, slugs: set[str] | None) -> bool:
    return slugs is None or doc.jurisdiction in slugs


def _resolve(view: GraphView, x: str) -> DocInfo:
    return resolve_document(view.ox, x, view=view)


# --------------------------------------------------------------------------------------------- implements


@dataclass(slots=True)
class Implementer:
    """A document that implements the target directly (depth 1) or through ``via``."""

    doc: DocInfo
    depth: int
    via: list[DocInfo]  # the documents between this one and the target, nearest first
    evidence: list[Evidence]  # of the hop from this document to via[0] (or to the target)

    def to_json(self) -> dict[str, Any]:
        return {
            "symbol": self.doc.symbol,
            "iri": self.doc.iri,
            "depth": self.depth,
            "via": [d.name for d in self.via],
            "type": self.doc.type,
            "issuer": self.doc.issuer,
            "date": self.doc.date,
            "jurisdiction": self.doc.jurisdiction,
            "evidence": [e.to_json() for e in self.evidence],
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
                "evidence": " | ".join(f"{e.text} [{e.source}]" for e in i.evidence),
                "iri": i.doc.iri,
            }
            for i in self.implementers
        ]

    def to_tree(self) -> str:
        """The target at the root, each implementer under the document it implements (shortest chain)."""
        kept = {i.doc.iri for i in self.implementers}
        children: dict[str, list[Implementer]] = {}
        for imp in self.implementers:
            parent = next((d.iri for d in imp.via if d.iri in kept), self.target.iri)
            children.setdefault(parent, []).append(imp)
        lines = [_doc_line(self.target)]

        def walk(iri: str, indent: str) -> None:
            kids = children.get(iri, [])
            for n, imp in enumerate(kids):
                last = n == len(kids) - 1
                skipped = [d.name for d in imp.via if d.iri not in kept]
                note = f"  (via {' > '.join(skipped)})" if skipped else ""
                lines.append(f"{indent}{'└── ' if last else '├── '}[{imp.depth}] {_doc_line(imp.doc)}{note}")
                inner = indent + ("    " if last else "│   ")
                for e in imp.evidence:
                    lines.append(f"{inner}  “{_one_line(e.text)}” [{e.source}]")
                walk(imp.doc.iri, inner)

        walk(self.target.iri, "")
        if not self.implementers:
            lines.append(f"(no document {self.relation.replace('_', ' ')} {self.target.name})")
        return "\n".join(lines)


def _one_line(text: str, limit: int = 240) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _doc_line(doc: DocInfo) -> str:
    bits = [
        doc.type_name or doc.type,
        doc.issuer,
        doc.date or (str(doc.year) if doc.year else None),
        doc.jurisdiction_label or doc.jurisdiction,
    ]
    return f"{doc.name}  " + " · ".join(b for b in bits if b)


def implements(
    store: Any,
    x: str,
    depth: int | None = None,
    jurisdiction: str | None = None,
    since: str | None = None,
    until: str | None = None,
    *,
    relation: str = "implements",
) -> ImplementsResult:
    """Every document that implements ``x`` directly or through a chain, nearest first.

    ``depth`` limits the chain length; ``jurisdiction`` / ``since`` / ``until`` filter the listed
    documents, not the walk (a provincial plan implementing a national one still counts).
    """
    if depth is not None and depth < 1:
        raise QueryError("--depth must be at least 1")
    view = GraphView(store)
    pred = ox.NamedNode(_relation_iri(relation))
    lo, hi = _date_bound(since, upper=False), _date_bound(until, upper=True)
    places = _jurisdiction_slugs(view, jurisdiction)
    target = _resolve(view, x)

    done = view.equivalents(target.iri)
    parent: dict[str, str] = {}
    level: dict[str, int] = {}
    frontier = [target.iri]
    d = 0
    while frontier and (depth is None or d < depth):
        d += 1
        nxt: list[str] = []
        found_by: list[tuple[str, set[str]]] = []
        for node in frontier:
            subs: set[str] = set()
            for eq in view.equivalents(node):
                subs.update(
                    s.value for s in view.subjects(pred, ox.NamedNode(eq)) if isinstance(s, ox.NamedNode)
                )
            found_by.append((node, subs - done))
        for node, subs in found_by:
            for s in sorted(subs, key=lambda i: (view.doc(i).name, i)):
                if s in done:
                    continue
                done.add(s)
                parent[s], level[s] = node, d
                nxt.append(s)
        frontier = nxt

    # the chain of each implementer reuses its parent's (level order: parents come first)
    chains: dict[str, list[DocInfo]] = {target.iri: []}
    found: list[Implementer] = []
    for iri, lvl in level.items():
        up = parent[iri]
        chains[iri] = [] if up == target.iri else [view.doc(up), *chains[up]]
        doc = view.doc(iri)
        if not (_in_places(doc, places) and _in_dates(doc, lo, hi)):
            continue
        evidence = [e for eq in view.equivalents(up) for e in view.evidence(iri, pred.value, eq)]
        found.append(Implementer(doc=doc, depth=lvl, via=chains[iri], evidence=evidence))
    found.sort(key=lambda i: (i.depth, i.doc.date or "9999", i.doc.name, i.doc.iri))
    return ImplementsResult(query=x, target=target, implementers=found, relation=relation)


# --------------------------------------------------------------------------------------------- trace


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
            "evidence": [e.to_json() for e in self.evidence],
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
        lines = [_doc_line(self.target)]
        if not self.paths:
            lines.append(f"({self.target.name} implements no document in the graph)")
        for n, hops in enumerate(self.paths, 1):
            lines.append(f"path {n}: " + " > ".join([self.target.name, *(h.to.name for h in hops)]))
            for h in hops:
                lines.append(f"  {h.frm.name} {h.arrow()} {_doc_line(h.to)}")
                for e in h.evidence:
                    lines.append(f"      “{_one_line(e.text)}” [{e.source}]")
        if self.truncated:
            lines.append("(more paths not shown)")
        return "\n".join(lines)


def trace(
    store: Any,
    x: str,
    depth: int | None = None,
    *,
    relation: str = "implements",
    max_paths: int = 200,
) -> TraceResult:
    """What ``x`` implements, up to the root documents (those implementing nothing), with every path."""
    if depth is not None and depth < 1:
        raise QueryError("--depth must be at least 1")
    view = GraphView(store)
    pred = ox.NamedNode(_relation_iri(relation))
    target = _resolve(view, x)

    def ups(iri: str) -> list[str]:
        out: set[str] = set()
        for eq in view.equivalents(iri):
            out.update(o.value for o in view.objects(ox.NamedNode(eq), pred) if isinstance(o, ox.NamedNode))
        return sorted(out, key=lambda i: (view.doc(i).name, i))

    dist: dict[str, int] = {}
    frontier, d = [target.iri], 0
    seen = view.equivalents(target.iri)
    while frontier and (depth is None or d < depth):
        d += 1
        nxt = []
        for node in frontier:
            for up in ups(node):
                if up not in seen:
                    seen.add(up)
                    dist[up] = d
                    nxt.append(up)
        frontier = nxt

    paths: list[list[str]] = []
    truncated = False

    # depth first, iteratively (chains can be thousands long); each path ends at a root or the depth limit
    stack: list[tuple[str, tuple[str, ...]]] = [(target.iri, (target.iri,))]
    while stack:
        node, trail = stack.pop()
        at_limit = depth is not None and len(trail) - 1 >= depth
        on_trail = set(trail)
        nexts = [] if at_limit else [u for u in ups(node) if u in dist and u not in on_trail]
        if not nexts:
            if len(trail) > 1:
                if len(paths) >= max_paths:
                    truncated = True
                    break
                paths.append(list(trail))
            continue
        stack.extend((u, (*trail, u)) for u in reversed(nexts))

    hop_paths = [
        [
            Hop(view.doc(a), view.doc(b), _pred_name(pred.value), True, view.evidence(a, pred.value, b))
            for a, b in zip(p, p[1:], strict=False)
        ]
        for p in paths
    ]
    ancestors = sorted(((view.doc(i), n) for i, n in dist.items()), key=lambda t: (t[1], t[0].name))
    roots = [doc for doc, _ in ancestors if not ups(doc.iri)]
    return TraceResult(x, target, ancestors, roots, hop_paths, truncated)


# --------------------------------------------------------------------------------------------- path


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
                "evidence": " | ".join(f"{e.text} [{e.source}]" for e in h.evidence),
            }
            for n, p in enumerate(self.paths, 1)
            for k, h in enumerate(p, 1)
        ]

    def to_tree(self) -> str:
        if not self.paths:
            return f"no connection between {self.source.name} and {self.target.name}"
        lines = []
        for n, hops in enumerate(self.paths, 1):
            lines.append(f"path {n} ({len(hops)} hop{'s' if len(hops) != 1 else ''}):")
            lines.append(f"  {_doc_line(self.source)}")
            for h in hops:
                lines.append(f"  {h.arrow()} {_doc_line(h.to)}")
                for e in h.evidence:
                    lines.append(f"      “{_one_line(e.text)}” [{e.source}]")
        if self.truncated:
            lines.append("(more paths of this length not shown)")
        return "\n".join(lines)


def path(
    store: Any,
    a: str,
    b: str,
    *,
    max_hops: int = 8,
    relations: Iterable[str] | None = None,
    max_paths: int = 20,
) -> PathResult:
    """The shortest ways ``a`` is connected to ``b`` by document relations, in either direction."""
    if max_hops < 1:
        raise QueryError("--max-hops must be at least 1")
    view = GraphView(store)
    preds = {_relation_iri(r) for r in relations} if relations else {*RELATIONS.values(), *_LINKS}
    src, dst = _resolve(view, a), _resolve(view, b)
    goal = view.equivalents(dst.iri)

    def neighbours(iri: str) -> list[tuple[str, str, bool]]:
        node = ox.NamedNode(iri)
        out = {
            (o.value, p.value, True)
            for p, o in view.outgoing(node)
            if p.value in preds and isinstance(o, ox.NamedNode)
        }
        out |= {
            (s.value, p.value, False)
            for s, p in view.incoming(node)
            if p.value in preds and isinstance(s, ox.NamedNode)
        }
        return sorted(out, key=lambda t: (view.doc(t[0]).name, t[1], t[2]))

    # breadth first from a, keeping every predecessor on a shortest path
    preds_of: dict[str, list[tuple[str, str, bool]]] = {src.iri: []}
    dist = {src.iri: 0}
    frontier, hit = [src.iri], src.iri in goal
    while frontier and not hit and dist[frontier[0]] < max_hops:
        nxt: list[str] = []
        for node in frontier:
            for other, p, fwd in neighbours(node):
                if other not in dist:
                    dist[other] = dist[node] + 1
                    preds_of[other] = []
                    nxt.append(other)
                if dist[other] == dist[node] + 1:
                    preds_of[other].append((node, p, fwd))
        frontier = nxt
        hit = any(n in goal for n in frontier)

    ends = [n for n in frontier if n in goal] if hit else []
    paths: list[list[Hop]] = []
    truncated = False

    # walk the predecessor lists back from each end, iteratively, to list every shortest path
    stack: list[tuple[str, list[Hop]]] = [] if src.iri in goal else [(end, []) for end in reversed(ends)]
    while stack:
        node, tail = stack.pop()
        if node == src.iri:
            if len(paths) >= max_paths:
                truncated = True
                break
            paths.append(tail)
            continue
        for prev, p, fwd in reversed(preds_of[node]):
            s, o = (prev, node) if fwd else (node, prev)
            hop = Hop(view.doc(prev), view.doc(node), _pred_name(p), fwd, view.evidence(s, p, o))
            stack.append((prev, [hop, *tail]))
    return PathResult((a, b), src, dst, paths, truncated)


# --------------------------------------------------------------------------------------------- show


@dataclass(slots=True)
class Link:
    doc: DocInfo
    evidence: list[Evidence]

    def to_json(self) -> dict[str, Any]:
        return {
            "symbol": self.doc.symbol,
            "iri": self.doc.iri,
            "evidence": [{**e.to_json(), "start": e.start, "end": e.end} for e in self.evidence],
        }


@dataclass(slots=True)
class MentionInfo:
    source: str
    source_iri: str | None
    start: int | None
    end: int | None
    text: str | None
    kind: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "source_iri": self.source_iri,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind,
        }


@dataclass(slots=True)
class ShowResult:
    query: str
    doc: DocInfo
    properties: dict[str, list[str]]
    outgoing: dict[str, list[Link]]
    incoming: dict[str, list[Link]]
    mentions: list[MentionInfo]
    sources: list[str] = field(default_factory=list)  # source texts that are this document

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "document": {
                **self.doc.to_json(),
                "type_name": self.doc.type_name,
                "title": self.doc.title,
                "properties": self.properties,
            },
            "outgoing": {p: [link.to_json() for link in links] for p, links in self.outgoing.items()},
            "incoming": {p: [link.to_json() for link in links] for p, links in self.incoming.items()},
            "mentions": [m.to_json() for m in self.mentions],
            "sources": self.sources,
        }

    def to_rows(self) -> list[dict[str, Any]]:
        rows = [
            {"section": "property", "key": k, "value": v} for k, vs in self.properties.items() for v in vs
        ]
        for section, groups in (("outgoing", self.outgoing), ("incoming", self.incoming)):
            rows += [
                {"section": section, "key": p, "value": link.doc.name}
                for p, ls in groups.items()
                for link in ls
            ]
        rows += [
            {"section": "mention", "key": f"{m.source}:{m.start}-{m.end}", "value": m.text or ""}
            for m in self.mentions
        ]
        return rows

    def to_tree(self) -> str:
        d = self.doc
        lines = [_doc_line(d), f"  <{d.iri}>"]
        if d.title:
            lines.append(f"  {_one_line(d.title)}")
        lines.append("properties:")
        lines += [f"  {k}: {', '.join(vs)}" for k, vs in self.properties.items()]
        for title, groups, arrow in (("outgoing", self.outgoing, "->"), ("incoming", self.incoming, "<-")):
            lines.append(f"{title} relations:" + ("" if groups else " none"))
            for p, links in groups.items():
                lines.append(f"  {p} {arrow}")
                for link in links:
                    lines.append(f"    {_doc_line(link.doc)}")
                    for e in link.evidence:
                        lines.append(f"        “{_one_line(e.text)}” [{e.source}]")
        lines.append(f"mentioned {len(self.mentions)} time{'s' if len(self.mentions) != 1 else ''}:")
        for m in self.mentions:
            lines.append(f"  {m.source} [{m.start}-{m.end}] {m.kind or ''} “{_one_line(m.text or '')}”")
        if self.sources:
            lines.append("source texts of this document: " + ", ".join(self.sources))
        return "\n".join(lines)


def _term_text(view: GraphView, term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        label = view.label(term.value)
        return f"{label} <{term.value}>" if label else _curie(term.value)
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def show(store: Any, x: str) -> ShowResult:
    """Everything known about one document: metadata, relations both ways with evidence, mentions."""
    view = GraphView(store)
    doc = _resolve(view, x)
    node = ox.NamedNode(doc.iri)
    linkish = {*RELATIONS.values(), *_LINKS}
    props: dict[str, list[str]] = {}
    outgoing: dict[str, list[Link]] = {}
    for p, o in view.outgoing(node):
        if p.value in linkish and isinstance(o, ox.NamedNode):
            ev = view.evidence(doc.iri, p.value, o.value)
            outgoing.setdefault(_pred_name(p.value), []).append(Link(view.doc(o.value), ev))
        else:
            props.setdefault(_curie(p.value), []).append(_term_text(view, o))
    # the other texts of the same document (a draft, a law cited by title) bring their relations too
    same = view.equivalents(doc.iri)
    for eq in sorted(same - {doc.iri}):
        for p, o in view.outgoing(ox.NamedNode(eq)):
            if p.value in RELATIONS.values() and isinstance(o, ox.NamedNode) and o.value not in same:
                ev = view.evidence(eq, p.value, o.value)
                outgoing.setdefault(_pred_name(p.value), []).append(Link(view.doc(o.value), ev))
    incoming: dict[str, list[Link]] = {}
    for eq in sorted(same):
        for s, p in view.incoming(ox.NamedNode(eq)):
            if p.value in linkish and isinstance(s, ox.NamedNode) and (eq == doc.iri or s.value not in same):
                ev = view.evidence(s.value, p.value, eq)
                incoming.setdefault(_pred_name(p.value), []).append(Link(view.doc(s.value), ev))
    mentions = []
    for m in (m for eq in sorted(same) for m in view.subjects(vnl("mentionOf"), ox.NamedNode(eq))):
        src = next((o.value for o in view.objects(m, vnl("source")) if isinstance(o, ox.NamedNode)), None)
        start, end = view.first(m, vnl("start"), None), view.first(m, vnl("end"), None)
        mentions.append(
            MentionInfo(
                source=view.source_name(src) if src else "",
                source_iri=src,
                start=int(start) if start and start.isdigit() else None,
                end=int(end) if end and end.isdigit() else None,
                text=view.first(m, vnl("text")),
                kind=view.first(m, vnl("kind"), None),
            )
        )
    mentions.sort(key=lambda m: (m.source, m.start or 0))
    sources = sorted(view.source_name(s.value) for s in view.subjects(vnl("describes"), node))
    for groups in (outgoing, incoming):
        for links in groups.values():
            links.sort(key=lambda link: (link.doc.name, link.doc.iri))
    props = {k: sorted(v) for k, v in sorted(props.items())}
    return ShowResult(
        x,
        doc,
        props,
        dict(sorted(outgoing.items())),
        dict(sorted(incoming.items())),
        mentions,
        sources,
    )


# --------------------------------------------------------------------------------------------- sparql

_PREFIX_DECL = re.compile(r"(?i)\bPREFIX\s+([A-Za-z][\w.-]*)?\s*:")


def with_prefixes(query: str) -> str:
    """Prepend PREFIX lines for the project prefixes the query does not declare itself."""
    declared = {m.group(1) or "" for m in _PREFIX_DECL.finditer(query)}
    missing = [f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items() if p not in declared]
    return "\n".join([*missing, query]) if missing else query


_UPDATE_WORDS = re.compile(
    r"(?i)^\s*(?:(?:PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s+<[^>]*>|#[^\n]*(?:\n|$))\s*)*"
    r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b"
)


def is_update(text: str) -> bool:
    """Whether the text is a SPARQL Update (refused: the query layer is read-only)."""
    return bool(_UPDATE_WORDS.match(text))


RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "xml": ox.RdfFormat.RDF_XML,
}


def param_term(value: str) -> ox.NamedNode | ox.Literal:
    """``<iri>`` or ``prefix:local`` -> an IRI, anything else -> a plain string literal."""
    if value.startswith("<") and value.endswith(">"):
        try:
            return ox.NamedNode(value[1:-1])
        except ValueError as exc:
            raise QueryError(f"bad IRI {value!r}: {exc}") from None
    m = re.fullmatch(r"([A-Za-z][\w-]*):(\S+)", value)
    if m and m.group(1) in PREFIXES:
        try:
            return ox.NamedNode(PREFIXES[m.group(1)] + m.group(2))
        except ValueError as exc:
            raise QueryError(f"bad IRI {value!r}: {exc}") from None
    return ox.Literal(value)


def _graph_iri(iri: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(iri)
    except ValueError as exc:
        raise QueryError(f"bad graph IRI {iri!r}: {exc}") from None


def execute(
    store: Any,
    query: str,
    *,
    params: dict[str, Any] | None = None,
    default_graph: list[str] | None = None,
    named_graphs: list[str] | None = None,
) -> Any:
    """Run a SPARQL query over the union of graphs (or the given dataset); raw pyoxigraph results.

    Shared by ``kg sparql`` and ``kg serve`` so both give the same rows. ``params`` pre-bind
    variables (SEP-0007 substitution), the safe way to put user values into a query.
    """
    text = with_prefixes(query)
    if is_update(query):
        raise QueryError("SPARQL Update is not allowed: the query layer is read-only")
    subs: dict[ox.Variable, Any] = {}
    for name, value in (params or {}).items():
        if not re.fullmatch(r"\w+", name):
            raise QueryError(f"bad parameter name {name!r}")
        subs[ox.Variable(name)] = param_term(value) if isinstance(value, str) else value
    kwargs: dict[str, Any] = {"substitutions": subs or None}
    if default_graph:
        kwargs["default_graph"] = [_graph_iri(g) for g in default_graph]
    else:
        kwargs["use_default_graph_as_union"] = True
    if named_graphs:
        kwargs["named_graphs"] = [_graph_iri(g) for g in named_graphs]
    try:
        try:
            return ox_store(store).query(text, **kwargs)
        except RuntimeError as exc:
            if not subs or "does not contain" not in str(exc):
                raise
            # substitution needs the variable in the projection; otherwise bind it with a trailing VALUES
            # clause, the terms serialised by pyoxigraph (escaped), never spliced in as user text
            names = " ".join(str(v) for v in subs)
            values = " ".join(str(t) for t in subs.values())
            kwargs["substitutions"] = None
            return ox_store(store).query(f"{text}\nVALUES ({names}) {{ ({values}) }}", **kwargs)
    except RuntimeError as exc:
        raise QueryError(f"query failed: {' '.join(str(exc).split())}") from None
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {' '.join(str(exc).split())}") from None
    except ValueError as exc:
        raise QueryError(f"bad query argument: {exc}") from None


@dataclass(slots=True)
class SparqlResult:
    """A materialised SPARQL result: ``kind`` is select, ask or graph."""

    kind: str
    payload: bytes  # SPARQL JSON results (select/ask) or N-Triples (graph)

    @property
    def vars(self) -> list[str]:
        return [v.value for v in self._solutions().variables] if self.kind == "select" else []

    def _solutions(self) -> Any:
        return ox.parse_query_results(self.payload, format=ox.QueryResultsFormat.JSON)

    @property
    def rows(self) -> list[list[Any]]:
        """SELECT rows as pyoxigraph terms (None when unbound), in the result's order."""
        if self.kind != "select":
            return []
        sols = self._solutions()
        names = [v.value for v in sols.variables]
        return [[sol[n] for n in names] for sol in sols]

    @property
    def boolean(self) -> bool | None:
        return bool(json.loads(self.payload)["boolean"]) if self.kind == "ask" else None

    def to_json(self) -> dict[str, Any]:
        if self.kind == "graph":
            raise QueryError("CONSTRUCT/DESCRIBE results are graphs; serialise them as turtle or ntriples")
        return json.loads(self.payload)

    def serialize(self, fmt: str) -> bytes:
        """``json``, ``xml``, ``csv``, ``tsv`` for SELECT/ASK; ``turtle``, ``ntriples``, ``xml`` for graphs."""
        if self.kind == "graph":
            if fmt not in GRAPH_FORMATS:
                raise QueryError(f"a graph result can be turtle, ntriples or xml, not {fmt}")
            quads = ox.parse(self.payload, format=ox.RdfFormat.N_TRIPLES)
            return ox.serialize((q.triple for q in quads), format=GRAPH_FORMATS[fmt], prefixes=PREFIXES)
        if fmt not in RESULT_FORMATS:
            raise QueryError(f"a {self.kind.upper()} result can be json, xml, csv or tsv, not {fmt}")
        if fmt == "json":
            return self.payload
        return self._solutions().serialize(format=RESULT_FORMATS[fmt])

    def to_table(self) -> str:
        """Aligned text table (terms in SPARQL syntax, IRIs shortened with the project prefixes)."""
        if self.kind == "ask":
            return "true" if self.boolean else "false"
        if self.kind == "graph":
            return self.serialize("turtle").decode()
        header = self.vars
        body = [[_cell(t) for t in row] for row in self.rows]
        return _table([header, *body]) + f"\n({len(body)} row{'s' if len(body) != 1 else ''})"


def _cell(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return _curie(term.value)
    if isinstance(term, ox.Literal):
        return " ".join(term.value.split())
    return str(term)


def _table(rows: list[list[str]]) -> str:
    if not rows or not rows[0]:
        return ""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    fmt = lambda r: "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()  # noqa: E731
    return "\n".join([fmt(rows[0]), "  ".join("-" * w for w in widths), *(fmt(r) for r in rows[1:])])


def unique_triples(triples: Iterable[ox.Triple]) -> Iterator[ox.Triple]:
    """CONSTRUCT/DESCRIBE over the union of graphs repeats a triple once per graph stating it; a graph is a set."""
    seen: set[ox.Triple] = set()
    for t in triples:
        if t not in seen:
            seen.add(t)
            yield t


def sparql(store: Any, query: str, *, params: dict[str, Any] | None = None) -> SparqlResult:
    """Run SPARQL 1.1 over the store with the project prefixes predefined; refuses updates."""
    res = execute(store, query, params=params)
    try:
        if isinstance(res, ox.QueryBoolean):
            return SparqlResult("ask", res.serialize(format=ox.QueryResultsFormat.JSON))
        if isinstance(res, ox.QueryTriples):
            return SparqlResult("graph", ox.serialize(unique_triples(res), format=ox.RdfFormat.N_TRIPLES))
        return SparqlResult("select", res.serialize(format=ox.QueryResultsFormat.JSON))
    except (OSError, ValueError, SyntaxError, RuntimeError) as exc:
        raise QueryError(f"query failed: {' '.join(str(exc).split())}") from None


# --------------------------------------------------------------------------------------------- ready-made queries


@dataclass(slots=True)
class NamedQuery:
    """A ready-made query shipped in ``kg/query/queries/*.rq``; the leading comment block is its documentation."""

    name: str
    path: Path
    title: str
    description: str
    params: list[str]
    text: str


def _queries_dir() -> Path:
    from kg.tables import query_path

    return query_path("__init__.py").parent


def _read_named(p: Path) -> NamedQuery:
    text = p.read_text(encoding="utf-8")
    header: list[str] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line[1:].strip())
    fields: dict[str, str] = {}
    desc: list[str] = []
    for line in header:
        m = re.match(r"^(title|params):\s*(.*)$", line)
        if m:
            fields[m.group(1)] = m.group(2)
        elif line:
            desc.append(line)
    params = [
        w.strip().lstrip("?")
        for w in fields.get("params", "").split(",")
        if w.strip() and w.strip() != "none"
    ]
    title = fields.get("title") or (desc[0] if desc else p.stem)
    return NamedQuery(p.stem, p, title, " ".join(desc), [w.split()[0] for w in params], text)


def list_queries() -> list[NamedQuery]:
    """The ready-made queries, by name."""
    return [_read_named(p) for p in sorted(_queries_dir().glob("*.rq"))]


def named_query(name: str) -> NamedQuery:
    for q in list_queries():
        if q.name == name or q.name == name.removesuffix(".rq"):
            return q
    names = ", ".join(q.name for q in list_queries())
    raise QueryError(f"no ready-made query {name!r} (available: {names})")


# --------------------------------------------------------------------------------------------- csv helper


def rows_to_csv(rows: list[dict[str, Any]], fields: Iterable[str] | None = None, delimiter: str = ",") -> str:
    """Rows of ``to_rows()`` as CSV (header line first)."""
    buf = io.StringIO()
    names = list(fields) if fields is not None else (list(rows[0]) if rows else [])
    w = csv.DictWriter(buf, fieldnames=names, delimiter=delimiter, lineterminator="\n", extrasaction="ignore")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def rows_to_table(rows: list[dict[str, Any]], fields: Iterable[str] | None = None, width: int = 80) -> str:
    """Rows as an aligned text table; long cells (evidence) are cut to ``width`` characters."""
    names = list(fields) if fields is not None else (list(rows[0]) if rows else [])
    cells = [[_one_line(str(r.get(n, "")), width) for n in names] for r in rows]
    return _table([names, *cells])
