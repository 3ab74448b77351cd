"""The graph store on any SPARQL 1.1 server (Oxigraph server, Virtuoso, Fuseki, GraphDB, ...), over HTTP.

``RemoteStore`` implements ``kg.store.base.GraphStore`` like the embedded ``kg.store.local.Store``, so ingest,
query and export work on it unchanged. It speaks only the standards:

* SPARQL 1.1 Query protocol (GET, or form POST for long queries), results as SPARQL JSON, parsed by
  pyoxigraph into the same ``NamedNode``/``Literal``/``BlankNode`` terms the embedded store returns;
* SPARQL 1.1 Update protocol (form POST);
* SPARQL 1.1 Graph Store HTTP Protocol: ``PUT`` replaces one named graph in one request. When the server has
  no graph store endpoint, ``replace_graph`` sends ``DROP`` + ``INSERT DATA`` as one update request.

Only the standard library is used (urllib), with Basic and Digest authentication (Virtuoso's
``/sparql-auth`` needs Digest). The server must query the union of the named graphs when a query names no
graph (Oxigraph: ``oxigraph serve --union-default-graph``; Virtuoso does it already); the store checks this
on open and refuses to run against a server that does not, since every answer would silently be empty.
"""

from __future__ import annotations

import contextlib
import http.client
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from types import TracebackType
from typing import Any

import pyoxigraph as ox
from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, QuerySolutions, Triple

from kg.store.base import Row, Term
from kg.store.endpoint import (
    GRAPH_ACCEPT,
    RESULTS_JSON,
    Endpoint,
    RemoteError,
    check_url,
    content_type,
    first_line,
    parse_results,
    read_limited,
    where,
)
from kg.store.sparql import bind, graph_node, query_form, replace_graph_update, with_prefixes
from kg.vocab import PREFIXES, VNLD

#: Longest query sent by GET; longer ones are form-POSTed (URLs over ~8 KB are refused by many servers).
MAX_GET = 2000
#: Triples per ``INSERT DATA`` operation in the update fallback: Virtuoso compiles each operation to SQL and
#: chokes on very large ones; several operations still travel in one request.
INSERT_CHUNK = 2000
#: Patterns remembered by ``quads_for_pattern`` between writes (the query layer asks the same ones often).
CACHE_SIZE = 20000


_KG_GRAPHS = f"FILTER(STRSTARTS(STR(?g), {Literal(VNLD)}))"


class _Unsupported(Exception):
    """The graph store endpoint does not exist or refuses PUT: fall back to SPARQL Update."""


class RemoteStore:
    """A graph store on a SPARQL 1.1 server: ``kg.store.base.GraphStore`` over HTTP.

    ``graphs()`` and ``len()`` count only kg's own graphs (IRIs under ``vnld:``), since a shared server
    (Virtuoso always) holds other graphs too. ``read_only`` refuses writes before any request is sent.
    """

    def __init__(self, endpoint: str | Endpoint, *, read_only: bool = False, check: bool = True) -> None:
        ep = Endpoint(endpoint) if isinstance(endpoint, str) else endpoint
        ep = ep.derive()
        check_url(ep.query, "endpoint")
        check_url(ep.update or "", "update endpoint")
        if ep.graph_store:
            check_url(ep.graph_store, "graph store endpoint")
        self.endpoint = ep
        self.path = None
        self.read_only = read_only
        self._gsp = bool(ep.graph_store)
        self._server = ""  # the Server header of the last answer ("Oxigraph/0.5.13")
        self._cache: dict[tuple[Any, ...], list[Quad]] = {}
        self._union_checked = False
        self._closed = False
        handlers: list[urllib.request.BaseHandler] = []
        if ep.user:
            pm = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for url in {ep.query, ep.update, ep.graph_store} - {None, ""}:
                pm.add_password(None, url, ep.user, ep.password or "")  # type: ignore[arg-type]
            handlers += [urllib.request.HTTPDigestAuthHandler(pm), urllib.request.HTTPBasicAuthHandler(pm)]
        self._opener = urllib.request.build_opener(*handlers)
        if check:
            self._check_union()

    @classmethod
    def open(
        cls, endpoint: str | Endpoint | RemoteStore, *, read_only: bool = False, **_: Any
    ) -> RemoteStore:
        if isinstance(endpoint, RemoteStore):
            return endpoint
        return cls(endpoint, read_only=read_only)

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Nothing to flush: every write was acknowledged by the server when it returned."""
        self._closed = True
        self._cache.clear()

    def __repr__(self) -> str:
        return f"RemoteStore({self.endpoint.query})"

    # -- HTTP
    def _send(
        self,
        url: str,
        *,
        method: str = "GET",
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[bytes, str]:
        """One request; every failure becomes a one-line RemoteError (``_Unsupported`` for a missing GSP)."""
        if self._closed:
            raise RemoteError("the remote store is closed")
        req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
        try:
            with self._opener.open(req, timeout=self.endpoint.timeout) as resp:
                self._server = resp.headers.get("Server", "") or ""
                return read_limited(resp, url, timeout=self.endpoint.timeout), content_type(resp.headers)
        except urllib.error.HTTPError as exc:
            body = b""
            with contextlib.suppress(OSError, http.client.HTTPException):
                body = exc.read()
            raise self._http_error(url, method, exc.code, body) from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, TimeoutError):
                raise RemoteError(f"{where(url)} did not answer within {self.endpoint.timeout:g} s") from None
            msg = getattr(reason, "strerror", None) or str(reason)
            raise RemoteError(f"cannot reach the SPARQL endpoint {where(url)}: {msg}") from None
        except TimeoutError:
            raise RemoteError(f"{where(url)} did not answer within {self.endpoint.timeout:g} s") from None
        except (http.client.HTTPException, OSError, ValueError) as exc:
            detail = " ".join(str(exc).split()) or type(exc).__name__
            raise RemoteError(f"request to {where(url)} failed: {detail}") from None

    def _http_error(self, url: str, method: str, code: int, body: bytes) -> Exception:
        detail = first_line(body)
        if method == "PUT" and code in (400, 404, 405, 415, 501):
            return _Unsupported(f"HTTP {code}")
        if code == 401:
            who = (
                "the credentials of --endpoint-user/KG_ENDPOINT_PASSWORD"
                if self.endpoint.user
                else ("anonymous access; set --endpoint-user and KG_ENDPOINT_PASSWORD")
            )
            return RemoteError(f"{where(url)} refused {who} (HTTP 401)")
        if code == 403 or "SR186" in detail or "permission" in detail.lower():
            return RemoteError(
                f"{where(url)} does not allow this {'write' if method != 'GET' else 'request'} (HTTP {code}): "
                f"{detail or 'forbidden'} (Virtuoso: use /sparql-auth with credentials, or "
                'GRANT SPARQL_UPDATE TO "SPARQL")'
            )
        return RemoteError(f"{where(url)} answered HTTP {code}: {detail or 'no details'}")

    # -- reading
    def query(
        self,
        sparql: str,
        *,
        prefixes: dict[str, str] | None = None,
        substitutions: dict[ox.Variable, Term] | None = None,
        use_default_graph_as_union: bool = True,
        default_graph: Iterable[NamedNode] | NamedNode | None = None,
        named_graphs: Iterable[NamedNode] | None = None,
        **_: Any,
    ) -> Any:
        """A query with the same arguments and result types as ``pyoxigraph.Store.query``.

        ``substitutions`` become a ``VALUES`` block opening the WHERE group (standard SPARQL has no other way to
        pre-bind; a trailing ``VALUES`` clause is answered wrongly by Virtuoso 7 when OPTIONALs follow);
        the union of graphs is the server's default graph (``use_default_graph_as_union`` is informational).
        """
        text = with_prefixes(sparql, PREFIXES if prefixes is None else prefixes)
        form = query_form(text)
        if substitutions:
            text = bind(text, substitutions, form)
        params: list[tuple[str, str]] = [("query", text)]
        if isinstance(default_graph, NamedNode):
            default_graph = [default_graph]
        params += [("default-graph-uri", g.value) for g in default_graph or () if isinstance(g, NamedNode)]
        params += [("named-graph-uri", g.value) for g in named_graphs or ()]
        accept = (
            GRAPH_ACCEPT
            if form in ("CONSTRUCT", "DESCRIBE")
            else f"{RESULTS_JSON}, application/sparql-results+xml;q=0.5"
        )
        encoded = urllib.parse.urlencode(params).encode("ascii")
        url = self.endpoint.query
        if len(encoded) <= MAX_GET:
            body, ctype = self._send(
                f"{url}{'&' if '?' in url else '?'}{encoded.decode()}", headers={"Accept": accept}
            )
        else:
            body, ctype = self._send(
                url,
                method="POST",
                data=encoded,
                headers={
                    "Accept": accept,
                    "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
                },
            )
        return parse_results(body, ctype, form, url)

    def select(self, sparql: str, **kwargs: Any) -> list[Row]:
        """A SELECT query as a list of rows; an unreadable answer is a RemoteError."""
        res = self.query(sparql, **kwargs)
        if not isinstance(res, QuerySolutions):
            raise TypeError("select() needs a SELECT query")
        try:  # pyoxigraph parses results lazily: a bad answer fails while iterating
            names = [v.value for v in res.variables]
            return [{n: row[n] for n in names} for row in res]
        except (SyntaxError, ValueError) as exc:
            msg = " ".join(str(exc).split())[:200]
            raise RemoteError(f"{where(self.endpoint.query)} sent unreadable SPARQL results: {msg}") from None

    def ask(self, sparql: str) -> bool:
        """An ASK query as a bool."""
        return bool(self.query(sparql))

    def quads_for_pattern(
        self,
        subject: Term | None = None,
        predicate: NamedNode | None = None,
        obj: Term | None = None,
        graph_name: NamedNode | DefaultGraph | None = None,
    ) -> Iterator[Quad]:
        """Quads matching a pattern in the named graphs (``None`` = any), like pyoxigraph's indexed lookup.

        One SELECT per pattern, remembered until the next write, since the query layer repeats lookups.
        """
        if isinstance(graph_name, DefaultGraph):
            # kg writes named graphs only; a union-default server cannot show the real default graph
            return iter(())
        key = (subject, predicate, obj, graph_name)
        hit = self._cache.get(key)
        if hit is not None:
            return iter(hit)
        s = str(subject) if subject is not None else "?s"
        p = str(predicate) if predicate is not None else "?p"
        o = str(obj) if obj is not None else "?o"
        g = str(graph_name) if graph_name is not None else "?g"
        names = [n for n, t in (("s", subject), ("p", predicate), ("o", obj), ("g", graph_name)) if t is None]
        q = f"SELECT {' '.join('?' + n for n in names) or '*'} WHERE {{ GRAPH {g} {{ {s} {p} {o} }} }}"
        if not names:
            q = f"ASK {{ GRAPH {g} {{ {s} {p} {o} }} }}"
            out = [Quad(subject, predicate, obj, graph_name)] if self.ask(q) else []  # type: ignore[arg-type]
        else:
            out = []
            for row in self.select(q):
                terms = {
                    "s": subject if subject is not None else row.get("s"),
                    "p": predicate if predicate is not None else row.get("p"),
                    "o": obj if obj is not None else row.get("o"),
                    "g": graph_name if graph_name is not None else row.get("g"),
                }
                if any(t is None for t in terms.values()):
                    continue
                try:
                    out.append(Quad(terms["s"], terms["p"], terms["o"], terms["g"]))  # type: ignore[arg-type]
                except TypeError:
                    continue  # a literal in subject position from a generalised server: not RDF 1.1
        if len(self._cache) >= CACHE_SIZE:
            self._cache.clear()
        self._cache[key] = out
        return iter(out)

    def quads(self, graph: str | NamedNode | None = None) -> Iterator[Quad]:
        """The quads of one named graph; with None, those of all kg's graphs (what ``len()`` counts)."""
        if graph is not None:
            return self.quads_for_pattern(None, None, None, graph_node(graph))
        out = []
        for r in self.select(f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_KG_GRAPHS} }}"):
            with contextlib.suppress(TypeError):  # a literal subject from a generalised server: not RDF 1.1
                out.append(Quad(r["s"], r["p"], r["o"], r["g"]))  # type: ignore[arg-type]
        return iter(out)

    def graphs(self) -> list[NamedNode]:
        """kg's named graphs on the server (IRIs under ``vnld:``), sorted; other graphs are not kg's."""
        rows = self.select(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_KG_GRAPHS} }}")
        return sorted((r["g"] for r in rows if isinstance(r["g"], NamedNode)), key=lambda g: g.value)

    def __len__(self) -> int:
        """Number of quads in kg's graphs."""
        rows = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_KG_GRAPHS} }}")
        n = rows[0]["n"] if rows else None
        return int(n.value) if isinstance(n, Literal) else 0

    def _check_union(self) -> None:
        """Fail early when a query without GRAPH does not see the named graphs (Oxigraph server started
        without ``--union-default-graph``): every kg query would answer nothing, silently."""
        rows = self.select(
            "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
            f"{_KG_GRAPHS} FILTER(isIRI(?s) && isIRI(?o)) }} LIMIT 1"
        )
        if not rows:
            return  # nothing of kg's yet: check again after the first write
        r = rows[0]
        self._union_checked = True
        if not self.ask(f"ASK {{ {r['s']} {r['p']} {r['o']} }}"):
            raise RemoteError(
                f"{where(self.endpoint.query)} does not query the union of its named graphs by default, so kg's "
                "queries would find nothing; start Oxigraph with `oxigraph serve --union-default-graph`, or "
                "configure the server's default graph as the union of all graphs (see docs/remote.md)"
            )

    # -- writing
    def _writable(self) -> None:
        if self.read_only:
            raise RemoteError("the remote store was opened read-only")
        self._cache.clear()

    def update(self, sparql: str) -> None:
        """One SPARQL Update request (the server decides how atomic it is; Oxigraph: one transaction)."""
        self._writable()
        data = urllib.parse.urlencode({"update": with_prefixes(sparql)}).encode("ascii")
        self._send(
            self.endpoint.update or self.endpoint.query,
            method="POST",
            data=data,
            headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8", "Accept": "*/*"},
        )
        self._cache.clear()

    def replace_graph(
        self,
        graph_iri: str | NamedNode,
        quads: Iterable[Quad],
        *,
        drop: Iterable[str | NamedNode] = (),
        delete: Iterable[Quad] = (),
    ) -> None:
        """Make ``graph_iri`` hold exactly ``quads``: one Graph Store ``PUT`` when nothing else changes and the
        server has the protocol, else one update request (DROP, DELETE DATA, INSERT DATA)."""
        self._writable()
        g = graph_node(graph_iri)
        triples = list(dict.fromkeys(Triple(q.subject, q.predicate, q.object) for q in quads))
        drop, delete = list(drop), list(delete)
        done = False
        if triples and not drop and not delete and self._gsp:
            try:
                self._put(g, triples)
                done = True
            except _Unsupported:
                self._gsp = False  # remember: this server has no usable graph store endpoint
        if not done:
            self.update(replace_graph_update(g, triples, drop, delete, chunk=INSERT_CHUNK))
        self._cache.clear()
        if not self._union_checked and triples:
            self._check_union()

    @property
    def can_bulk_load(self) -> bool:
        """The server has a bulk loader reachable over HTTP: Oxigraph server's ``POST /store?no_transaction``
        (N-Quads, several graphs in one request). Other servers have no standard way to load many graphs at
        once, so :mod:`kg.ingest.writer` replaces their graphs one request each."""
        if not self._server and not self.read_only and self._gsp:
            with contextlib.suppress(RemoteError):
                self.ask("ASK {}")  # one answer tells which server this is
        return self._gsp and not self.read_only and self._server.startswith("Oxigraph/")

    def bulk_load_nquads(self, data: bytes, *, atomic: bool = False, trusted: bool = False) -> None:
        """Add N-Quads in one request to Oxigraph server's graph store: its bulk loader (``no_transaction``)
        unless ``atomic``, then one transaction. The embedded :meth:`kg.store.local.Store.bulk_load_nquads`
        over HTTP; only when :attr:`can_bulk_load`. (``trusted`` is accepted for the same signature: the server
        validates what it parses.)"""
        self._writable()
        if not data:
            return
        if not self.can_bulk_load:
            raise RemoteError(f"{where(self.endpoint.query)} has no bulk loader (an Oxigraph server has)")
        url = self.endpoint.graph_store or ""
        if not atomic:
            url += ("&" if "?" in url else "?") + "no_transaction"
        self._send(
            url, method="POST", data=data, headers={"Content-Type": "application/n-quads; charset=utf-8"}
        )
        self._cache.clear()
        if not self._union_checked:
            self._check_union()

    def _put(self, g: NamedNode, triples: list[Triple]) -> None:
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        url = self.endpoint.graph_store or ""
        sep = "&" if "?" in url else "?"
        self._send(
            f"{url}{sep}{urllib.parse.urlencode({'graph': g.value})}",
            method="PUT",
            data=data,
            headers={"Content-Type": "application/n-triples; charset=utf-8"},
        )

    def drop_graph(self, graph_iri: str | NamedNode) -> None:
        """Remove one named graph (no error when it does not exist)."""
        self.update(f"DROP SILENT GRAPH {graph_node(graph_iri)}")


__all__ = ["Endpoint", "RemoteError", "RemoteStore"]
