"""The passive-clause lookup of :mod:`kg.extraction.relations` ("…; được sửa đổi, bổ sung bởi Thông tư số B":
the document the previous clause ended on) is a bounded backward search, not a scan of every reference, so a
long text stays linear; it must find what the scan found."""

from __future__ import annotations

import random

from conftest import CLEAN_SEED, seed_path

from kg.extraction import extract
from kg.extraction.relations import _last_ending_in


def _naive(refs: list, lo: int, hi: int):  # noqa: ANN202 - the scan it replaced
    return next((r for r in reversed(refs) if lo < r.end <= hi), None)


def test_bounded_search_finds_what_the_scan_found() -> None:
    text = seed_path(CLEAN_SEED).read_text(encoding="utf-8")
    refs = sorted(extract(text, source="seed").mentions, key=lambda m: m.start)
    assert len(refs) > 10
    starts = [r.start for r in refs]
    longest = max(r.end - r.start for r in refs)
    rng = random.Random(13)
    ends = [r.end for r in refs]
    probes = [(e - 600, e) for e in ends] + [(e - 600, e - 1) for e in ends]
    probes += [(p - 600, p) for p in (rng.randrange(len(text)) for _ in range(300))]
    for lo, hi in probes:
        assert _last_ending_in(refs, starts, longest, lo, hi) is _naive(refs, lo, hi), (lo, hi)
