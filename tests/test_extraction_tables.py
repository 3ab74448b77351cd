"""Every row of the extraction's word tables replays its ``example`` through the function that reads the table.

A row whose example no longer shows its effect is a dead row or a broken rule; either way the test names it.
"""

from __future__ import annotations

import re

import pytest

import kg
from kg.extraction.candidates import find_candidates
from kg.extraction.clauses import clauses
from kg.extraction.dates import find_dates
from kg.extraction.header import body_head, motto_pattern, preamble_start, recipients_label, subject_label
from kg.extraction.lexicon import lexicon
from kg.extraction.mentions import type_word_before
from kg.extraction.ocr import probe_words
from kg.extraction.relations import speaks_of_itself
from kg.tables import read_table, table_path
from kg.text.fold import fold
from kg.text.normalize import normalize

TABLES = (
    "ocr_probe_words.tsv",
    "ocr_digits.tsv",
    "type_word_qualifiers.tsv",
    "not_references.tsv",
    "legacy_issuers.tsv",
    "anaphora.tsv",
    "title_stop_words.tsv",
    "clause_markers.tsv",
    "self_reference.tsv",
    "header_words.tsv",
    "signer_titles.tsv",
    "titled_documents.tsv",
)


def rows(table: str) -> list:
    return [pytest.param(r, id=f"{table}:{i}") for i, r in enumerate(read_table(table), 1)]


def text_of(row: dict[str, str]) -> str:
    return row["example"].replace("\\n", "\n")


@pytest.mark.parametrize("table", TABLES)
def test_every_row_has_an_example_and_the_table_says_who_reads_it(table):
    lines = table_path(table).read_text(encoding="utf-8").splitlines()
    header = " ".join(ln.lstrip("# ") for ln in lines if ln.startswith("#"))
    assert "Read by kg.extraction" in header
    assert all(r["example"] for r in read_table(table))


@pytest.mark.parametrize("row", rows("ocr_probe_words.tsv"))
def test_probe_word_is_seen_bare(row):
    assert (row["word"], True) in probe_words(normalize(text_of(row)))


@pytest.mark.parametrize("row", rows("ocr_digits.tsv"))
def test_misread_leading_digit(row):
    assert [d.iso for d in find_dates(fold(text_of(row)), ocr=True)] == [row["iso"]]
    assert [d.iso for d in find_dates(fold(text_of(row)), ocr=False)] != [row["iso"]]


@pytest.mark.parametrize("row", rows("type_word_qualifiers.tsv"))
def test_type_word_reaches_across_the_qualifier(row):
    text = text_of(row)
    folded = fold(text)
    pos = re.search(r"\bso\s*(?=\d)", folded).end()
    word = type_word_before(folded, pos, ocr=False)
    assert word is not None and folded.startswith(word.folded + " " + row["qualifier"])


@pytest.mark.parametrize("row", rows("not_references.tsv"))
def test_not_a_reference(row):
    text = text_of(row)
    prefix_end = re.search(rf"\b{row['prefix']}\b", fold(text)).end()
    assert any(c.start >= prefix_end for c in find_candidates(normalize(text).text, False))
    assert [m.text for m in kg.extract(text).mentions if m.kind == "full" and m.start >= prefix_end] == []


@pytest.mark.parametrize("row", rows("legacy_issuers.tsv"))
def test_legacy_symbol(row):
    full = [m for m in kg.extract(text_of(row)).mentions if m.kind == "full"]
    assert [(m.family, m.issuers) for m in full] == [("legacy", (row["code"],))]


@pytest.mark.parametrize("row", rows("anaphora.tsv"))
def test_anaphor_points_back(row):
    mentions = kg.extract(text_of(row)).mentions
    short = [m for m in mentions if m.kind == "short" and fold(m.text).endswith(row["phrase"])]
    assert short and short[0].refers_to == next(m.symbol for m in mentions if m.kind == "full")


@pytest.mark.parametrize("row", rows("title_stop_words.tsv"))
def test_title_ends_before_stop_word(row):
    text = text_of(row)
    named = [m for m in kg.extract(text, with_relations=False).mentions if m.kind == "named" and m.start == 0]
    assert named, "the example starts with a title"
    assert re.match(rf"\s+(?:{row['words']})\b", text[named[0].end :])


@pytest.mark.parametrize("row", rows("titled_documents.tsv"))
def test_cited_by_title(row):
    text = text_of(row)
    named = [m for m in kg.extract(text, with_relations=False).mentions if m.kind == "named"]
    assert [(m.type_name, m.start) for m in named] == [(row["name"], text.index(row["name"]))]
    if row["form"] != "title":
        assert re.search(r"\d{4}$", named[0].text), "the year is part of the title"


@pytest.mark.parametrize("row", rows("clause_markers.tsv"))
def test_clause_marker(row):
    text = text_of(row)
    if row["stage"] == "clause":
        line2 = text.index("\n") + 1
        assert text[line2:].startswith(row["marker"])
        assert line2 in [s for s, _e in clauses(text)]
    else:
        assert preamble_start().match(fold(text))
        assert fold(text).startswith(row["marker"])


@pytest.mark.parametrize("row", rows("self_reference.tsv"))
def test_text_speaks_of_itself(row):
    assert speaks_of_itself(fold(text_of(row)))
    assert fold(text_of(row)).startswith(row["noun"] + " nay")


@pytest.mark.parametrize("row", rows("header_words.tsv"))
def test_header_word(row):
    folded = fold(text_of(row))
    own = re.compile(row["pattern"])
    if row["role"] == "motto":
        assert motto_pattern().search(folded) and own.search(folded)
    elif row["role"] == "subject":
        assert subject_label().match(folded) and own.match(folded)
    elif row["role"] == "recipients":
        assert recipients_label().match(folded) and own.match(folded)
    else:
        heads = [m.start() for m in body_head().finditer(folded) if m.start() > 0]
        assert heads and own.match(folded, heads[-1]), "the body starts at this word, after its parent"
        assert kg.extract(text_of(row) + "\n\nSố: 12/QĐ-UBND\n").document.issuer_parent


@pytest.mark.parametrize("row", rows("signer_titles.tsv"))
def test_signer_title(row):
    lines = text_of(row).split("\n")
    assert re.match(rf"\s*{re.escape(row['title'])}\b", fold(lines[0]))
    assert kg.extract("Nội dung văn bản.\n\n" + text_of(row)).document.signer == lines[-1]


def test_local_forms_come_from_body_names():
    forms = lexicon().local_forms
    assert forms["UBND"] == "UBND tỉnh {province}"
    assert forms["CTUBND"] == "Chủ tịch UBND tỉnh {province}"
    assert forms["TU"] == "Tỉnh ủy {province}"
