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

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from kg.errors import InputError
from kg.extraction.bodies import attach_dates_and_issuers, complete_issuers
from kg.extraction.boilerplate import (
    Boilerplate,
    blank_interruptions,
    find_boilerplate,
    portal_attributes,
    span_at,
    status_notes,
)
from kg.extraction.effective import attach_effective
from kg.extraction.header import read_header
from kg.extraction.mentions import full_mentions
from kg.extraction.ocr import OCR_MODES, looks_ocr
from kg.extraction.references import find_named, find_short
from kg.extraction.relations import relate
from kg.models import Extraction, Header, Mention, Relation
from kg.readers import Progress, ReadResult, read
from kg.text.composed import forget_composed
from kg.text.decode import scrub_to_utf8
from kg.text.fold import fold_sigma_lines
from kg.text.normalize import Normalized, normalize
from kg.text.reverse import forget_reversed

__all__ = [
    "DEFAULT_BUDGET",
    "OCR_MODES",
    "OverBudget",
    "extract",
    "extract_file",
    "extract_read",
    "looks_ocr",
    "time_budget",
]

#: Seconds one document may take by default in ``kg build`` and ``kg extract``. The slowest real document of
#: the shared corpus takes about 2 s; the audit's stalls (one clause with thousands of references) take minutes.
DEFAULT_BUDGET = 60.0

T = TypeVar("T")


class OverBudget(InputError):
    """One document took longer than its budget (or more memory): it is skipped, the batch goes on."""


@contextmanager
def time_budget(seconds: float | None, what: str = "document") -> Iterator[None]:
    """Raise :class:`OverBudget` in the body after ``seconds`` of wall-clock time (a SIGALRM timer).

    For extraction in this process (``kg extract``, ``kg build -j 1``): a single pathological text (the
    audit's 1 MB clause of 23,809 references took 51 s) must not stall a batch. Only the main thread can
    take signals, and a long step inside one C call (a regex) is interrupted only when it returns; worker
    processes (:mod:`kg.ingest.pool`) are killed instead. ``None`` or 0, another thread, or a platform
    without SIGALRM: no budget."""
    usable = (
        seconds
        and seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return
    warm_up()  # loading spaCy is not the document's cost

    def _alarm(signum: int, frame: object) -> None:
        raise OverBudget(f"{what}: over budget ({seconds:g} s): skipped")

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_warm: list[bool] = []
_WARM_UP = "Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị."


def warm_up() -> None:
    """Load what the first extraction loads (the spaCy pipeline, the tables), once per process."""
    if not _warm:
        _warm.append(True)
        extract(_WARM_UP)


def within_budget(seconds: float | None, what: str, fn: Callable[[], T]) -> T:
    """``fn()`` under :func:`time_budget`."""
    with time_budget(seconds, what):
        return fn()


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
    """Normalised offset of original offset ``pos`` (the inverse of ``n.orig_start``)."""
    return n.norm_pos(pos)


def _view(n: Normalized, cuts: list[tuple[int, int]]) -> Normalized:
    """``n`` with ``cuts`` (normalised offsets) blanked by spaces, line breaks kept: same length, same map.

    Its fold is ``n``'s fold blanked the same way when that is at hand (a second fold of the whole text cost
    0.4 s of a 33 MB document, per view): exact because folding maps each character on its own (a space and a
    line break to themselves), except a capital sigma, whose fold reads the letters around it up to the line's
    ends: those lines are folded anew."""
    if not cuts:
        return n
    kept, blanks = _cut(n.text, cuts)
    text = _joined(n.text, kept, blanks)
    # (a blank keeps only the line breaks, and the fold has them where the text has: the same blanks)
    folded = None if n._folded is None else fold_sigma_lines(text, _joined(n._folded, kept, blanks))
    return Normalized(n.original, text, n._norm, n._orig, folded)  # same map


def _cut(text: str, cuts: list[tuple[int, int]]) -> tuple[list[tuple[int, int]], list[str]]:
    """The spans of ``text`` kept between ``cuts`` (one more than the blanks) and the blank of each cut."""
    kept: list[tuple[int, int]] = []
    blanks: list[str] = []
    last = 0
    for start, end in sorted(cuts):
        start = max(start, last)
        if end <= start:
            continue
        kept.append((last, start))
        blanks.append(_blank(text[start:end]))
        last = end
    kept.append((last, len(text)))
    return kept, blanks


def _joined(text: str, kept: list[tuple[int, int]], blanks: list[str]) -> str:
    """``text`` with its ``kept`` spans and the ``blanks`` between them, in turn."""
    pieces = [text[s:e] for s, e in kept]
    return "".join(p for pair in zip(pieces, [*blanks, ""], strict=True) for p in pair)


def _blank(text: str) -> str:
    """``text`` with every character but line breaks a space (line by line: a substitution per character
    was most of the time on portal pages, whose editorial view blanks nearly the whole text)."""
    return "\n".join(" " * len(line) for line in text.split("\n"))


def _text_view(n: Normalized, spans: list[Boilerplate]) -> Normalized:
    """The document's own text: every portal span (banner, chrome, footer, editorial note) blanked.

    The header is read from it (on a portal page the first lines are the portal's banner and metadata
    table, and a law's title carries notes: "LUẬT [… được hướng dẫn bởi …] HÔN NHÂN VÀ GIA ĐÌNH"), and
    so are the relations the text states: no cue of a banner or a note can be read there."""
    return _view(n, [(_norm_pos(n, b.start), _norm_pos(n, b.end)) for b in spans if not b.interrupts])


def _editorial_view(
    n: Normalized, status: list[tuple[int, int]], spans: list[Boilerplate]
) -> Normalized | None:
    """Only the editorial notes, without their status remarks (``status``, from boilerplate.status_notes: "(VB hết
    hiệu lực: 20/03/2020)" says when a cited document expired, nothing about how two documents relate); None if
    there is no note."""
    notes = [(_norm_pos(n, b.start), _norm_pos(n, b.end)) for b in spans if b.editorial]
    if not notes:
        return None
    cuts = [(_norm_pos(n, s), _norm_pos(n, e)) for s, e in status]
    last = 0
    for start, end in notes:
        cuts.append((last, start))
        last = end
    cuts.append((last, len(n.text)))
    return _view(n, cuts)


def _relations(
    n: Normalized,
    status: list[tuple[int, int]],
    spans: list[Boilerplate],
    mentions: list[Mention],
    header: Header,
    ocr: bool,
    view: Normalized,
) -> list[Relation]:
    """What the text states (read in ``view``, with every portal span blanked), then, marked ``editorial``, what
    the portal's notes state (read with everything else blanked) and the text does not already say."""
    where = {id(m): _boilerplate_of(n, spans, m) for m in mentions}
    own = [m for m in mentions if where[id(m)] is None]
    relations = relate(view, own, header, ocr)
    notes_view = _editorial_view(n, status, spans)
    if notes_view is None:
        return relations
    stated = {(r.subject, r.predicate, r.object) for r in relations}
    in_notes = [m for m in mentions if (b := where[id(m)]) is not None and b.editorial]
    for r in relate(notes_view, in_notes, header, ocr):
        if (r.subject, r.predicate, r.object) not in stated:
            r.editorial = True
            relations.append(r)
    return relations


def _boilerplate_of(n: Normalized, spans: list[Boilerplate], m: Mention) -> Boilerplate | None:
    """The span a mention (offsets into ``n``) lies in, if any."""
    return span_at(spans, n.orig_start(m.start)) if spans else None  # where it starts: one that runs
    # over a blanked running head or signature line is still the text's own reference


def _screen(spans: list[Boilerplate], relations: list[Relation]) -> list[Relation]:
    """A relation whose cue phrase lies in a non-editorial portal span is dropped (a safety net: the views
    above already keep such cues out; only relations that carry ``cue_start`` can be checked)."""
    out = []
    for r in relations:
        hit = span_at(spans, r.cue_start) if r.cue_start is not None and spans else None
        if hit is None or hit.editorial:
            r.editorial = r.editorial or hit is not None
            out.append(r)
    return out


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
    given, (text, scrubbed, utf8) = text, scrub_to_utf8(text)  # no encoder takes a lone surrogate
    spans = find_boilerplate(text, utf8)
    del utf8  # (as large as the text: not kept through the rest)
    # the notes' status remarks now, while find_boilerplate's NFC copy is at hand: then that copy is dropped, not
    # kept through the rest (as large as the text, where some of it is decomposed)
    status = status_notes(text, spans) if with_relations else []
    forget_composed()
    n = normalize(blank_interruptions(text, spans))  # same length as text: offsets map back to it
    is_ocr = ocr == "on" or (ocr == "auto" and looks_ocr(n))
    full = full_mentions(n, is_ocr)
    short = find_short(n, full, is_ocr)
    forget_reversed()  # (only full_mentions and find_short read the reversed text)
    named = find_named(n, [(m.start, m.end) for m in full + short])
    mentions = sorted(full + short + named, key=lambda m: m.start)
    attach_dates_and_issuers(n, mentions, is_ocr)
    view = _text_view(n, spans)  # one view (and one fold of it) for the header, the relations, the dates
    header = read_header(view, full, is_ocr, portal_attributes(text, spans))
    if header.province:
        complete_issuers(mentions, header.province)
    relations = _relations(n, status, spans, mentions, header, is_ocr, view) if with_relations else []
    attach_effective(
        view.text, header, relations, mentions, is_ocr, full=n.text, folded=view.folded, whole=n.folded
    )
    _to_original(n, text, mentions, relations, header)
    relations = _screen(spans, relations)
    for m in mentions:
        b = span_at(spans, m.start) if spans else None
        m.boilerplate = b.kind if b else None
    ext = Extraction(
        source=source, text=text, document=header, mentions=mentions, relations=relations, ocr=is_ocr
    )
    if scrubbed:  # same offsets: the spans still index what was given
        ext.text = given
        for m in mentions:
            m.text = given[m.start : m.end]
        ext.warnings.append(f"{scrubbed} lone surrogate(s) (not text) read as U+FFFD")
    return ext


def extract_read(result: ReadResult, source: str, ocr: str = "auto") -> Extraction:
    """Extract what a reader read: OCR mode on for OCR'd input (unless ``ocr`` says otherwise), and every
    mention and relation given the page it starts on (paged input only; the extraction itself is unchanged)."""
    mode = "on" if result.ocr and ocr == "auto" else ocr
    ext = extract(result.text, source=source, ocr=mode)
    if result.pages:
        for m in ext.mentions:
            m.page = result.page_at(m.start)
        for r in ext.relations:
            r.page = result.page_at(r.start)
    ext.warnings.extend(result.warnings)
    return ext


def extract_file(path: str | Path, ocr: str = "auto", progress: Progress | None = None) -> Extraction:
    """Read (any format :mod:`kg.readers` knows) and extract one file; raises
    :class:`kg.errors.InputError` with a one-line message."""
    return extract_read(read(path, progress=progress), str(path), ocr)
