"""The read-only SPARQL 1.1 endpoint of ``kg serve``, and its explorer.

Modules: ``server`` (HTTP: routing, bodies, headers, CORS, per-client limits; ``ServerConfig``), ``pool``
(worker processes over the store on disk, killed past the time or memory limit and replaced; they reopen the
store after a build), ``runner`` (one query, serialised under the result-size limit; threads for stores in
memory or remote), ``media`` (content negotiation) and ``page`` (the query page at ``/``). Size, nesting and
``SERVICE`` are checked before parsing by :mod:`kg.query.limits`, shared with ``kg sparql``.

The explorer (``/explore``, ``/source``): ``explore`` (its routes), ``explore_data`` (card, cascade, search as
data, from the ``kg.query`` readers), ``explore_page`` (markup), ``explore_source`` (the served ``kg annotate``
view) and ``static/`` (``explore.js`` and the vendored Cytoscape.js, copied by ``tools/explorer``).
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
