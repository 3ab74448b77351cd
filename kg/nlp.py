"""The spaCy pipeline: a blank multi-language pipeline with the project's components.

- ``kg_fold`` sets every token's ``norm_`` to its folded form, so the rulers match OCR text that lost
  its diacritics ("cua Bo Chinh tri") with the same patterns as clean text.
- ``kg_bodies``: a SpanRuler for issuing bodies (label ``ISSUER``) and document-type names (``DOCTYPE``);
  the pattern id is the canonical name.
- ``kg_refs``: the reference finder; ``doc.spans["kg_refs"]`` with ``span._.kg`` holding the
  :class:`kg.models.Mention` (spans are computed on raw text and aligned to tokens).
- ``kg_dates``: ``doc.spans["kg_dates"]`` with ``span._.kg_date`` = ISO date or ``None``.

``kg.extract`` does not tokenise whole documents: it runs the regex pass on the raw text and this
pipeline only on the short windows that follow each reference (``kg_fold`` + ``kg_bodies``).
Use :func:`make_nlp` to get a pipeline that annotates whole ``Doc`` objects.
"""

from __future__ import annotations

from functools import cache, lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extraction.lexicon import lexicon
from kg.text.normalize import fold

if not Span.has_extension("kg"):
    Span.set_extension("kg", default=None)
if not Span.has_extension("kg_date"):
    Span.set_extension("kg_date", default=None)


_fold_token = lru_cache(maxsize=1 << 16)(fold)


@Language.component("kg_fold")
def kg_fold(doc: Doc) -> Doc:
    for tok in doc:
        tok.norm_ = _fold_token(tok.text)
    return doc


@Language.factory("kg_refs", default_config={"ocr": "auto"})
def make_kg_refs(nlp: Language, name: str, ocr: str) -> object:
    def kg_refs(doc: Doc) -> Doc:
        from kg.extraction.pipeline import extract

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
        from kg.extraction.dates import find_dates

        spans = []
        for d in find_dates(fold(doc.text), ocr):
            sp = doc.char_span(d.start, d.end, label="DATE", alignment_mode="expand")
            if sp is not None:
                sp._.kg_date = d.iso
                spans.append(sp)
        doc.spans["kg_dates"] = spans
        return doc

    return kg_dates


def _ruler_patterns() -> list[dict[str, str]]:
    lex = lexicon()
    pats: list[dict[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for name, _code, aliases in lex.bodies:
        for variant in (name, *aliases):
            key = ("ISSUER", fold(variant))
            if key not in seen:
                seen.add(key)
                pats.append({"label": "ISSUER", "pattern": variant, "id": name})
    for w in lex.type_words:
        pats.append({"label": "DOCTYPE", "pattern": w.name, "id": w.name})
    return pats


def _ruled_nlp() -> Language:
    """Blank multi-language pipeline with folding and the body/type ruler."""
    nlp = spacy.blank("xx")
    nlp.add_pipe("kg_fold")
    ruler = nlp.add_pipe(
        "span_ruler",
        name="kg_bodies",
        config={"spans_key": "kg_bodies", "phrase_matcher_attr": "NORM", "overwrite": True},
    )
    ruler.add_patterns(_ruler_patterns())
    return nlp


@cache
def body_nlp() -> Language:
    """The small pipeline run on windows after references."""
    return _ruled_nlp()


def make_nlp(ocr: str = "auto") -> Language:
    """A full pipeline for ``Doc`` users: fold, bodies/types ruler, references, dates."""
    nlp = _ruled_nlp()
    nlp.add_pipe("kg_refs", config={"ocr": ocr})
    nlp.add_pipe("kg_dates", config={"ocr": ocr == "on"})
    return nlp


def bodies_in(texts: list[str]) -> list[list[tuple[int, int, str]]]:
    """For each text, the issuing bodies found: (start char, end char, canonical name), longest first."""
    nlp = body_nlp()
    out = []
    for doc in nlp.pipe(texts, batch_size=256):
        spans = [s for s in doc.spans.get("kg_bodies", []) if s.label_ == "ISSUER"]
        spans.sort(key=lambda s: (s.start_char, -(s.end_char - s.start_char)))
        out.append([(s.start_char, s.end_char, s.id_ or s.text) for s in spans])
    return out
