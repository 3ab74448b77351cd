"""Fast scanning with Python's ``re``: an expensive pattern tried only where a cheap one says it can match.

CPython's regex engine skips ahead in C only when a pattern begins with a literal, a character class or an
alternation of plain literals; a pattern that begins with ``\\b``, a look-behind or an alternation of named
groups is re-tried at every character (the relation-cue pattern ran at about 2 MB/s that way). Giving such a
pattern a literal-led *prefilter* keeps its meaning and lets the engine skip (tens of MB/s).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator


def finditer_pre(
    pre: re.Pattern[str],
    pat: re.Pattern[str],
    text: str,
    pos: int = 0,
    endpos: int | None = None,
    skip: bool = False,
    lead: int = 0,
) -> Iterator[re.Match[str]]:
    """Exactly what ``pat.finditer(text, pos, endpos)`` yields, provided every match of ``pat`` starts where
    ``pre`` matches and ``pat`` never matches the empty string; with ``skip``, also provided no match of ``pat``
    starts strictly inside a match of ``pre`` where ``pat`` failed (the search then goes on after it). With
    ``lead``, ``pat`` is tried ``lead`` characters after where ``pre`` matches (``\\s\\d`` finds a number after
    a space: every match of ``pat`` starts ``lead`` characters after a match of ``pre``).

    ``pat.match(text, p, endpos)`` makes the same test ``finditer`` makes at ``p``: look-behinds and ``\\b`` see
    the real string before ``p``, and ``endpos`` cuts both the same way.
    """
    end = len(text) if endpos is None else min(endpos, len(text))
    search, match = pre.search, pat.match
    while True:
        c = search(text, max(0, pos - lead), end)
        if c is None:
            return
        p = c.start() + lead
        m = match(text, p, end)
        if m is None:
            pos = c.end() + lead if skip and c.end() > c.start() else p + 1
            continue
        yield m
        pos = m.end()


def finditer_literals(literals: Iterable[str], pat: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Exactly what ``pat.finditer(text)`` yields, provided every match of ``pat`` starts where one of the
    ``literals`` starts and ``pat`` never matches the empty string. The places are found by ``str.find`` (a
    literal search in C); a regex led by the literals' first letters stops at every one of those letters,
    and "C", "H", "n", "t" are everywhere."""
    starts: set[int] = set()
    for lit in literals:
        p = text.find(lit)
        while p >= 0:
            starts.add(p)
            p = text.find(lit, p + 1)
    pos = 0
    match = pat.match
    for p in sorted(starts):
        if p >= pos and (m := match(text, p)) is not None:
            yield m
            pos = m.end()


def trie_regex(sequences: Iterable[list[str]]) -> str:
    """One regex for a set of sequences of regex atoms, as a trie: ``[["a", "b"], ["a", "c"]]`` gives
    ``a(?:b|c)``. With plain literals first, ``re`` skips in C to the positions where one of them starts and
    tries each branch with one comparison; it matches where some sequence matches (any length)."""
    trie: dict[str, dict] = {}
    for seq in sequences:
        node = trie
        for atom in seq:
            node = node.setdefault(atom, {})
        node[""] = {}  # end of a sequence

    def emit(node: dict[str, dict]) -> str:
        if "" in node:
            return ""  # a shorter sequence ends here: the prefix alone is a match (a necessary condition)
        alts = [atom + emit(child) for atom, child in node.items()]
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return emit(trie)


def phrase_prefilter(phrases: Iterable[str], words: int = 2) -> re.Pattern[str]:
    """Where a match of an alternation of ``phrases`` (their words joined by ``\\s+``, each word ``re.escape``d)
    can start: a trie of their first ``words`` words, literal-led (a pattern that never matches when there is
    no phrase)."""
    heads = []
    for phrase in phrases:
        atoms: list[str] = []
        for k, word in enumerate(phrase.split()[:words]):
            atoms += ([r"\s+"] if k else []) + [re.escape(ch) for ch in word]
        heads.append(atoms)
    return re.compile(trie_regex(heads) or r"(?!)")
