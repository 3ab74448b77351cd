"""The relation stage's shortcuts give what the plain code gives, on real corpus text (the whole-corpus check is
bench/extract_diff.py: 0 differing documents)."""

from __future__ import annotations

import pytest
from conftest import corpus_texts

from kg.extraction import cues, effective, structure
from kg.extraction.structure import LEVELS, Unit
from kg.text.scan import finditer_pre


def _article_at(units: list[Unit], pos: int) -> str | None:
    """The plain reading: the innermost article holding ``pos``, unless an outer unit holds it first."""
    for u in reversed([u for u in units if u.start <= pos]):
        if u.kind == "article" and pos < u.end:
            return u.label
        if u.level < LEVELS.index("article") and pos < u.end:
            return None
    return None


def test_structure_columns_answer_as_the_units_do() -> None:
    """The column-kept layout gives, at every unit start and in between, the article and items the units give."""
    asked = 0
    for n in corpus_texts("vbpl"):
        layout = structure.structure(n.text)
        units = layout.units
        ends = [u.end for u in units]
        # a unit ends where the next one of its level or an outer one starts
        for i, u in enumerate(units):
            nxt = next((v.start for v in units[i + 1 :] if v.level <= u.level), len(n.text))
            assert ends[i] == nxt
        for pos in sorted({p for u in units for p in (u.start, u.start + 3, u.end - 1)} | {0}):
            assert layout.article_at(pos) == _article_at(units, pos)
            asked += 1
    assert asked > 1000


def test_cues_tried_by_their_first_words_are_the_alternation_matches() -> None:
    """Where the phrases that open with the words found are tried alone, the matches and phrases are those of the
    whole alternation of every phrase (the plain search, with its own reading of which phrase matched)."""
    pat, cue_sets = cues.cue_pattern(False)
    found = 0
    for n in corpus_texts("vbpl"):
        want = [(m.span(), cues._which(m, len(cue_sets))) for m in pat.finditer(n.folded)]
        got = [(m.span(), which) for m, which in cues.cue_matches(n.folded, 0, len(n.folded), False)]
        assert got == want
        # and inside a slice (a clause), where the end may cut a phrase
        mid = len(n.folded) // 2
        want = [(m.span(), cues._which(m, len(cue_sets))) for m in pat.finditer(n.folded, 7, mid)]
        assert [(m.span(), w) for m, w in cues.cue_matches(n.folded, 7, mid, False)] == want
        found += len(got)
    assert found > 500


@pytest.mark.parametrize("kind", ["enters", "ends", "passed"])
def test_effective_cues_tried_where_their_first_words_are_match_as_the_plain_search(kind: str) -> None:
    """The effect cues found where their prefilter points are those the plain search finds, in whole texts and
    in windows (a change's evidence)."""
    pat = getattr(effective._cues(), kind)
    found = 0
    for n in corpus_texts("vbpl"):
        f = n.folded
        for lo, hi in [(0, len(f)), (len(f) // 3, len(f) // 3 + 700), (5, len(f) - 5)]:
            want = [m.span() for m in pat.finditer(f, lo, hi)]
            assert [m.span() for m in finditer_pre(effective._prefilter(kind), pat, f, lo, hi)] == want
            found += len(want)
    assert found > 0


@pytest.mark.parametrize(
    ("pattern", "needles"),
    [
        (r"…\s*…|\.{5,}", ("…", ".....")),  # the "form" rows
        (r"\bcum tu\b|(?:\bmot so noi dung\b)", ("cum tu", "mot so noi dung")),
        (r"x(?:ab|c)yz{2}w*", ("yzz",)),  # a branch ends a run; a fixed count keeps it going
        # the longest any-of set: "ap trung"/"rien khai" (re's parser takes their common "t" out of the branch)
        (r"\bda\s+(?!duoc\b)(?:tap trung|trien khai)\b", ("ap trung", "rien khai")),
        (r"\btheo\b|viec|\b\w+$", ()),  # an alternative without a literal: no needles
        (r"(?i)cum tu", ()),  # case-insensitive: "Cum tu" matches too
    ],
)
def test_required_literals(pattern: str, needles: tuple[str, ...]) -> None:
    import re

    from kg.text.literals import required_literals

    assert required_literals(re.compile(pattern)) == needles


def test_scope_needles_answer_as_the_regex_does() -> None:
    """Every role of cue_scope.tsv over windows of real folded text (national, local and OCR'd documents, whose
    forms have dotted blanks): the bounded, literal-led test gives what the regex over the slice gives."""
    from kg.extraction.scope import _needles, _scope, scope_matches, scope_may_match

    assert set(_needles()) >= {"form", "phrase_level"}
    hits = 0
    for n in corpus_texts("vbpl", 30) + corpus_texts("local_admin", 30) + corpus_texts("ocr", 30):
        folded = n.folded
        for start in range(0, len(folded), 397):
            for end in (start + 40, start + 300, start + 1000, start - 5):
                for role, pat in _scope().items():
                    want = pat.search(folded[start:end]) is not None
                    assert scope_matches(role, folded, start, end) == want, (role, folded[start:end])
                    # no literal in a wider window: no match in any part of it
                    if end > start:
                        assert scope_may_match(role, folded, max(0, start - 50), end + 50) or not want
                    hits += want and role in _needles()
    assert hits > 50


def test_speaks_of_itself_answers_as_the_regex_does() -> None:
    """Around every "nay" of real folded text, windows that cut the word before it, the spaces, "nay" itself and
    what follows: the reading from "nay" gives what the pattern's search gives."""
    from kg.extraction.objects import _this, speaks_of_itself

    said = 0
    for n in corpus_texts("vbpl", 20) + corpus_texts("local_admin", 20) + corpus_texts("ocr", 20):
        folded = n.folded
        q = folded.find("nay")
        while q >= 0:
            for start in (q - 40, q - 12, q - 6, q - 5, q - 4, q - 1, q, 0):
                for end in (q + 2, q + 3, q + 4, q + 60, len(folded)):
                    want = _this().search(folded, max(start, 0), end) is not None
                    assert speaks_of_itself(folded, start, end) == want, folded[max(start, 0) : end]
                    said += want
            q = folded.find("nay", q + 1)
    assert said > 1000
    # the real phrases, glued to a letter before or after, spaced out, cut: the word boundaries decide
    texts = corpus_texts("vbpl", 20) + corpus_texts("local_admin", 20)
    phrases = {m.group() for n in texts for m in _this().finditer(n.folded)}
    assert len(phrases) > 6
    for phrase in sorted(phrases):
        word = phrase.rsplit(" ", 1)[0].rstrip()
        for text in (
            f"ve {phrase} thi",
            f"ve x{phrase} thi",  # a letter before the word: no boundary
            f"ve {phrase}y thi",  # a letter after "nay"
            f"ve {phrase}_",
            f"ve {phrase}1",
            f"{word}\n\n  nay",
            f"{word}nay",
            f"{phrase}",
        ):
            for start in range(0, 6):
                for end in (len(text) - 5, len(text) - 4, len(text) - 1, len(text)):
                    want = _this().search(text, start, end) is not None
                    assert speaks_of_itself(text, start, end) == want, (text, start, end)
