"""Where the graph lives: an embedded Oxigraph store on disk, or a SPARQL 1.1 server."""

from kg.store.local import Store, StoreError, open_store

__all__ = ["Store", "StoreError", "open_store"]
