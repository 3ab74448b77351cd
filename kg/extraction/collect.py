"""The relations of one text as they are found: without repeats, with their evidence cut to a clause, and only
when they can be true (kg.extraction.plausible: dates, ranks, legal force) and are the text's own statement (not a
blank form, a consolidated text's reproduced preamble or a "Căn cứ" below the articles)."""

from __future__ import annotations

from kg.extraction.clauses import bounded, clauses_containing
from kg.extraction.lexicon import lexicon
from kg.extraction.plausible import Party, header_party, mention_party, plausible
from kg.extraction.scope import scope_matches, scope_may_match
from kg.extraction.structure import Structure
from kg.models import SELF, Header, Mention, Relation
from kg.text.fold import fold, squash
from kg.text.normalize import Normalized


def target_of(m: Mention) -> str | None:
    return m.target


#: relations a consolidated text (văn bản hợp nhất) never states of itself: it changes nothing
CHANGES = frozenset({"amends", "repeals", "replaces", "suspends"})
#: relations a proposal or a task may name without stating them
STATED_CHANGES = CHANGES | {"guides"}


#: what a document states of others only with legal force of its own (a Công văn, Tờ trình or Báo cáo has none:
#: doc_type_names.tsv ``can_implement``)
NEEDS_FORCE = frozenset({"amends", "repeals", "suspends", "implements"})


def can_act(type_name: str | None) -> bool:
    """Whether documents of this type act on others (doc_type_names.tsv ``can_implement``); unknown types may."""
    word = next((w for w in lexicon().type_words if w.name == type_name), None) if type_name else None
    return word is None or word.can_implement


def self_can_implement(header: Header) -> bool:
    """Whether the document's own type "implements" what it carries out (a Kế hoạch does, a Công văn cites)."""
    if not header.type:
        return True
    word = next((w for w in lexicon().type_words if w.name == header.type), None)
    return bool(word and word.can_implement)


class Collector:
    """The relations found so far, without repeats; knows what the document itself already relates to."""

    def __init__(self, n: Normalized, header: Header, layout: Structure) -> None:
        self.text = n.text
        self.folded = n.folded
        self.self_can_implement = self_can_implement(header)
        # a consolidated text restates the documents it consolidates: their "Thông tư này thay thế …" is theirs
        self.consolidated = header.type_code == "VBHN" or (header.symbol or "").upper().find("/VBHN-") >= 0
        self.own = header.symbol
        self.own_party = header_party(header)
        self.own_type = fold(header.type or "")
        self.parties: dict[str, Party] = {}  # cited document -> what is known of its date and rank
        self.kinds: dict[str, str | None] = {}  # cited document -> its type name
        self.layout = layout
        self.relations: list[Relation] = []
        self._seen: set[tuple[str, str, str]] = set()
        self.related_by_self: set[str] = set()
        self.typed: set[int] = set()  # starts of the mentions that are the object of a typed relation

    def _in_a_form(self, m: Mention | None, span: tuple[int, int]) -> bool:
        """The sentence around ``m`` is a blank form to fill in (kg/data/cue_scope.tsv ``form``)."""
        if m is not None and not scope_may_match(
            "form", self.folded, max(span[0], m.start - 500), min(span[1], m.end + 500)
        ):
            return False  # (the sentence's part below lies inside these bounds: no need to find the sentence)
        start, end = clauses_containing(self.text, m.start)[0] if m is not None else span
        if m is not None:  # a form's placeholders stand near its fields
            start, end = max(start, m.start - 500), min(end, m.end + 500)
        return scope_matches("form", self.folded, max(start, span[0]), min(end, span[1]))

    def _phrase_level(self, span: tuple[int, int], cue: tuple[int, int]) -> bool:
        """ "Bãi bỏ cụm từ …", "Một số cụm từ … bị thay thế bởi …": words of the object change, it is amended."""
        start, end = span
        around = (
            self.folded[max(start, cue[0] - 120) : cue[0]] + " " + self.folded[cue[1] : min(end, cue[1] + 40)]
        )
        return scope_matches("phrase_level", around)

    def know(self, refs: list[Mention]) -> None:
        """Remember each cited document's best-known date and rank, from whichever mention states them."""
        for m in refs:
            t = target_of(m)
            if t is None:
                continue
            p = mention_party(m)
            known = self.parties.get(t)
            if known is None or (p.date and not known.date) or (p.rank is not None and known.rank is None):
                self.parties[t] = Party(
                    p.rank if p.rank is not None else known.rank if known else None,
                    p.date or (known.date if known else None),
                    p.year or (known.year if known else None),
                    p.local or bool(known and known.local),
                )
                self.kinds.setdefault(t, m.type_name)

    def _plausible(
        self, subject: str, predicate: str, target: str, obj: Mention | None, actor: Mention | None
    ) -> bool:
        """Dates, ranks and legal force allow ``subject predicate target`` (kg.extraction.plausible); unknown
        sides pass."""
        if subject != SELF and predicate in NEEDS_FORCE:
            kind = (
                actor.type_name
                if actor is not None and target_of(actor) == subject
                else self.kinds.get(subject)
            )
            if not can_act(kind):
                # "Căn cứ công văn số 3752 … thống nhất về việc bãi bỏ …": a letter repeals nothing; "công văn số
                # 3316 về việc triển khai Nghị định 175": a letter reports on a decree, it does not carry it out
                return False
        who = self.own_party if subject == SELF else self.parties.get(subject)
        what = self.own_party if target == SELF else self.parties.get(target)
        if who is None or what is None:
            return True
        return plausible(predicate, who, what)

    def add(
        self,
        subject: str,
        predicate: str,
        obj: Mention | str,
        span: tuple[int, int],
        cue: tuple[int, int] | None = None,
        party: Mention | None = None,
        actor: Mention | None = None,
    ) -> None:
        """``subject predicate obj``, stated in ``span`` by the cue at ``cue``; ``party`` is the other mention,
        ``actor`` the mention of the subject when it is not the document itself."""
        target = obj if isinstance(obj, str) else target_of(obj)
        subject, target = (SELF if x == self.own else x for x in (subject, target))
        if subject == target or target is None:
            return
        if predicate != "cites" and self._in_a_form(obj if isinstance(obj, Mention) else party, span):
            if subject != SELF:
                return
            predicate = "cites"  # a blank form in an annex ("Hôm nay, vào lúc … giờ …") states nothing
        if predicate in ("repeals", "replaces") and cue and self._phrase_level(span, cue):
            predicate = "amends"
        if not self._plausible(subject, predicate, target, obj if isinstance(obj, Mention) else party, actor):
            if subject != SELF:
                return
            predicate = "cites"
        if predicate == "implements" and subject == SELF and not self.self_can_implement:
            predicate = "cites"
        if self.consolidated and (
            (SELF in (subject, target) and predicate in CHANGES)
            or (subject == SELF and predicate not in ("cites", "consolidates"))
        ):
            predicate = "cites"  # a consolidated text restates its sources: their statements are not its own
        if predicate == "based_on" and subject == SELF and cue and self.layout.article_at(cue[0]) is not None:
            # the bases of a document are stated before its first article; a "Căn cứ" below it belongs to a form of
            # an annex, a reproduced text, or is an ordinary verb ("căn cứ quy định tại khoản 5a Điều 125 …")
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
