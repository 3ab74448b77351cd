"""Honest evaluation (issue 12, audit M13/m1/m2): ``kg eval`` refuses what it cannot score with one line
naming the cause, and shows n/a for 0/0 instead of a perfect 1.000; a ``KG_TABLES`` that is not a folder stops
``kg extract`` at once."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CLEAN_SEED, ROOT, SEEDS, seed_path

from kg.cli import main
from kg.extraction.evaluate import Score, evaluate


def _eval(tmp_path: Path, gold: object, *args: str):  # noqa: ANN202
    shutil.copy(seed_path(CLEAN_SEED), tmp_path / "d.txt")
    g = tmp_path / "gold.json"
    g.write_text(gold if isinstance(gold, str) else json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    return CliRunner().invoke(main, ["eval", str(g), *args])


@pytest.mark.parametrize(
    ("gold", "said"),
    [
        ({}, "no documents to score"),
        ({"documents": {}}, "no documents to score"),
        ({"documents": {"nope.txt": {"mentions": []}}}, "document 'nope.txt' is not beside the gold file"),
        (
            {"documents": {"d.txt": {"mentions": ["57-NQ/TW"]}}, "relations": [["SELF", "based_on"]]},
            'relations[0]: ["SELF", "based_on"] is not [subject, predicate, object, evidence]',
        ),
        (
            {"documents": {"d.txt": {}}, "issuers_and_dates": {"57-NQ/TW": "Bộ Chính trị"}},
            "issuers_and_dates['57-NQ/TW']",
        ),
        ({"documents": {"d.txt": {"short_mentions": ["x"]}}}, "documents['d.txt'].short_mentions"),
        ({"documents": ["d.txt"]}, 'documents: ["d.txt"] is not an object'),
        (
            {"documents": {"d.txt": {"relations": [["SELF", "based_on", 5]]}}},
            "documents['d.txt'].relations[0]",
        ),
        ('{"documents": ', "not JSON (line 1"),
    ],
)
def test_refused_with_one_line(tmp_path: Path, gold: object, said: str) -> None:
    res = _eval(tmp_path, gold)
    assert res.exit_code == 1
    assert res.stderr.count("\n") == 1 and res.stderr.startswith("Error: "), res.stderr
    assert said in res.stderr and "1.000" not in res.output


def test_zero_over_zero_is_na(tmp_path: Path) -> None:
    assert (Score().precision, Score().recall, Score().f1) == (None, None, None)
    assert Score(tp=0, fp=0, fn=3).f1 == 0.0 and Score(tp=0, fp=2, fn=0).precision == 0.0
    # a document annotated for relations only: its mention rows have nothing to count
    gold = {"documents": {"d.txt": {"relations": [["SELF", "implements", "57-NQ/TW", "thực hiện …"]]}}}
    res = _eval(tmp_path, gold)
    assert res.exit_code == 0, res.output
    row = next(line for line in res.stdout.splitlines() if line.startswith("mentions"))
    assert row.split()[-6:] == ["n/a", "n/a", "n/a", "0", "0", "0"]
    data = json.loads(_eval(tmp_path, gold, "--format", "json").stdout)
    assert data["mentions"]["precision"] is None and data["relations"]["recall"] is not None


def test_seed_gold_still_perfect() -> None:
    if not (SEEDS / "gold.json").is_file():
        pytest.skip("../shared/seeds/gold.json not present")
    rep = evaluate(SEEDS / "gold.json")
    assert rep.relations.f1 == rep.mentions.f1 == 1.0


def test_kg_tables_not_a_folder_stops_extract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.tables import read_table, rules_digest

    monkeypatch.setenv("KG_TABLES", str(tmp_path / "no-such-folder"))
    read_table.cache_clear()
    rules_digest.cache_clear()
    try:
        res = CliRunner().invoke(main, ["extract", str(seed_path(CLEAN_SEED))])
        assert res.exit_code == 1 and res.stdout == ""
        assert (
            res.stderr
            == f"Error: KG_TABLES={tmp_path / 'no-such-folder'}: no such folder (unset KG_TABLES to use the shipped tables only)\n"
        )
    finally:
        read_table.cache_clear()
        rules_digest.cache_clear()


def test_bad_table_row_names_file_and_line(tmp_path: Path) -> None:
    """The audit's m29: a malformed overlay row gave "AttributeError: 'list' object has no attribute 'strip'".
    A fresh process: the tables are read once per process."""
    (tmp_path / "relation_cues.tsv").write_text("only-one-column\n\tbadrow\tx\ty\tz\tw\n", encoding="utf-8")
    env = {**os.environ, "KG_TABLES": str(tmp_path), "PYTHONPATH": str(ROOT)}
    res = subprocess.run(
        [sys.executable, "-m", "kg", "extract", str(seed_path(CLEAN_SEED))],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert res.returncode == 1
    assert f"{tmp_path / 'relation_cues.tsv'}:2: 6 cells, header has 1" in res.stderr
    assert "AttributeError" not in res.stderr and "Traceback" not in res.stderr
