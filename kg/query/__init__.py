"""Reading the graph: document lookup, implements/trace/path/show walks, SPARQL and ready-made queries."""

from kg.query.core import QueryError, implements, list_queries, named_query, path, show, sparql, trace
from kg.query.lookup import AmbiguousReference, LookupFailed, find_documents, resolve_document

__all__ = [
    "AmbiguousReference",
    "LookupFailed",
    "QueryError",
    "find_documents",
    "implements",
    "list_queries",
    "named_query",
    "path",
    "resolve_document",
    "show",
    "sparql",
    "trace",
]
