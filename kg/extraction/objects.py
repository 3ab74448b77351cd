"""Which references a relation cue names as its objects: the rules that tell a cue's own objects from the documents
around them in lists of titles (kg.extraction.relations reads the clause; this module filters what it found).

A title list is ambiguous: "Nghị định A … quy định chi tiết Luật X và Nghị định B …" (B is the outer list's),
"được sửa đổi … theo Luật số C, Luật thuế … số D đã được sửa đổi …" (D is the next amended law, not an amender),
"Căn cứ Luật sửa đổi, bổ sung … của Luật E số …, Luật F số …" (E and F are inside the amending law's title),
"(sau đây viết gọn là Luật …)" (an alias), "Nghị định A (được sửa đổi bởi B) … Nghị định C" (the parenthesis
bounds the cue). Each function takes the folded text and mentions in text order and returns the cue's objects.
"""

from __future__ import annotations

import re
from functools import cache

from kg.extraction.lexicon import lexicon
from kg.extraction.scope import coordinated_after, item_start
from kg.models import Mention


def own_objects(
    folded: str, cue_end: int, after: list[Mention], subject: Mention
) -> tuple[list[Mention], list[Mention]]:
    """A cue's objects up to the first document coordinated with its subject: one of the subject's own type
    joined by "," or "và" after other words ("Nghị định A … quy định chi tiết Luật X và Nghị định B …": B is a
    second Nghị định of the list A is in, not what A details). Returns (objects, the subject's siblings)."""
    for i, r in enumerate(after):
        if r.type_name != subject.type_name or not r.type_name:
            continue
        gap_start = after[i - 1].end if i else cue_end
        if coordinated_after(folded, gap_start, r.start, first=not i):
            return after[:i], after[i:]
    return after, []


_AMENDING_TITLE = re.compile(r"\bsua doi\b")
_TITLED = re.compile(
    r"(?:,|\bva\b)\s*(?:luat|bo luat|phap lenh|nghi dinh|thong tu)\s+(?!so\b)\w[^,;()]*\bso\s*:?\s*$"
)
_UNTITLED = re.compile(r"(?:luat|bo luat|phap lenh|nghi dinh|thong tu)\s+so\s*:?\s*$")


def amenders(folded: str, cue_end: int, after: list[Mention]) -> list[Mention]:
    """The documents an inverse cue names as acting ("được sửa đổi … theo Luật số 31/2013/QH13"), not those inside
    an amending law's title ("… tại Luật sửa đổi, bổ sung … của Luật Quy hoạch, … và Luật Đấu thầu") nor the next
    law of the list, named with its title where the amenders had none ("…, Luật thuế tiêu thụ đặc biệt số …")."""
    out: list[Mention] = []
    for i, r in enumerate(after):
        if r.kind == "named" and _AMENDING_TITLE.search(folded, cue_end, r.start):
            break  # a law named inside the amending law's title ("… số 87/2025/QH15" is that law's own number)
        if (
            i
            and _TITLED.search(folded, after[i - 1].end, r.start)
            and _UNTITLED.search(folded, max(cue_end, after[0].start - 30), after[0].start)
        ):
            break
        out.append(r)
    return out


#: "(sau đây viết gọn là Luật …)": a short name the text gives a document it named before, not another document
ALIAS = re.compile(r"\bsau day (?:(?:duoc )?(?:viet|goi) (?:gon |tat )?)?la\s*[\W_]*$")

_AMENDING_LAW = re.compile(r"\b(?:luat|phap lenh|nghi dinh|thong tu)\s+sua doi\b")
_LAW_WORD = re.compile(r"\b(?<!phap )luat\b")


def outside_amending_titles(
    folded: str, cue_end: int, clause_end: int, objects: list[Mention]
) -> list[Mention]:
    """Objects that are not laws listed inside the title of an amending law cited by name only ("Căn cứ Luật sửa
    đổi, bổ sung một số điều của Luật Đất đai số 31/2024/QH15, Luật Nhà ở số 27/2023/QH15, … ngày 29 tháng 6 năm
    2024": the text is based on the amending law, not on the laws it amends). A title naming one law may end with
    the amending law's own number ("Luật Sửa đổi, bổ sung một số điều Luật Ban hành … số 87/2025/QH15"): kept."""
    out = []
    for r in objects:
        opened = None
        for m in _AMENDING_LAW.finditer(folded, cue_end, r.start):
            opened = m
        if opened is not None and ";" not in folded[opened.end() : r.start]:
            end = folded.find(";", r.start, clause_end)
            title = folded[opened.end() : end if end != -1 else clause_end]
            if len(_LAW_WORD.findall(title)) >= 2:
                continue
        out.append(r)
    return out


def parenthesis_end(folded: str, clause_start: int, cue_start: int, cue_end: int, limit: int) -> int:
    """Where a cue's objects end: at the ")" closing a parenthesis the cue stands in ("Nghị định A (được sửa đổi
    bởi Nghị định B) trên cơ sở … Nghị định C": B amends A, C does not)."""
    if folded.rfind("(", clause_start, cue_start) <= folded.rfind(")", clause_start, cue_start):
        return limit
    close = folded.find(")", cue_end, limit)
    return limit if close == -1 else close


_TITLE_THEN_NUMBER = re.compile(r"[^,;:()\[\]\n]{0,80}\bso\s*:?\s*$")


def numbered_over_named(folded: str, objects: list[Mention]) -> list[Mention]:
    """A title followed by its own number ("Luật Phòng, chống tác hại của thuốc lá số 09/2012/QH13") is one
    document: the numbered mention stands for it, whatever part of the title was read as a name."""
    return [
        r
        for r, nxt in zip(objects, [*objects[1:], None][: len(objects)], strict=True)
        if not (
            r.kind == "named"
            and nxt is not None
            and nxt.kind == "full"
            and _TITLE_THEN_NUMBER.fullmatch(folded, r.end, nxt.start)
        )
    ]


@cache
def _plural() -> re.Pattern[str]:
    words = sorted({w.folded for w in lexicon().type_words}, key=len, reverse=True)
    alts = "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)
    return re.compile(rf"\bcac\s+(?:{alts})\b[^;\n]{{0,80}}$")


def plural_subject(folded: str, clause_start: int, cue_start: int) -> bool:
    """ "Các Nghị định … quy định chi tiết …": unnumbered documents named in the plural state the cue."""
    return _plural().search(folded, clause_start, cue_start) is not None


_UNIT = re.compile(
    r"[\s*_]*(?:dieu|khoan|diem|muc|chuong|phan|phu luc|mau|bieu mau|danh muc|cum tu|tu|cac|mot so|toan bo|ten)\b"
)


def opens_with_unit(folded: str, start: int) -> bool:
    """An item that opens with a unit of a document ("a) Khoản 3 Điều 5 …", "- Cụm từ “…” …")."""
    label = _ITEM_LABEL.match(folded, start)
    return _UNIT.match(folded, label.end() if label else start) is not None


def opens_with_document(folded: str, start: int) -> bool:
    """An item that opens with a document after its label ("1. Quyết định số …", "- Kế hoạch số …")."""
    label = _ITEM_LABEL.match(folded, start)
    opening = item_start().match(folded, label.end() if label else start)
    # "a) Thông báo không áp dụng …" opens with a verb that is also a type's name: a document has its number
    return bool(opening and _NUMBERED_SOON.match(folded, opening.end()))


_NUMBERED_SOON = re.compile(r"[^;]{0,60}?\d")


_ITEM_LABEL = re.compile(r"\s*(?:\d{1,3}[.)]|[a-zđ]\)|[-+•*])?\s*")


def is_alias(folded: str, pos: int) -> bool:
    """The reference at ``pos`` is a short name the text gives a document it named just before."""
    return ALIAS.search(folded, max(0, pos - 40), pos) is not None


@cache
def _this() -> re.Pattern[str]:
    return re.compile(rf"\b(?:{'|'.join(lexicon().self_reference)})\s+nay\b")


@cache
def _this_words() -> tuple[str, ...] | None:
    """The self-reference words when all are plain (letters, digits, single spaces), else None."""
    words = lexicon().self_reference
    return words if all(re.fullmatch(r"\w+(?: \w+)*", w) for w in words) else None


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # re's \w


def speaks_of_itself(folded: str, start: int = 0, end: int | None = None) -> bool:
    """ "Điểm này", "Quyết định này" in ``folded[start:end]``: the text speaks of itself, so it is the party.

    What ``_this().search(folded, start, end)`` says, read from each "nay" ``str.find`` finds: a match ends in
    one, after a run of spaces, after one of the plain words that run ends (a word ends in a letter, so it ends
    exactly where the run starts), with a word boundary before the word and after "nay" (the pattern, opening
    with ``\b``, was tried at every character of gaps of ~400 characters: 0.07 s on the corpus)."""
    start, end = max(start, 0), len(folded) if end is None else min(end, len(folded))  # (as re clamps them)
    words = _this_words()
    q = folded.find("nay", start, end)
    if q < 0 or words is None:
        return q >= 0 and _this().search(folded, start, end) is not None
    while q >= 0:
        if q + 3 == end or not _word_char(folded[q + 3]):
            k = q  # where the run of spaces before "nay" starts
            while k > start and folded[k - 1].isspace():
                k -= 1
            if k < q and any(
                folded.endswith(w, start, k) and (k == len(w) or not _word_char(folded[k - len(w) - 1]))
                for w in words
            ):
                return True
        q = folded.find("nay", q + 1, end)
    return False
