"""The explorer's routes: ``/explore`` (search and document view), ``/explore/graph.json``,
``/explore/search.json``, ``/explore/static/<file>`` and ``/source`` (the ``kg annotate`` view of a built source).

Read-only and bounded like the SPARQL side: every answer is computed by the library's readers
(:mod:`kg.serve.explore_data`), at most ``workers`` explorer answers run at once, the client never names a file
(``/source`` takes a source IRI, which must be a source recorded in the store, and opens it through
:func:`kg.ingest.find_source` under the store's recorded build roots), and static files come from a fixed list.

The explorer reads the store in the server process. A store on disk is reopened (read-only, no lock) when its
files changed, so a finished ``kg build`` shows without a restart, as on the SPARQL side.
"""

from __future__ import annotations

import json
import sys
import threading
from functools import cache
from importlib import resources
from typing import Any

import pyoxigraph as ox

from kg.errors import KgError
from kg.query.view import GraphView, vnl
from kg.serve import explore_page as pages
from kg.serve.explore_data import card, cascade, search
from kg.serve.runner import Reply, text_reply

#: files under /explore/static/ and their types: nothing else is served from the package
STATIC = {
    "cytoscape.min.js": "text/javascript; charset=utf-8",
    "explore.js": "text/javascript; charset=utf-8",
    "cytoscape.LICENSE": "text/plain; charset=utf-8",
}
ROUTES = ("/explore", "/explore/", "/explore/graph.json", "/explore/search.json", "/source")
MAX_INPUT = 500  # characters of a typed document reference


def handles(path: str) -> bool:
    """Whether the explorer answers this path (the server routes it here)."""
    return path in ROUTES or path.startswith("/explore/static/")


class _Fresh:
    """The store the explorer reads: the server's, or a newer read-only snapshot of the same folder."""

    def __init__(self, store: Any, workers: int) -> None:
        self.base = store
        self.store = store
        self.gen: Any = None
        self.lock = threading.Lock()
        self.slots = threading.BoundedSemaphore(max(1, workers))

    def current(self) -> Any:
        from kg.store.local import Store

        path = getattr(self.base, "path", None)
        if not isinstance(self.base, Store) or path is None or not path.is_dir():
            return self.base
        from kg.serve.pool import generation

        with self.lock:
            try:
                gen = generation(path)
                if self.gen is None:
                    self.gen = gen
                elif gen != self.gen:
                    self.store, self.gen = Store(path, read_only=True), gen
            except (OSError, KgError):  # mid-write: keep the snapshot we have
                pass
            return self.store


_STATE_LOCK = threading.Lock()


def _state(server: Any) -> _Fresh:
    with _STATE_LOCK:
        st = getattr(server, "_explore_state", None)
        if st is None:
            st = _Fresh(server.store, server.config.workers)
            server._explore_state = st
        return st


def _one(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name)
    return values[0] if values else None


def _html(status: int, body: str) -> Reply:
    return Reply(status, "text/html; charset=utf-8", body.encode("utf-8"))


def _json(status: int, data: Any) -> Reply:
    return Reply(
        status, "application/json; charset=utf-8", json.dumps(data, ensure_ascii=False).encode("utf-8")
    )


@cache
def _static(name: str) -> bytes:
    return (resources.files("kg.serve") / "static" / name).read_bytes()


def handle(server: Any, path: str, params: dict[str, list[str]]) -> Reply:
    """The answer to one explorer GET (``server``: the running ``SparqlServer``)."""
    if path.startswith("/explore/static/"):
        name = path.removeprefix("/explore/static/")
        if name not in STATIC:
            return text_reply(404, f"not found: {path}")
        return Reply(200, STATIC[name], _static(name))
    state = _state(server)
    if not state.slots.acquire(timeout=server.config.timeout):
        return text_reply(503, "the explorer is busy; try again later")
    try:
        store = state.current()
        if path == "/source":
            return source_view(store, params)
        return _explore(store, path, params)
    except KgError as exc:
        return text_reply(400, str(exc))
    except Exception as exc:  # noqa: BLE001 - a bug must not leave the browser without an answer
        sys.stderr.write(f"explorer: {path}: {type(exc).__name__}: {exc}\n")
        return text_reply(
            500, f"the explorer failed on this request ({type(exc).__name__}); see the server log"
        )
    finally:
        state.slots.release()


def _explore(store: Any, path: str, params: dict[str, list[str]]) -> Reply:
    text = (_one(params, "doc") or _one(params, "q") or "").strip()
    as_json = path.endswith(".json")
    if not text:
        if as_json:
            return _json(400, {"error": "give the document as ?doc=<symbol, title or IRI>"})
        return _html(200, pages.search_page())
    if len(text) > MAX_INPUT:
        return text_reply(400, f"a document reference is at most {MAX_INPUT} characters")
    found = search(store, text)
    status = {"found": 200, "ambiguous": 300, "none": 404, "invalid": 404}[found["result"]]
    if path == "/explore/search.json":
        return _json(200, found)
    if found["result"] != "found":
        if as_json:
            return _json(status, found)
        return _html(status, pages.candidates_page(found))
    iri = found["document"]["iri"]
    graph = cascade(store, iri)
    if as_json:
        return _json(200, graph)
    return _html(200, pages.document_page(card(store, iri), graph))


# ------------------------------------------------------------------------------------------------ source


def source_view(store: Any, params: dict[str, list[str]]) -> Reply:
    """The ``kg annotate`` page of a source recorded in the store, with the evidence asked for marked."""
    from kg.ingest import find_source
    from kg.serve.explore_source import source_page  # the extractor (spaCy): only when a source is asked

    src = (_one(params, "src") or "").strip()
    try:
        node = ox.NamedNode(src)
    except ValueError:
        return text_reply(400, "give the source as ?src=<source IRI> (the explorer's evidence links do)")
    name = GraphView(store).first(node, vnl("path"), lang=None)
    if name is None:
        return text_reply(404, f"no source {src[:200]!r} in the store")
    source = find_source(store, name)
    if source is None:
        return text_reply(404, f"the source {name!r} is in the store but its file is not found beside it")

    def number(key: str) -> int | None:
        value = _one(params, key) or ""
        return int(value) if value.isdigit() and len(value) < 12 else None

    span = (number("start"), number("end"))
    mention = (number("ostart"), number("oend"))
    return _html(200, source_page(source, name, span, mention))


__all__ = ["ROUTES", "STATIC", "handle", "handles", "source_view"]
