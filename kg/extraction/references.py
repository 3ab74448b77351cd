"""Short and named references.

Short: "Nghị quyết 57", "NQ 57", OCR'd "Nghi quyét 57", "Quyết định nêu trên" -> the full reference of the
same document they point to (same type and number; the nearest one before, else after).
Named: documents cited by title only ("Luật Tổ chức chính quyền địa phương", "Chiến lược dữ liệu quốc gia
đến năm 2030", "Hiến pháp năm 2013").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from functools import cache
from itertools import accumulate

from kg.extraction.law_titles import GAP as _GAP
from kg.extraction.law_titles import known_title_end
from kg.extraction.lexicon import lexicon
from kg.extraction.short_scan import lead_ends, led_digit, number_hits, short_patterns
from kg.models import Mention
from kg.text.fold import fold
from kg.text.normalize import Normalized
from kg.text.scan import finditer_literals
from kg.text.spans import Spans

_WORD_CODE: dict[str, str] = {}


def _code_for(word_folded: str) -> str | None:
    lex = lexicon()
    if not _WORD_CODE:
        for w in lex.type_words:
            if w.code:
                _WORD_CODE.setdefault(w.folded, w.code)
    key = re.sub(r"\s+", " ", word_folded)
    if key in _WORD_CODE:
        return _WORD_CODE[key]
    code = lex.type_code(key)
    if code:
        return code
    # an OCR variant of a type word: map through the keyword table
    for w in lex.type_words:
        if w.code and w.folded in lex.keywords and re.fullmatch(lex.keyword(w.folded, True), key):
            return w.code
    return None


def find_short(n: Normalized, full: list[Mention], ocr: bool) -> list[Mention]:
    """Short references (offsets into the normalised text), resolved against ``full``."""
    folded = n.folded
    taken = Spans([(m.start, m.end) for m in full])
    by_number: dict[str, list[Mention]] = {}
    for x in full:
        if x.number:
            by_number.setdefault(x.number.lstrip("0"), []).append(x)
    full_by_end = sorted(full, key=lambda x: x.end)
    ends = [x.end for x in full_by_end]
    out: list[Mention] = []
    number, before_number, before_anaphor = short_patterns(ocr)
    for hit in number_hits(number, folded, led_digit(ocr), lead_ends(ocr)):
        hs, e = hit.span()
        anaphor = not hit.group()[0].isdigit()
        m = (before_anaphor if anaphor else before_number).search(folded, max(0, hs - 48), hs)
        if m is None:
            continue
        s = m.start("w")
        if taken.overlaps(s, e):
            continue
        if anaphor:
            code = _code_for(m.group("w"))
            k = bisect_left(ends, s + 1)
            tgt = next((full_by_end[i] for i in range(k - 1, -1, -1) if full_by_end[i].type == code), None)
            if tgt is None:
                continue
            out.append(
                Mention(
                    s,
                    e,
                    n.text[s:e],
                    kind="short",
                    type=code,
                    refers_to=tgt.symbol,
                    number=tgt.number,
                    type_name=tgt.type_name,
                    confidence=0.8,
                )
            )
            continue
        if m.group("abbr") and not n.text[m.start("w") : m.end("w")].isupper():
            continue  # "nq 57" in lower case is prose, not an abbreviation
        code = _code_for(m.group("w"))
        num = hit.group()
        same = [x for x in by_number.get(num.lstrip("0"), []) if code is None or x.type == code]
        before = [x for x in same if x.end <= s]
        tgt = before[-1] if before else (same[0] if same else None)
        out.append(
            Mention(
                s,
                e,
                n.text[s:e],
                kind="short",
                number=num,
                type=code,
                type_name=lexicon().type_name(code, tgt.family if tgt else None),
                refers_to=tgt.symbol if tgt else None,
                confidence=0.85 if tgt else 0.4,
                issuer=tgt.issuer if tgt else None,
                year=tgt.year if tgt else None,
            )
        )
    return out


def _either(words: tuple[str, ...]) -> str:
    return "|".join(map(re.escape, words))


#: Between two words of a title: spaces, or one line break (local_admin and dvhcvn texts are hard-wrapped
#: inside titles, "Luật Tổ chức chính\nquyền địa phương").
_WORD = re.compile(rf"(?P<gap>{_GAP})(?P<w>[^\W\d_][\w-]*)")
#: "số 72/2025/QH15", "số: 16/…": the number follows, the full reference carries it.
_NUMBER_NEXT = re.compile(r"\s*(?:số|so)\s*:?\s*\d")
#: TVPL's notes name an amending law by the law it amends: "Luật Kiểm toán nhà nước sửa đổi 2019".
_AMENDED_IN = re.compile(rf"{_GAP}\(?sua doi\)?(?=,?\s+(?:nam\s+)?(?:19|20)\d\d\b)")
_YEAR = re.compile(r"(?:\s*\(?\s*nam\s+| +)((?:19|20)\d\d)(?![\d/-])")
#: "Luật sửa đổi, bổ sung một số điều [và Phụ lục …] của" + the list of titles it amends.
_AMENDING = re.compile(
    r"\s+sua doi(?:,?\s+bo sung)?(?:\s+mot so (?:dieu|noi dung)(?:\s+va\s+[^;.\n]{1,80}?(?=\s+cua\s))?)?"
    r"(?:\s+cua)?\s+"
)
#: What must follow a title the rule reads past a known one ("Luật Đầu tư theo phương thức đối tác công tư"
#: is longer than "Luật Đầu tư"): the end of a citation, its date, year or number, or the next law; prose after a
#: known title ("Luật Quy hoạch và bảo đảm cơ cấu ngành.") keeps the known title.
_CLEAN_END = re.compile(
    r" *[;)\]]|\s*,?\s+(?:(?:ngày|năm|số)\s*:?\s*\d|(?:19|20)\d\d\b|(?:và )?(?:Bộ luật|Luật|Pháp lệnh) )"
)
_COMMA = re.compile(r" *, +")
_LIST_SEP = re.compile(r"\s*,\s*|\s+va\s+")


@cache
def _title_starts() -> re.Pattern[str]:
    """Type words that open a title ("Luật", "Bộ luật", "Pháp lệnh"; later words in either case), not the
    "luật" of a compound noun ("pháp luật", TVPL's banner "cộng đồng Dân Luật Việt Nam")."""
    return re.compile(rf"(?<![\w])(?<![Pp]háp )(?<!Dân )(?:{_title_words()})(?=[ \n])")


def _title_words() -> str:
    return "|".join(_title_alternatives())


def _title_alternatives() -> list[str]:
    """Each type word that opens a title, as a pattern: its first word as written, later words in either case."""
    names = [name for name, form, _then in lexicon().titled if form == "title"]
    alts = []
    for name in sorted(names, key=len, reverse=True):
        first, *rest = name.split()
        alts.append(
            re.escape(first) + "".join(rf" +[{w[0].upper()}{w[0].lower()}]{re.escape(w[1:])}" for w in rest)
        )
    return alts


@cache
def _stop() -> re.Pattern[str]:
    return re.compile(rf"(?:{'|'.join(lexicon().title_stop_words)})\b")


def _kind_of(typed: str) -> str:
    """The type name as titled_documents.tsv writes it ("Bộ Luật" -> "Bộ luật")."""
    key = fold(re.sub(r"\s+", " ", typed))
    return next(name for name, _f, _t in lexicon().titled if fold(name) == key)


def _rule_title(text: str, flat: str, pos: int, *, inner: bool) -> int | None:
    """End of a title no table knows: words after the type word up to a stop word, punctuation or a line that
    does not continue in lower case; a comma goes on only into "chống" or lower-case words that reach the
    title's date, year or number ("Luật An toàn, vệ sinh lao động ngày …")."""
    stop = _stop()
    end, words = None, 0
    while True:
        m = _WORD.match(text, pos)
        if m is None:
            comma = _COMMA.match(text, pos) if end is not None else None
            tail = _comma_tail(text, flat, comma.end()) if comma else None
            return tail or end
        w = m.group("w")
        if end is None and not (w[0].isupper() or inner):
            return None
        if end is not None and "\n" in m.group("gap") and not w[0].islower():
            return end
        if stop.match(flat, m.start("w")) or (w in ("số", "so") and _NUMBER_NEXT.match(flat, m.start("gap"))):
            return end
        words += 1
        if words > 12:
            return None  # a sentence, not a title
        end = pos = m.end()


def _comma_tail(text: str, flat: str, pos: int) -> int | None:
    """After "Luật Phòng, " / "Luật An toàn, ": the end of the title's part after the comma, else None."""
    if fold(text[pos : pos + 6]) == "chong ":
        return _rule_title(text, flat, pos - 1, inner=True)
    end, p = None, pos - 1
    for _ in range(6):
        m = _WORD.match(text, p)
        if m is None or not m.group("w")[0].islower() or _stop().match(flat, m.start("w")):
            break
        end = p = m.end()
    if end and re.match(r"\s+(?:ngày|năm|số)\s*:?\s*\d|\s+(?:19|20)\d\d\b", flat[end : end + 16]):
        return end
    return None


def _title_end(n: Normalized, flat: str, s: int, kind_end: int, *, inner: bool = False) -> int | None:
    """End of the title that starts at ``s`` (its type word ends at ``kind_end``): an amending law's whole title,
    the longest title laws.tsv knows, else the rule's."""
    folded = n.folded
    ends = []
    known = known_title_end(folded, s)
    if known is not None:
        ends.append(known)
    amending = None if inner else _AMENDING.match(folded, kind_end)
    if amending:
        last = _amended_list(n, flat, amending.end())
        if last:
            ends.append(last)
    rule = _rule_title(n.text, flat, kind_end, inner=inner)
    if rule and (not ends or (rule > max(ends) and _CLEAN_END.match(flat, rule))):
        ends.append(rule)  # a title the table lacks, longer than the known one it starts with
    return max(ends) if ends else None


def _amended_list(n: Normalized, flat: str, pos: int) -> int | None:
    """End of "Luật Quy hoạch, Luật Đầu tư, … và Luật Đấu thầu" (the laws an amending law amends)."""
    end = None
    starts = _title_starts()
    while True:
        m = starts.match(n.text, pos) or re.match(r"(?:luật|pháp lệnh|bộ luật)(?= )", n.text[pos : pos + 10])
        if m is None:
            return end
        kind_end = pos + m.end() if m.re is not starts else m.end()
        e = _title_end(n, flat, pos, kind_end, inner=True)
        if e is None:
            return end
        end = e
        sep = _LIST_SEP.match(n.folded, e)
        if sep is None:
            return end
        pos = sep.end()


def _named_titles() -> list[str]:
    """Where a match of :func:`_named_pattern` can start: one of the titles it names."""
    return [name for name, form, _then in lexicon().titled if form in ("year", "horizon")]


@cache
def _named_pattern() -> re.Pattern[str]:
    """Other titled documents (titled_documents.tsv): "Hiến pháp [năm 2013]"; "Chiến lược … đến năm 2030"."""
    years = "|".join(
        rf"{re.escape(name)}(?: (?:{_either(then)}))?(?: năm \d{{4}})?"
        for name, form, then in lexicon().titled
        if form == "year"
    )
    horizons = "|".join(
        rf"{re.escape(name)}\s+[^\n;,.()]{{3,80}}?(?:{_either(then)})[^\n;,.()]{{0,30}}?\d{{4}}"
        for name, form, then in lexicon().titled
        if form == "horizon"
    )
    return re.compile("|".join(rf"\b(?:{b})" for b in (years, horizons) if b) or r"(?!)")


@cache
def _title_heads() -> tuple[re.Pattern[str], ...]:
    """Where a match of :func:`_title_starts` can start: each of its type words alone, without the look-arounds.

    One pattern per type word, because ``re`` skips to a pattern's leading literal by a fast search in C ("Bộ",
    then " +[Ll]uật" checked there), while the alternation of them all stopped at every "B", "L" and "P" of the
    text (a class test at each character: a third of this stage). Every match of :func:`_title_starts` starts
    with one of these words, so the full pattern tried where they match finds each of its matches."""
    return tuple(re.compile(alt) for alt in _title_alternatives())


def _title_matches(text: str) -> Iterator[re.Match[str]]:
    """Exactly ``_title_starts().finditer(text)`` (tests/test_reference_scans.py compares the two)."""
    places = sorted({m.start() for head in _title_heads() for m in head.finditer(text)})
    match, pos = _title_starts().match, 0
    for p in places:
        if p >= pos and (m := match(text, p)) is not None:
            yield m
            pos = m.end()


def _titled_kind(text: str) -> str:
    return next(name for name, _form, _then in lexicon().titled if text.startswith(name))


def find_named(n: Normalized, taken: list[tuple[int, int]]) -> list[Mention]:
    """Documents cited by their title (offsets into the normalised text), with the year written after it.

    A law's title is whole across line breaks and markdown, keeps its commas and "và", and an amending law
    ("Luật sửa đổi, bổ sung một số điều của Luật …", TVPL's "Luật X sửa đổi 2019") is its own title."""
    out = []
    spans = Spans(taken)
    flat = n.text.replace("\n", " ")
    done = 0
    for m in _title_matches(n.text):
        s = m.start()
        if s < done:
            continue
        e = _title_end(n, flat, s, m.end())
        if e is None or spans.overlaps(s, e):
            continue
        if _NUMBER_NEXT.match(flat, e):
            continue  # "Luật … số 64/2025/QH15": the full reference carries it
        amended = _AMENDED_IN.match(n.folded, e)
        if amended:
            e = amended.end()
        year = _YEAR.match(n.folded, e)
        done = e
        out.append(
            Mention(
                s,
                e,
                n.text[s:e],
                kind="named",
                type_name=_kind_of(m.group()),
                year=int(year.group(1)) if year else None,
                confidence=0.6,
            )
        )
    # a title starting inside a reference found above is part of it; the titles found here come in text order
    # and do not overlap (finditer), so only those above need asking, by bisection (a scan of them all was
    # quadratic on one long text)
    firsts = sorted((x.start, x.end) for x in out)
    starts = [a for a, _b in firsts]
    reach = list(accumulate((b for _a, b in firsts), max))  # the furthest end among the first k
    for m in finditer_literals(_named_titles(), _named_pattern(), n.text):
        s, e = m.span()
        k = bisect_right(starts, s)
        if spans.overlaps(s, e) or (k and reach[k - 1] > s):
            continue
        out.append(
            Mention(s, e, n.text[s:e], kind="named", type_name=_titled_kind(m.group()), confidence=0.6)
        )
    return sorted(out, key=lambda x: x.start)
