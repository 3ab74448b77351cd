"""kg.extraction.header reads "a type word right before the symbol" from the 49 characters before it: the same
answer as kg.extraction.mentions.type_word_before on the whole text, at every symbol of real texts."""

from __future__ import annotations

import pytest
from conftest import corpus_texts

from kg.extraction.candidates import find_candidates
from kg.extraction.header import _type_word_written
from kg.extraction.mentions import type_word_before


@pytest.mark.parametrize("ocr", [False, True])
def test_type_word_from_a_slice_as_from_the_whole(ocr: bool) -> None:
    seen = written = 0
    for n in [*corpus_texts("vbpl", 30), *corpus_texts("ocr", 10)]:
        folded = n.folded
        for pos in sorted({c.start for c in find_candidates(n.text, ocr)} | {0, 1, 48, 49, 50}):
            whole = type_word_before(folded, pos, ocr) is not None
            assert _type_word_written(folded, pos, ocr) == whole, pos
            seen += 1
            written += whole
    assert seen > 500 and 0 < written < seen
