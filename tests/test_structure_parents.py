"""Structure.parent_heading reads each unit's parent from structure() instead of walking back unit by unit: the
same headings as the walk on real texts, one by one and joined into one long text."""

from __future__ import annotations

from conftest import corpus_texts

from kg.extraction.structure import LEVELS, Structure, structure


def _walked(layout: Structure, pos: int) -> tuple[int, int] | None:
    """parent_heading as it was: back from the item's unit, one holder at a time."""
    inner = layout._holder(pos)
    if inner is None or inner.kind == "article" or inner.start == 0:
        return None
    parent = layout._holder(inner.start - 1)
    while parent is not None and parent.level >= inner.level:
        parent = layout._holder(parent.start - 1) if parent.start else None
    if parent is None:
        return None
    first_child = min(s for s in layout._starts if s > parent.start)
    return parent.start, min(first_child, inner.start)


def test_parent_heading_as_the_walk() -> None:
    texts = [n.text for name in ("vbpl", "congbot") for n in corpus_texts(name, 60)]
    seen = 0
    for text in [*texts[:40], "\n".join(texts)]:
        layout = structure(text)
        for start in layout._starts:
            for pos in (start, start + 1):
                got = layout.parent_heading(pos)
                assert got == _walked(layout, pos), pos
                seen += got is not None
    assert seen > 1000
    assert {LEVELS[lv] for lv in layout._levels} >= {"article", "clause", "point"}
