"""``kg.extract``: boilerplate -> normalise -> find -> parse -> dates/issuers -> header -> short/named -> relations.

Assembly only: each stage lives in its own module. The regex pass runs on the whole text; spaCy
(:mod:`kg.extraction.bodies`) only sees the short windows after references that name an issuing body
("… ngày 22/12/2024 của Bộ Chính trị"), so long texts are not tokenised whole.

Portal and converter text (:mod:`kg.extraction.boilerplate`) is found once per document. Spans that can cut
a sentence or a symbol (running heads, page markers, signature blocks) are blanked before matching; the
others stay in the text, so the references in them are still reported (``Mention.boilerplate``), but they
state no relation and the header is not read from them.
"""

from __future__ import annotations

from bisect import bisect_left
from pathlib import Path

from kg.extraction.bodies import attach_dates_and_issuers, complete_issuers
from kg.extraction.boilerplate import (
    Boilerplate,
    blank_interruptions,
    find_boilerplate,
    portal_attributes,
    span_at,
    status_notes,
)
from kg.extraction.header import read_header
from kg.extraction.header_names import apply_portal_attributes
from kg.extraction.mentions import full_mentions
from kg.extraction.ocr import OCR_MODES, looks_ocr
from kg.extraction.references import find_named, find_short
from kg.extraction.relations import relate
from kg.models import Extraction, Header, Mention, Relation
from kg.text.decode import read_text
from kg.text.normalize import Normalized, normalize

__all__ = ["OCR_MODES", "extract", "extract_file", "looks_ocr"]


def _to_original(
    n: Normalized, text: str, mentions: list[Mention], relations: list[Relation], header: Header
) -> None:
    for m in mentions:
        m.start, m.end = n.span(m.start, m.end)
        m.text = text[m.start : m.end]
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


def _norm_pos(n: Normalized, pos: int) -> int:
    """Normalised offset of original offset ``pos`` (the inverse of ``n.orig_start``, by bisection)."""
    if n.identity:
        return pos
    return bisect_left(range(len(n.text) + 1), pos, key=n.orig_start)


def _header_view(n: Normalized, spans: list[Boilerplate]) -> Normalized:
    """``n`` with every portal span (banner, chrome, footer, editorial note) blanked out, same offsets.

    The header reader looks at the first lines; on a portal page those are the portal's banner and its
    metadata table, and a law's title carries editorial notes ("LUẬT [… được hướng dẫn bởi …] HÔN NHÂN
    VÀ GIA ĐÌNH"). Blanked with spaces (line breaks kept), none of that is read as the header."""
    cut = [(_norm_pos(n, b.start), _norm_pos(n, b.end)) for b in spans if not b.interrupts]
    if not cut:
        return n
    chars = list(n.text)
    for start, end in cut:
        for i in range(start, min(end, len(chars))):
            if chars[i] != "\n":
                chars[i] = " "
    return Normalized(n.original, "".join(chars), n._norm, n._orig)  # same map: only letters changed


def _boilerplate_of(n: Normalized, spans: list[Boilerplate], m: Mention) -> Boilerplate | None:
    """The span a mention (offsets into ``n``) lies in, if any."""
    return span_at(spans, *n.span(m.start, m.end)) if spans else None


def _screen(text: str, blanked: str, spans: list[Boilerplate], relations: list[Relation]) -> list[Relation]:
    """No relation is stated by boilerplate; one stated by an editorial note is kept, marked ``editorial``.

    Where the cue is: ``cue_start`` if the relation has one, else the first visible character of its
    evidence (in ``blanked``, where the interrupting spans are zero-width). A cue inside a portal status note ("(VB hết hiệu lực: 20/03/2020)") says when a cited
    document expired, nothing about how the two documents relate: those relations go too."""
    if not spans:
        return relations
    notes = status_notes(text, spans)
    out = []
    for r in relations:
        cue = r.cue_start if r.cue_start is not None else _first_visible(blanked, r.start, r.end)
        hit = span_at(spans, cue)
        if hit is None:
            out.append(r)
        elif hit.editorial and not any(s <= cue < e for s, e in notes):
            r.editorial = True
            out.append(r)
    return out


def _first_visible(text: str, start: int, end: int) -> int:
    """First offset in ``text[start:end]`` that is not white space or markdown debris."""
    i = start
    while i < end and (text[i].isspace() or text[i] in "*|_#>-\u200b"):
        i += 1
    return i if i < end else start


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
    spans = find_boilerplate(text)
    blanked = blank_interruptions(text, spans)
    n = normalize(blanked)  # same length as text: offsets map back to it
    is_ocr = ocr == "on" or (ocr == "auto" and looks_ocr(n))
    full = full_mentions(n, is_ocr)
    short = find_short(n, full, is_ocr)
    named = find_named(n, [(m.start, m.end) for m in full + short])
    mentions = sorted(full + short + named, key=lambda m: m.start)
    attach_dates_and_issuers(n, mentions, is_ocr)
    header = read_header(_header_view(n, spans), full, is_ocr)
    apply_portal_attributes(header, portal_attributes(text, spans), full, n, is_ocr)
    if header.province:
        complete_issuers(mentions, header.province)
    where = {id(m): _boilerplate_of(n, spans, m) for m in mentions}
    relations: list[Relation] = []
    if with_relations:
        stated = [m for m in mentions if where[id(m)] is None or where[id(m)].editorial]  # type: ignore[union-attr]
        relations = relate(n, stated, header, is_ocr)
    _to_original(n, text, mentions, relations, header)
    for m in mentions:
        b = where[id(m)]
        m.boilerplate = b.kind if b else None
    relations = _screen(text, blanked, spans, relations)
    return Extraction(
        source=source, text=text, document=header, mentions=mentions, relations=relations, ocr=is_ocr
    )


def extract_file(path: str | Path, ocr: str = "auto") -> Extraction:
    """Decode and extract one file; raises :class:`kg.text.decode.InputError` with a one-line message."""
    return extract(read_text(path), source=str(path), ocr=ocr)
