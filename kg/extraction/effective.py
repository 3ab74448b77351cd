"""When the document takes effect, and when the changes it makes to others do (kg/data/effective_cues.tsv).

The text says it in its "Hiệu lực thi hành" article: "Nghị định này có hiệu lực thi hành kể từ ngày 19 tháng 9
năm 2025", "… kể từ ngày ký" (the header's date of signing), "… sau 45 ngày kể từ ngày ký" (signing + 45 days).
Only a phrase whose subject is the text itself ("<type> này") gives ``document.effective_date``: "trước ngày Nghị
định số 15/2018/NĐ-CP có hiệu lực" is about another document.

The changes the text makes (amends, replaces, repeals, suspends, found by :mod:`kg.extraction.relations`) get the
date they take effect: the date an "ends" phrase in their evidence states ("Các Thông tư sau đây hết hiệu lực kể
từ ngày Thông tư này có hiệu lực: a) …"), else the document's own effective date (a change has effect when the
changing text has). ``partial`` is set when the words right before the object name a part of it ("Bãi bỏ Điều 3
Nghị định số 128/2018/NĐ-CP"): the object is then only partly repealed or replaced.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache

from kg.extraction.dates import find_dates
from kg.extraction.lexicon import lexicon
from kg.models import SELF, Header, Mention, Relation
from kg.tables import read_table
from kg.text.fold import fold
from kg.text.scan import finditer_pre, phrase_prefilter

__all__ = ["CHANGES", "attach_effective", "effective_date", "is_partial", "passed_date", "when_stated"]

#: Predicates that change the object's legal effect (and so carry a date and a scope).
CHANGES = frozenset({"amends", "replaces", "repeals", "suspends"})

_SENTENCE_END = re.compile(r"[.;:\n](?=\s)|\n")


@dataclass(frozen=True, slots=True)
class _Cues:
    enters: re.Pattern[str]
    ends: re.Pattern[str]
    until: re.Pattern[str]
    signing: re.Pattern[str]
    own: re.Pattern[str]
    part: re.Pattern[str]
    part_itself: re.Pattern[str]
    except_part: re.Pattern[str]
    itself: re.Pattern[str]
    bare: re.Pattern[str]
    passed: re.Pattern[str]


def _alt(words: list[str]) -> str:
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True))


@cache
def _cues() -> _Cues:
    by: dict[str, list[str]] = {}
    for row in read_table("effective_cues.tsv"):
        by.setdefault(row["kind"], []).append(row["cue"])
    nouns = [t.folded for t in lexicon().type_words] + ["van ban"]
    itself = rf"\b(?:{_alt(nouns)})\s+(?:\w+\s+)?nay\b"  # "Thông tư này", "Thông tư liên tịch này"
    parts, phrases = by.get("part", []), by.get("part_phrase", [])
    led = parts + by.get("led", [])
    return _Cues(
        enters=re.compile(rf"\b(?:{_alt(by['enters'])})\b"),
        ends=re.compile(rf"\b(?:{_alt(by['ends'])})\b"),
        until=re.compile(rf"\s*,?\s*(?:{_alt(by['until'])})\b"),
        signing=re.compile(rf"(?:{_alt(by['signing'])})\b"),
        own=re.compile(rf"(?:ngay\s+)?(?:\w+\s+){{1,3}}?(?:{_alt(by['own'])})\b"),
        part=re.compile(
            rf"\b(?:(?:{_alt(parts)})\s+(?:\d+|[a-zđ]\b|[ivxlc]+\b)|(?:{_alt(phrases)})\b"
            rf"|(?:{_alt(by['lead'])})\s+(?:{_alt(led)})\b)"
        ),
        part_itself=re.compile(rf"\b(?:{_alt(parts + phrases)})\s+nay\b"),
        except_part=re.compile(
            rf",\s*(?:{_alt(by['except'])})\s+(?:(?:{_alt(by['lead'])})\s+)?"
            rf"(?:(?:{_alt(parts)})\s+(?:\d+|[a-zđ]\b|[ivxlc]+\b)|(?:{_alt(phrases + led)})\b)"
        ),
        itself=re.compile(itself),
        bare=re.compile(rf"[\s\d.)(-]*(?:{_alt(nouns)})\s*$"),
        passed=re.compile(rf"\b(?:{_alt(by['passed'])})\s+"),
    )


@cache
def _prefilter(kind: str) -> re.Pattern[str]:
    """The first two words of the cues of ``kind``: where that pattern of :func:`_cues` (led by ``\\b``, so tried
    at every character) can match. "enters" is searched in every text, "passed" in a whole text whose header has
    no date, "ends" in each change's evidence."""
    return phrase_prefilter(row["cue"] for row in read_table("effective_cues.tsv") if row["kind"] == kind)


# "kể từ", "từ", "sau 45 ngày kể từ", "trong thời hạn"... only the first three say when it starts
_LEAD = re.compile(r"[\s,]*(?:(?:ke\s+)?tu\s+|sau\s+(?P<days>\d{1,3})\s+ngay\s*(?:,\s*)?(?:ke\s+)?tu\s+)")


_BARE_DATE = re.compile(r"\s*(\d{1,2})\s*(?:thang\s*|/)(\d{1,2})\s*(?:nam\s*|/)((?:19|20)\d\d)(?!\d)")


def _bare_date(folded: str, pos: int) -> str | None:
    """An ISO date written at ``pos`` without the word "ngày" ("28 tháng 02 năm 2027", "28/02/2027")."""
    m = _BARE_DATE.match(folded, pos)
    if not m:
        return None
    try:
        return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))).isoformat()
    except ValueError:
        return None


def _add_days(iso: str | None, days: int) -> str | None:
    if not iso:
        return None
    return (dt.date.fromisoformat(iso) + dt.timedelta(days=days)).isoformat()


def when_stated(
    folded: str, pos: int, signed: str | None, own: str | None, ocr: bool
) -> tuple[str | None, int]:
    """The date stated right after ``pos`` ("kể từ ngày 01/7/2025", "từ ngày ký", "sau 45 ngày kể từ ngày
    ký", "kể từ ngày Thông tư này có hiệu lực") and where its phrase ends; ``(None, pos)`` if none is."""
    lead = _LEAD.match(folded, pos)
    if lead is None:
        return None, pos
    at = lead.end()
    days = int(lead.group("days")) if lead.group("days") else 0
    cues = _cues()
    dates = find_dates(folded, ocr, at, min(len(folded), at + 40))
    if dates and not folded[at : dates[0].start].strip():
        return _add_days(dates[0].iso, days), dates[0].end
    bare = _BARE_DATE.match(folded, at)  # "kể từ 31 tháng 10 năm 2025": the word "ngày" left out
    if bare and _bare_date(folded, at):
        return _add_days(_bare_date(folded, at), days), bare.end()
    m = cues.signing.match(folded, at)
    if m:
        return _add_days(signed, days), m.end()
    m = cues.own.match(folded, at)
    if m and own is not None:
        return _add_days(own, days), m.end()
    return None, pos


def _sentence_start(folded: str, pos: int, limit: int = 300) -> int:
    lo = max(0, pos - limit)
    ends = [m.end() for m in _SENTENCE_END.finditer(folded, lo, pos)]
    return ends[-1] if ends else lo


def _about_itself(folded: str, cue_start: int) -> bool:
    """The subject of "có hiệu lực" at ``cue_start`` is the text itself: "<type> này" opens its sentence part
    and is not the anchor of another date ("kể từ ngày Luật này có hiệu lực", "trước khi Thông tư này …")."""
    start = _sentence_start(folded, cue_start)
    if _cues().bare.match(folded[start:cue_start]):  # "1. Thông tư có hiệu lực kể từ ngày …"
        return True
    hits = list(_cues().itself.finditer(folded, start, cue_start))
    if not hits:
        return False
    before = folded[max(start, hits[-1].start() - 12) : hits[-1].start()]
    return not re.search(r"\b(?:ngay|khi|tu|truoc|sau)\s*$", before)


def _quoted(text: str, pos: int, limit: int = 5000) -> bool:
    """``pos`` lies inside quoted text (“…”): an amending law restates the amended law's own clauses
    ("“2. Khoản 3 Điều 86 … của Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2028”")."""
    before = text[max(0, pos - limit) : pos]
    return before.rfind("\u201c") > max(before.rfind("\u201d"), before.rfind('"'))


_SESSION = re.compile(r"[\s,]*(?:tai\s+(?:ky|phien)\s+hop\s+[^\n.;]{0,30}?)?[\s,]*")  # "tại Phiên họp thứ 49"


def passed_date(folded: str, ocr: bool = False) -> str | None:
    """The date of adoption stated at the end ("… thông qua ngày 26 tháng 9 năm 2025"): the header of a
    resolution of the National Assembly's Standing Committee has no date line."""
    for m in finditer_pre(_prefilter("passed"), _cues().passed, folded):
        dates = find_dates(folded, ocr, m.end(), min(len(folded), m.end() + 80))
        if dates and dates[0].iso and _SESSION.fullmatch(folded[m.end() : dates[0].start]):
            return dates[0].iso
    return None


def effective_date(
    folded: str, signed: str | None, ocr: bool = False, text: str | None = None
) -> tuple[str | None, str | None]:
    """The document's own effective date and the end of effect it states for itself (ISO), from ``folded``
    text; ``signed`` is the header's date of signing (for "kể từ ngày ký"); ``text``, the unfolded text of the
    same length, tells quotations apart."""
    enters = finditer_pre(_prefilter("enters"), _cues().enters, folded)
    stated = [m for m in enters if _about_itself(folded, m.start())]
    if text is not None:  # the text's own words first; a restated article only when the text has no other
        stated.sort(key=lambda m: _quoted(text, m.start()))
    passed: list[str | None] = []  # (read once, and only when needed)
    for m in stated:
        pos = m.end()
        if not signed and not passed:
            passed.append(passed_date(folded, ocr))
        date, pos = when_stated(folded, pos, signed or passed[0], None, ocr)
        if date is None:
            continue
        until = None
        u = _cues().until.match(folded, pos)
        if u:  # the cue ends with "ngày": the date follows without it
            until = _bare_date(folded, u.end())
        return date, until
    return None, None


class MentionsByStart:
    """The mentions that start in a span, in their list order, by bisection: looking them up by a scan of every
    mention for every change made one long text quadratic (690 changes x 30,000 mentions in a 25 MB text)."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.mentions = mentions
        self.order = sorted(range(len(mentions)), key=lambda i: mentions[i].start)
        self.starts = [mentions[i].start for i in self.order]

    def within(self, lo: int, hi: int) -> list[Mention]:
        a, b = bisect_left(self.starts, lo), bisect_left(self.starts, hi)
        return [self.mentions[i] for i in sorted(self.order[a:b])]


def is_partial(
    folded: str, r: Relation, mentions: list[Mention], by_start: MentionsByStart | None = None
) -> bool:
    """The words right before the object of ``r`` name a part of it ("Điều 3", "khoản 2 Điều 5", "Phụ lục I").
    ``by_start``: the same ``mentions`` indexed, when many relations are asked about."""
    if r.object == SELF:  # "[Khoản này bị bãi bỏ bởi …]": a note about a part of the text itself
        lo = min(r.start, r.cue_start if r.cue_start is not None else r.start)
        return _cues().part_itself.search(folded, lo, r.cue_start or r.end) is not None
    near = by_start.within(r.start, r.end) if by_start is not None else mentions
    objs = [m for m in near if m.target == r.object and r.start <= m.start < r.end]
    if r.cue_end is not None:
        objs = [m for m in objs if m.start >= r.cue_end] or objs
    if not objs:
        return False
    m = objs[0]
    # from the cue when it is in the same clause ("bãi bỏ các quy định … tại Nghị định số A … và Nghị định số
    # B": both partial), else from the list item (the cue of "Bãi bỏ các văn bản sau: a) …" is in the heading)
    lo = r.cue_end if r.cue_end is not None and r.start <= r.cue_end <= m.start else r.start
    window = folded[max(lo, m.start - 300) : m.start]
    if _cues().part.search(window):
        return True
    # "Bãi bỏ Thông tư số 09/2015/TT-BYT, trừ các nội dung sau:", "… hết hiệu lực …, trừ Điều 12 và Chương IV"
    stop = _SENTENCE_END.search(folded, max(m.end, r.end), min(len(folded), r.end + 200))
    after = folded[m.end : stop.start() if stop else min(len(folded), r.end + 200)]
    return _cues().except_part.search(after) is not None


def _change_date(folded: str, r: Relation, own: str | None, signed: str | None, ocr: bool) -> str | None:
    """The date an "ends" phrase in the evidence (or the heading its cue lies in) states, else ``own``."""
    lo = min(r.start, r.cue_start if r.cue_start is not None else r.start)
    hi = max(r.end, r.cue_end or r.end)
    for m in finditer_pre(_prefilter("ends"), _cues().ends, folded, lo, min(len(folded), hi + 120)):
        date, _ = when_stated(folded, m.end(), signed, own, ocr)
        if date:
            return date
    return own


def attach_effective(
    text: str,
    header: Header,
    relations: list[Relation],
    mentions: list[Mention],
    ocr: bool = False,
    full: str | None = None,
    *,
    folded: str | None = None,
    whole: str | None = None,
) -> None:
    """Set ``header.effective_date`` / ``expiry_date`` and each change's ``effective_date`` and ``partial``.

    Offsets of ``relations`` and ``mentions`` index ``folded`` (the pipeline calls this before mapping them
    back to the original text); ``text`` is the document's own text (portal notes blanked), ``full`` the whole
    normalised text (a note's "[Khoản này bị bãi bỏ bởi …]" tells a partial change). ``folded`` and ``whole``:
    ``fold(text)`` and ``fold(full)`` when the caller has them already."""
    folded = fold(text) if folded is None else folded
    whole = (fold(full) if whole is None else whole) if full is not None else folded
    own, until = effective_date(folded, header.date, ocr, text)
    if header.type_code == "VBHN" or "/VBHN-" in (header.symbol or "").upper():
        own = until = (
            None  # a consolidated text restates the effect of the texts it consolidates; it has none
        )
    header.effective_date, header.expiry_date = own, until
    by_start = MentionsByStart(mentions)
    for r in relations:
        if r.predicate not in CHANGES:
            continue
        r.partial = r.predicate != "amends" and is_partial(whole, r, mentions, by_start)
        if r.subject == SELF and not r.editorial:
            r.effective_date = _change_date(folded, r, own, header.date, ocr)
