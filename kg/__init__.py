"""vn-legal-kg: Vietnamese legal and administrative documents -> a knowledge graph.

The pipeline, one module per stage: ``textio`` (decode files) -> ``normalize`` (offset-keeping
clean-up) -> ``find`` (candidate references) -> ``parse`` (symbol grammar) -> ``resolve`` (short
references) -> ``relate`` (relations) -> ``graph`` (RDF) -> ``query`` / ``export``.

Public functions are imported lazily so that ``kg --help`` stays fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from kg._version import __version__

# public name -> module that defines it (names never equal a module name, see __getattr__)
_LAZY: dict[str, str] = {
    "extract": "kg.extraction.pipeline",
    "extract_file": "kg.extraction.pipeline",
    "extract_read": "kg.extraction.pipeline",
    "read": "kg.readers",
    "ReadResult": "kg.readers",
    "evaluate": "kg.extraction.evaluate",
    # graph and store
    "build": "kg.ingest",
    "resolve_store": "kg.ingest",
    "BuildReport": "kg.ingest",
    "Store": "kg.store",
    "StoreError": "kg.errors",
    "GraphStore": "kg.store",
    "open_store": "kg.store",
    "KgError": "kg.errors",
    "dump": "kg.export.rdf",
    "dumps": "kg.export.rdf",
    "extraction_to_quads": "kg.graph.quads",
    # queries
    "implements": "kg.query.walks",
    "trace": "kg.query.walks",
    "path": "kg.query.walks",
    "show": "kg.query.show",
    "status": "kg.query.status",
    "sparql": "kg.query.sparql",
    "list_queries": "kg.query.sparql",
    "named_query": "kg.query.sparql",
    "QueryError": "kg.errors",
    "find_documents": "kg.query.lookup",
    "resolve_document": "kg.query.lookup",
    "LookupFailed": "kg.errors",
    "AmbiguousReference": "kg.query.lookup",
    "make_server": "kg.serve",
    # networks and exports
    "to_networkx": "kg.export.network",
    "stats": "kg.export.stats",
    "write_gexf": "kg.export.gephi",
    "write_graphml": "kg.export.gephi",
    "write_csv": "kg.export.gephi",
    "annotate": "kg.export.html",
    # data model
    "Extraction": "kg.models",
    "Mention": "kg.models",
    "Relation": "kg.models",
    "Header": "kg.models",
}

__all__ = ["__version__", *_LAZY]


# submodules reachable as attributes after a bare ``import kg`` (kg.nlp.make_nlp(), kg.text.normalize.fold(), …)
_SUBMODULES = {
    "nlp",
    "models",
    "vocab",
    "tables",
    "text",
    "extraction",
    "graph",
    "store",
    "ingest",
    "query",
    "export",
    "serve",
}


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return import_module(f"kg.{name}")
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
