"""How far a relation cue reaches, and whether "thực hiện" states an implementation (kg/data/cue_scope.tsv).

A cue reaches the next ";"-separated items that open with a document, its coordinated subjects ("A và B thực hiện
X"), and the items of a list whose heading announces them; a unit amended inside a list item belongs to the document
that the item's heading names. An "implements" cue that governs something else, tells background or is not stated
as a purpose only cites its object.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache

from kg.extraction.lexicon import lexicon
from kg.extraction.structure import Structure
from kg.models import Mention
from kg.tables import read_table
from kg.text.literals import required_literals

# the words between a verb's object and a second verb joined to the first: "… A ngày … của … và bãi bỏ B"
COORDINATED_VERB = re.compile(
    r"(?:[^;:]|:(?!\s*\n)){0,400}?(?:\bva\b|,)\s*$"
)  # "QCVN 104:2019" holds a colon


def in_task_section(folded: str, pos: int) -> bool:
    """Whether ``pos`` lies under a section of tasks ("III. NHIỆM VỤ, GIẢI PHÁP", "IV. TỔ CHỨC THỰC HIỆN") or of
    anything else ("III. Một số lưu ý") rather than of purposes ("I. MỤC ĐÍCH, YÊU CẦU"): the nearest section
    heading before it decides; text before the first heading (a preamble) is in none."""
    window = folded[max(0, pos - 30000) : pos]
    last = {
        role: max((m.start() for m in _scope_finditer(role, window)), default=-1)
        for role in ("task_section", "purpose_section", "section")
    }
    return max(last["task_section"], last["section"]) > last["purpose_section"]


def _scope_finditer(role: str, text: str) -> list[re.Match[str]]:
    pat = _scope().get(role)
    return list(pat.finditer(text)) if pat else []


@cache
def _scope() -> dict[str, re.Pattern[str]]:
    """role -> one pattern of the rows of kg/data/cue_scope.tsv with that role."""
    by_role: dict[str, list[str]] = {}
    for row in read_table("cue_scope.tsv"):
        by_role.setdefault(row["role"], []).append(row["words"])
    return {k: re.compile("|".join(f"(?:{w})" for w in v)) for k, v in by_role.items()}


def scope_matches(role: str, folded: str, start: int = 0, end: int | None = None) -> bool:
    """Whether a row of ``role`` in kg/data/cue_scope.tsv matches ``folded[start:end]`` (see the table's header).

    Where every row of the role holds a literal (:func:`_needles`), a text with none of them is answered by
    ``str.find`` within the bounds, without the slice or the regex: the same answer, as no match can lack its
    row's literal (the "form" rows were 0.08 s of ``re`` over 9 MB of clauses on the shared corpus)."""
    pat = _scope().get(role)
    if pat is None or not scope_may_match(role, folded, start, end):
        return False
    return pat.search(folded[start:end]) is not None


def scope_may_match(role: str, folded: str, start: int = 0, end: int | None = None) -> bool:
    """False when no row of ``role`` can match inside ``folded[start:end]``: none of its literals is there
    (so none can match in any part of it either); True when one is, or when the role has no literals."""
    needles = _needles().get(role)
    end = len(folded) if end is None else end
    return needles is None or any(folded.find(x, start, end) >= 0 for x in needles)


@cache
def _needles() -> dict[str, tuple[str, ...]]:
    """role -> a literal of each of its rows that every match of the row contains (roles with a row that has no
    such literal are left out)."""
    out = {}
    for role, pat in _scope().items():
        needles = required_literals(pat)  # (empty: a row without a literal, the regex answers alone)
        if needles:
            out[role] = needles
    return out


@cache
def item_start() -> re.Pattern[str]:
    """A ";"-separated item that carries on its predecessor's cue opens with a document: a type word or "số"."""
    words = sorted({w.folded for w in lexicon().type_words}, key=len, reverse=True)
    alts = "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)
    return re.compile(rf"[\s*_>\-+•]*(?:(?:va|cac)\s+)?(?:{alts}|so)\b")


def implements_stated(folded: str, clause_start: int, cue_start: int, near: Mention | None) -> bool:
    """Whether an "implements" cue is stated as a purpose and not as narrative (before its objects are known:
    a cue that opens a list or a heading must pass this too)."""
    return not scope_matches(
        "background", folded[max(clause_start, cue_start - 40) : cue_start]
    ) and _as_purpose(folded, clause_start, cue_start, near)


def only_cites(
    folded: str, clause_start: int, cue_start: int, cue_end: int, obj: Mention, near: Mention | None
) -> bool:
    """An "implements" cue that governs something else ("thực hiện theo quy định tại X", "thực hiện việc …
    theo …"), that tells background ("Sau 8 năm triển khai thực hiện X"), or that is not stated as a purpose
    states no implementation (it only cites X)."""
    return (
        scope_matches("governs_else", folded[cue_end : obj.start])
        or scope_matches("background", folded[max(clause_start, cue_start - 40) : cue_start])
        or not _as_purpose(folded, clause_start, cue_start, near)
    )


def _as_purpose(folded: str, clause_start: int, cue_start: int, near: Mention | None) -> bool:
    """ "thực hiện" states an implementation only as a purpose: opening its clause ("Thực hiện Nghị quyết …",
    "- Triển khai thực hiện …"), after "về", "để", "nhằm" or a plan's name ("Kế hoạch thực hiện …", "Kế hoạch
    số 51/KH-UBND … của UBND tỉnh về thực hiện …"). As a verb inside a sentence ("Hợp đồng được thực hiện …",
    "lực lượng tham gia thực hiện Kế hoạch này …", "khẩn trương thực hiện ý kiến chỉ đạo …") it is not."""
    lead = folded[clause_start:cue_start]
    if scope_matches("purpose", lead[-300:]):
        # "Kế hoạch … về thực hiện Nghị quyết X" among a plan's tasks names another, unnumbered plan, not this
        # one's purpose (a numbered one before the cue states its own: "Kết luận số 01-KL/TW … về tiếp tục thực hiện")
        return near is not None or not in_task_section(folded, clause_start)
    if scope_matches("purpose_start", lead):
        # a bullet ("- Tiếp tục thực hiện Nghị quyết …") under a plan's tasks is a task, not the plan's purpose
        # (the item's label may have been cut off as a sentence end: "1. Thực hiện …" reads from the line start)
        label = folded[folded.rfind("\n", 0, cue_start) + 1 : cue_start]
        return not (label.strip(" \t\n*_") and in_task_section(folded, clause_start))
    return (
        near is not None
        and near.end <= cue_start
        and scope_matches("after_subject", folded[near.end : cue_start])
    )


@cache
def _coordination() -> re.Pattern[str]:
    """The gap between two coordinated documents: "và" (or ",") then the second one's type word and "số".

    Nothing else may stand between them: "Kế hoạch A ngày … của Ban Thường vụ Tỉnh ủy và Kế hoạch B … thực hiện X"
    is read either way by careful readers (the seeds' gold says A does not implement X), so it is left to B."""
    words = sorted({w.folded for w in lexicon().type_words}, key=len, reverse=True)
    alts = "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)
    return re.compile(rf"[\s,*]*(?:,|\bva\b)\s*(?:(?:{alts})(?:\s+\w+){{0,3}}?\s*)?(?:\bso\b\s*:?\s*)?")


def coordinated(folded: str, before: list[Mention]) -> list[Mention]:
    """The documents coordinated with the last one before a cue ("A và B thực hiện X": A), nearest first."""
    out: list[Mention] = []
    for prev, nxt in zip(reversed(before[:-1]), reversed(before[1:]), strict=True):
        if not _coordination().fullmatch(folded, prev.end, nxt.start):
            break
        out.append(prev)
    return out


def heading_party(layout: Structure, refs: list[Mention], pos: int) -> Mention | None:
    """The last document named by the heading of the list item around ``pos``, if any."""
    heading = layout.parent_heading(pos)
    if heading is None:
        return None
    k = bisect_left(refs, heading[1], key=lambda r: r.start)  # (refs are in text order)
    return refs[k - 1] if k and refs[k - 1].start >= heading[0] else None


def coordinated_after(folded: str, start: int, end: int, first: bool) -> bool:
    """Whether the gap ``folded[start:end]`` before a document ends by joining it to a list ("…, Nghị định số",
    "… và Thông tư số"); for a cue's first object, only after words of its own ("quy định chi tiết … Luật X và"),
    so that "sửa đổi, bổ sung Nghị định số" never counts."""
    m = _coordination_tail().search(folded, start, end)
    if m is None:
        return False
    return not first or bool(folded[start : m.start()].strip(" ,*_\n\t"))


@cache
def _coordination_tail() -> re.Pattern[str]:
    """ "…, Nghị định số " / "… và Thông tư " at the end of a gap (see :func:`_coordination`)."""
    words = sorted({w.folded for w in lexicon().type_words}, key=len, reverse=True)
    alts = "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)
    return re.compile(rf"(?:,|\bva\b)\s*(?:{alts})(?:\s+\w+){{0,8}}?\s*(?:\bso\b\s*:?\s*)?$")
