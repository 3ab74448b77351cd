"""Where the relation cue phrases of a clause are (kg/data/relation_cues.tsv), leaving out cue words that are not
statements: inside a reference, inside another document's title ("Luật sửa đổi, bổ sung …"), or the name of the
next document's type ("Hướng dẫn số 38-HD/BTCTW"). One alternation of every phrase, longest first, tried only where a
literal prefilter of their first words matches (kg.text.scan), and there only with the phrases that open with the
words found."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import cache
from itertools import accumulate

from kg.extraction.lexicon import Cue, lexicon
from kg.models import Mention
from kg.text.normalize import Normalized
from kg.text.scan import finditer_pre, trie_regex


@cache
def _by_phrase() -> dict[str, list[Cue]]:
    """Each phrase (commas left out: "được sửa đổi bổ sung tại" is "được sửa đổi, bổ sung tại") -> its rows."""
    by_phrase: dict[str, list[Cue]] = {}
    for c in lexicon().cues:
        by_phrase.setdefault(" ".join(c.phrase.replace(",", " ").split()), []).append(c)
    return by_phrase


@cache
def _phrases() -> list[str]:
    """The phrases, longest first: the order of :func:`cue_pattern`'s alternatives."""
    return sorted(_by_phrase(), key=len, reverse=True)


@cache
def cue_pattern(ocr: bool) -> tuple[re.Pattern[str], list[list[Cue]]]:
    """One alternation of all cue phrases, longest first; group ``cN`` tells which phrase matched."""
    lex = lexicon()
    alts = []
    for i, a in enumerate(_phrases()):
        # commas are optional
        body = lex.loose(a).replace(r"\s+", r",?\s+") if ocr else _plain_body(a)
        alts.append(f"(?P<c{i}>{body})")
    pat = re.compile(r"\b(?:" + "|".join(alts) + r")(?!\w)")
    return pat, [_by_phrase()[a] for a in _phrases()]


@cache
def _cue_prefilter(ocr: bool) -> re.Pattern[str]:
    """Where a cue can start: a trie of the first two words of the phrases (literal-led, so ``re`` skips
    through a clause in C instead of trying :func:`cue_pattern`'s branches at every character)."""
    lex = lexicon()

    def atoms(word: str) -> list[str]:
        return [
            f"[{re.escape(lex.ocr_chars[ch])}]" if ocr and ch in lex.ocr_chars else re.escape(ch)
            for ch in word
        ]

    heads = []
    for c in lex.cues:
        words = c.phrase.replace(",", " ").split()[:2]
        heads.append(atoms(words[0]) + [r",?\s+", *atoms(words[1])] if len(words) > 1 else atoms(words[0]))
    return re.compile(trie_regex(heads))


def cue_matches(folded: str, start: int, end: int, ocr: bool) -> Iterator[tuple[re.Match[str], int]]:
    """``cue_pattern(ocr)[0].finditer(folded, start, end)``, tried only where :func:`_cue_prefilter` matches;
    each match with the index of the phrase it matched."""
    by_words = None if ocr else _cues_by_words()
    if not by_words:  # (OCR text's loose letters: the whole alternation at each place)
        pat, cue_sets = cue_pattern(ocr)
        for m in finditer_pre(_cue_prefilter(ocr), pat, folded, start, end):
            yield m, _which(m, len(cue_sets))
        return
    search, words = _cue_prefilter(False).search, _TWO_WORDS.match
    end = min(end, len(folded))
    while (c := search(folded, start, end)) is not None:
        p = c.start()
        w = words(folded, p, end)  # (a prefilter match opens with a word: the first word of a phrase)
        tried = by_words.get(w.group(1, 2)) or by_words.get((w[1], None))  # type: ignore[index]
        m = tried[0].match(folded, p, end) if tried else None
        if m is None:
            start = p + 1
            continue
        yield m, tried[1][m.lastindex - 1]  # type: ignore[index,operator]
        start = m.end()


#: the first two words at a place, as a phrase's words are joined in :func:`cue_pattern` (",?\s+")
_TWO_WORDS = re.compile(r"(\w+)(?:,?\s+(\w+))?")


@cache
def _cues_by_words() -> dict[tuple[str, str | None], tuple[re.Pattern[str], tuple[int, ...]]]:
    """(first word, second word) -> the one alternation of the phrases that can match where those words stand,
    in :func:`cue_pattern`'s order, and the index of each: a phrase of one word where the first is, and those
    of two or more that open with both; (first word, None) -> the one-word phrases alone.

    Exact: a phrase (plain words joined by ",?\\s+") can match only where its first words are the words there,
    so leaving out the others changes neither which alternative matches first nor its span (the one alternation
    tried all 71 phrases at each place the prefilter found, 2.2 µs a try)."""
    phrases = [p.split() for p in _phrases()]
    if not all(re.fullmatch(r"\w+", w) for p in phrases for w in p[:2]):
        return {}  # (a $KG_TABLES phrase with other characters: every place tries the whole alternation)
    keys = {(p[0], None) for p in phrases} | {(p[0], p[1]) for p in phrases if len(p) > 1}
    out = {}
    for first, second in keys:
        which = tuple(
            i
            for i, p in enumerate(phrases)
            if p[0] == first and (len(p) == 1 or (second is not None and p[1] == second))
        )
        if which:
            alts = "|".join(f"({_plain_body(' '.join(phrases[i]))})" for i in which)
            out[(first, second)] = (re.compile(rf"\b(?:{alts})(?!\w)"), which)
    return out


def _plain_body(phrase: str) -> str:
    """A phrase's words as :func:`cue_pattern` joins them outside OCR text."""
    return r"\s+".join(map(re.escape, phrase.split())).replace(r"\s+", r",?\s+")


TITLE_WORD = re.compile(
    r"\b(?<!phap )(?P<word>luat|bo luat|nghi dinh|thong tu|quyet dinh|nghi quyet|phap lenh)(?:[ \t]+(?!nay\b)\w{1,5}){0,2}[ \t]+$"
)


#: what follows a cue word that is the type of the document it names ("Hướng dẫn số 38-HD/BTCTW")
_NAMED = re.compile(r"\s+(?:so\s*:?\s*)?\d+\s*[/-]")


def _ends_type_word(folded: str, end: int) -> bool:
    """Whether a document type's name ("hướng dẫn", "văn bản hợp nhất") ends at ``end``."""
    return any(
        folded.endswith(w.folded, 0, end)
        and (end == len(w.folded) or not folded[end - len(w.folded) - 1].isalnum())
        for w in lexicon().type_words
    )


def cues_before(n: Normalized, start: int, end: int) -> bool:
    """An item that states its own relation ("2. Bãi bỏ Quyết định số …") is read on its own."""
    return next(cue_matches(n.folded, start, end, False), None) is not None


def cues_in(
    n: Normalized, clause_start: int, clause_end: int, in_clause: list[Mention], ocr: bool
) -> list[tuple[int, int, list[Cue]]]:
    """Cue phrases of one clause: (start, end, readings), leaving out cue words inside a reference or a title."""
    cue_sets = cue_pattern(ocr)[1]
    folded = n.folded
    cues = []
    starts = [r.start for r in in_clause]
    reach = list(accumulate((r.end for r in in_clause), max))  # the furthest end of the references so far
    for m, which in cue_matches(folded, clause_start, clause_end, ocr):
        i = bisect_right(starts, m.start()) - 1
        if i >= 0 and m.start() < reach[i]:
            continue  # a cue word inside a reference's own text
        if in_a_title(n, clause_start, m.start()):
            continue  # "Luật sửa đổi, bổ sung …": the title of another document, not a statement
        if _NAMED.match(folded, m.end()) and _ends_type_word(folded, m.end()):
            continue  # "Hướng dẫn số 38-HD/BTCTW", "Văn bản hợp nhất 94/VBHN-VPQH": a type's name, not a verb
        cues.append((m.start(), m.end(), cue_sets[which]))
    return cues


def _which(m: re.Match[str], phrases: int) -> int:
    """The index of the phrase a cue match matched (group ``cN``)."""
    if m.re.groups == phrases:  # only the phrases' groups capture: the one that matched is the last one
        return m.lastindex - 1  # type: ignore[operator]
    return next(int(k[1:]) for k, v in m.groupdict().items() if v is not None)


def in_a_title(n: Normalized, clause_start: int, cue_start: int) -> bool:
    folded = n.folded
    title = TITLE_WORD.search(folded, max(clause_start, cue_start - 26), cue_start)
    return bool(
        title
        and not n.text[title.start() : title.end()].strip().isupper()
        # "ban hành Thông tư …" and a plural ("Các Thông tư sau đây hết hiệu lực …:") name no title
        and not re.search(
            r"(?:ban hanh|\bcac|\bnhung)\s+$", folded[max(clause_start, title.start() - 12) : title.start()]
        )
    )
