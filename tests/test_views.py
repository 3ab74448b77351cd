"""kg.extraction.pipeline's views (a text with spans blanked): the fold a view takes from the whole text's fold is
the fold of the view itself, capital sigmas read in their new context included."""

from __future__ import annotations

from conftest import corpus_texts

from kg.extraction.pipeline import _view
from kg.text.fold import _fold_by_chars, fold
from kg.text.normalize import normalize


def test_a_view_folds_as_its_own_text() -> None:
    docs = [n.original for n in corpus_texts("vbpl", 400) if "\u03a3" in n.text]
    assert docs
    # real documents with a Greek capital sigma, and a line where blanking "ΟΔΟ" changes the sigma after it
    # from final ("οδος") to not ("σ" alone)
    n = normalize("\n".join([*docs, "Ký hiệu ΟΔΟΣ và ΣΑ"]))
    whole = n.folded
    sigma = n.text.rindex("ΟΔΟΣ")
    cuts = [(sigma, sigma + 3), *((s, s + 40) for s in range(0, len(n.text) - 40, 997))]
    view = _view(n, cuts)
    assert view._folded is not None and view.text != n.text
    assert view.folded == fold(view.text) == _fold_by_chars(view.text)
    assert whole[sigma + 3] == "ς" and view.folded[sigma + 3] == "σ"
