"""The extractor's shortcuts give what the plain code gives, on real corpus text.

Each speed-up keeps the plain path (used when a $KG_TABLES row defeats the shortcut); these tests run both on
documents of the shared corpus and compare. The whole-corpus check is bench/extract_diff.py (0 differing
documents); these are its quick, always-run part.
"""

from __future__ import annotations

import re

import pytest
from conftest import corpus_texts
from hypothesis import given
from hypothesis import strategies as st

from kg.extraction import (
    boilerplate,
    candidates,
    clauses,
    dates,
    law_titles,
    mentions,
    ocr,
    ocr_probe,
    references,
    short_scan,
    structure,
)
from kg.extraction.lexicon import lexicon
from kg.text.decode import control_count
from kg.text.fold import _FOLD, fold, loaded_table, squash, table_codes
from kg.text.literals import Literals
from kg.text.normalize import Normalized, normalize
from kg.text.reverse import reverse_regex
from kg.text.scan import finditer_literals


@pytest.mark.parametrize("ocr", [False, True])
def test_reversed_lead_matches_every_real_lead_reversed(ocr: bool) -> None:
    """Wherever the short-reference lead matches real text, its reversed pattern matches the reversed span."""
    lead = short_scan.number_lead(ocr)
    forward, backward = re.compile(lead), re.compile(reverse_regex(lead) or "(?!)")
    seen = 0
    for n in corpus_texts("vbpl") + corpus_texts("ocr"):
        for m in forward.finditer(n.folded):
            assert backward.fullmatch(m.group()[::-1]), m.group()
            seen += 1
    assert seen > 50


def test_reverse_regex_reverses_and_refuses() -> None:
    assert re.fullmatch(reverse_regex(r"(?:^|\W)ke\s+hoach(?:\s+so)?\s+$") or "", "  os hcaoh ek")
    assert reverse_regex(r"[^a-z\d]x{2,3}?") == r"(?:x){2,3}[^a-z\d]"
    assert reverse_regex(r"(a)\1") is None  # a back-reference: the caller keeps its plain path


@pytest.mark.parametrize(("name", "ocr"), [("vbpl", False), ("local_admin", False), ("ocr", True)])
def test_short_reference_hits_with_and_without_the_reversed_prefilter(name: str, ocr: bool) -> None:
    """The numbers the reversed scan keeps are exactly the numbers the ``before_number`` test keeps."""
    number, before_number, _ = short_scan.short_patterns(ocr)

    def kept(led: re.Pattern[str] | None, folded: str) -> list[tuple[int, int]]:
        return [
            h.span()
            for h in short_scan.number_hits(number, folded, led)
            if not h.group()[0].isdigit() or before_number.search(folded, max(0, h.start() - 48), h.start())
        ]

    total = 0
    for n in corpus_texts(name):
        fast = kept(short_scan.led_digit(ocr), n.folded)
        assert fast == kept(None, n.folded)
        plain = [m.span() for m in number.finditer(n.folded)]
        assert [m.span() for m in short_scan.number_hits(number, n.folded)] == plain
        total += len(fast)
    assert total > 0


@pytest.mark.parametrize("name", ["vbpl", "local_admin"])
def test_candidates_with_and_without_the_number_run_prefilter(name: str) -> None:
    """The symbol pattern tried only at the digit runs the prefilter finds gives every match it gives alone."""
    total = 0
    for n in corpus_texts(name):
        fast = [m.span() for m in candidates._matches(n.text, False)]
        assert fast == [m.span() for m in candidates._pattern(False).finditer(n.text)]
        total += len(fast)
    assert total > 100


@given(st.text(alphabet=st.sampled_from("ab \t\n\r\x0b\x0c\x1c\x85\xa0\u2003\u3000đ"), max_size=40))
def test_squash_is_the_whitespace_regex(text: str) -> None:
    assert squash(text) == re.sub(r"\s+", " ", text).strip()


def test_fold_of_a_long_text_the_table_cannot_say_is_kept_and_right() -> None:
    """A long text with a character outside the plane (the table's exception) folds character by character,
    and a second call on the same string returns that fold."""
    text = next(n.text for n in corpus_texts("vbpl") if len(n.text) > 5000) + " 🙂 Σ"
    assert fold(text) == "".join(fold(c) for c in text)
    assert fold(text) is fold(text)


def test_fewest_needles_keep_the_any_of_test() -> None:
    needles = (" PAGE ", " Page ", "Page ", "Page ")
    assert boilerplate._fewest(needles) == (" PAGE ", "Page ")
    for n in corpus_texts("local_admin") + corpus_texts("vbpl"):
        assert any(x in n.text for x in needles) == any(x in n.text for x in boilerplate._fewest(needles))


def _units_line_by_line(text: str) -> list[tuple[str, str, int]]:
    """The units' labels read as before the one-scan reading: every line, each kind's own pattern in turn."""
    out = []
    pos = 0
    for line in text.split("\n"):
        for kind, pattern in structure._PATTERNS:
            hit = pattern.match(line)
            if hit:
                label = next((g for g in hit.groups() if g), "")
                out.append((kind, f"Điều {label}" if kind == "article" else label, pos))
                break
        pos += len(line) + 1
    return out


@pytest.mark.parametrize("name", ["vbpl", "local_admin"])
def test_structure_reads_the_labels_each_line_pattern_reads(name: str) -> None:
    total = 0
    for n in corpus_texts(name):
        units = [(u.kind, u.label, u.start) for u in structure.structure(n.text).units]
        assert units == _units_line_by_line(n.text)
        total += len(units)
    assert total > 100


@pytest.mark.parametrize(("name", "ocr"), [("vbpl", False), ("local_admin", False), ("ocr", True)])
def test_type_word_before_with_and_without_the_reversed_test(name: str, ocr: bool) -> None:
    """At every place a number starts (symbols and dates alike), the type word found is the plain search's."""
    pat, words, _back = mentions._type_word_pattern(ocr)

    def plain(folded: str, pos: int) -> object:
        m = pat.search(folded, max(0, pos - 48), pos)
        return next((words[int(k[1:])] for k, v in m.groupdict().items() if v), None) if m else None

    found = 0
    for n in corpus_texts(name):
        for m in re.finditer(r"(?<!\d)\d", n.folded):
            word = mentions.type_word_before(n.folded, m.start(), ocr)
            assert word == plain(n.folded, m.start())
            found += word is not None
    assert found > 5


@pytest.mark.parametrize("name", ["vbpl", "local_admin"])
def test_named_titles_found_by_literal_search_are_the_pattern_matches(name: str) -> None:
    pattern = references._named_pattern()
    total = 0
    for n in corpus_texts(name, 120):
        fast = [m.span() for m in finditer_literals(references._named_titles(), pattern, n.text)]
        assert fast == [m.span() for m in pattern.finditer(n.text)]
        total += len(fast)
    assert total > 0


@pytest.mark.parametrize("name", ["local_admin", "congbot", "ocr_pages"])
def test_boilerplate_rows_tried_at_line_starts_find_what_they_find_alone(name: str) -> None:
    """Every row of boilerplate.tsv finds the same spans with the line-led search as with its own finditer."""
    found = 0
    for n in corpus_texts(name, 60):
        for rule in boilerplate.rules():
            fast = [m.span() for m in boilerplate._finditer(rule.pattern, n.original)]
            assert fast == [m.span() for m in rule.pattern.finditer(n.original)], rule.pattern.pattern
            found += len(fast) if boilerplate._line_led(rule.pattern) else 0
    assert found > 0


@pytest.mark.parametrize("name", ["vbpl", "local_admin"])
def test_date_at_with_and_without_the_literal_test(name: str) -> None:
    """After every symbol-like run ("/QĐ-UBND ngày …"), the date read is the plain search's."""

    def plain(folded: str, pos: int) -> object:
        found = dates.find_dates(folded, False, pos, min(len(folded), pos + 60))
        return found[0] if found and dates._DATE_GAP.fullmatch(folded[pos : found[0].start]) else None

    seen = 0
    for n in corpus_texts(name):
        for m in re.finditer(r"[/-][A-Z][\w-]*", n.text):
            got = dates.date_at(n.folded, m.end(), False)
            assert got == plain(n.folded, m.end())
            seen += got is not None
    assert seen > 20


def _fold_table_loaded() -> None:
    """kg.extraction.ocr_probe reads fold's numpy table, built once a megabyte of long texts was folded."""
    if loaded_table() is None:
        fold("x" * 1_000_001)
    assert loaded_table() is not None


def test_probe_view_says_each_character_as_fold_and_lower_do() -> None:
    """Every BMP character in the view: its fold if a-z (upper case when its lower case differs: diacritics), "_"
    for another word character of the folded text, a space for the rest, or "cannot say"."""
    pytest.importorskip("numpy")
    _fold_table_loaded()
    table = ocr_probe._view_table().tolist()
    word = re.compile(r"\w")
    for cp in range(0x10000):
        ch = chr(cp)
        f, low = fold(ch), ch.lower()
        if len(low) != 1 or len(f) != 1:
            want = ocr_probe._BAD
        elif "a" <= f <= "z":
            want = ord(f) if low == f else ord(f.upper())
        else:
            want = ord("_") if word.match(f) else ord(" ")
        assert table[cp] == want, hex(cp)


def _plain_counts(n: Normalized) -> tuple[int, int]:
    seen = ocr.probe_words(n)
    return len(seen), sum(1 for _w, bare in seen if bare)


@pytest.mark.parametrize("name", ["vbpl", "local_admin", "ocr", "ocr_pages", "congbot"])
def test_probe_counts_by_hyperscan_are_the_re_counts(name: str) -> None:
    pytest.importorskip("hyperscan")
    _fold_table_loaded()
    words = lexicon().ocr_probe
    said = 0
    for n in corpus_texts(name):
        fast = ocr_probe.probe_counts(n.text[: ocr.SAMPLE], words)
        said += fast is not None
        assert fast is None or fast == _plain_counts(n)
        assert ocr.probe_counts(n) == _plain_counts(n)
    assert said >= len(corpus_texts(name)) // 2


def test_probe_counts_at_unusual_neighbours() -> None:
    """Real OCR'd and clean text with probe words put next to quotes, CJK, digits, "_" and a letter with a
    diacritic: the view's boundaries are re's; a character outside the BMP leaves it to re."""
    pytest.importorskip("hyperscan")
    _fold_table_loaded()
    words = lexicon().ocr_probe
    texts = [n.text[:4000] for n in corpus_texts("ocr")[:3] + corpus_texts("vbpl")[:3]]
    for text in texts:
        for glue in ("“", "日", "5", "_", "ế", "\u0301", "Σ"):
            changed = text.replace(" ngay", glue + "ngay").replace("nam ", "nam" + glue)
            n = normalize(changed)
            assert ocr_probe.probe_counts(n.text, words) == _plain_counts(n), repr(glue)
    n = normalize(texts[0] + " 🙂")
    assert ocr_probe.probe_counts(n.text, words) is None
    assert ocr.probe_counts(n) == _plain_counts(n)


@pytest.mark.parametrize("name", ["vbpl", "local_admin", "congbot", "ocr_pages"])
def test_literals_found_in_one_pass_are_those_str_finds(name: str) -> None:
    """The boilerplate needles (and literals with regex syntax, line breaks, diacritics) found by hyperscan are
    exactly those ``in`` finds; every row of the table is tried where it was before."""
    pytest.importorskip("hyperscan")
    needles = [n for row in boilerplate._all_needles() for n in row]
    lits = Literals([*needles, "Điều 1.", "(a)", "[Link:", "**\n", "Số: ", ".*", "NGHỊ ĐỊNH"], min_length=0)
    for n in corpus_texts(name):
        assert lits.present(n.text) == {x for x in lits.literals if x in n.text}
        assert boilerplate.find_boilerplate(n.text) == _boilerplate_searching(n.text)
    # no UTF-8 form, or a short text: the caller searches as before
    assert Literals(["Điều"], min_length=0).present("Điều \ud800") is None
    assert Literals(["Điều"]).present("Điều 1") is None


def _boilerplate_searching(text: str) -> list[boilerplate.Boilerplate]:
    """find_boilerplate with each row's needles searched for (no one-pass set)."""
    original = boilerplate._needle_set
    boilerplate._needle_set = lambda _needles: Literals([])  # present() says None: searched for
    try:
        return boilerplate.find_boilerplate(text)
    finally:
        boilerplate._needle_set = original


@pytest.mark.parametrize("name", ["ocr", "ocr_pages", "vbpl"])
def test_looks_ocr_with_and_without_the_fast_extra(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """OCR detection reads the same with hyperscan (probe counts, signature parts) and without it."""
    _fold_table_loaded()
    fast = [ocr.looks_ocr(n) for n in corpus_texts(name)]
    monkeypatch.setattr(ocr_probe, "probe_counts", lambda _sample, _words: None)
    monkeypatch.setattr(ocr, "_signature_parts", lambda: Literals([]))
    assert [ocr.looks_ocr(n) for n in corpus_texts(name)] == fast
    if name == "ocr_pages":  # (3 of its first 40 pages read as OCR'd)
        assert any(fast)


@pytest.mark.parametrize("name", ["vbpl", "local_admin", "congbot"])
def test_upper_lines_are_the_line_pattern_spans(name: str) -> None:
    """The title lines found from the line lengths are those of ``(?m)^[ \\t]*(\\S[^\\n]*?)[ \\t]*$``."""
    line = re.compile(r"(?m)^[ \t]*(\S[^\n]*?)[ \t]*$")
    seen = 0
    for n in corpus_texts(name):
        want = [m.span(1) for m in line.finditer(n.text) if m.group(1).isupper() and len(m.group(1)) >= 4]
        assert clauses._upper_lines(n.text) == want
        seen += len(want)
    assert seen > 0


def test_short_folds_are_remembered_and_right() -> None:
    words = [w for n in corpus_texts("vbpl")[:5] for w in n.text.split()[:300]]
    assert [fold(w) for w in words] == [w.translate(_FOLD).lower() for w in words]
    assert fold(words[0]) is fold(words[0])


def test_fold_table_codes_are_each_characters_fold() -> None:
    """The numpy table's codes, built by list comprehensions, are ``ch.translate(_FOLD).lower()`` of every BMP
    character (the per-character loop they replace), 0xFFFFFFFF where that is not one character."""
    codes = table_codes()
    assert len(codes) == 0x10000
    for cp in range(0x10000):
        low = chr(cp).translate(_FOLD).lower()
        assert codes[cp] == (ord(low) if len(low) == 1 else 0xFFFFFFFF), hex(cp)


@pytest.mark.parametrize("name", ["vbpl", "local_admin", "congbot"])
def test_law_title_trie_ends_where_the_title_alternation_does(name: str) -> None:
    """At every word of real text that begins a known title, the trie walk ends where the flat alternation of
    every title ends its match (or neither matches)."""
    assert law_titles._title_trie() is not None  # laws.tsv keeps the trie exact
    firsts = {re.match(r"\w+", t).group() for t in law_titles._law_titles()}  # type: ignore[union-attr]
    flat = law_titles._known_titles()
    seen = 0
    for n in corpus_texts(name, 80):
        for m in re.finditer(r"\w+", n.folded):
            if m.group() in firsts:
                want = flat.match(n.folded, m.start())
                assert law_titles.known_title_end(n.folded, m.start()) == (want.end() if want else None)
                seen += want is not None
    assert seen > (20 if name == "vbpl" else 0)


def test_law_titles_the_trie_cannot_order_use_the_alternation(monkeypatch: pytest.MonkeyPatch) -> None:
    """A title with fewer words but as many characters ("luat a - - b" before "luat a b c") comes first in the
    alternation; the trie would take the one with more words, so the walk falls back on the alternation."""
    monkeypatch.setattr(law_titles, "_law_titles", lambda: ["luat a - - b", "luat a b c"])
    law_titles._title_trie.cache_clear()
    law_titles._known_titles.cache_clear()
    try:
        assert law_titles._title_trie() is None
        assert law_titles.known_title_end("luat a b c.", 0) == len("luat a b")
    finally:
        law_titles._title_trie.cache_clear()
        law_titles._known_titles.cache_clear()
    monkeypatch.setattr(law_titles, "_law_titles", lambda: ["luat a b", "luat a b c"])
    try:
        assert law_titles.known_title_end("luat a\n b c.", 0) == len("luat a\n b c")
        assert law_titles.known_title_end("luat a b cd", 0) == len("luat a b")
        assert law_titles.known_title_end("luat a bc", 0) is None
    finally:
        law_titles._title_trie.cache_clear()
        law_titles._known_titles.cache_clear()


def _controls_by_characters(sample: str) -> int:
    return sum(1 for c in sample if (ord(c) < 32 and c not in "\n\r\t\f\v") or c == "\ufffd")


@given(
    st.text(alphabet=st.sampled_from([chr(c) for c in range(0x28)] + ["\ufffd", "đ", "Ệ", "\x7f", "\x85"]))
)
def test_control_count_is_the_character_test(text: str) -> None:
    assert control_count(text) == _controls_by_characters(text)


@pytest.mark.parametrize("name", ["local_admin", "ocr", "congbot"])
def test_control_count_on_real_text(name: str) -> None:
    """Real texts, and their UTF-16 bytes read as Latin-1 (a NUL beside every ASCII letter, as a UTF-16 file
    misread), count the same both ways."""
    seen = 0
    for n in corpus_texts(name):
        misread = n.text.encode("utf-16-le", "surrogatepass")[:8192].decode("latin-1")
        for sample in (n.text[:8192], misread):
            assert control_count(sample) == _controls_by_characters(sample)
            seen += control_count(sample) > 0
    assert seen > 0


@pytest.mark.parametrize("name", ["vbpl", "congbot"])
def test_clauses_read_past_blank_runs_as_at_every_character(name: str) -> None:
    """Clauses of a view (real text with stretches blanked, line breaks kept, as the pipeline's views blank portal
    spans) are the same with the middle of each long blank run left out as read at every character."""
    squeezed = 0
    for n in corpus_texts(name, 20):
        text = n.text
        pieces, last = [], 0
        # two or three blanked stretches
        for start in range(len(text) // 7, len(text) - 1, len(text) // 3 + 1):
            end = min(len(text), start + len(text) // 5)
            pieces += [text[last:start], re.sub(r"[^\n]", " ", text[start:end])]
            last = end
        view = "".join([*pieces, text[last:]])
        squeezed += len(clauses._BLANK_RUN.findall(view))
        assert clauses.clauses(view) == clauses._clauses(view)
        assert clauses.clauses(text) == clauses._clauses(text)
    assert squeezed > 0


@pytest.mark.parametrize("name", ["vbpl", "local_admin", "congbot", "ocr"])
def test_clause_ends_found_by_alternative_are_the_whole_pattern_matches(name: str) -> None:
    """The clause ends found alternative by alternative (each led by its literal) are the matches of the whole
    pattern, on real text and on it with a ":" before its line breaks (where matches would overlap)."""
    whole = clauses._clause_end()
    dropped = 0
    for n in corpus_texts(name, 20):
        for text in (n.text, n.text.replace("\n", ":\n", 50)):
            want = [m.span() for m in whole.finditer(text)]
            assert sorted(clauses._cut_spans(text)) == want
            colons = [m.span() for m in clauses._clause_end_parts()[4].finditer(text)]
            dropped += sum(
                1
                for m in clauses._clause_end_parts()[5].finditer(text)
                if any(s <= m.start() < e for s, e in colons)
            )
    assert dropped > 0 or name == "ocr"
