"""The reference finders' scans give what their plain patterns give, on real corpus text (the whole-corpus
check is bench/extract_diff.py)."""

from __future__ import annotations

import pytest
from conftest import corpus_texts

from kg.extraction import candidates, references, short_scan
from kg.text.scan import finditer_pre


@pytest.mark.parametrize("name", ["vbpl", "local_admin", "congbot"])
def test_title_starts_found_from_their_words_are_the_pattern_matches(name: str) -> None:
    """Each type word searched alone, then the full pattern tried there: every match the pattern finds alone."""
    total = 0
    for n in corpus_texts(name, 60):
        fast = [m.span() for m in references._title_matches(n.text)]
        assert fast == [m.span() for m in references._title_starts().finditer(n.text)]
        total += len(fast)
    assert total > 20


@pytest.mark.parametrize("name", ["vbpl", "local_admin", "congbot"])
def test_number_runs_by_numpy_are_the_prefilter_matches(name: str) -> None:
    """The digit runs numpy keeps are where the prefilter's regex matches, and the candidates tried there are the
    ones the regex-led search finds."""
    total = 0
    for n in corpus_texts(name, 60):
        runs = candidates.number_runs(n.text)
        assert runs == [m.start() for m in candidates._NUMBER_RUN.finditer(n.text)]
        fast = [m.span() for m in candidates._matches(n.text, False)]
        plain = finditer_pre(candidates._NUMBER_RUN, candidates._pattern(False), n.text, skip=True)
        assert fast == [m.span() for m in plain]
        total += len(fast)
    assert total > 100


@pytest.mark.parametrize(
    "text",
    [
        "",
        "7",
        "số 12/",
        "a 12  \n  -x",
        "66.15/2026/NQ-CP",
        "12.",
        "12.3",
        "x12",
        "Điều 3 \t\n",
        "٣/ ١٢Q",
        "１２/",
    ],
)
def test_number_runs_at_the_edges(text: str) -> None:
    """Digits at either end, blanks before a separator, a numbered series, other scripts' digits."""
    assert candidates.number_runs(text) == [m.start() for m in candidates._NUMBER_RUN.finditer(text)]


def test_number_runs_leave_to_the_regex_what_they_cannot_say() -> None:
    assert candidates.number_runs("\U0001d7ce/ 12/") is None  # a digit outside the BMP
    assert candidates.number_runs("12/\ud800") is None  # a lone surrogate
    text = (
        "Quyết định 12/QĐ-UBND \U0001d7ce " * 200
    )  # long enough for numpy, which cannot say: the regex says
    found = [m.span() for m in candidates._matches(text, False)]
    assert len(found) == 200
    assert found == [m.span() for m in candidates._pattern(False).finditer(text)]


@pytest.mark.parametrize("name", ["vbpl", "local_admin", "congbot"])
def test_led_digits_tried_at_the_pairs_numpy_keeps_are_the_scans(name: str) -> None:
    """The led test tried only at the digits numpy keeps keeps every digit the scan of the reversed text keeps."""
    number, _, _ = short_scan.short_patterns(False)
    led, ends = short_scan.led_digit(False), short_scan.lead_ends(False)
    assert ends is not None and led is not None
    total = 0
    for n in corpus_texts(name, 60):
        fast = [m.span() for m in short_scan.number_hits(number, n.folded, led, ends)]
        assert fast == [m.span() for m in short_scan.number_hits(number, n.folded, led)]
        total += len(fast)
    assert total > 20


@pytest.mark.parametrize(
    "text",
    [
        "theo nghi quyet 57 va nq  \n 12, quyet dinh so: 3 ; so . 4 tt 5",
        "7 nq 1",
        "thong tu\u2003 8 kh\t9 nam 2020 thang 12",
        "nghi dinh 5",
    ],
)
def test_led_places_at_the_edges(text: str) -> None:
    """Blanks of any kind, "số" with ":" or "." (after a blank too), a lead at the start, a digit first."""
    led, ends = short_scan.led_digit(False), short_scan.lead_ends(False)
    assert led is not None and ends is not None
    last, back = len(text) - 1, text[::-1]
    places = short_scan.led_places(text, ends)
    assert places is not None
    kept = [p for p in places if led.match(back, last - p)]
    assert kept == sorted(last - m.start() for m in led.finditer(back))
    assert kept


def test_led_places_leave_to_the_scan_what_they_cannot_say() -> None:
    ends = short_scan.lead_ends(False)
    assert ends is not None
    assert short_scan.led_places("nq \U0001d7ce 12", ends) is None
    assert short_scan.lead_ends(True) is None  # OCR readings are patterns: every digit is tested


@pytest.mark.parametrize(("name", "ocr"), [("vbpl", False), ("local_admin", False), ("ocr", True)])
def test_type_word_with_its_first_letter_outside_the_group_is_the_grouped_one(name: str, ocr: bool) -> None:
    """The type word pattern with each plain word's first letter before its group finds the same match and the
    same word as with the whole word in the group, before every candidate symbol of real text."""
    import re

    from kg.extraction import mentions

    pat = mentions._type_word_pattern(ocr)[0]
    grouped = re.compile(re.sub(r"([a-z])\(\?P<(w\d+)>", r"(?P<\2>\1", pat.pattern))
    assert grouped.pattern != pat.pattern and grouped.groups == pat.groups
    found = 0
    for n in corpus_texts(name, 60):
        for c in candidates.find_candidates(n.text, ocr):
            start = max(0, c.start - 48)
            fast, plain = pat.search(n.folded, start, c.start), grouped.search(n.folded, start, c.start)
            assert (fast and (fast.span(), fast.lastindex)) == (plain and (plain.span(), plain.lastindex))
            found += fast is not None
    assert found > 5
