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
