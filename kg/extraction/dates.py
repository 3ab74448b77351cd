"""Dates as Vietnamese documents write them, matched on folded text.

"ngày 31/5/2024", "ngày 17 tháng 6 năm 2025", "ngày 01-10-1997", OCR'd "ngay 11/6/2025" and "ngay /7 thang 6
nam 2025" (a leading 1 read as "/"), and header dates with a blank day ("ngày    tháng 6 năm 2025").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from kg.extraction.lexicon import lexicon


@dataclass(slots=True)
class DateMatch:
    start: int
    end: int
    year: int
    month: int | None
    day: int | None

    @property
    def iso(self) -> str | None:
        """``YYYY-MM-DD`` when the date is complete and real, else ``None``."""
        if self.month is None or self.day is None:
            return None
        try:
            return dt.date(self.year, self.month, self.day).isoformat()
        except ValueError:
            return None


@cache
def _pattern(ocr: bool) -> re.Pattern[str]:
    lex = lexicon()
    ngay, thang, nam = (lex.keyword(w, ocr) for w in ("ngay", "thang", "nam"))
    misread = "".join(lex.digit_readings.values()) if ocr else ""  # a leading "1" read as "/" or "l"
    day = r"(?P<d{n}>\d{{1,2}}" + (f"|[{re.escape(misread)}]\\d" if misread else "") + ")"
    return re.compile(
        rf"\b{ngay}\s{{0,6}}(?:"
        + day.format(n=1)
        + r"\s*[/.-]\s*(?P<m1>\d{1,2})\s*[/.-]\s*(?P<y1>(?:19|20)\d\d)(?!\d)"
        + "|(?:"
        + day.format(n=2)
        + rf")?\s*{thang}\s*(?P<m2>\d{{1,2}})\s*(?:{nam}|/)\s*(?P<y2>(?:19|20)\d\d)(?!\d)"
        + ")"
    )


def _day(raw: str | None) -> int | None:
    if not raw:
        return None
    if not raw[0].isdigit():  # OCR read the leading digit as "/", "l", "i" or "|" (ocr_digits.tsv)
        raw = next((d for d, seen in lexicon().digit_readings.items() if raw[0] in seen), "1") + raw[1:]
    return int(raw)


def find_dates(folded: str, ocr: bool = False, start: int = 0, end: int | None = None) -> list[DateMatch]:
    """Every date in ``folded[start:end]`` (offsets are into ``folded``)."""
    out = []
    for m in _pattern(ocr).finditer(folded, start, len(folded) if end is None else end):
        if m.group("y1"):
            y, mo, d = int(m.group("y1")), int(m.group("m1")), _day(m.group("d1"))
        else:
            y, mo, d = int(m.group("y2")), int(m.group("m2")), _day(m.group("d2"))
        if not 1 <= mo <= 12 or (d is not None and not 1 <= d <= 31):
            continue
        out.append(DateMatch(m.start(), m.end(), y, mo, d))
    return out


@cache
def _plain_lead(ocr: bool) -> str | None:
    """The word every date opens with ("ngay"), when the keyword table gives it as plain letters."""
    word = lexicon().keyword("ngay", ocr)
    return word if re.fullmatch(r"[a-z]+", word) else None


_DATE_GAP = re.compile(r"[\s,(]*(?:(?:duoc )?ban hanh\s*|ky\s*)?(?:vao\s*)?")


def date_at(folded: str, pos: int, ocr: bool = False, limit: int = 60) -> DateMatch | None:
    """A date that starts right at ``pos`` (after commas, spaces or "ban hành"), as a reference's date does."""
    window_end = min(len(folded), pos + limit)
    lead = _plain_lead(ocr)
    if lead and folded.find(lead, pos, window_end) < 0:
        return None  # every date opens with "ngày": none in the window, no date (a str.find, not a \b-led search)
    for m in find_dates(folded, ocr, pos, window_end):
        gap = folded[pos : m.start]
        if _DATE_GAP.fullmatch(gap):
            return m
        return None
    return None
