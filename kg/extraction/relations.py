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

from bisect import bisect_left

from kg.extraction.clauses import busy_clauses, clauses, clauses_containing
from kg.extraction.collect import CHANGES, STATED_CHANGES, Collector, target_of
from kg.extraction.cues import TITLE_WORD, cues_before, cues_in
from kg.extraction.lexicon import Cue
from kg.extraction.objects import (
    amenders,
    is_alias,
    numbered_over_named,
    opens_with_document,
    opens_with_unit,
    outside_amending_titles,
    own_objects,
    parenthesis_end,
    plural_subject,
    speaks_of_itself,
)
from kg.extraction.scope import (
    COORDINATED_VERB,
    coordinated,
    coordinated_after,
    heading_party,
    implements_stated,
    item_start,
    only_cites,
    scope_matches,
)
from kg.extraction.structure import Structure, structure
from kg.models import SELF, Header, Mention, Relation
from kg.text.fold import fold
from kg.text.normalize import Normalized

_LAW_TYPES = frozenset({"Luật", "Bộ luật", "Hiến pháp"})


def relate(n: Normalized, mentions: list[Mention], header: Header, ocr: bool = False) -> list[Relation]:
    """Relations with offsets into the normalised text (mapped to the original by the caller)."""
    refs = _cited(mentions, header)
    if not refs:
        return []  # every relation has a cited document as its object or its subject: no need to read the text
    layout = structure(n.text)
    found = Collector(n, header, layout)
    found.know(refs)
    first = 0
    carry: tuple[str, Cue, tuple[int, int]] | None = None  # a ";"-list's cue: (subject, cue, cue span)
    spans = clauses(n.text)
    ref_starts = [r.start for r in refs]
    longest = max(r.end - r.start for r in refs)
    busy = busy_clauses(n.text, spans, ref_starts)
    i = k = 0
    while i < len(spans):
        if carry is None:  # nothing to carry: the clauses up to the next busy one change nothing
            k = bisect_left(busy, i, k)
            if k == len(busy):
                break
            i = busy[k]
        clause_start, clause_end = spans[i]
        i += 1
        while first < len(refs) and refs[first].start < clause_start:
            first += 1
        in_clause = []
        j = first
        while j < len(refs) and refs[j].start < clause_end:
            in_clause.append(refs[j])
            j += 1
        ends_with = n.text[clause_end : clause_end + 1]
        if not in_clause and ends_with != ":":
            if carry is not None:  # (without a carried cue there is nothing to keep or drop)
                carry = carry if not n.text[clause_start:clause_end].strip() else None
            continue
        cues = cues_in(n, clause_start, clause_end, in_clause, ocr)
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
        opened = _read_clause(
            n, (clause_start, clause_end), in_clause, cues, found, refs, ref_starts, longest
        )
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
            _govern_items(n, layout, (clause_start, clause_end), opened[-1], refs, ref_starts, found)
    # every other referenced document: the text cites it
    for r in refs:
        t = target_of(r)
        if t and t not in found.related_by_self:
            found.add(SELF, "cites", r, clauses_containing(n.text, r.start)[0])
    return found.relations


def _govern_items(
    n: Normalized,
    layout: Structure,
    heading: tuple[int, int],
    opened: tuple[str, Cue, tuple[int, int]],
    refs: list[Mention],
    ref_starts: list[int],
    found: Collector,
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
        i = bisect_left(ref_starts, item.start)
        first = refs[i] if i < len(refs) and refs[i].start < item.end else None
        if first is None or first.start in found.typed or cues_before(n, item.start, first.start):
            continue
        if not opens_with_document(n.folded, item.start) and not (
            cue.predicate in _PROVISION_LISTS and opens_with_unit(n.folded, item.start)
        ):
            # "… thực hiện các nhiệm vụ sau: - Sản phẩm … theo quy định của Luật X": the items are tasks that cite
            # documents, not the documents the heading names; a change list's items may name a unit ("Khoản 3 …",
            # "Cụm từ …"), but "Được gửi dữ liệu … quy định tại Điều 6 Thông tư số X" is a new rule citing X
            continue
        found.add(subject, cue.predicate, first, (item.start, item.end), span)


def _last_ending_in(refs: list[Mention], starts: list[int], longest: int, lo: int, hi: int) -> Mention | None:
    """The last of ``refs`` (in text order) that ends in ``(lo, hi]``. A reference ends after it starts, so only
    those starting before ``hi`` can; and one starting ``longest`` or more before ``lo`` ends by ``lo``, as do
    all before it. Bounded so, the search stays linear in a long text (it was a scan of every reference)."""
    for i in range(bisect_left(starts, hi) - 1, -1, -1):
        r = refs[i]
        if r.start + longest <= lo:
            return None
        if lo < r.end <= hi:
            return r
    return None


#: predicates whose lists may name provisions ("a) Khoản 3 Điều 5 Thông tư số …") rather than whole documents
_PROVISION_LISTS = frozenset({"repeals", "replaces", "amends", "suspends"})


def _cited(mentions: list[Mention], header: Header) -> list[Mention]:
    """Mentions of other documents (the header's own symbol left out), in text order; page and portal text
    (boilerplate other than editorial notes) states nothing."""
    own_span = header.symbol_span
    refs = [
        m
        for m in mentions
        if target_of(m)
        and (own_span is None or (m.start, m.end) != own_span)
        and m.boilerplate in (None, "editorial")
    ]
    refs.sort(key=lambda m: m.start)
    return refs


def _is_law(m: Mention) -> bool:
    return m.family == "law" or m.type_name in _LAW_TYPES


def _read_clause(
    n: Normalized,
    clause: tuple[int, int],
    in_clause: list[Mention],
    cues: list[tuple[int, int, list[Cue]]],
    found: Collector,
    refs: list[Mention] = (),  # type: ignore[assignment]
    ref_starts: list[int] = (),  # type: ignore[assignment]
    longest: int = 0,
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
    # mention start -> (subject, cue, cue span, subject's mention) of the forward reading it is the object of
    object_of: dict[int, tuple[str, Cue, tuple[int, int], Mention | None]] = {}
    starts = [r.start for r in in_clause]
    for k, (cue_start, cue_end, options) in enumerate(cues):
        next_cue = cues[k + 1][0] if k + 1 < len(cues) else clause_end
        prev_end = cues[k - 1][1] if k > 0 else clause_start
        span = (cue_start, cue_end)
        # (references do not overlap a cue: those that start before it end before it)
        before = in_clause[: bisect_left(starts, cue_start)]
        before = before if not before or before[-1].end <= cue_start else before[:-1]
        limit = parenthesis_end(folded, clause_start, cue_start, cue_end, next_cue)
        after = numbered_over_named(
            folded, in_clause[bisect_left(starts, cue_end) : bisect_left(starts, limit)]
        )
        after = [
            r
            for r in outside_amending_titles(folded, cue_end, clause_end, after)
            if not is_alias(folded, r.start)
        ]
        # the reference right before the cue is the party, unless "Quyết định này" comes between
        near = before[-1] if before and not speaks_of_itself(folded, before[-1].end, cue_start) else None
        nearest = target_of(near) if near else None
        prev_inverse, last_was_inverse = last_was_inverse, False
        for cue in options:
            if cue.direction == "post":
                objects = [r for r in before if r.start >= prev_end]
                if objects and last_party is not None:
                    # "Thông tư số A … hướng dẫn … Luật X (Nghị định Y) hết hiệu lực": X and Y are in A's title; A
                    # expires; "Nghị định A sửa đổi Nghị định B quy định chi tiết Luật X hết hiệu lực": A, whose
                    # title B's is part of
                    while last_party.start in object_of and object_of[last_party.start][3] is not None:
                        last_party = object_of[last_party.start][3]
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
                if party is None and not folded[clause_start:cue_start].strip(" ,;*_\n\t"):
                    # "Căn cứ Thông tư số A … hướng dẫn …; được sửa đổi, bổ sung bởi Thông tư số B": a clause that
                    # opens with the passive continues the document the previous clause ended on
                    party = _last_ending_in(refs, ref_starts, longest, clause_start - 600, clause_start)
                if party is None and not speaks_of_itself(folded, prev_end, cue_start):
                    # "a) Khoản 1 Điều 16 (được sửa đổi bởi …)" under "1. Bãi bỏ một phần Thông tư số X … như sau:":
                    # the unit amended is X's, named by the heading above the item, not this text's
                    party = heading_party(found.layout, refs, cue_start)
                obj = target_of(party) if party else SELF
                after = amenders(folded, cue_end, after)
                if (
                    len(after) > 1
                    and k + 1 < len(cues)
                    and any(c.direction == "inverse" for c in cues[k + 1][2])
                    and coordinated_after(folded, after[-2].end, after[-1].start, first=False)
                    and not [r for r in in_clause if after[-1].end <= r.start < next_cue]
                ):
                    # "Luật A đã được sửa đổi … theo Luật B, Luật C đã được sửa đổi …": C is the next law of the
                    # list, amended in turn, not an amender of A
                    after = after[:-1]
                for r in after:
                    found.add(target_of(r), cue.predicate, obj, clause, span, party, actor=r)
                last_inverse = party
                last_was_inverse = True
            else:
                subject = (nearest if cue.subject == "nearest" else None) or SELF
                if cue.subject == "nearest" and near is None and plural_subject(folded, prev_end, cue_start):
                    break  # "Căn cứ Các Nghị định … quy định chi tiết … Luật Quy hoạch (số …)": those decrees guide it
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
                issued = TITLE_WORD.search(
                    folded, max(near.end if near else prev_end, cue_start - 26), cue_start
                )
                if issued and not (near and fold(near.type_name or "") == issued["word"]):
                    # "… đề nghị ban hành Nghị quyết bãi bỏ Nghị quyết số 30": the unnumbered document being issued
                    # states it, not the proposal named before it; it is this text when the types agree, else a
                    # document still to come ("Trình ban hành Pháp lệnh thay thế Pháp lệnh …" in a plan). "Luật
                    # số 57/2024/QH15 … ban hành Luật sửa đổi …" names one law twice.
                    if found.own_type and found.own_type != issued["word"]:
                        break
                    subject, near = SELF, None
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
                if party_near is not None and cue.predicate not in CHANGES:
                    # (a change names several objects of one type: "Nghị định A sửa đổi … Nghị định B …, Nghị định
                    # C …" amends B and C; a title that details or carries out names no document of its own type)
                    after, siblings = own_objects(folded, cue_end, after, party_near)
                    outer = object_of.get(party_near.start)
                    for r in siblings if outer else ():
                        # "A sửa đổi Nghị định B … quy định chi tiết Luật X và Nghị định C …": C is B's sibling,
                        # what A amends, not what B details
                        t_subject, t_cue, t_span, t_party = outer
                        found.add(t_subject, t_cue.predicate, r, clause, t_span, t_party, actor=t_party)
                    if not after:
                        break
                if cue.predicate in STATED_CHANGES and (
                    scope_matches("change_governs_else", folded[cue_end : after[0].start])
                    or scope_matches("proposed", folded[max(clause_start, cue_start - 80) : cue_start])
                ):
                    # "Sửa đổi Quyết định giao khu vực biển … theo quy định tại Nghị định X": a procedure named by X's
                    # rules; "tham mưu UBND tỉnh … thay thế Quyết định X": a task, not a change the text makes
                    cue = Cue("cites", cue.phrase, cue.direction, cue.subject)
                if (
                    cue.predicate == "implements"
                    and subject == SELF
                    and found.layout.article_at(cue_start) is not None
                    and scope_matches("purpose_start", folded[clause_start:cue_start])
                ):
                    # "Điều 2. … a) Triển khai thực hiện có hiệu quả Quyết định số 991/QĐ-TTg": a task the articles
                    # assign; what a document carries out is stated before its first article
                    cue = Cue("cites", cue.phrase, cue.direction, cue.subject)
                if cue.predicate == "implements" and scope_matches(
                    "narrative_after", folded[after[-1].end : min(clause_end, after[-1].end + 300)]
                ):
                    cue = Cue("cites", cue.phrase, cue.direction, cue.subject)  # "…, các bộ … đã triển khai"
                if cue.predicate == "implements" and only_cites(
                    folded, clause_start, cue_start, cue_end, after[0], near
                ):
                    cue = Cue("cites", cue.phrase, cue.direction, cue.subject)
                for r in after:
                    found.add(subject, cue.predicate, r, clause, span, party_near, actor=party_near)
                    if cue.predicate != "cites":
                        object_of[r.start] = (subject, cue, span, party_near)
                    if party_near is not None and cue.predicate != "cites" and k == 0:
                        # "Kế hoạch số 14-KH/TU và Kế hoạch số 24/KH-UBND thực hiện Nghị quyết 66": both implement
                        # (only for the clause's first cue: after one, the documents before are its objects)
                        for other in coordinated(folded, before):
                            found.add(
                                target_of(other) or SELF, cue.predicate, r, clause, span, other, actor=other
                            )
                if cue.predicate != "cites":
                    opened.append((subject, cue, span))
            break  # one reading per cue
    return opened
