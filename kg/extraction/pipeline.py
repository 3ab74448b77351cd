"""``kg.extract``: normalise -> find -> parse -> dates/issuers -> header -> short/named -> relations.

Assembly only: each stage lives in its own module. The regex pass runs on the whole text; spaCy
(:mod:`kg.extraction.bodies`) only sees the short windows after references that name an issuing body
("… ngày 22/12/2024 của Bộ Chính trị"), so long texts are not tokenised whole.
"""

from __future__ import annotations

from pathlib import Path

from kg.extraction.bodies import attach_dates_and_issuers, complete_issuers
from kg.extraction.header import read_header
from kg.extraction.mentions import full_mentions
from kg.extraction.ocr import OCR_MODES, looks_ocr
from kg.extraction.references import find_named, find_short
from kg.extraction.relations import relate
from kg.models import Extraction, Header, Mention, Relation
from kg.text.decode import read_text
from kg.text.normalize import Normalized, normalize

__all__ = ["OCR_MODES", "extract", "extract_file", "looks_ocr"]


def _to_original(n: Normalized, mentions: list[Mention], relations: list[Relation], header: Header) -> None:
    orig = n.original
    for m in mentions:
        m.start, m.end = n.span(m.start, m.end)
        m.text = orig[m.start : m.end]
        if m.date_span:
            m.date_span = n.span(*m.date_span)
        if m.issuer_span:
            m.issuer_span = n.span(*m.issuer_span)
    for r in relations:
        r.start, r.end = n.span(r.start, r.end)
        if r.cue_start is not None and r.cue_end is not None:
            r.cue_start, r.cue_end = n.span(r.cue_start, r.cue_end)
    if header.symbol_span:
        header.symbol_span = n.span(*header.symbol_span)


def extract(
    text: str, source: str = "<string>", ocr: str = "auto", *, with_relations: bool = True
) -> Extraction:
    """Every reference, the header and the stated relations of one document.

    ``ocr``: ``auto`` (detect OCR'd text), ``on`` or ``off``. All offsets index ``text`` itself.
    """
    if ocr not in OCR_MODES:
        raise ValueError(f"ocr must be one of {OCR_MODES}, not {ocr!r}")
    if not isinstance(text, str):
        raise TypeError("extract() takes the decoded text; use extract_file() for paths and bytes")
    n = normalize(text)
    is_ocr = ocr == "on" or (ocr == "auto" and looks_ocr(n))
    full = full_mentions(n, is_ocr)
    short = find_short(n, full, is_ocr)
    named = find_named(n, [(m.start, m.end) for m in full + short])
    mentions = sorted(full + short + named, key=lambda m: m.start)
    attach_dates_and_issuers(n, mentions, is_ocr)
    header = read_header(n, full, is_ocr)
    if header.province:
        complete_issuers(mentions, header.province)
    relations = relate(n, mentions, header, is_ocr) if with_relations else []
    _to_original(n, mentions, relations, header)
    return Extraction(
        source=source, text=text, document=header, mentions=mentions, relations=relations, ocr=is_ocr
    )


def extract_file(path: str | Path, ocr: str = "auto") -> Extraction:
    """Decode and extract one file; raises :class:`kg.text.decode.InputError` with a one-line message."""
    return extract(read_text(path), source=str(path), ocr=ocr)
