"""Shipped ontology files (read through kg.tables (the loader))."""
