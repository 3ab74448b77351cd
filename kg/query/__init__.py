"""Reading the graph: document lookup, the implements/trace/path walks, document cards, SPARQL and ready-made
queries.

Modules: ``view`` (the read layer), ``lookup`` (what a user typed -> a document), ``filters`` (relation, date
and jurisdiction arguments), ``walks`` (and the ``results`` they return), ``show``, ``sparql``, ``rankings``
(most cited / implemented, from the counts materialised in ``vnld:graph/stats``) and ``render`` (text output). The functions ``show`` and ``sparql`` shadow their modules as attributes of this package; import
from the modules (``from kg.query.sparql import execute``) for anything else they define.
"""

from kg.errors import LookupFailed, QueryError
from kg.query.lookup import AmbiguousReference, find_documents, resolve_document
from kg.query.rankings import most_cited, most_implemented
from kg.query.show import show
from kg.query.sparql import list_queries, named_query, sparql
from kg.query.walks import implements, path, trace

__all__ = [
    "AmbiguousReference",
    "LookupFailed",
    "QueryError",
    "find_documents",
    "implements",
    "list_queries",
    "most_cited",
    "most_implemented",
    "named_query",
    "path",
    "resolve_document",
    "show",
    "sparql",
    "trace",
]
