"""Where a national law's title that laws.tsv knows ends ("Luật Tổ chức chính quyền địa phương", across line
breaks): the longest title that matches, found by walking a trie of the titles' words (the one alternation of
every title, kept as the exact reference, took 27 ms to compile in every run that met a law)."""

from __future__ import annotations

import re
from functools import cache

from kg.tables import read_table
from kg.text.fold import fold, nfc

#: the space between two words of a title: spaces, or a line break with the spaces around it
GAP = r"(?: +(?:\n *)?|\n *)"


def _law_titles() -> list[str]:
    """The national laws' titles of laws.tsv, folded, the longest first."""
    return sorted(
        {fold(nfc(r["title"])).strip() for r in read_table("laws.tsv") if r.get("title")},
        key=len,
        reverse=True,
    )


def _title_atoms(title: str) -> list[str]:
    """A title as regex atoms: its first word, then each word after a gap (any line breaks) or a comma."""
    toks = re.findall(r"\w+|,", title)
    return [re.escape(toks[0])] + [r" *," if tok == "," else GAP + re.escape(tok) for tok in toks[1:]]


def _flat_titles(titles: list[str]) -> str:
    """One alternative per title, the longest first: the first that matches is the longest one that does."""
    return rf"(?:{'|'.join(''.join(_title_atoms(t)) for t in titles)})(?!\w)"


@cache
def _known_titles() -> re.Pattern[str]:
    """The national laws' titles of laws.tsv (folded, any line breaks inside): the longest one wins (the exact
    reference :func:`known_title_end` falls back on)."""
    return re.compile(_flat_titles(_law_titles()))


_WORD_AT = re.compile(r"\w+")
_COMMA_AT = re.compile(r" *,")
_GAP_WORD = re.compile(rf"{GAP}(\w+)")
_END = re.compile(r"(?!\w)")


@cache
def _title_trie() -> dict[str, dict] | None:
    """The titles as a trie of their words and commas (key ``""``: a title ends here), or None where a row
    breaks what :func:`known_title_end` needs: that the title with more words is the longer in characters."""
    titles = _law_titles()
    longest: dict[tuple[str, ...], int] = {}
    for t in titles:
        key = tuple(re.findall(r"\w+|,", t))
        longest[key] = max(longest.get(key, 0), len(t))
    for key, n in longest.items():
        if any(longest.get(key[:k], -1) >= n for k in range(1, len(key))):
            return None  # a title with fewer words but as many characters: the flat order decides
    trie: dict[str, dict] = {}
    for key in longest:
        node = trie
        for tok in key:
            node = node.setdefault(tok, {})
        node[""] = {}
    return trie


def known_title_end(folded: str, s: int) -> int | None:
    """``_known_titles().match(folded, s).end()``, or None where it does not match: the title's words read one at
    a time through a trie (the alternation of 262 titles took 27 ms to compile, every run that met a law).

    Exact: a word atom of the alternation is followed by a gap, a comma or the end (not a word character), so it
    matches only a whole word of the text; two titles match at one place only where one's words begin the
    other's, and the trie keeps the one with more words, which :func:`_title_trie` checks is the longer."""
    trie = _title_trie()
    if trie is None:
        known = _known_titles().match(folded, s)
        return known.end() if known else None
    w = _WORD_AT.match(folded, s)
    node = trie.get(w.group()) if w else None
    best = None
    while node is not None:
        pos = w.end()  # type: ignore[union-attr]
        if "" in node and _END.match(folded, pos):
            best = pos
        w = _COMMA_AT.match(folded, pos)
        if w is not None:
            node = node.get(",")
            continue
        w = _GAP_WORD.match(folded, pos)
        node = node.get(w.group(1)) if w else None
    return best
