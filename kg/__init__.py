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
    "extract": "kg.pipeline",
    "extract_file": "kg.pipeline",
    "extract_paths": "kg.pipeline",
    "evaluate": "kg.evaluate",
    # graph and store
    "build": "kg.ingest",
    "resolve_store": "kg.ingest",
    "BuildReport": "kg.ingest",
    "Store": "kg.store",
    "StoreError": "kg.store",
    "dump": "kg.serialize",
    "dumps": "kg.serialize",
    "extraction_to_quads": "kg.graph",
    # queries
    "implements": "kg.query",
    "trace": "kg.query",
    "path": "kg.query",
    "show": "kg.query",
    "sparql": "kg.query",
    "list_queries": "kg.query",
    "named_query": "kg.query",
    "QueryError": "kg.query",
    "find_documents": "kg.lookup",
    "resolve_document": "kg.lookup",
    "LookupFailed": "kg.lookup",
    "AmbiguousReference": "kg.lookup",
    "make_server": "kg.sparql_server",
    # networks and exports
    "to_networkx": "kg.network",
    "stats": "kg.network",
    "write_gexf": "kg.exporters",
    "write_graphml": "kg.exporters",
    "write_csv": "kg.exporters",
    "annotate": "kg.annotate_html",
    # data model
    "Extraction": "kg.models",
    "Mention": "kg.models",
    "Relation": "kg.models",
    "Header": "kg.models",
}

__all__ = ["__version__", *_LAZY]


# submodules reachable as attributes after a bare ``import kg`` (kg.nlp.make_nlp(), kg.normalize.fold(), …)
_SUBMODULES = {"nlp", "normalize", "pipeline", "models", "lexicon", "resources", "textio", "evaluate"}


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return import_module(f"kg.{name}")
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
