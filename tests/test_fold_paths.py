"""The two ways ``kg.text.fold.fold`` folds a long text (a numpy table, or ``str.translate``) give the same
string, and the table (numpy's import and a 65,536-entry build) waits until a megabyte of long texts was folded,
so one small letter does not pay for it."""

from __future__ import annotations

import importlib

import pytest
from conftest import CLEAN_SEED, OCR_SEED, corpus_texts, seed_path

import kg.text.fold as fold_mod


def test_table_and_translate_agree_on_real_text() -> None:
    text = seed_path(CLEAN_SEED).read_text(encoding="utf-8") + seed_path(OCR_SEED).read_text(encoding="utf-8")
    assert len(text) >= fold_mod._TABLE_FROM
    by_table = fold_mod._fold_by_table(text)
    assert by_table is not None and by_table == fold_mod._fold_by_chars(text)
    assert "quyet dinh" in by_table and "ủy ban" not in by_table


def test_table_waits_for_a_megabyte() -> None:
    mod = importlib.reload(fold_mod)  # a fresh module: no table, nothing folded yet
    try:
        letter = seed_path(CLEAN_SEED).read_text(encoding="utf-8")
        first = mod.fold(letter)
        assert mod._table is None  # one letter: the slow path, no numpy table
        big = letter * (mod._IMPORT_FROM // len(letter) + 1)
        assert mod.fold(big) == mod._fold_by_chars(big)
        assert mod._table is not None  # past a megabyte: the table
        assert mod.fold(letter + " ") == first + " "
    finally:
        importlib.reload(fold_mod)


def test_table_folds_a_capital_sigma_as_translate_does() -> None:
    # real documents that quote a Greek capital sigma ("Σ" in a formula), and the same with sigmas that close a
    # word ("ΟΔΟΣ" -> final "ς"), stand alone or sit mid-word, joined into one long text as one-document runs are
    texts = [t.text for t in corpus_texts("vbpl", 400) if "\u03a3" in t.text]
    assert texts
    greek = "\nΟΔΟΣ Σ ΣΑ (ΑΣ.) ΑΣ\u0301 x\n"
    text = greek.join(texts) + greek + "ΟΔΟΣ"
    by_table = fold_mod._fold_by_table(text)
    assert by_table is not None and by_table == fold_mod._fold_by_chars(text)
    assert "οδος σ σα (ας.) ας\u0301" in by_table


def test_pieces_fold_as_the_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    # small pieces, so that sigma lines and a character outside the plane (its piece takes the slow path) fall
    # across their edges; the result is the slow path's on the whole text
    texts = [t.text for t in corpus_texts("vbpl", 400) if "\u03a3" in t.text]
    text = "\n".join(texts) + " \U0001f600 ΟΔΟΣ" + "Đ" * 3000
    monkeypatch.setattr(fold_mod, "_PIECE", 997)
    assert fold_mod._fold_by_table(text) == fold_mod._fold_by_chars(text)
    assert fold_mod._fold_by_table(text[:5]) == fold_mod._fold_by_chars(text[:5])
