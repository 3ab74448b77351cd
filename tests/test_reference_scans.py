"""The reference finders' scans give what their plain patterns give, on real corpus text (the whole-corpus
check is bench/extract_diff.py)."""

from __future__ import annotations

import itertools
from functools import cache

import pytest
from conftest import SHARED

from kg.extraction import references
from kg.sources import iter_documents
from kg.text.normalize import Normalized, normalize

CORPUS = SHARED / "corpus"
SETS = {
    "vbpl": CORPUS / "vbpl_vn__phanbasongtoan112-art_vbpl-layout-detection" / "documents.jsonl",
    "local_admin": CORPUS / "local_admin__tnt305_tai_lieu_noi_bo" / "documents.jsonl",
    "congbot": CORPUS / "tvpl__TuanHuu168_CongBot",
}


@cache
def _texts(name: str, count: int = 60) -> tuple[Normalized, ...]:
    path = SETS[name]
    if not path.exists():
        pytest.skip(f"{path} not present")
    docs = (t for _s, t in iter_documents([path]) if isinstance(t, str))
    return tuple(normalize(t) for t in itertools.islice(docs, count))


@pytest.mark.parametrize("name", ["vbpl", "local_admin", "congbot"])
def test_title_starts_found_from_their_words_are_the_pattern_matches(name: str) -> None:
    """Each type word searched alone, then the full pattern tried there: every match the pattern finds alone."""
    total = 0
    for n in _texts(name):
        fast = [m.span() for m in references._title_matches(n.text)]
        assert fast == [m.span() for m in references._title_starts().finditer(n.text)]
        total += len(fast)
    assert total > 20
