"""Colours of the exports: one hue per family of documents and per relation, the same in every file, so a
reader who learns them in Gephi recognises them in Gephi Lite, networkx plots and the explorer."""

from __future__ import annotations

import zlib
from typing import Any

from kg.export.network import BODY_RELATIONS
from kg.vocab import PREDICATES

#: Node colour by document type (ontology class local name): one hue per family of documents. Every class of
#: ontology/vnl.ttl has one (a test checks); a type added through $KG_TABLES gets a stable one from _FALLBACK.
TYPE_COLOURS: dict[str, str] = {
    "Resolution": "#d62728",
    "JointResolution": "#d62728",
    "Decision": "#1f77b4",
    "Plan": "#2ca02c",
    "Programme": "#74c476",
    "Scheme": "#a1d99b",
    "OfficialLetter": "#7f7f7f",
    "Report": "#bcbd22",
    "Submission": "#dbdb8d",
    "Notice": "#c49c94",
    "Law": "#9467bd",
    "Code": "#9467bd",
    "Constitution": "#5b2c6f",
    "Ordinance": "#c5b0d5",
    "Decree": "#ff7f0e",
    "Circular": "#17becf",
    "JointCircular": "#17becf",
    "Directive": "#8c564b",
    "Conclusion": "#e377c2",
    "Guidance": "#9edae5",
    "Regulation": "#ffbb78",
    "ConsolidatedText": "#f7b6d2",
    # the rarer types keep the colour _FALLBACK gave them before they were listed here
    "Rules": "#637939",
    "Communique": "#7b4173",
    "ActionOption": "#31a354",
    "Project": "#843c39",
    "Minutes": "#756bb1",
    "Contract": "#756bb1",
    "Telegram": "#3182bd",
    "Memorandum": "#31a354",
    "Agreement": "#756bb1",
    "Authorisation": "#843c39",
    "Invitation": "#843c39",
    "Introduction": "#3182bd",
    "LeavePermit": "#756bb1",
    "Slip": "#31a354",
    "Copy": "#3182bd",
    "Order": "#3182bd",
    "PartyCircular": "#8c6d31",
    "Document": "#c7c7c7",
    "UnresolvedReference": "#dddddd",
    "IssuingBody": "#393b79",
}
_FALLBACK = ("#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd", "#e6550d", "#31a354", "#756bb1")

#: Edge colour of each relation predicate: implementation green, legal basis blue, changes warm, citation light.
_PREDICATE_COLOURS: dict[str, str] = {
    "implements": "#2ca02c",
    "based_on": "#1f77b4",
    "amends": "#ff7f0e",
    "replaces": "#d62728",
    "repeals": "#d62728",
    "suspends": "#8c564b",
    "corrects": "#bcbd22",
    "consolidates": "#9467bd",
    "guides": "#17becf",
    "responds_to": "#e377c2",
    "reports_on": "#7f7f7f",
    "attaches": "#aaaaaa",
    "cites": "#cccccc",
}
EDGE_FALLBACK = "#999999"

#: Edge colour by relation: every predicate of kg.vocab.PREDICATES (a test checks none falls back), then the
#: edges to issuing bodies.
RELATION_COLOURS: dict[str, str] = {p: _PREDICATE_COLOURS.get(p, EDGE_FALLBACK) for p in PREDICATES} | {
    r: "#393b79" for r in BODY_RELATIONS
}


def type_colour(node: dict[str, Any]) -> str:
    """Gephi colour of a node: by type, grey for unresolved references, stable for unknown types."""
    if node.get("kind") == "unresolved":
        return TYPE_COLOURS["UnresolvedReference"]
    typ = str(node.get("type") or "Document")
    if typ in TYPE_COLOURS:
        return TYPE_COLOURS[typ]
    return _FALLBACK[zlib.crc32(typ.encode()) % len(_FALLBACK)]
