"""The shape of ``vnld:graph/stats``: materialised in-degree counts and their rankings, one node per document.

"Most cited" as a live ``GROUP BY`` over every relation edge takes tens of seconds at a million documents, and
Oxigraph's ``ORDER BY`` on tied counts decodes every IRI it compares. The counts change only when sources do, so
:mod:`kg.ingest.stats` computes them at the end of every build and ``kg resolve`` and writes this graph; the
readers (:mod:`kg.query.rankings`, the ready-made queries) ask for ``rank <= N`` instead. Both sides import the
definitions from here (ingest and query never import each other).

Per document ``d`` among the first :data:`RANKED` of a measure, node ``vnld:stats/{hash of d}`` holds::

    X vnl:countsFor d ; vnl:citedBy 12 ; vnl:citedRank 3 ; vnl:implementedBy 4 ; vnl:implementedRank 57 .

A rank orders documents as the live query does: ``ORDER BY DESC(?count) ?d`` (IRIs by code point).

A document many sources cite is described again in each of their graphs (its class and symbol), so its own
description is thousands of quads at a million documents, and every listing that names it reads them all. Such
a document's node also holds ``vnl:card``: its distinct ``(predicate, object)`` pairs as N-Triples, which
:class:`kg.query.view.GraphView` reads instead (the same pairs, one lookup). The graph's
own IRI carries ``vnl:statsDigest``, a hash of its content: a refresh that would write the same graph writes
nothing, and its absence means "no materialised counts here, compute them live".
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Triple, parse

from kg.vocab import VNL, VNLD

__all__ = [
    "CARD",
    "CARD_MIN_GRAPHS",
    "COUNTS_FOR",
    "DIGEST",
    "MEASURES",
    "RANKED",
    "STATS_GRAPH",
    "Measure",
    "measure",
    "ranked",
    "card_text",
    "read_card",
    "stats_node",
    "stats_quads",
]

STATS_GRAPH = VNLD + "graph/stats"
COUNTS_FOR = VNL + "countsFor"
DIGEST = VNL + "statsDigest"
CARD = VNL + "card"

#: documents ranked per measure: the graph stays small (a refresh writes thousands of quads, not millions), and a
#: longer ranking is answered live
RANKED = 1000

#: a document whose counts add up to this many gets a card: every citing source describes it again (class,
#: symbol), so reading its description means reading all those copies
CARD_MIN_GRAPHS = 16

_XSD_INTEGER = NamedNode("http://www.w3.org/2001/XMLSchema#integer")


@dataclass(frozen=True, slots=True)
class Measure:
    """One materialised count: its predicates and the live SPARQL that defines it (``?d``, ``?n``)."""

    name: str
    count: str  # predicate IRI of the count
    rank: str  # predicate IRI of the rank (1 = highest count)
    live: str  # SELECT ?d ?n ... GROUP BY ?d: the definition, run to compute it and to answer without stats
    about: str


MEASURES: tuple[Measure, ...] = (
    Measure(
        "cited",
        VNL + "citedBy",
        VNL + "citedRank",
        "SELECT ?d (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s vnl:basedOn|vnl:cites ?d FILTER(isIRI(?d)) } GROUP BY ?d",
        "documents that base themselves on it or cite it (vnl:basedOn, vnl:cites)",
    ),
    Measure(
        "implemented",
        VNL + "implementedBy",
        VNL + "implementedRank",
        "SELECT ?d (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s vnl:implements ?d FILTER(isIRI(?d)) } GROUP BY ?d",
        "documents that implement it (vnl:implements)",
    ),
    Measure(
        "citing_texts",
        VNL + "citingTexts",
        VNL + "citingTextsRank",
        "SELECT ?d (COUNT(DISTINCT ?src) AS ?n) WHERE { ?m vnl:mentionOf ?d ; vnl:source ?src . "
        "FILTER NOT EXISTS { ?src vnl:describes ?d } FILTER(isIRI(?d)) } GROUP BY ?d",
        "source texts that mention it, other than its own (the most-cited ready-made query)",
    ),
)


def measure(name: str) -> Measure:
    """The measure called ``name`` (``cited``, ``implemented``, ``citing_texts``)."""
    for m in MEASURES:
        if m.name == name:
            return m
    raise KeyError(name)


def stats_node(doc_iri: str) -> str:
    """The stats node of one document: a hash keeps IRIs short and valid whatever the document IRI holds."""
    return VNLD + "stats/" + hashlib.blake2b(doc_iri.encode("utf-8"), digest_size=12).hexdigest()


def ranked(counts: Mapping[str, int]) -> list[tuple[str, int]]:
    """Documents by count, highest first, ties by IRI: the order of ``ORDER BY DESC(?n) ?d``."""
    return sorted(((d, n) for d, n in counts.items() if n > 0), key=lambda dn: (-dn[1], dn[0]))


def stats_quads(counts: Mapping[str, Mapping[str, int]], cards: Mapping[str, str]) -> Iterator[Quad]:
    """The whole graph, in a stable order: counts and ranks per document, then its card when it has one."""
    g = NamedNode(STATS_GRAPH)
    rows: dict[str, list[tuple[str, int]]] = {}
    for m in MEASURES:
        for rank, (d, n) in enumerate(ranked(counts.get(m.name, {}))[:RANKED], 1):
            rows.setdefault(d, []).extend(((m.count, n), (m.rank, rank)))
    for d in sorted(rows.keys() | cards.keys()):
        node = NamedNode(stats_node(d))
        yield Quad(node, NamedNode(COUNTS_FOR), NamedNode(d), g)
        for p, value in rows.get(d, ()):
            yield Quad(node, NamedNode(p), Literal(str(value), datatype=_XSD_INTEGER), g)
        if d in cards:
            yield Quad(node, NamedNode(CARD), Literal(cards[d]), g)


def card_text(pairs: Iterable[tuple[Any, Any]], doc: str) -> str:
    """A card: the distinct ``(predicate, object)`` of ``doc`` as sorted N-Triples lines."""
    s = NamedNode(doc)
    return "".join(sorted(f"{Triple(s, p, o)} .\n" for p, o in pairs))


def read_card(text: str) -> list[tuple[Any, Any]]:
    """``(predicate, object)`` pairs of a card written by :func:`card_text`."""
    return [(t.predicate, t.object) for t in parse(text.encode("utf-8"), format=RdfFormat.N_TRIPLES)]
