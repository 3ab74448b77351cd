"""Text -> :class:`kg.models.Extraction`: references, the document's header and the relations it states.

Pure functions, no store. Stages in reading order: ``ocr`` (is the text OCR'd?) -> ``candidates`` (one regex
pass) -> ``symbols`` (the grammar) -> ``mentions`` (type word, exclusions, enumerations) -> ``bodies`` (date and
issuing body after each mention) -> ``header`` -> ``references`` (short and named) -> ``relations``;
``pipeline`` assembles them. Word lists live in ``kg/data/*.tsv`` and become lookup structures in ``lexicon``.
"""

from kg.extraction.pipeline import extract, extract_file

__all__ = ["extract", "extract_file"]
