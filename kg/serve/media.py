"""Content negotiation for the endpoint: which result format a SPARQL client asked for.

Kept apart from the HTTP handler because it is pure (headers and parameters in, a media type out) and every
SPARQL client states its wish differently: an ``Accept`` header with q-values, or a short name in ``format`` /
``output`` / ``results`` (SPARQLWrapper sends all three).
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

SELECT_TYPES: dict[str, tuple[str, ox.QueryResultsFormat]] = {
    "application/sparql-results+json": ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
    "application/json": ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
    "application/sparql-results+xml": ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    "application/xml": ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    "text/xml": ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    "text/csv": ("text/csv", ox.QueryResultsFormat.CSV),
    "text/tab-separated-values": ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
}
GRAPH_TYPES: dict[str, tuple[str, ox.RdfFormat]] = {
    "text/turtle": ("text/turtle", ox.RdfFormat.TURTLE),
    "application/x-turtle": ("text/turtle", ox.RdfFormat.TURTLE),
    "application/n-triples": ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    "text/plain": ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    "application/rdf+xml": ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    "application/ld+json": ("application/ld+json", ox.RdfFormat.JSON_LD),
}
#: short names clients put in ``format`` / ``output`` / ``results``
SHORT_NAMES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "n3": "text/turtle",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "n-triples": "application/n-triples",
    "rdf": "application/rdf+xml",
    "rdf+xml": "application/rdf+xml",
    "rdfxml": "application/rdf+xml",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
}
DEFAULT_SELECT = "application/sparql-results+json"
DEFAULT_GRAPH = "text/turtle"


def accept_list(header: str | None) -> list[str]:
    """Media ranges of an Accept header, best first (q-values honoured, ties keep their order)."""
    ranges: list[tuple[float, int, str]] = []
    for n, part in enumerate((header or "").split(",")):
        bits = [b.strip() for b in part.split(";")]
        if not bits[0]:
            continue
        q = 1.0
        for b in bits[1:]:
            if b.startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            ranges.append((-q, n, bits[0].lower()))
    return [r for _, _, r in sorted(ranges)]


def negotiate(
    accept: str | None, offers: dict[str, Any], default: str, override: list[str] | None = None
) -> str:
    """The offered media type the client prefers; the default when it states no usable preference."""
    for value in override or []:
        value = value.strip().lower()
        media = SHORT_NAMES.get(value, value)
        if media in offers:
            return media
    for media in accept_list(accept):
        if media in offers:
            return media
        if media == "*/*":
            return default
        if media.endswith("/*"):
            major = media[:-1]
            if default.startswith(major):
                return default
            hit = next((m for m in offers if m.startswith(major)), None)
            if hit:
                return hit
    return default
