"""Sources -> store: extraction jobs, atomic per-source writes, and re-resolution across the store."""

from kg.ingest.core import BuildReport, build, resolve_store

__all__ = ["BuildReport", "build", "resolve_store"]
