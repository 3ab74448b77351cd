"""Relations the text states, typed by cue phrases (kg/data/relation_cues.tsv).

Text is cut into clauses (at ";", sentence ends, list items). In a clause, a cue's objects are the references
after it up to the next cue; its subject is the nearest reference before it ("Kế hoạch số 51/KH-UBND … về Thực
hiện Nghị quyết số 03/NQ-CP" -> 51/KH-UBND implements 03/NQ-CP) or the document itself. Inverse cues ("được
sửa đổi, bổ sung bởi") swap the two; post cues ("… kèm theo") take the references before them. A bare mention
gives ``SELF cites X``.
"""

from __future__ import annotations

import re
from functools import cache

from kg.extraction.lexicon import Cue, clause_markers, lexicon
from kg.models import SELF, Header, Mention, Relation
from kg.text.fold import squash
from kg.text.normalize import Normalized


@cache
def _clause_end() -> re.Pattern[str]:
    """Where a clause ends: ";", a sentence end, a list item, a line opening with a clause marker, a title."""
    return re.compile(
        r";|\.(?=\s+[\"(A-ZĐÀ-Ỹ\d])|:\s*\n|\n\s*(?=[-+•]\s|[a-zđ]\)\s|\d{1,2}[.)]\s|"
        + clause_markers("clause")
        + r")|\n\s*\n\s*(?=[A-ZĐ]{2,}[ \n])"
    )


@cache
def _cue_pattern(ocr: bool) -> tuple[re.Pattern[str], list[list[Cue]]]:
    """One alternation of all cue phrases, longest first; group ``cN`` tells which phrase matched."""
    lex = lexicon()
    by_phrase: dict[str, list[Cue]] = {}
    for c in lex.cues:
        by_phrase.setdefault(c.phrase, []).append(c)
    phrases = sorted(by_phrase, key=len, reverse=True)
    alts = []
    for i, a in enumerate(phrases):
        body = lex.loose(a) if ocr else r"\s+".join(map(re.escape, a.split()))
        alts.append(f"(?P<c{i}>{body})")
    pat = re.compile(r"\b(?:" + "|".join(alts) + r")(?!\w)")
    return pat, [by_phrase[a] for a in phrases]


def clauses(text: str) -> list[tuple[int, int]]:
    """Spans of clauses: cut at ";", sentence ends, list items and upper-case title lines ("NGHỊ ĐỊNH")."""
    cuts = [(m.start(), m.end()) for m in _clause_end().finditer(text)]
    for m in _LINE.finditer(text):
        line = m.group(1)
        if len(line) >= 4 and line.isupper():
            cuts.append((m.start(1), m.end(1)))
    cuts.sort()
    out = []
    pos = 0
    for start, end in cuts:
        if start > pos:
            out.append((pos, start))
        pos = max(pos, end)
    if pos < len(text):
        out.append((pos, len(text)))
    return out


_LINE = re.compile(r"(?m)^[ \t]*(\S[^\n]*?)[ \t]*$")


def _target(m: Mention) -> str | None:
    return m.target


@cache
def _this() -> re.Pattern[str]:
    return re.compile(rf"\b(?:{'|'.join(lexicon().self_reference)})\s+nay\b")


def speaks_of_itself(folded: str, start: int = 0, end: int | None = None) -> bool:
    """ "Điểm này", "Quyết định này" in ``folded[start:end]``: the text speaks of itself, so it is the party."""
    return _this().search(folded, start, len(folded) if end is None else end) is not None


_TITLE_WORD = re.compile(
    r"\b(?:luat|bo luat|nghi dinh|thong tu|quyet dinh|nghi quyet|phap lenh)(?:[ \t]+(?!nay\b)\w{1,5}){0,2}[ \t]+$"
)


class _Collector:
    """The relations found so far, without repeats; knows what the document itself already relates to."""

    def __init__(self, text: str, self_can_implement: bool) -> None:
        self.text = text
        self.self_can_implement = self_can_implement
        self.relations: list[Relation] = []
        self._seen: set[tuple[str, str, str]] = set()
        self.related_by_self: set[str] = set()

    def add(self, subject: str, predicate: str, obj: str, start: int, end: int) -> None:
        if subject == obj:
            return
        if predicate == "implements" and subject == SELF and not self.self_can_implement:
            predicate = "cites"
        key = (subject, predicate, obj)
        if key in self._seen:
            return
        self._seen.add(key)
        if subject == SELF:
            self.related_by_self.add(obj)
        self.relations.append(Relation(subject, predicate, obj, start, end, squash(self.text[start:end])))


def relate(n: Normalized, mentions: list[Mention], header: Header, ocr: bool = False) -> list[Relation]:
    """Relations with offsets into the normalised text (mapped to the original by the caller)."""
    found = _Collector(n.text, _self_can_implement(header))
    refs = _cited(mentions, header)
    first = 0
    for clause_start, clause_end in clauses(n.text):
        while first < len(refs) and refs[first].start < clause_start:
            first += 1
        in_clause = []
        j = first
        while j < len(refs) and refs[j].start < clause_end:
            in_clause.append(refs[j])
            j += 1
        if in_clause:
            cues = _cues_in(n, clause_start, clause_end, in_clause, ocr)
            _read_clause(n.folded, (clause_start, clause_end), in_clause, cues, found)
    # every other referenced document: the text cites it
    for r in refs:
        t = _target(r)
        if t and t not in found.related_by_self:
            start, end = next(iter(clauses_containing(n.text, r.start)), (r.start, r.end))
            found.add(SELF, "cites", t, start, end)
    return found.relations


def _self_can_implement(header: Header) -> bool:
    """Whether the document's own type "implements" what it carries out (a Kế hoạch does, a Công văn cites)."""
    if not header.type:
        return True
    word = next((w for w in lexicon().type_words if w.name == header.type), None)
    return bool(word and word.can_implement)


def _cited(mentions: list[Mention], header: Header) -> list[Mention]:
    """Mentions of other documents (the header's own symbol left out), in text order."""
    own_span = header.symbol_span
    refs = [m for m in mentions if _target(m) and (own_span is None or (m.start, m.end) != own_span)]
    refs.sort(key=lambda m: m.start)
    return refs


def _cues_in(
    n: Normalized, clause_start: int, clause_end: int, in_clause: list[Mention], ocr: bool
) -> list[tuple[int, int, list[Cue]]]:
    """Cue phrases of one clause: (start, end, readings), leaving out cue words inside a reference or a title."""
    pattern, cue_sets = _cue_pattern(ocr)
    folded = n.folded
    cues = []
    for m in pattern.finditer(folded, clause_start, clause_end):
        if any(r.start <= m.start() < r.end for r in in_clause):
            continue  # a cue word inside a reference's own text
        if _in_a_title(n, clause_start, m.start()):
            continue  # "Luật sửa đổi, bổ sung …": the title of another document, not a statement
        which = next(int(k[1:]) for k, v in m.groupdict().items() if v is not None)
        cues.append((m.start(), m.end(), cue_sets[which]))
    return cues


def _in_a_title(n: Normalized, clause_start: int, cue_start: int) -> bool:
    folded = n.folded
    title = _TITLE_WORD.search(folded, max(clause_start, cue_start - 26), cue_start)
    return bool(
        title
        and not n.text[title.start() : title.end()].strip().isupper()
        and not re.search(r"ban hanh\s+$", folded[max(clause_start, title.start() - 12) : title.start()])
    )


def _read_clause(
    folded: str,
    clause: tuple[int, int],
    in_clause: list[Mention],
    cues: list[tuple[int, int, list[Cue]]],
    found: _Collector,
) -> None:
    """Each cue's subject and objects among the clause's references (see the module docstring)."""
    clause_start, clause_end = clause
    for k, (cue_start, cue_end, options) in enumerate(cues):
        next_cue = cues[k + 1][0] if k + 1 < len(cues) else clause_end
        prev_end = cues[k - 1][1] if k > 0 else clause_start
        before = [r for r in in_clause if r.end <= cue_start]
        after = [r for r in in_clause if cue_end <= r.start < next_cue]
        # the reference right before the cue is the party, unless "Quyết định này" comes between
        nearest = (
            _target(before[-1])
            if before and not speaks_of_itself(folded, before[-1].end, cue_start)
            else None
        )
        for cue in options:
            if cue.direction == "post":
                objects = [r for r in before if r.start >= prev_end]
                if not objects or after:
                    continue
                for r in objects:
                    found.add(SELF, cue.predicate, _target(r), clause_start, clause_end)
            elif cue.direction == "inverse":
                obj = nearest or SELF
                for r in after:
                    found.add(_target(r), cue.predicate, obj, clause_start, clause_end)
            else:
                if not after:
                    continue
                subject = (nearest if cue.subject == "nearest" else None) or SELF
                for r in after:
                    found.add(subject, cue.predicate, _target(r), clause_start, clause_end)
            break  # one reading per cue


def clauses_containing(text: str, pos: int) -> list[tuple[int, int]]:
    start = max(text.rfind(";", 0, pos), text.rfind(".\n", 0, pos), text.rfind(". ", 0, pos), -1) + 1
    ends = [i for i in (text.find(";", pos), text.find(". ", pos), text.find(".\n", pos)) if i != -1]
    end = min(ends) if ends else len(text)
    return [(start, end)]
