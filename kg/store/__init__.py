"""Where the graph lives: an embedded Oxigraph store on disk (``Store``), or a SPARQL 1.1 server
(``RemoteStore``). Both implement ``GraphStore``; ``open_store`` picks one from what the user gave."""

from __future__ import annotations

from pathlib import Path

from kg.errors import StoreError
from kg.store.base import GraphStore, Row, Term
from kg.store.local import Store
from kg.store.remote import Endpoint, RemoteError, RemoteStore


def open_store(
    path: str | Path | Endpoint | GraphStore | None = None,
    endpoint: str | Endpoint | None = None,
    *,
    create: bool = True,
    read_only: bool = False,
) -> GraphStore:
    """The store at ``path``: a directory (``None``: in memory), an ``http(s)://`` query URL or an ``Endpoint``
    (a SPARQL server), or an open store (returned as is). ``endpoint=`` names the server explicitly.

    ``create`` applies to a directory only: a server's graph always exists.
    """
    if endpoint is not None:
        return RemoteStore.open(endpoint, read_only=read_only)
    if isinstance(path, Endpoint) or (isinstance(path, str) and path.startswith(("http://", "https://"))):
        return RemoteStore.open(path, read_only=read_only)
    return Store.open(path, create=create, read_only=read_only)


__all__ = [
    "Endpoint",
    "GraphStore",
    "RemoteError",
    "RemoteStore",
    "Row",
    "Store",
    "StoreError",
    "Term",
    "open_store",
]
