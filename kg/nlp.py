"""The public spaCy integration: a pipeline that annotates whole ``Doc`` objects.

- ``kg_fold`` and ``kg_bodies`` (issuing bodies ``ISSUER`` and type names ``DOCTYPE``): see
  :mod:`kg.extraction.bodies`, which the extractor itself uses on short windows.
- ``kg_refs``: the reference finder; ``doc.spans["kg_refs"]`` with ``span._.kg`` holding the
  :class:`kg.models.Mention` (spans are computed on raw text and aligned to tokens).
- ``kg_dates``: ``doc.spans["kg_dates"]`` with ``span._.kg_date`` = ISO date or ``None``.

This module imports the extractor and is never imported by it.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extraction.bodies import bodies_in, body_nlp, ruled_nlp
from kg.extraction.dates import find_dates
from kg.extraction.pipeline import extract
from kg.text.fold import fold

__all__ = ["bodies_in", "body_nlp", "make_nlp"]

if not Span.has_extension("kg"):
    Span.set_extension("kg", default=None)
if not Span.has_extension("kg_date"):
    Span.set_extension("kg_date", default=None)


@Language.factory("kg_refs", default_config={"ocr": "auto"})
def make_kg_refs(nlp: Language, name: str, ocr: str) -> object:
    def kg_refs(doc: Doc) -> Doc:
        result = extract(doc.text, ocr=ocr, with_relations=False)
        spans = []
        for m in result.mentions:
            sp = doc.char_span(m.start, m.end, label=m.kind.upper(), alignment_mode="expand")
            if sp is not None:
                sp._.kg = m
                spans.append(sp)
        doc.spans["kg_refs"] = spans
        return doc

    return kg_refs


@Language.factory("kg_dates", default_config={"ocr": False})
def make_kg_dates(nlp: Language, name: str, ocr: bool) -> object:
    def kg_dates(doc: Doc) -> Doc:
        spans = []
        for d in find_dates(fold(doc.text), ocr):
            sp = doc.char_span(d.start, d.end, label="DATE", alignment_mode="expand")
            if sp is not None:
                sp._.kg_date = d.iso
                spans.append(sp)
        doc.spans["kg_dates"] = spans
        return doc

    return kg_dates


def make_nlp(ocr: str = "auto") -> Language:
    """A full pipeline for ``Doc`` users: fold, bodies/types ruler, references, dates."""
    nlp = ruled_nlp()
    nlp.add_pipe("kg_refs", config={"ocr": ocr})
    nlp.add_pipe("kg_dates", config={"ocr": ocr == "on"})
    return nlp
