"""Text -> :class:`kg.models.Extraction`: references, the document's header and the relations it states.

Pure functions, no store. Stages in reading order: ``candidates`` (one regex pass) -> ``symbols`` (the
grammar) -> ``dates`` -> ``header`` -> ``references`` (short and named) -> ``relations``; ``pipeline``
assembles them.
"""

from kg.extraction.pipeline import extract, extract_file

__all__ = ["extract", "extract_file"]
