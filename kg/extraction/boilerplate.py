"""Portal, converter and editorial text that is not the document: where it is, and a copy without it.

Texts scraped from thuvienphapluat.vn (TVPL) carry the site's banners ("Thực hiện Nghị định 13/2023/NĐ-CP,
chúng tôi cập nhật Quy chế …" reads like a preamble), navigation, a footer that repeats the title and the
site's own notes ("[Khoản này được sửa đổi bởi …]"); PDF and OCR text carries gazette running heads, page
markers and digital-signature blocks that can fall in the middle of a citation. Taken as document text they
make false relations, so the extractor needs to know where they are. The patterns are facts about the
sources and live in ``kg/data/boilerplate.tsv``; this module only compiles and applies them.

- :func:`find_boilerplate` finds the spans (sorted, non-overlapping), one pass of one compiled alternation.
- :func:`blank_interruptions` replaces the spans that can cut a sentence or a symbol in two by blanks
  (same length), so "Nghị định số 123/2025/" + running head + "NĐ-CP" reads as one symbol and every
  offset still points at the original text.
- :func:`in_boilerplate` tells whether a found mention lies in such a span, :func:`span_at` which one.
- :func:`status_notes` finds, inside editorial notes, the portal's status remarks about a cited document
  ("(VB hết hiệu lực: 20/03/2020)"): they say when that document expired, nothing about the relation.
- :func:`portal_attributes` reads the portal's metadata table ("Số hiệu:", "Loại văn bản:", …).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from re import _constants, _parser  # type: ignore[attr-defined]  # see _line_led

from kg.errors import TableError
from kg.extraction.near import near_needles
from kg.tables import read_table
from kg.text.composed import Composed
from kg.text.composed import composed as composed_of
from kg.text.literals import Literals, required_literals
from kg.text.scan import finditer_pre

TABLE = "boilerplate.tsv"
KINDS = ("banner", "chrome", "footer", "editorial", "running_head", "signature", "page_marker", "status")
#: Kinds whose spans lie inside another span (an editorial note); :func:`status_notes` finds them, not
#: :func:`find_boilerplate` (its spans do not overlap).
NESTED = ("status",)


@dataclass(frozen=True, slots=True)
class Boilerplate:
    """A span of non-document text: ``text[start:end]``."""

    start: int
    end: int
    kind: str
    editorial: bool  # the portal's own statement about the document (usable as a label, not as text)
    interrupts: bool  # may sit inside a sentence or a symbol: blank it rather than cut at it


@dataclass(frozen=True, slots=True)
class Rule:
    """One row of ``boilerplate.tsv``, compiled."""

    kind: str
    pattern: re.Pattern[str]
    interrupts: bool
    note: str
    example: str  # with the table's ``\\n`` escapes turned into line breaks


def unescape_example(cell: str) -> str:
    r"""The table writes line breaks in examples as ``\n`` (a TSV cell is one line)."""
    return cell.replace("\\n", "\n")


@cache
def rules() -> tuple[Rule, ...]:
    """The table's rows, compiled and checked (an unknown kind or a bad regex is a :class:`TableError`)."""
    out = []
    for i, row in enumerate(read_table(TABLE), 1):
        kind = row.get("kind", "")
        if kind not in KINDS:
            raise TableError(f"{TABLE} row {i}: unknown kind {kind!r} (one of {', '.join(KINDS)})")
        try:
            pattern = re.compile(row.get("pattern", ""), re.MULTILINE)
        except re.error as exc:
            raise TableError(f"{TABLE} row {i}: bad pattern: {exc}") from None
        if not pattern.pattern:
            raise TableError(f"{TABLE} row {i}: empty pattern")
        interrupts = row.get("interrupts", "").lower() in ("yes", "true", "1")
        out.append(
            Rule(kind, pattern, interrupts, row.get("note", ""), unescape_example(row.get("example", "")))
        )
    return tuple(out)


def _needles(pattern: re.Pattern[str]) -> tuple[str, ...]:
    """Literal strings one of which every match contains (empty: no such hint, always run the pattern).

    Most rows contain a fixed phrase; testing ``needle in text`` first (a fast C search) skips the regex
    scan for every row whose phrase is absent, which keeps the whole table cheap on long texts."""
    return required_literals(pattern)


def find_boilerplate(text: str, utf8: bytes | None = None) -> list[Boilerplate]:
    """Boilerplate spans of ``text`` (offsets into ``text`` itself), sorted and non-overlapping.

    Neighbouring spans of the same kind separated only by white space are merged into one. ``utf8``:
    ``text.encode()`` when the caller has it (the needles are found in it, see kg.text.literals)."""
    table = rules()
    if not table:
        return []
    composed = composed_of(text)
    scan = composed.text
    found: list[Boilerplate] = []
    # every needle that occurs, found in one pass (the ``fast`` extra); None: each row searches for its own
    present = _needle_set(_all_needles()).present(scan, utf8 if scan is text else None)
    for rule, needles in zip(table, _all_needles(), strict=True):
        if rule.kind in NESTED or (needles and not _any_in(needles, scan, present)):
            continue
        for m in _near(rule.pattern, needles, scan) or _finditer(rule.pattern, scan):
            start, end = m.span()
            if end == start:
                continue
            start, end = composed.orig(start), composed.orig(end)
            found.append(Boilerplate(start, end, rule.kind, rule.kind == "editorial", rule.interrupts))
    found.sort(key=lambda b: (b.start, -b.end))
    return _merge(text, found)


def _finditer(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``; a row that opens with ``^`` is tried only at line starts (see :func:`_line_led`)."""
    led = _line_led(pattern)
    if led is None:
        return pattern.finditer(text)
    first = pattern.match(text)
    rest = finditer_pre(led, pattern, text, first.end() if first else 0, lead=1)
    return itertools.chain([first] if first else [], rest)


@cache
def _line_led(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """For a row whose pattern opens with ``^`` (a line start: the rows are compiled MULTILINE) and never matches
    the empty string, the same pattern after a line break: led by a literal, so ``re`` skips from line break to line
    break in C instead of testing ``^`` at every character. Every match after the first character starts right
    after a "\\n" where this one matches (kg.text.scan.finditer_pre with ``lead=1``). None for other rows."""
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # (see _needles)
        return None
    items = list(parsed)
    opens = bool(items) and items[0] == (_constants.AT, _constants.AT_BEGINNING)
    if not (
        opens and pattern.flags & re.MULTILINE and pattern.pattern.startswith("^") and parsed.getwidth()[0]
    ):
        return None
    return re.compile("\n(?:" + pattern.pattern[1:] + ")", pattern.flags)


def _near(pattern: re.Pattern[str], needles: tuple[str, ...], text: str) -> list[re.Match[str]] | None:
    """The matches of a row that opens with ``^`` found near its needles (kg.extraction.near), else None."""
    return None if _line_led(pattern) is None else near_needles(pattern, needles, text)


@cache
def _all_needles() -> tuple[tuple[str, ...], ...]:
    return tuple(_fewest(_needles(r.pattern)) for r in rules())


@cache
def _needle_set(all_needles: tuple[tuple[str, ...], ...]) -> Literals:
    """The needles of every row, to be found in one pass (keyed by the rows' needles: a new table, a new set)."""
    return Literals(n for needles in all_needles for n in needles)


def _any_in(needles: tuple[str, ...], text: str, present: set[str] | None) -> bool:
    """Whether one of ``needles`` occurs in ``text``: looked up in ``present`` (all the needles that occur, found
    in one pass) when there is one, else searched for."""
    if present is not None:
        return any(n in present for n in needles)
    return any(n in text for n in needles)


def _fewest(needles: tuple[str, ...]) -> tuple[str, ...]:
    """The same any-of test with fewer searches: a needle that holds another one of the set (or repeats it) is
    found only where that one is, so it is left out ("Page " stands for " Page ")."""
    kept = tuple(dict.fromkeys(needles))
    return tuple(n for n in kept if not any(m != n and m in n for m in kept))


#: the first character ``str.strip`` keeps (``\s`` is ``str.isspace``): a gap between two spans is tested without
#: copying it, which for spans far apart in a long text was a copy of most of it
_NOT_SPACE = re.compile(r"\S")


def _merge(text: str, spans: list[Boilerplate]) -> list[Boilerplate]:
    out: list[Boilerplate] = []
    for b in spans:  # sorted by start, longest first; a span inside an earlier one of another kind is dropped
        if out:
            prev = out[-1]
            same = (prev.kind, prev.interrupts) == (b.kind, b.interrupts)
            if b.start < prev.end or (same and _NOT_SPACE.search(text, prev.end, b.start) is None):
                if same:
                    out[-1] = Boilerplate(prev.start, max(prev.end, b.end), b.kind, b.editorial, b.interrupts)
                    continue
                if b.end <= prev.end:
                    continue
                b = Boilerplate(prev.end, b.end, b.kind, b.editorial, b.interrupts)
        out.append(b)
    return out


#: What an interrupting span is blanked with. Not a plain space: the extractor lets a symbol run over at
#: most 3 spaces and 2 line breaks ("123/2025/\nNĐ-CP"), so a 40-character running head turned into spaces
#: would still cut it. Zero-width spaces keep the length (every offset still points at the original) and
#: kg.text.normalize drops them, so the extractor sees the two halves side by side.
BLANK = "\u200b"


def blank_interruptions(
    text: str, spans: Sequence[Boilerplate], fill: str = BLANK, keep_newlines: bool = False
) -> str:
    """``text`` with every ``interrupts`` span replaced by ``fill`` characters, one for one (same length).

    Line breaks inside a span go too unless ``keep_newlines``: a running head plus its page-number line
    between the two halves of a symbol would otherwise leave three line breaks where the extractor accepts
    two. ``fill=" ", keep_newlines=True`` gives the plain-space version, for showing the text to people."""
    if len(fill) != 1:
        raise ValueError("fill must be one character")
    pieces: list[str] = []
    last = 0
    for b in spans:
        if not b.interrupts or b.end <= last:
            continue
        start = max(b.start, last)
        pieces.append(text[last:start])
        cut = text[start : b.end]
        pieces.append(re.sub(r"[^\n]", fill, cut) if keep_newlines else fill * len(cut))
        last = b.end
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


def _start(b: Boilerplate) -> int:
    return b.start


def in_boilerplate(spans: Sequence[Boilerplate], start: int, end: int) -> bool:
    """True if ``text[start:end]`` overlaps a boilerplate span (``spans`` as returned by find_boilerplate)."""
    k = bisect_right(spans, max(start, end - 1), key=_start) - 1
    return k >= 0 and spans[k].end > start


def span_at(spans: Sequence[Boilerplate], start: int, end: int | None = None) -> Boilerplate | None:
    """The span that ``text[start:end]`` overlaps (``end`` defaults to ``start + 1``), else None."""
    end = start + 1 if end is None else end
    k = bisect_right(spans, max(start, end - 1), key=_start) - 1
    return spans[k] if k >= 0 and spans[k].end > start else None


def status_notes(text: str, spans: Sequence[Boilerplate]) -> list[tuple[int, int]]:
    """(start, end) of the ``status`` rows' matches that lie inside an editorial span of ``spans``."""
    editorial = [b for b in spans if b.editorial]
    if not editorial:
        return []
    composed: Composed | None = None
    out: list[tuple[int, int]] = []
    for rule, needles in zip(rules(), _all_needles(), strict=True):
        if rule.kind not in NESTED:
            continue
        if composed is None:
            composed = composed_of(text)
        if needles and not any(n in composed.text for n in needles):
            continue
        for m in rule.pattern.finditer(composed.text):
            start, end = composed.orig(m.start()), composed.orig(m.end())
            inside = span_at(editorial, start, end)
            if end > start and inside is not None and inside.start <= start and end <= inside.end:
                out.append((start, end))
    return sorted(out)


#: Labels of the TVPL attribute table and the header field each one gives.
PORTAL_FIELDS = {
    "số hiệu": "symbol",
    "loại văn bản": "type",
    "nơi ban hành": "issuer",
    "người ký": "signer",
    "ngày ban hành": "date",
}
_ATTRIBUTE = re.compile(r"\*\*\s*([^*\n|:]+?)\s*:\s*\*\*\s*\n\|\n([^\n|]+)")


def portal_attributes(text: str, spans: Sequence[Boilerplate]) -> dict[str, tuple[str, int, int]]:
    """The portal's metadata table: header field -> (value, start, end) in ``text``, from the first chrome span
    that has a "Số hiệu:" label. Right as a rule but not the document's own words: a fallback only."""
    for b in spans:
        first = text.find("**Số hiệu:**", b.start, b.end) if b.kind == "chrome" else -1
        if first < 0:
            continue  # (adjacent chrome blocks are merged: the table need not open the span)
        out: dict[str, tuple[str, int, int]] = {}
        for m in _ATTRIBUTE.finditer(text, first, b.end):
            field = PORTAL_FIELDS.get(unicodedata.normalize("NFC", m.group(1)).lower())
            value = m.group(2).strip()
            if field and value and field not in out:
                start = m.start(2) + len(m.group(2)) - len(m.group(2).lstrip())
                out[field] = (value, start, start + len(value))
        return out
    return {}
