"""The read-only SPARQL 1.1 endpoint of ``kg serve``.

Modules: ``server`` (HTTP: routing, bodies, headers; ``ServerConfig``), ``runner`` (one query under the time
limit, serialised), ``media`` (content negotiation) and ``page`` (the query page at ``/``).
"""

from kg.serve.media import negotiate
from kg.serve.runner import QueryRequest, QueryRunner, Reply
from kg.serve.server import MAX_BODY, ServerConfig, SparqlHandler, SparqlServer, make_server, serve

__all__ = [
    "MAX_BODY",
    "QueryRequest",
    "QueryRunner",
    "Reply",
    "ServerConfig",
    "SparqlHandler",
    "SparqlServer",
    "make_server",
    "negotiate",
    "serve",
]
