"""The namespaces of the graph, in one place (see ontology/README.md)."""

from __future__ import annotations

VNL = "https://w3id.org/vn-legal-kg/ontology#"
VNLD = "https://w3id.org/vn-legal-kg/id/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
KB_GRAPH = VNLD + "graph/kb"

#: The project's prefixes: used in serialisations, predefined for ``kg sparql`` and the endpoint.
PREFIXES: dict[str, str] = {
    "vnl": VNL,
    "vnld": VNLD,
    "eli": "http://data.europa.eu/eli/ontology#",
    "schema": "https://schema.org/",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "owl": "http://www.w3.org/2002/07/owl#",
}

# --------------------------------------------------------------------------- the relation vocabulary

#: Relation predicates the extractor emits, in snake_case; each is the ontology property ``vnl:<camelCase>``
#: (a sub-property of ``vnl:relatedTo`` in ontology/vnl.ttl; a test checks the three agree).
PREDICATES: tuple[str, ...] = (
    "based_on",
    "implements",
    "amends",
    "replaces",
    "repeals",
    "guides",
    "corrects",
    "consolidates",
    "suspends",
    "responds_to",
    "reports_on",
    "attaches",
    "cites",
)


def relation_property(predicate: str) -> str:
    """``based_on`` -> ``basedOn``: the ontology property's local name."""
    head, *rest = predicate.split("_")
    return head + "".join(w.capitalize() for w in rest)


#: snake_case predicate -> property IRI, and back
RELATION_IRIS: dict[str, str] = {p: VNL + relation_property(p) for p in PREDICATES}
_BY_IRI: dict[str, str] = {iri: p for p, iri in RELATION_IRIS.items()}


def relation_label(predicate: str) -> str:
    """``based_on`` -> ``based on``: how a relation is shown to people."""
    return predicate.replace("_", " ")


def relation_name(text: str) -> str:
    """Any spelling a user types -> the snake_case predicate.

    Accepts ``based_on``, ``basedOn``, ``based-on``, ``based on``, ``vnl:basedOn`` and the full IRI; anything
    else is an :class:`kg.errors.ArgumentError` listing the known names.
    """
    from kg.errors import ArgumentError

    t = text.strip()
    if t in _BY_IRI:
        return _BY_IRI[t]
    if t.startswith("vnl:"):
        t = t[4:]
    key = t.replace("-", "").replace("_", "").replace(" ", "").lower()
    for p in PREDICATES:
        if key == p.replace("_", ""):
            return p
    raise ArgumentError(f"unknown relation {text!r} (one of: {', '.join(PREDICATES)})")
