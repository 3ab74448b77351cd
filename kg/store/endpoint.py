"""The HTTP side of a SPARQL 1.1 server: where it is (``Endpoint``), and how its answers become pyoxigraph
results. Kept apart from ``kg.store.remote`` so the store reads as store logic only."""

from __future__ import annotations

import json
import re
import time
import urllib.parse
from dataclasses import dataclass, replace
from typing import Any

import pyoxigraph as ox
from pyoxigraph import DefaultGraph, QuerySolutions

from kg.errors import StoreError

RESULTS_JSON = "application/sparql-results+json"
RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/ntriples": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
#: the largest answer read from a server: a bigger one is a runaway query (or a hostile server), not data
MAX_ANSWER = 256 << 20


class RemoteError(StoreError, RuntimeError):
    """The SPARQL server cannot be used or refused a request. One line, fit for a user.

    A ``RuntimeError`` too, so the query layer turns it into its own one-line errors like a pyoxigraph one.
    """


#: FILTER keeping kg's own graphs (IRIs under ``vnld:``): a shared server holds other graphs too.


@dataclass(frozen=True)
class Endpoint:
    """Where the graph lives on a SPARQL server, and how to log in.

    ``update`` and ``graph_store`` default from ``query`` for the servers whose layout is known (``derive``);
    ``graph_store=""`` disables the Graph Store protocol (every write is then one SPARQL Update request).
    """

    query: str
    update: str | None = None
    graph_store: str | None = None
    user: str | None = None
    password: str | None = None
    timeout: float = 120.0

    def derive(self) -> Endpoint:
        """Fill in ``update`` and ``graph_store`` for known layouts: Oxigraph/Fuseki ``…/query`` → ``…/update``
        and (Oxigraph) ``…/store``; Virtuoso ``/sparql[-auth]`` → the same URL and ``/sparql-graph-crud[-auth]``."""
        update = self.update or _sibling(self.query, {"query": "update"}) or self.query
        store = self.graph_store
        if store is None:
            store = _sibling(
                update,
                {"update": "store", "sparql": "sparql-graph-crud", "sparql-auth": "sparql-graph-crud-auth"},
            )
        return replace(self, update=update, graph_store=store or "")

    def __repr__(self) -> str:  # never print the password
        return f"Endpoint({self.query!r}, update={self.update!r}, graph_store={self.graph_store!r})"


def _sibling(url: str, names: dict[str, str]) -> str | None:
    """``url`` with its last path segment renamed per ``names`` (query and fragment dropped), else None."""
    parts = urllib.parse.urlsplit(url)
    head, _, last = parts.path.rstrip("/").rpartition("/")
    if last not in names or parts.query:
        return None
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, f"{head}/{names[last]}", "", ""))


def check_url(url: str, what: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RemoteError(f"{what} {url!r} is not an http(s) URL (e.g. http://127.0.0.1:7878/query)")
    try:
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise RemoteError(f"{what} {url!r} has a bad port") from None
    return url


def read_limited(resp: Any, url: str, *, timeout: float, limit: int = MAX_ANSWER) -> bytes:
    """The body of ``resp``, refused past ``limit`` bytes or past ``timeout`` seconds in all.

    The socket timeout alone bounds each read, so a server that sends one byte every few seconds could
    hold the caller forever; and ``read()`` of a 400 MB answer takes 400 MB before anything can say no.
    """
    declared = (resp.headers.get("Content-Length") or "").strip()
    if declared.isdigit() and int(declared) > limit:
        raise RemoteError(f"{where(url)} announced a {int(declared):,}-byte answer; the limit is {limit:,}")
    deadline = time.monotonic() + timeout
    read = resp.read1 if hasattr(resp, "read1") else resp.read
    chunks: list[bytes] = []
    total = 0
    while chunk := read(min(1 << 20, limit + 1 - total)):
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise RemoteError(f"{where(url)} sent more than {limit:,} bytes; narrow the query or add LIMIT")
        if time.monotonic() > deadline:
            raise RemoteError(f"{where(url)} did not finish its answer within {timeout:g} s")
    return b"".join(chunks)


def content_type(headers: Any) -> str:
    return (headers.get("Content-Type") or "").split(";")[0].strip().lower()


def first_line(body: bytes, limit: int = 300) -> str:
    text = body.decode("utf-8", errors="replace")
    text = re.sub(r"<[^>]+>", " ", text) if "<html" in text[:500].lower() else text
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    line = lines[0] if lines else ""
    return line[:limit] + ("…" if len(line) > limit else "")


def where(url: str) -> str:
    """The URL without credentials or query string, for messages."""
    p = urllib.parse.urlsplit(url)
    host = p.hostname or ""
    if p.port:
        host = f"{host}:{p.port}"
    return urllib.parse.urlunsplit((p.scheme, host, p.path, "", ""))


def parse_results(body: bytes, ctype: str, form: str, url: str) -> Any:
    """Server answer -> pyoxigraph QuerySolutions / QueryBoolean / QueryTriples."""
    if form in ("CONSTRUCT", "DESCRIBE"):
        fmt = GRAPH_FORMATS.get(ctype)
        if fmt is None:
            raise RemoteError(f"{where(url)} answered a graph query with {ctype or 'no content type'}")
        try:
            mem = ox.Store()
            mem.load(body, format=fmt, to_graph=DefaultGraph())
        except (SyntaxError, ValueError, OSError) as exc:
            raise RemoteError(
                f"{where(url)} sent an unreadable graph: {' '.join(str(exc).split())}"
            ) from None
        return mem.query("CONSTRUCT WHERE { ?s ?p ?o }")
    fmt = RESULT_FORMATS.get(ctype)
    if fmt is None and body.lstrip()[:1] == b"{":
        fmt = ox.QueryResultsFormat.JSON
    if fmt is None:
        raise RemoteError(
            f"{where(url)} did not answer with SPARQL results (content type {ctype or 'none'}); "
            "is it a SPARQL query endpoint?"
        )
    try:
        res = ox.parse_query_results(body, format=fmt)
        if form == "ASK" and isinstance(res, QuerySolutions):
            # Virtuoso 7 answers ASK in JSON as a SELECT of ?__ASK_RETVAL: one row "1" for true, none for false
            truth = any(v is not None and v.value not in ("0", "false") for row in res for v in row)
            res = ox.parse_query_results(
                b'{"head":{},"boolean":%s}' % (b"true" if truth else b"false"), format=fmt
            )
        return res
    except (SyntaxError, ValueError, OSError) as exc:
        hint = ""
        if fmt == ox.QueryResultsFormat.JSON:
            try:
                json.loads(body)
            except ValueError:
                hint = " (not JSON)"
        raise RemoteError(
            f"{where(url)} sent unreadable SPARQL results{hint}: {' '.join(str(exc).split())[:200]}"
        ) from None


__all__ = ["MAX_ANSWER", "Endpoint", "RemoteError", "check_url", "parse_results", "read_limited", "where"]
