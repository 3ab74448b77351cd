"""Every command answers bad input with one line ``Error: ...`` on stderr and a non-zero exit, never a traceback;
and ``kg eval`` runs from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner, Result
from conftest import SHARED

from kg.cli import main
from kg.store.local import Store

FIXTURES = Path(__file__).parent / "fixtures"
GOLD = SHARED / "seeds" / "gold.json"


@pytest.fixture(scope="module")
def dirs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A store (the seeds fixture), a missing path, a directory that is not a store, a text, a non-gold JSON."""
    root = tmp_path_factory.mktemp("cli-errors")
    store = root / "store"
    st = Store.open(store)
    st.inner.load(path=str(FIXTURES / "seeds.trig"), format=ox.RdfFormat.TRIG)
    st.close()
    junk = root / "junk"
    junk.mkdir()
    (junk / "x.txt").write_text("x", encoding="utf-8")
    text = root / "doc.txt"
    text.write_text("Công văn số 1/UBND-VP", encoding="utf-8")
    not_gold = root / "not-gold.json"
    not_gold.write_text("[1, 2", encoding="utf-8")
    return {"store": store, "missing": root / "missing", "junk": junk, "text": text, "not_gold": not_gold}


# (command line, text in the message); {store} {missing} {junk} {text} {not_gold} are filled from ``dirs``
CASES = [
    (["extract", "{text}", "--format", "xml"], "unknown format"),
    (["extract", "{text}", "--ocr", "maybe"], "unknown OCR mode"),
    (["extract"], "give one or more files"),
    (["eval", "{missing}.json"], "does not exist"),
    (["eval", "{not_gold}"], "not a gold file"),
    (["eval", "{not_gold}", "--format", "xml"], "unknown format"),
    (["annotate", "{missing}.txt"], "no such file"),
    (["annotate", "{junk}"], "is a directory"),
    (["annotate", "{text}", "--ocr", "sometimes"], "unknown OCR mode"),
    (["build", "{missing}.txt", "--store", "{store}"], "does not exist"),
    (["build", "{text}", "--store", "{junk}"], "not a graph store"),
    (["build", "{text}", "--store", "{store}", "--ocr", "x"], "unknown OCR mode"),
    (["resolve", "--store", "{missing}"], "no graph store"),
    (["resolve", "--store", "{junk}"], "not a graph store"),
    (["dump", "--store", "{missing}"], "no graph store"),
    (["dump", "--store", "{store}", "--format", "rdfxml"], "unknown format"),
    (["implements", "999/QĐ-UBND", "--store", "{store}"], "999"),
    (["implements", "57-NQ/TW", "--store", "{missing}"], "no store"),
    (["implements", "57-NQ/TW", "--store", "{store}", "--format", "xml"], "unknown format"),
    (["trace", "no/such", "--store", "{store}"], ""),
    (["path", "57-NQ/TW", "no/such", "--store", "{store}"], ""),
    (["show", "nothing-like-a-symbol", "--store", "{store}"], ""),
    (["show", "57-NQ/TW", "--store", "{junk}"], "not a graph store"),
    (["sparql", "SELECT WHERE {", "--store", "{store}"], ""),
    (["sparql", "ASK {}", "--store", "{store}", "--format", "yaml"], "unknown format"),
    (["sparql", "ASK {}", "--store", "{store}", "--format", "turtle"], "ASK"),
    (["export", "--store", "{store}", "--format", "dot"], "unknown format"),
    (["export", "--store", "{junk}"], "not a graph store"),
    (["export", "--store", "{store}", "--around", "999/XX-YY"], "no document"),
    (["stats", "--store", "{store}", "--format", "xml"], "unknown format"),
    (["stats", "--store", "{missing}"], "no store"),
    (["serve", "--store", "{missing}", "--port", "0"], "no store"),
]


def run(args: list[str]) -> Result:
    return CliRunner().invoke(main, args)


def fill(arg: str, dirs: dict[str, Path]) -> str:
    for name, path in dirs.items():
        arg = arg.replace("{" + name + "}", str(path))
    return arg


@pytest.mark.parametrize(("args", "text"), CASES, ids=[" ".join(a[:2]) for a, _ in CASES])
def test_bad_input_is_one_error_line(dirs: dict[str, Path], args: list[str], text: str) -> None:
    res = run([fill(a, dirs) for a in args])
    assert res.exit_code != 0
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    assert "Traceback" not in res.output
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), res.stderr
    assert text in lines[0]
    assert res.stdout == ""


def test_usage_errors_exit_2_and_failures_exit_1(dirs: dict[str, Path]) -> None:
    assert run(["stats", "--store", str(dirs["store"]), "--format", "xml"]).exit_code == 2
    assert run(["nosuchcommand"]).exit_code == 2
    assert run(["stats", "--store", str(dirs["missing"])]).exit_code == 1


def test_kg_debug_reraises(dirs: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_DEBUG", "1")
    res = run(["show", "57-NQ/TW", "--store", str(dirs["missing"])])
    assert res.exit_code != 0 and res.exception is not None and not isinstance(res.exception, SystemExit)


@pytest.mark.skipif(not GOLD.is_file(), reason="../shared/seeds/gold.json not present")
def test_eval_prints_the_report_table() -> None:
    pytest.importorskip("kg.extraction.evaluate")
    res = run(["eval", str(GOLD)])
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines[0].split() == ["P", "R", "F1", "tp", "fp", "fn"]
    rows = {" ".join(ln.split()[:-6]): ln.split()[-6:] for ln in lines[1:] if ln.strip()}
    assert "relations" in rows and "mentions (full, exact symbol)" in rows
    assert all(len(v) == 6 and 0.0 <= float(v[2]) <= 1.0 for v in rows.values())
    data = json.loads(run(["eval", str(GOLD), "--format", "json"]).stdout)
    assert data["mentions"]["tp"] == int(rows["mentions (full, exact symbol)"][3])


def test_help_of_a_command_is_not_an_error():
    # "kg extract --help" printed "Error: 0" on stderr: click exits through Exit(0), a RuntimeError
    from click.testing import CliRunner

    from kg.cli import main

    result = CliRunner().invoke(main, ["extract", "--help"])
    assert result.exit_code == 0 and "Usage:" in result.stdout and result.stderr == ""
