"""Laws by title: which numbered law "Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025" is.

The facts are in ``kg/data/laws.tsv`` (made by ``scripts/make_law_table.py``, extended with ``$KG_TABLES``). A
title names a law only together with its year (Luật Đất đai of 2003, 2013 and 2024 share one title), so every
match here is by (title key, year); without the year the rows of that title are candidates, never a choice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kg.tables import read_table
from kg.text.fold import fold_key, nfc

#: Type words that open a law's title, folded, with the type name as written.
LAW_TYPES = {"bo luat": "Bộ luật", "luat": "Luật", "phap lenh": "Pháp lệnh", "hien phap": "Hiến pháp"}
_YEAR_SUFFIX = re.compile(r"\s*(?:\(|,)?\s*(?:n[aă]m\s+)?((?:19|20)\d\d)\)?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Law:
    """One row of laws.tsv."""

    title: str
    number: str  # empty for the Constitution
    year: int
    date: str
    type: str
    amends: tuple[str, ...] = ()


def law_type(title: str) -> str | None:
    """The type word a title opens with ("Bộ luật", "Luật", "Pháp lệnh", "Hiến pháp"), else None."""
    key = fold_key(title)
    return next((name for word, name in LAW_TYPES.items() if key == word or key.startswith(word + " ")), None)


def split_year(title: str) -> tuple[str, int | None]:
    """ "Luật Ngân sách nhà nước năm 2015" -> ("Luật Ngân sách nhà nước", 2015)."""
    t = re.sub(r"\s+", " ", nfc(title)).strip(" ,;.")
    m = _YEAR_SUFFIX.search(t)
    if m and m.start() > 0:
        return t[: m.start()].strip(" ,"), int(m.group(1))
    return t, None


def title_key(title: str, type_name: str | None = None) -> str:
    """The key titles are compared by: folded, spaces collapsed, the type word in front (a law's own heading
    gives "TỔ CHỨC CHÍNH QUYỀN ĐỊA PHƯƠNG" with the type apart), a trailing year dropped."""
    t, _ = split_year(title.replace("*", " "))  # markdown emphasis inside a title ("*Luật X* y")
    if type_name and law_type(t) is None:
        t = f"{type_name} {t}"
    return fold_key(t)


@cache
def _laws() -> dict[str, tuple[Law, ...]]:
    out: dict[str, list[Law]] = {}
    for row in read_table("laws.tsv"):
        number = (row.get("number") or "").strip()
        date = (row.get("date") or "").strip()
        year = int(date[:4]) if date[:4].isdigit() else None
        if year is None and number:
            m = re.match(r"\d+/(\d{4})/", number)
            year = int(m.group(1)) if m else None
        if year is None or not row.get("title"):
            continue
        law = Law(
            title=nfc(row["title"]).strip(),
            number=number,
            year=year,
            date=date,
            type=(row.get("type") or law_type(row["title"]) or "Luật").strip(),
            amends=tuple(a for a in (row.get("amends") or "").split(";") if a),
        )
        out.setdefault(title_key(law.title), []).append(law)
    return {k: tuple(sorted(v, key=lambda x: (x.year, x.number))) for k, v in out.items()}


def laws_titled(title: str, type_name: str | None = None) -> tuple[Law, ...]:
    """Every law of that title, any year (the Constitution also answers to plain "Hiến pháp")."""
    key = title_key(title, type_name)
    found = _laws().get(key, ())
    if not found and key.startswith("hien phap"):
        found = tuple(x for rows in _laws().values() for x in rows if x.type == "Hiến pháp")
    return found


def law_for(title: str, year: int | None, type_name: str | None = None) -> Law | None:
    """The one law of that title passed in that year; None without a year or when the table has none or two."""
    if year is None:
        _, year = split_year(title)
    if year is None:
        return None
    rows = [x for x in laws_titled(title, type_name) if x.year == year]
    return rows[0] if len(rows) == 1 else None


def law_by_number(number: str) -> Law | None:
    """The row of a numbered law (to name a document a text cites by number only)."""
    return _laws_by_number().get(_SPACE.sub("", number).upper())


@cache
def _laws_by_number() -> dict[str, Law]:
    """Upper-cased number -> the first row with it, in table order (looked up once per cited law)."""
    out: dict[str, Law] = {}
    for rows in _laws().values():
        for x in rows:
            out.setdefault(x.number.upper(), x)
    return out


_SPACE = re.compile(r"\s+")


_BEFORE_NUMBER = re.compile(
    r"(?:Bộ [Ll]uật|(?<!Bộ )Luật|Pháp lệnh)\s+[^\d;:.()\[\]\n]{2,200}?[\s,]+số\s*:?\s*$"
)
_NOT_TITLE = re.compile(r"Căn cứ|Nghị quyết|Nghị định|Quyết định|Thông tư|\s(?:tại|theo|thì|được|đã)\s")


def title_before_number(text: str, start: int) -> str | None:
    """The title a text writes right before a number ("Luật Tổ chức chính quyền địa phương số 72/2025/QH15"),
    the amending law's whole title when it is one ("Luật sửa đổi, bổ sung … của Luật Giá số …")."""
    window = re.sub(r"\s+", " ", nfc(text[max(0, start - 240) : start]))
    starts = [m for m in re.finditer(r"(?:^|\s)(?=Bộ [Ll]uật|(?<!Bộ )Luật|Pháp lệnh)", window)]
    for m in starts:
        found = _BEFORE_NUMBER.fullmatch(window, m.end())
        if found is None:
            continue
        title = re.sub(r"[\s,]+số\s*:?\s*$", "", found.group()).strip()
        words = title.split()
        first = words[2] if words[0] == "Bộ" else words[1]
        amending = fold_key(first) in {"sua", "sua doi"}
        if not (amending or first[:1].isupper()) or (not amending and _NOT_TITLE.search(title)):
            continue
        if not amending and re.search(r"\s(?:Bộ luật|Luật|Pháp lệnh)\s", title[2:]):
            continue  # two laws in the span: the later start is the title
        return title
    return None
