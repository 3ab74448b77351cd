"""``kg show``: everything known about one document (metadata, relations both ways with evidence, mentions).

The other texts of the same document (``vnl:sameDocumentAs``: a draft, the law's own text next to the law
cited by title) are merged in, so the card is about the document rather than one of its texts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from kg.query.lookup import resolve_document
from kg.query.render import doc_line, evidence_json, evidence_lines, one_line
from kg.query.status import StatusResult, status
from kg.query.view import LINKS, DocInfo, Evidence, GraphView, curie, predicate_name, vnl
from kg.vocab import RELATION_IRIS

__all__ = ["Link", "MentionInfo", "ShowResult", "show"]


@dataclass(slots=True)
class Link:
    doc: DocInfo
    evidence: list[Evidence]

    def to_json(self) -> dict[str, Any]:
        return {
            "symbol": self.doc.symbol,
            "iri": self.doc.iri,
            "evidence": [evidence_json(e) for e in self.evidence],
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
    status: StatusResult | None = None  # legal status today, as far as the graph knows

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "document": {
                **self.doc.to_json(),
                "title": self.doc.title,
                "properties": self.properties,
            },
            "outgoing": {p: [link.to_json() for link in links] for p, links in self.outgoing.items()},
            "incoming": {p: [link.to_json() for link in links] for p, links in self.incoming.items()},
            "mentions": [m.to_json() for m in self.mentions],
            "sources": self.sources,
            "status": self.status.to_json() if self.status else None,
        }

    def to_rows(self) -> list[dict[str, Any]]:
        rows = [
            {"section": "property", "key": k, "value": v} for k, vs in self.properties.items() for v in vs
        ]
        if self.status:
            rows.insert(0, {"section": "status", "key": self.status.at, "value": self.status.status})
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
        lines = [doc_line(d), f"  <{d.iri}>"]
        if d.title:
            lines.append(f"  {one_line(d.title)}")
        if self.status:
            st = self.status
            lines.append(f"status at {st.at}: {st.status}" + (f" since {st.since}" if st.since else ""))
            lines += [
                f"  {c.date or '?'} {c.relation}{' (part)' if c.partial else ''} by {c.doc.name}"
                for c in st.by
            ]
            lines.append(f"  {st.basis}")
        lines.append("properties:")
        lines += [f"  {k}: {', '.join(vs)}" for k, vs in self.properties.items()]
        for title, groups, arrow in (("outgoing", self.outgoing, "->"), ("incoming", self.incoming, "<-")):
            lines.append(f"{title} relations:" + ("" if groups else " none"))
            for p, links in groups.items():
                lines.append(f"  {p} {arrow}")
                for link in links:
                    lines.append(f"    {doc_line(link.doc)}")
                    lines += evidence_lines(link.evidence, "        ")
        lines.append(f"mentioned {len(self.mentions)} time{'s' if len(self.mentions) != 1 else ''}:")
        for m in self.mentions:
            lines.append(f"  {m.source} [{m.start}-{m.end}] {m.kind or ''} “{one_line(m.text or '')}”")
        if self.sources:
            lines.append("source texts of this document: " + ", ".join(self.sources))
        return "\n".join(lines)


def _term_text(view: GraphView, term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        label = view.label(term.value)
        return f"{label} <{term.value}>" if label else curie(term.value)
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def show(store: Any, x: str, at: str | None = None) -> ShowResult:
    """Everything known about one document: metadata, relations both ways with evidence, mentions, and its
    legal status at ``at`` (default today, :func:`kg.query.status.status`)."""
    view = GraphView(store)
    doc = resolve_document(store, x, view=view)
    node = ox.NamedNode(doc.iri)
    linkish = {*RELATION_IRIS.values(), *LINKS}
    props: dict[str, list[str]] = {}
    outgoing: dict[str, list[Link]] = {}
    for p, o in view.outgoing(node):
        if p.value in linkish and isinstance(o, ox.NamedNode):
            ev = view.evidence(doc.iri, p.value, o.value)
            outgoing.setdefault(predicate_name(p.value), []).append(Link(view.doc(o.value), ev))
        else:
            props.setdefault(curie(p.value), []).append(_term_text(view, o))
    # the other texts of the same document (a draft, a law cited by title) bring their relations too
    same = view.equivalents(doc.iri)
    for eq in sorted(same - {doc.iri}):
        for p, o in view.outgoing(ox.NamedNode(eq)):
            if p.value in RELATION_IRIS.values() and isinstance(o, ox.NamedNode) and o.value not in same:
                ev = view.evidence(eq, p.value, o.value)
                outgoing.setdefault(predicate_name(p.value), []).append(Link(view.doc(o.value), ev))
    incoming: dict[str, list[Link]] = {}
    for eq in sorted(same):
        for s, p in view.incoming(ox.NamedNode(eq)):
            if p.value in linkish and isinstance(s, ox.NamedNode) and (eq == doc.iri or s.value not in same):
                ev = view.evidence(s.value, p.value, eq)
                incoming.setdefault(predicate_name(p.value), []).append(Link(view.doc(s.value), ev))
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
        status(store, doc.iri, at, view=view),
    )
