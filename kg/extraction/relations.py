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


def relate(n: Normalized, mentions: list[Mention], header: Header, ocr: bool = False) -> list[Relation]:
    """Relations with offsets into the normalised text (mapped to the original by the caller)."""
    lex = lexicon()
    pat, cue_sets = _cue_pattern(ocr)
    folded = n.folded
    self_can_implement = True
    if header.type:
        word = next((w for w in lex.type_words if w.name == header.type), None)
        self_can_implement = bool(word and word.can_implement)
    own_span = header.symbol_span
    refs = [m for m in mentions if _target(m) and (own_span is None or (m.start, m.end) != own_span)]
    refs.sort(key=lambda m: m.start)
    rels: list[Relation] = []
    seen: set[tuple[str, str, str]] = set()
    related_by_self: set[str] = set()

    def add(subj: str, pred: str, obj: str, cs: int, ce: int) -> None:
        if subj == obj:
            return
        if pred == "implements" and subj == SELF and not self_can_implement:
            pred = "cites"
        key = (subj, pred, obj)
        if key in seen:
            return
        seen.add(key)
        if subj == SELF:
            related_by_self.add(obj)
        rels.append(Relation(subj, pred, obj, cs, ce, squash(n.text[cs:ce])))

    ri = 0
    for cs, ce in clauses(n.text):
        while ri < len(refs) and refs[ri].start < cs:
            ri += 1
        in_clause = []
        j = ri
        while j < len(refs) and refs[j].start < ce:
            in_clause.append(refs[j])
            j += 1
        if not in_clause:
            continue
        cues = []
        for m in pat.finditer(folded, cs, ce):
            if any(r.start <= m.start() < r.end for r in in_clause):
                continue  # a cue word inside a reference's own text
            tw = _TITLE_WORD.search(folded, max(cs, m.start() - 26), m.start())
            if (
                tw
                and not n.text[tw.start() : tw.end()].strip().isupper()
                and not re.search(r"ban hanh\s+$", folded[max(cs, tw.start() - 12) : tw.start()])
            ):
                continue  # "Luật sửa đổi, bổ sung …": the title of another document, not a statement
            which = next(int(k[1:]) for k, v in m.groupdict().items() if v is not None)
            cues.append((m.start(), m.end(), cue_sets[which]))
        for k, (qs, qe, options) in enumerate(cues):
            nxt = cues[k + 1][0] if k + 1 < len(cues) else ce
            prev_end = cues[k - 1][1] if k > 0 else cs
            before = [r for r in in_clause if r.end <= qs]
            after = [r for r in in_clause if qe <= r.start < nxt]
            for cue in options:
                if cue.direction == "post":
                    objs = [r for r in before if r.start >= prev_end]
                    if not objs or after:
                        continue
                    for r in objs:
                        add(SELF, cue.predicate, _target(r), cs, ce)
                elif cue.direction == "inverse":
                    obj = SELF
                    if before and not speaks_of_itself(folded, before[-1].end, qs):
                        obj = _target(before[-1])
                    for r in after:
                        add(_target(r), cue.predicate, obj, cs, ce)
                else:
                    if not after:
                        continue
                    subj = SELF
                    if (
                        cue.subject == "nearest"
                        and before
                        and not speaks_of_itself(folded, before[-1].end, qs)
                    ):
                        subj = _target(before[-1])
                    for r in after:
                        add(subj, cue.predicate, _target(r), cs, ce)
                break  # one reading per cue
    # every other referenced document: the text cites it
    for r in refs:
        t = _target(r)
        if t and t not in related_by_self:
            cs, ce = next(((a, b) for a, b in clauses_containing(n.text, r.start)), (r.start, r.end))
            add(SELF, "cites", t, cs, ce)
    return rels


def clauses_containing(text: str, pos: int) -> list[tuple[int, int]]:
    start = max(text.rfind(";", 0, pos), text.rfind(".\n", 0, pos), text.rfind(". ", 0, pos), -1) + 1
    ends = [i for i in (text.find(";", pos), text.find(". ", pos), text.find(".\n", pos)) if i != -1]
    end = min(ends) if ends else len(text)
    return [(start, end)]
