"""Relations the text states, typed by cue phrases (kg/data/relation_cues.tsv).

Text is cut into clauses (at ";", sentence ends, list items, table cells). In a clause, a cue's objects are the
references after it up to the next cue; its subject is the nearest reference before it ("Kế hoạch số 51/KH-UBND …
về Thực hiện Nghị quyết số 03/NQ-CP" -> 51/KH-UBND implements 03/NQ-CP) or the document itself. Inverse cues
("được sửa đổi, bổ sung bởi") swap the two; post cues ("… hết hiệu lực") take the references before them. The
longest cue wins, so a ``cites`` row ("thực hiện theo") neutralises a shorter cue. A bare mention gives
``SELF cites X``.

Scope beyond one clause (kg/data/cue_scope.tsv): a cue reaches the next ";"-separated items that start with a
document ("Căn cứ Luật A; Luật B …;"), and a heading ending in ":" with a list word ("Bãi bỏ các văn bản sau:")
governs the first document of each list item below it (kg.extraction.structure). An "implements" cue whose gap to
its object says it governs something else ("thực hiện theo quy định tại X") or that sits in narrative ("Sau 8 năm
triển khai thực hiện X") only cites. Evidence is the clause or list item, cut to at most ``MAX_EVIDENCE``
characters around the cue and the object; ``article`` is the Điều it lies in.
"""

from __future__ import annotations

import re
from functools import cache

from kg.extraction.clauses import bounded, clauses, clauses_containing
from kg.extraction.lexicon import Cue, lexicon
from kg.extraction.scope import (
    COORDINATED_VERB,
    coordinated,
    heading_party,
    implements_stated,
    item_start,
    only_cites,
    scope_matches,
)
from kg.extraction.structure import Structure, structure
from kg.models import SELF, Header, Mention, Relation
from kg.text.fold import squash
from kg.text.normalize import Normalized


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


def _target(m: Mention) -> str | None:
    return m.target


@cache
def _this() -> re.Pattern[str]:
    return re.compile(rf"\b(?:{'|'.join(lexicon().self_reference)})\s+nay\b")


def speaks_of_itself(folded: str, start: int = 0, end: int | None = None) -> bool:
    """ "Điểm này", "Quyết định này" in ``folded[start:end]``: the text speaks of itself, so it is the party."""
    return _this().search(folded, start, len(folded) if end is None else end) is not None


_TITLE_WORD = re.compile(
    r"\b(?<!phap )(?:luat|bo luat|nghi dinh|thong tu|quyet dinh|nghi quyet|phap lenh)(?:[ \t]+(?!nay\b)\w{1,5}){0,2}[ \t]+$"
)


_LAW_TYPES = frozenset({"Luật", "Bộ luật", "Hiến pháp"})


class _Collector:
    """The relations found so far, without repeats; knows what the document itself already relates to."""

    def __init__(self, text: str, header: Header, layout: Structure) -> None:
        self.text = text
        self.self_can_implement = _self_can_implement(header)
        # a consolidated text restates the documents it consolidates: their "Thông tư này thay thế …" is theirs
        self.consolidated = header.type_code == "VBHN" or (header.symbol or "").upper().find("/VBHN-") >= 0
        self.own = header.symbol
        self.layout = layout
        self.relations: list[Relation] = []
        self._seen: set[tuple[str, str, str]] = set()
        self.related_by_self: set[str] = set()
        self.typed: set[int] = set()  # starts of the mentions that are the object of a typed relation

    def add(
        self,
        subject: str,
        predicate: str,
        obj: Mention | str,
        span: tuple[int, int],
        cue: tuple[int, int] | None = None,
        party: Mention | None = None,
    ) -> None:
        """``subject predicate obj``, stated in ``span`` by the cue at ``cue``; ``party`` is the other mention."""
        target = obj if isinstance(obj, str) else _target(obj)
        subject, target = (SELF if x == self.own else x for x in (subject, target))
        if subject == target or target is None:
            return
        if predicate == "implements" and subject == SELF and not self.self_can_implement:
            predicate = "cites"
        if self.consolidated and SELF in (subject, target) and predicate in _CHANGES:
            predicate = "cites"
        key = (subject, predicate, target)
        if key in self._seen:
            return
        mentions = [m for m in (obj, party) if isinstance(m, Mention)]
        anchors = [p for m in mentions for p in (m.start, m.end)] + list(cue or ())
        cut = bounded(self.text, *span, anchors or [span[0]])
        if cut is None and predicate != "cites":
            return
        if cut is None:
            cut = bounded(self.text, *span, [p for m in mentions[:1] for p in (m.start, m.end)]) or span
        self._seen.add(key)
        if subject == SELF:
            self.related_by_self.add(target)
        if predicate != "cites":
            self.typed.update(m.start for m in mentions)
        where = cue[0] if cue else (mentions[0].start if mentions else cut[0])
        self.relations.append(
            Relation(
                subject,
                predicate,
                target,
                cut[0],
                cut[1],
                squash(self.text[cut[0] : cut[1]]),
                cue_start=cue[0] if cue else None,
                cue_end=cue[1] if cue else None,
                article=self.layout.article_at(where),
                editorial=any(m.boilerplate == "editorial" for m in mentions),
            )
        )


def relate(n: Normalized, mentions: list[Mention], header: Header, ocr: bool = False) -> list[Relation]:
    """Relations with offsets into the normalised text (mapped to the original by the caller)."""
    layout = structure(n.text)
    found = _Collector(n.text, header, layout)
    refs = _cited(mentions, header)
    first = 0
    carry: tuple[str, Cue, tuple[int, int]] | None = None  # a ";"-list's cue: (subject, cue, cue span)
    for clause_start, clause_end in clauses(n.text):
        while first < len(refs) and refs[first].start < clause_start:
            first += 1
        in_clause = []
        j = first
        while j < len(refs) and refs[j].start < clause_end:
            in_clause.append(refs[j])
            j += 1
        ends_with = n.text[clause_end : clause_end + 1]
        if not in_clause and ends_with != ":":
            carry = carry if not n.text[clause_start:clause_end].strip() else None
            continue
        cues = _cues_in(n, clause_start, clause_end, in_clause, ocr)
        # an item of a ";"-list that opens with a document carries the list's cue to it, even when the item has
        # cues of its own after that document ("Triển khai Nghị quyết 57; Nghị quyết 03/NQ-CP … thực hiện Nghị
        # quyết 57; Quyết định 1132/QĐ-TTg …": the plan implements 03 and 1132; 03 implements 57)
        continues = bool(
            in_clause
            and carry
            and item_start().match(n.folded, clause_start)
            and (not cues or cues[0][0] >= in_clause[0].end)
        )
        if continues and carry:
            subject, cue, span = carry
            found.add(subject, cue.predicate, in_clause[0], (clause_start, clause_end), span)
        opened = _read_clause(n, (clause_start, clause_end), in_clause, cues, found, refs)
        if continues:
            carry = carry if ends_with == ";" else None
        elif in_clause and not cues:
            carry = None  # "Xét Tờ trình số …;" between: the list of "Thực hiện …" ended before it
        elif cues:
            # only a cue that opens the clause heads a list ("Căn cứ Luật A; Luật B"); a cue after the clause's
            # first document ("Kế hoạch số 51 … về thực hiện Nghị quyết 03;") is that document's own relation
            heads = not in_clause or cues[0][0] < in_clause[0].start
            carry = opened[-1] if ends_with == ";" and opened and heads else None
        elif ends_with != ";":
            carry = None
        if ends_with == ":" and opened:
            _govern_items(n, layout, (clause_start, clause_end), opened[-1], refs, found)
    # every other referenced document: the text cites it
    for r in refs:
        t = _target(r)
        if t and t not in found.related_by_self:
            found.add(SELF, "cites", r, clauses_containing(n.text, r.start)[0])
    return found.relations


def _govern_items(
    n: Normalized,
    layout: Structure,
    heading: tuple[int, int],
    opened: tuple[str, Cue, tuple[int, int]],
    refs: list[Mention],
    found: _Collector,
) -> None:
    """A heading "Bãi bỏ các văn bản sau:" states its relation of the first document of each item below it."""
    subject, cue, span = opened
    rest = n.folded[span[1] : heading[1]]
    if not (
        scope_matches("list_head", n.folded[heading[0] : heading[1]])
        or (cue.predicate == "based_on" and not rest.strip())
    ):
        return
    for item in layout.items_after(heading[1]):
        first = next((r for r in refs if item.start <= r.start < item.end), None)
        if first is None or first.start in found.typed or _cues_before(n, item.start, first.start):
            continue
        if cue.predicate not in _PROVISION_LISTS and not _opens_with_document(n.folded, item.start):
            # "… thực hiện các nhiệm vụ sau: - Sản phẩm … theo quy định của Luật X": the items are tasks that cite
            # documents, not the documents the heading names (a repeal list's items may open with "Khoản 3 …")
            continue
        found.add(subject, cue.predicate, first, (item.start, item.end), span)


#: predicates whose lists may name provisions ("a) Khoản 3 Điều 5 Thông tư số …") rather than whole documents
_PROVISION_LISTS = frozenset({"repeals", "replaces", "amends", "suspends"})


def _opens_with_document(folded: str, start: int) -> bool:
    """An item that opens with a document after its label ("1. Quyết định số …", "- Kế hoạch số …")."""
    label = _ITEM_LABEL.match(folded, start)
    return bool(item_start().match(folded, label.end() if label else start))


_ITEM_LABEL = re.compile(r"\s*(?:\d{1,3}[.)]|[a-zđ]\)|[-+•*])?\s*")


def _cues_before(n: Normalized, start: int, end: int) -> bool:
    """An item that states its own relation ("2. Bãi bỏ Quyết định số …") is read on its own."""
    pattern, _sets = _cue_pattern(False)
    return pattern.search(n.folded, start, end) is not None


#: relations a consolidated text (văn bản hợp nhất) never states of itself: it changes nothing
_CHANGES = frozenset({"amends", "repeals", "replaces", "suspends"})


def _self_can_implement(header: Header) -> bool:
    """Whether the document's own type "implements" what it carries out (a Kế hoạch does, a Công văn cites)."""
    if not header.type:
        return True
    word = next((w for w in lexicon().type_words if w.name == header.type), None)
    return bool(word and word.can_implement)


def _cited(mentions: list[Mention], header: Header) -> list[Mention]:
    """Mentions of other documents (the header's own symbol left out), in text order; page and portal text
    (boilerplate other than editorial notes) states nothing."""
    own_span = header.symbol_span
    refs = [
        m
        for m in mentions
        if _target(m)
        and (own_span is None or (m.start, m.end) != own_span)
        and m.boilerplate in (None, "editorial")
    ]
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
        # "ban hành Thông tư …" and a plural ("Các Thông tư sau đây hết hiệu lực …:") name no title
        and not re.search(
            r"(?:ban hanh|\bcac|\bnhung)\s+$", folded[max(clause_start, title.start() - 12) : title.start()]
        )
    )


def _is_law(m: Mention) -> bool:
    return m.family == "law" or m.type_name in _LAW_TYPES


def _read_clause(
    n: Normalized,
    clause: tuple[int, int],
    in_clause: list[Mention],
    cues: list[tuple[int, int, list[Cue]]],
    found: _Collector,
    refs: list[Mention] = (),  # type: ignore[assignment]
) -> list[tuple[str, Cue, tuple[int, int]]]:
    """Each cue's subject and objects among the clause's references (see the module docstring).

    Returns, for each cue, the reading that found objects or that a list below may complete:
    (subject, cue, cue span); a cue with objects is returned too, so a ";"-list can carry it on."""
    folded = n.folded
    clause_start, clause_end = clause
    opened: list[tuple[str, Cue, tuple[int, int]]] = []
    last_inverse: Mention | None = None
    last_subject: str | None = None  # of the clause's last forward reading
    last_was_inverse = False
    last_party: Mention | None = None  # the document subject of the clause's last forward reading
    for k, (cue_start, cue_end, options) in enumerate(cues):
        next_cue = cues[k + 1][0] if k + 1 < len(cues) else clause_end
        prev_end = cues[k - 1][1] if k > 0 else clause_start
        span = (cue_start, cue_end)
        before = [r for r in in_clause if r.end <= cue_start]
        after = [r for r in in_clause if cue_end <= r.start < next_cue]
        # the reference right before the cue is the party, unless "Quyết định này" comes between
        near = before[-1] if before and not speaks_of_itself(folded, before[-1].end, cue_start) else None
        nearest = _target(near) if near else None
        prev_inverse, last_was_inverse = last_was_inverse, False
        for cue in options:
            if cue.direction == "post":
                objects = [r for r in before if r.start >= prev_end]
                if objects and last_party is not None:
                    # "Thông tư số A … hướng dẫn … Luật X (Nghị định Y) hết hiệu lực": X and Y are in A's title; A
                    # expires
                    objects = [last_party]

                if last_inverse is not None:
                    objects = [last_inverse]  # "Luật A đã được sửa đổi … bởi B, C hết hiệu lực": A, not B, C
                if after:
                    continue
                if not objects:
                    opened.append((SELF, cue, span))
                for r in objects:
                    found.add(SELF, cue.predicate, r, clause, span)
            elif cue.direction == "inverse":
                party = near
                if (
                    party is not None
                    and prev_inverse
                    and party.start >= prev_end
                    and scope_matches("new_note", folded[party.end : cue_start])
                ):
                    # "[Điều này được hướng dẫn bởi Nghị định A … Điều này được hướng dẫn bởi Nghị định B]": A is
                    # the first note's guide, not what B guides
                    party = None
                if party is not None and after and _is_law(party) and not any(_is_law(r) for r in after):
                    # "Nghị định A … hướng dẫn Luật X được sửa đổi bởi Nghị định B": B amends A, not the law
                    party = next((r for r in reversed(before) if not _is_law(r)), party)
                if party is None and not speaks_of_itself(folded, prev_end, cue_start):
                    # "a) Khoản 1 Điều 16 (được sửa đổi bởi …)" under "1. Bãi bỏ một phần Thông tư số X … như sau:":
                    # the unit amended is X's, named by the heading above the item, not this text's
                    party = heading_party(found.layout, refs, cue_start)
                obj = _target(party) if party else SELF
                for r in after:
                    found.add(_target(r), cue.predicate, obj, clause, span, party)
                last_inverse = party
                last_was_inverse = True
            else:
                subject = (nearest if cue.subject == "nearest" else None) or SELF
                if (
                    cue.subject == "nearest"
                    and near is not None
                    and last_subject is not None
                    and near.start >= prev_end
                    and COORDINATED_VERB.match(folded, near.end, cue_start)
                ):
                    # "Thông tư này thay thế Thông tư A … và bãi bỏ Thông tư B": A is the first verb's object,
                    # the second verb has the first one's subject
                    subject, near = last_subject, None
                last_subject = subject
                last_party = near if subject != SELF and near is not None and not _is_law(near) else None
                if not after:
                    # only the clause's last cue reaches past it (a list, a heading), and an "implements" cue only
                    # when it is stated as a purpose ("… trong thực hiện …; Nghị định số X" does not implement X)
                    if k == len(cues) - 1 and (
                        cue.predicate != "implements"
                        or implements_stated(folded, clause_start, cue_start, near)
                    ):
                        opened.append((subject, cue, span))
                    break
                party_near = near if subject != SELF else None
                if cue.predicate == "implements" and only_cites(
                    folded, clause_start, cue_start, cue_end, after[0], near
                ):
                    cue = Cue("cites", cue.phrase, cue.direction, cue.subject)
                for r in after:
                    found.add(subject, cue.predicate, r, clause, span, party_near)
                    if party_near is not None and cue.predicate != "cites" and k == 0:
                        # "Kế hoạch số 14-KH/TU và Kế hoạch số 24/KH-UBND thực hiện Nghị quyết 66": both implement
                        # (only for the clause's first cue: after one, the documents before are its objects)
                        for other in coordinated(folded, before):
                            found.add(_target(other) or SELF, cue.predicate, r, clause, span, other)
                if cue.predicate != "cites":
                    opened.append((subject, cue, span))
            break  # one reading per cue
    return opened
