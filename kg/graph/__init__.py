"""Extraction -> RDF quads, pure: document identity and IRIs, then the quads of one source."""

from kg.graph.quads import extraction_to_quads

__all__ = ["extraction_to_quads"]
