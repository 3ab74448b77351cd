"""Normalized.norm_pos (one bisection of the pieces between anchors) gives what the bisection of every normalised
offset by ``orig_start`` gave, at every offset of real texts that normalisation changed (markdown, decomposed
letters, OCR)."""

from __future__ import annotations

from bisect import bisect_left

from conftest import corpus_texts


def test_norm_pos_inverts_orig_start_as_the_bisection_did() -> None:
    texts = [n for name in ("congbot", "vbpl", "ocr") for n in corpus_texts(name, 12) if not n.identity]
    assert len(texts) > 8
    for n in texts:
        offsets = range(len(n.text) + 1)
        for pos in range(len(n.original) + 3):
            assert n.norm_pos(pos) == bisect_left(offsets, pos, key=n.orig_start), pos
