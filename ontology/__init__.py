"""Shipped ontology files (read through kg.resources)."""
