"""Serialise the store: N-Quads and TriG keep the per-source graphs; Turtle and N-Triples give the union
(deduplicated); JSON-LD keeps the graphs and uses the project prefixes as its @context.

Only the ``GraphStore`` interface is used, so an embedded store and a SPARQL server dump alike.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import IO, Any

import pyoxigraph
from pyoxigraph import Quad, RdfFormat, Triple

from kg.store import GraphStore, Store
from kg.vocab import PREFIXES

FORMATS: dict[str, RdfFormat] = {
    "ttl": RdfFormat.TURTLE,
    "nt": RdfFormat.N_TRIPLES,
    "nq": RdfFormat.N_QUADS,
    "trig": RdfFormat.TRIG,
    "jsonld": RdfFormat.JSON_LD,
}
DATASET_FORMATS = ("nq", "trig", "jsonld")


def _quads(store: GraphStore) -> list[Quad]:
    """All quads, sorted so that the same store always serialises to the same bytes."""
    return sorted(store.quads(), key=str)


def _triples(store: GraphStore) -> list[Triple]:
    return sorted({Triple(q.subject, q.predicate, q.object) for q in store.quads()}, key=str)


def dumps(store: GraphStore | str | Path | None, format: str = "trig") -> bytes:  # noqa: A002 - CLI word
    """The store (an open one, or the directory to open) serialised in ``format`` (ttl, nt, nq, trig,
    jsonld), as bytes."""
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    st = Store.open(store, create=False)
    try:
        if format == "jsonld":
            return _jsonld(st)
        data = _quads(st) if format in DATASET_FORMATS else _triples(st)
        prefixes = PREFIXES if format in ("ttl", "trig") else None
        return pyoxigraph.serialize(data, format=FORMATS[format], prefixes=prefixes) or b""
    finally:
        if st is not store:
            st.close()


def dump(
    store: GraphStore | str | Path | None,
    format: str = "trig",  # noqa: A002
    out: str | Path | IO[bytes] | IO[str] | None = None,
) -> bytes | None:
    """Write the store to ``out`` (a path, a binary or text stream); with ``out=None`` return the bytes."""
    data = dumps(store, format)
    if out is None:
        return data
    if isinstance(out, str | Path):
        Path(out).write_bytes(data)
    elif isinstance(out, io.TextIOBase) or "b" not in getattr(out, "mode", "b"):
        out.write(data.decode("utf-8"))  # type: ignore[arg-type]
    else:
        out.write(data)  # type: ignore[arg-type]
    return None


def _compact(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def _compact_node(node: Any) -> Any:
    """Compact IRIs in keys, @id and @type of expanded JSON-LD (values stay as they are)."""
    if isinstance(node, list):
        return [_compact_node(n) for n in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for k, v in node.items():
        if k == "@id" and isinstance(v, str):
            out[k] = _compact(v)
        elif k == "@type":
            out[k] = [_compact(t) for t in v] if isinstance(v, list) else _compact(v)
        elif k.startswith("@"):
            out[k] = _compact_node(v)
        else:
            out[_compact(k)] = _compact_node(v)
    return out


def _jsonld(st: GraphStore) -> bytes:
    """JSON-LD with an @context of the project prefixes; one @graph entry per named graph."""
    raw = pyoxigraph.serialize(_quads(st), format=RdfFormat.JSON_LD) or b"[]"
    doc = json.loads(raw)
    items = doc if isinstance(doc, list) else doc.get("@graph", [doc])
    body = {"@context": dict(PREFIXES), "@graph": _compact_node(items)}
    return json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8")
