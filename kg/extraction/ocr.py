"""Is this text OCR'd? OCR mode widens keywords to their OCR readings and lets symbols be repaired: the
readings of a code token within a confusion cost (ocr_confusions.tsv, ocr_edits.tsv), the legislature terms
that exist (legislatures.tsv)."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from kg.extraction import ocr_probe
from kg.extraction.lexicon import lexicon, probe_pattern
from kg.models import Mention
from kg.tables import read_table
from kg.text.literals import Literals
from kg.text.normalize import Normalized

OCR_MODES = ("auto", "on", "off")

#: How much of a text the detection reads.
SAMPLE = 30_000

# OCR signatures inside symbols: "1053 [ISKHCN" ("[I" read for "/"), "327/Qb-", "950/0P-", "645/QD-"
_SIGNATURE = re.compile(r"\d\s*\[I[A-ZĐ]|\d/(?:Qb|0P|QD)-")
#: what every match of _SIGNATURE holds, one of them: four literal searches (``str.find``, in C) instead of a
#: pattern search that stops at every digit
_SIGNATURE_PARTS = ("[I", "/Qb-", "/0P-", "/QD-")


@cache
def _probe_scan() -> re.Pattern[str]:
    """:func:`probe_pattern` with the same matches, letter first: ``\\b(ngay|nam|…)\\b`` starts with ``\\b``, which
    ``re`` tries at every character; ``n(?<!\\wn)(?:gay|am|…)\\b`` lets it skip in C to the words' first letters.
    (At most one word matches at a place: none is a prefix of another that a word boundary follows.)"""
    words = lexicon().ocr_probe
    if not words or not all(re.fullmatch(r"[a-z]+(?: [a-z]+)*", w) for w in words):
        return probe_pattern()  # a row of $KG_TABLES that is not plain words: the pattern as written
    by_first: dict[str, list[str]] = {}
    for w in words:
        by_first.setdefault(w[0], []).append(w[1:])
    alts = [f"{c}(?<!\\w{c})(?:{'|'.join(rests)})" for c, rests in by_first.items()]
    return re.compile(f"(?:{'|'.join(alts)})\\b")


def probe_words(n: Normalized) -> list[tuple[str, bool]]:
    """Probe words in the sample (ocr_probe_words.tsv): (folded word, written without its diacritics)."""
    folded, text = n.folded, n.text
    end = min(len(text), SAMPLE)
    low = text[:end].lower()  # lowered once: a probe word's letters fold to a-z, so no capital sigma (the one
    if len(low) == end:  # letter str.lower reads in context) is among them, and a slice of it is the same
        return [
            (g := m.group(), low[m.start() : m.end()] == g) for m in _probe_scan().finditer(folded, 0, end)
        ]
    return [
        (m.group(), text[m.start() : m.end()].lower() == m.group())
        for m in _probe_scan().finditer(folded, 0, end)
    ]


def probe_counts(n: Normalized) -> tuple[int, int]:
    """(probe words in the sample, those written bare): by one hyperscan pass where the ``fast`` extra is
    installed and can say (kg.extraction.ocr_probe), else from :func:`probe_words`."""
    fast = ocr_probe.probe_counts(n.text[:SAMPLE], lexicon().ocr_probe) if ocr_probe.AVAILABLE else None
    if fast is not None:
        return fast
    seen = probe_words(n)
    return len(seen), sum(1 for _w, is_bare in seen if is_bare)


def looks_ocr(n: Normalized) -> bool:
    """Heuristic: most probe words lost their diacritics, or OCR confusions show inside symbols."""
    seen, bare = probe_counts(n)
    if seen >= 8 and bare / seen >= 0.3:
        return True
    text = n.text
    present = _signature_parts().present(text[:SAMPLE])  # the four in one pass (``fast`` extra), else None
    if present is None:
        marked = any(text.find(part, 0, SAMPLE) >= 0 for part in _SIGNATURE_PARTS)
    else:
        marked = bool(present)
    return marked and _SIGNATURE.search(text, 0, SAMPLE) is not None


@cache
def _signature_parts() -> Literals:
    return Literals(_SIGNATURE_PARTS)


# --- symbol repair: the readings of a code token that OCR may have produced -------------------------------------


@dataclass(frozen=True, slots=True)
class Edit:
    seen: str
    meant: str
    cost: int


@cache
def edits(scope: str, ocr: bool) -> tuple[Edit, ...]:
    """The edits of one scope (``code``, ``term``): the one-letter confusions of ocr_confusions.tsv (cost 1; only
    the ``any`` ones in clean text), then ocr_edits.tsv (OCR mode only)."""
    out: list[Edit] = []
    if scope == "code":
        out += [Edit(s, m, 1) for s, m, mode in lexicon().code_confusions if mode == "any" or ocr]
    if ocr:
        out += [
            Edit(r["seen"], r["meant"], int(r["cost"] or 1))
            for r in read_table("ocr_edits.tsv")
            if r["scope"] == scope
        ]
    return tuple(out)


@lru_cache(maxsize=4096)
def variants(token: str, ocr: bool, scope: str = "code", budget: int = 2) -> tuple[tuple[str, int], ...]:
    """Readings of ``token`` (other than itself) within ``budget``, cheapest first, with their cost.

    At equal cost, fewer edits and earlier positions come first, so the one-letter confusions keep the order
    the repair always used (clean text, where only ``D`` -> ``Đ`` applies, reads exactly as before)."""
    sites = [
        (i, e) for i in range(len(token)) for e in edits(scope, ocr) if e.seen and token.startswith(e.seen, i)
    ]
    found: dict[str, tuple[int, int]] = {}
    seq = 0
    for k in range(1, budget + 1):
        for combo in itertools.combinations(sites, k):
            cost = sum(e.cost for _i, e in combo)
            spans = sorted((i, i + len(e.seen)) for i, e in combo)
            if cost > budget or any(a[1] > b[0] for a, b in itertools.pairwise(spans)):
                continue
            chars = token
            for i, e in sorted(combo, key=lambda x: -x[0]):
                chars = chars[:i] + e.meant + chars[i + len(e.seen) :]
            if chars != token and chars not in found:
                found[chars] = (cost, seq)
            seq += 1
    return tuple((v, c) for v, (c, _s) in sorted(found.items(), key=lambda kv: kv[1]))


_LEGISLATURE = re.compile(r"^(UBTVQH|QH)(.{1,3})$")


@cache
def _terms() -> dict[int, tuple[int, int]]:
    return {int(r["term"]): (int(r["first"]), int(r["last"])) for r in read_table("legislatures.tsv")}


def is_legislature(token: str) -> bool:
    """``QH15``, ``UBTVQH11``: a legislature code whose term exists (legislatures.tsv)."""
    m = _LEGISLATURE.match(token)
    return bool(m) and m.group(2).isdigit() and int(m.group(2)) in _terms()


def legislature(token: str, year: int | None = None) -> str | None:
    """The legislature code an OCR'd token stands for (``UBTVQHI15`` -> ``UBTVQH15``), or None.

    The prefix may carry a confusion (``OH15``); the term is read with the term edits of ocr_edits.tsv and must
    be one that exists. Among readings of equal cost, the term sitting in ``year`` wins."""
    for prefixed, pcost in ((token, 0), *variants(token, True)):
        m = _LEGISLATURE.match(prefixed)
        if not m:
            continue
        body, tail = m.groups()
        best: tuple[int, int, str] | None = None
        readings = [(tail, 0), *variants(tail, True, "term")]
        readings += [
            (r[:i] + r[i + 1 :], c + 1) for r, c in list(readings) for i in range(len(r)) if len(r) > 2
        ]
        for reading, cost in readings:  # with one character too many dropped: "I15", "185"
            if not reading.isdigit() or int(reading) not in _terms():
                continue
            first, last = _terms()[int(reading)]
            rank = (pcost + cost, 0 if year is None or first <= year <= last else 1, reading)
            best = min(best, rank) if best else rank
        if best and best[0] <= 2:
            return body + str(int(best[2]))
    return None


# --- what the document itself says clearly elsewhere --------------------------------------------------------------

_PIECES = re.compile(r"[^-/]+|[-/]")


def _one_off(x: str, y: str) -> bool:
    """``x`` and ``y`` (at least two letters each) differ by one character: one read for another, or one too many."""
    if min(len(x), len(y)) < 2 or abs(len(x) - len(y)) > 1 or x == y:
        return False
    if len(x) == len(y):
        return sum(a != b for a, b in zip(x, y, strict=True)) == 1
    long, short = (x, y) if len(x) > len(y) else (y, x)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def is_reading(read: str, printed: str, *, loose: bool = False) -> bool:
    """Whether symbol ``read`` is an OCR reading of ``printed``: the same pieces, each equal or a confusion of it.

    ``loose``: one piece, not itself a known code, may also be one character off, or one character off a confusion
    of it ("QDB" for QĐ)."""
    a, b = _PIECES.findall(read), _PIECES.findall(printed)
    if len(a) != len(b) or a == b:
        return False
    differ = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    if all(any(v == y for v, _c in variants(x, True)) for x, y in differ):
        return True
    lex = lexicon()
    x = differ[0][0] if len(differ) == 1 else ""
    return (
        loose
        and len(differ) == 1
        and not (lex.issuer_code(x) or lex.type_code(x) or is_legislature(x))  # BNNMT, BTNMT: both real
        and any(
            _one_off(v, differ[0][1])
            for v in (differ[0][0], *(v for v, c in variants(differ[0][0], True) if c == 1))
        )
    )


def harmonise(mentions: list[Mention], settled: set[int]) -> None:
    """OCR mode: a symbol read two ways in one document takes the clearer reading (in place).

    "Tờ trình … Đề án số 352/DA-CP" with a smudged type word, and "Đề án số 352/DA-CP" whose type word makes it
    ĐA-CP: the same number, the same year, and one symbol an OCR reading of the other, so both are 352/ĐA-CP.
    Clearer is, in this order: the type word before it names its type (``settled``: ids of such mentions); its
    type is a known code (2848/QĐ-UBND, not 2848/QDB-UBND); its pieces occur more often in the document's other
    symbols (TCHQ-GSQL, not GSQI, in a letter that cites three GSQL letters); it was not repaired. A reading that
    is only one character off needs a clearer one to change; a confusion goes one way (OCR loses strokes)."""
    pieces: dict[str, int] = {}
    for m in mentions:
        if m.kind == "full" and m.symbol:
            for p in set(_PIECES.findall(m.symbol[len(m.number or "") :])):
                pieces[p] = pieces.get(p, 0) + 1

    def rank(m: Mention) -> tuple[int, int, int, int]:
        own = _PIECES.findall(m.symbol[len(m.number or "") :])
        return (id(m) in settled, m.type is not None, sum(pieces[p] for p in own), not m.ocr_repaired)

    groups: dict[tuple[str | None, int | None], list[Mention]] = {}
    for m in mentions:
        if m.kind == "full" and m.symbol:
            groups.setdefault((m.number, m.year), []).append(m)
    for group in groups.values():
        # the clearest mention of each reading stands for it: comparing every pair of mentions was quadratic in a
        # text that repeats one symbol thousands of times
        readings: dict[str | None, Mention] = {}
        for o in group:
            if o.symbol not in readings or rank(o) > rank(readings[o.symbol]):
                readings[o.symbol] = o
        for m in group:
            best = max(
                (
                    o
                    for o in readings.values()
                    if (is_reading(m.symbol, o.symbol) and not is_reading(o.symbol, m.symbol))
                    or (is_reading(m.symbol, o.symbol, loose=True) and rank(o) > rank(m))
                ),
                key=rank,
                default=None,
            )
            if best is not None and rank(best) >= rank(m):
                m.symbol, m.type, m.issuer, m.issuers = best.symbol, best.type, best.issuer, best.issuers
                m.unit, m.family, m.issuer_name = best.unit, best.family, best.issuer_name
                m.ocr_repaired = True
                m.confidence = min(m.confidence, best.confidence)
