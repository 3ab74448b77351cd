"""kg.text.composed: offsets of the NFC copy map back to the text as given; a line that needs no walk (composed
already, no combining mark) maps an offset to itself exactly as the walk would."""

from __future__ import annotations

import unicodedata

from conftest import corpus_texts

from kg.text.composed import Composed, composed


def test_lines_left_alone_map_as_the_walk_does() -> None:
    texts = [t.original for t in corpus_texts("vbpl", 120)]
    mixed = [t for t in texts if not unicodedata.is_normalized("NFC", t)][:3]
    plain = [t for t in texts if unicodedata.is_normalized("NFC", t)][:3]
    assert mixed and plain
    # one long document made of decomposed and composed ones, and a composed line with a mark that stays
    # ("q" and a tilde compose into nothing): the walk rounds an offset inside it up to the letter's end
    text = "\n".join([*mixed, *plain, "Ký hiệu q\u0303 và Điều 5"])
    fast, slow = Composed(text), Composed(text, walk_all=True)
    assert fast.text == slow.text != text
    assert 0 < len(fast._scan_starts) < len(slow._scan_starts) == text.count("\n") + 1
    for pos in [*range(0, len(fast.text) + 1, 5), *range(len(fast.text) - 12, len(fast.text) + 1)]:
        assert fast.orig(pos) == slow.orig(pos), pos


def test_the_same_string_is_composed_once() -> None:
    text = corpus_texts("vbpl", 5)[0].original
    assert composed(text) is composed(text)
    assert composed(text + " ") is not composed(text)
