"""``kg extract -j N``: the same bytes on stdout, in the same order, as ``-j 1``, on real corpus texts mixed with
everything the walk reports (a missing path, a binary file, JSONL objects without a text or with a repeated id,
standard input); and the library function under it gives one outcome per input, in input order."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CLEAN_SEED, OCR_SEED, ROOT, SHARED, seed_path

from kg.ingest.batch import Outcome, Preread, extract_sources, json_line
from kg.readers import read

VBPL = SHARED / "corpus" / "vbpl_vn__phanbasongtoan112-art_vbpl-layout-detection" / "documents.jsonl"
OCR_DIR = SHARED / "corpus" / "ocr__tuyendb_OCR_VBPL"

pytestmark = pytest.mark.skipif(not VBPL.exists(), reason="needs ../shared/corpus beside the checkout")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """14 national-database texts as JSONL (one id twice, one object without text), the OCR'd folder of the
    corpus (its .json files are skipped), the seeds, a binary file and a path that does not exist."""
    d = tmp_path_factory.mktemp("extract-j")
    rows = [json.loads(line) for line in VBPL.read_text(encoding="utf-8").splitlines()[:14]]
    rows.append(
        {"id": rows[3]["id"], "text": rows[5]["text"]}
    )  # a repeated id: kept as id@lineN, with a note
    rows.append({"id": "no-text"})
    (d / "vbpl.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n")
    (d / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    return [
        d / "vbpl.jsonl",
        OCR_DIR,
        seed_path(CLEAN_SEED),
        d / "binary.txt",
        d / "missing.txt",
        seed_path(OCR_SEED),
    ]


def _kg(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "kg", "extract", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(ROOT)},
        timeout=600,
        check=False,
    )


def test_outcomes_come_in_input_order_with_every_report(inputs: list[Path]) -> None:
    got = list(extract_sources(inputs, jobs=1))
    kinds = [o.kind for o in got]
    names = [o.source for o in got]
    assert kinds.count("ok") == 14 + 1 + 3 + 2  # 14 texts + the repeated id, 3 OCR'd texts, 2 seeds
    assert names[0].endswith("vbpl.jsonl#doc_000001") and names[-1].endswith(OCR_SEED)
    note = got[kinds.index("note")]
    assert "@line15" in note.source and got[kinds.index("note") + 1].source == note.source
    assert [o.source.rsplit("/", 1)[-1] for o in got if o.kind in ("failed", "unreadable")] == [
        "binary.txt",
        "missing.txt",
    ]
    assert [o.source.rsplit("#")[-1] for o in got if o.kind == "skipped"][:1] == ["16"]  # no text
    first = json.loads(got[0].output)
    assert first["document"]["symbol"] == "249/2025/NĐ-CP" and first["relations"]


def test_stdin_text_is_extracted_where_it_stands() -> None:
    text = seed_path(CLEAN_SEED).read_bytes()
    got = list(extract_sources([Preread("-", read(text, name="<stdin>")), seed_path(CLEAN_SEED)], jobs=1))
    assert [o.kind for o in got] == ["ok", "ok"]
    a, b = (json.loads(o.output) for o in got)
    assert a["source"] == "-" and a["mentions"] == b["mentions"] and a["relations"] == b["relations"]


def test_render_runs_on_each_extraction(inputs: list[Path]) -> None:
    got = list(extract_sources([seed_path(OCR_SEED)], render=_symbols, with_text=True))
    assert got == [Outcome("ok", str(seed_path(OCR_SEED)), output=got[0].output, warnings=got[0].warnings)]
    assert "1359/SKHCN-BCVT&CNTT" in got[0].output.split("|")


def _symbols(result, read) -> str:  # noqa: ANN001 - module level: a render must be picklable
    assert read is not None and read.text  # with_text gives what was read
    return "|".join(m.symbol or "" for m in result.mentions)


def test_jobs_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        next(extract_sources([seed_path(OCR_SEED)], jobs=0))


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["jsonl", "table"])
def test_two_jobs_print_the_same_bytes_as_one(inputs: list[Path], fmt: str) -> None:
    stdin = seed_path(OCR_SEED).read_bytes()
    args = [
        "--format",
        fmt,
        *(["--with-text"] if fmt == "jsonl" else []),
        *map(str, inputs[:3]),
        "-",
        *map(str, inputs[3:]),
    ]
    one, two = _kg(*args, stdin=stdin), _kg("-j", "2", *args, stdin=stdin)
    assert one.returncode == two.returncode == 1  # the binary and the missing file
    assert one.stdout == two.stdout
    lines = one.stdout.splitlines()
    assert len(lines) == 21 if fmt == "jsonl" else len(lines) > 500  # 20 documents and standard input
    assert one.stderr.decode().splitlines() == two.stderr.decode().splitlines()
    if fmt == "jsonl":
        sources = [json.loads(line)["source"] for line in one.stdout.splitlines()]
        assert sources.index("-") == 14 + 1 + 3 + 1  # stdin stands where it was given
        assert json.loads(one.stdout.splitlines()[0]) == {
            **json.loads(json_line(_first(inputs[0]))),
            "text": _text(inputs[0]),
            "pages": None,
            "reader": "jsonl",
        }


def _first(path: Path):  # noqa: ANN202
    import kg

    row = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
    return kg.extract(row["text"], source=f"{path}#{row['id']}")


def _text(path: Path) -> str:
    return json.loads(path.read_text(encoding="utf-8").splitlines()[0])["text"]


@pytest.mark.slow
@pytest.mark.parametrize("helper", ["stuck_on_stall", "dies_on_stall"])
def test_sources_queued_behind_a_lost_worker_are_given_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, helper: str
) -> None:
    """A worker holds a second source behind the one it works on (kg.ingest.pool.DEPTH); when the first
    costs the worker (stuck past its budget, or killed), the queued one is extracted by another worker."""
    import fault_helpers

    import kg.ingest.pool
    from kg.ingest import build
    from kg.store.local import Store

    monkeypatch.setattr(kg.ingest.pool, "GRACE", 0.5)
    d = tmp_path / "in"
    d.mkdir()
    rows = [json.loads(line) for line in VBPL.read_text(encoding="utf-8").splitlines()[:6]]
    (d / "a-first.txt").write_text(rows[0]["text"], encoding="utf-8")
    (d / "stall.txt").write_text(rows[1]["text"], encoding="utf-8")
    for r in rows[2:]:
        (d / f"z-{r['id']}.txt").write_text(r["text"], encoding="utf-8")
    rep = build([d], Store.open(None), jobs=2, budget=1, extractor=getattr(fault_helpers, helper))
    assert rep.ok == 5, (rep.failed, rep.over_budget)
    lost = rep.over_budget if helper == "stuck_on_stall" else rep.failed
    assert [n for n, _ in lost] == ["in/stall.txt"]
