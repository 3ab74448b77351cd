"""No silent loss (issue 12): duplicate JSONL ids, skipped and failed sources in ``--report FILE``, JSON
summaries of ``kg build`` and ``kg resolve``, and writes the store or the walk refuses (a full disk, a
read-only store, a file name that is not UTF-8, a malformed endpoint URL) said in one line, the store kept."""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CLEAN_SEED, OCR_SEED, seed_path

import kg.ingest.writer
from kg.cli import main
from kg.store.local import Store

A = "Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học"
B = "Thực hiện Quyết định số 645/QĐ-UBND ngày 31/5/2024 của UBND tỉnh Quảng Ngãi"


def _run(*args: str):  # noqa: ANN202
    return CliRunner().invoke(main, list(args))


def _sources(store: Path) -> list[str]:
    with Store.open(store, read_only=True) as st:
        return sorted(
            r["p"].value for r in st.select("SELECT DISTINCT ?p WHERE { GRAPH ?g { ?g vnl:path ?p } }")
        )


def test_duplicate_jsonl_ids_are_both_kept(tmp_path: Path) -> None:
    """The audit's M11: two records with id "a" gave "2 built" but one graph, and rebuilds alternated."""
    p = tmp_path / "dup.jsonl"
    p.write_text(
        json.dumps({"id": "a", "text": A}) + "\n" + json.dumps({"id": "a", "text": B}) + "\n", "utf-8"
    )
    store = tmp_path / "s"
    res = _run("build", str(p), "--store", str(store))
    assert res.exit_code == 0, res.output
    assert "duplicate id 'a' at lines 1 and 2" in res.stderr and "2 built" in res.stderr
    assert _sources(store) == ["dup.jsonl#a", "dup.jsonl#a@line2"]
    with Store.open(store, read_only=True) as st:
        n = len(st)
    for _ in range(2):  # rebuilds change nothing
        res = _run("build", str(p), "--store", str(store), "--format", "json")
        assert res.exit_code == 0
        data = json.loads(res.stdout)
        assert (data["built"], data["unchanged"], data["triples_in_store"]) == (0, 2, n)
        assert data["warnings"][0]["source"] == "dup.jsonl#a@line2"


def test_report_lists_every_source_not_built(tmp_path: Path) -> None:
    d = tmp_path / "corpus"
    d.mkdir()
    shutil.copy(seed_path(CLEAN_SEED), d / CLEAN_SEED)
    (d / "README.md").write_text("# Nguồn\nCăn cứ Nghị quyết số 57-NQ/TW", encoding="utf-8")
    (d / "binary.txt").write_bytes(b"\x00\x01\x02\x03 binary")
    (d / "docs.jsonl").write_text(
        json.dumps({"id": "x", "raw_text": A}) + "\n{not json\n" + json.dumps({"id": "y", "text": B}) + "\n",
        "utf-8",
    )
    report = tmp_path / "report.json"
    res = _run("build", str(d), "--store", str(tmp_path / "s"), "--report", str(report))
    assert res.exit_code == 1
    rep = json.loads(report.read_text(encoding="utf-8"))
    assert rep["built"] == 2 and rep["sources"] == 4
    failed = {x["source"]: x["reason"] for x in rep["failed"]}
    assert set(failed) == {"corpus/binary.txt", f"{d / 'docs.jsonl'}#2"}, failed
    assert "invalid JSON" in failed[f"{d / 'docs.jsonl'}#2"]
    skipped = {x["source"]: x["reason"] for x in rep["skipped"]}
    assert skipped[str(d / "README.md")].startswith("the folder's own notes")
    assert 'no "text"' in skipped[f"{d / 'docs.jsonl'}#1"]
    # kg extract writes the same kinds of rows
    res = _run("extract", str(d), "--report", str(report))
    rep = json.loads(report.read_text(encoding="utf-8"))
    assert (
        res.exit_code == 1 and rep["documents"] == 2 and len(rep["failed"]) == 2 and len(rep["skipped"]) == 2
    )


def test_resolve_json_summary(tmp_path: Path) -> None:
    store = tmp_path / "s"
    assert _run("build", str(seed_path(OCR_SEED)), "--store", str(store)).exit_code == 0
    res = _run("resolve", "--store", str(store), "--format", "json")
    assert res.exit_code == 0
    assert set(json.loads(res.stdout)) == {
        "unresolved",
        "re_resolved",
        "candidate_links",
        "same_document_links",
    }


def test_file_name_not_utf8_is_reported(tmp_path: Path) -> None:
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(seed_path(CLEAN_SEED), d / CLEAN_SEED)
    shutil.copy(seed_path(OCR_SEED), os.fsencode(d) + b"/C\xf4ng v\xe3n.txt")  # Latin-1 bytes, not UTF-8
    store = tmp_path / "s"
    res = _run("build", str(d), "--store", str(store), "--format", "json")
    assert res.exit_code == 1 and "Traceback" not in res.output
    data = json.loads(res.stdout)
    assert data["built"] == 1
    assert data["failed"] == [
        {"source": str(d / "C\\xf4ng v\\xe3n.txt"), "reason": "the file name is not UTF-8; rename the file"}
    ]
    assert _sources(store) == [f"in/{CLEAN_SEED}"]


def test_malformed_endpoint_url(tmp_path: Path) -> None:
    res = _run("build", str(seed_path(CLEAN_SEED)), "--endpoint", "http://[::1/query")
    assert res.exit_code == 1
    assert res.stderr.count("\n") == 1 and res.stderr.startswith("Error: ") and "IPv6" in res.stderr


REFUSALS = [(errno.ENOSPC, "no space left on the device"), (errno.EROFS, "the store's folder is read-only")]


@pytest.mark.parametrize(("err", "said"), REFUSALS)
def test_refused_bulk_load_keeps_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, err: int, said: str
) -> None:
    """The store refuses the second new source's bulk load (the disk fills, the folder turns read-only): one line
    that says so and what the store holds; the first source is whole, nothing of the second is there."""
    d = tmp_path / "in"
    d.mkdir()
    for name in (OCR_SEED, CLEAN_SEED):
        shutil.copy(seed_path(name), d / name)
    store = tmp_path / "s"
    calls = []
    original = Store.bulk_load_nquads

    def failing(self: Store, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        calls.append(1)
        if len(calls) == 3:  # the first source's graph, its checksum, then the second source's graph
            raise OSError(err, os.strerror(err))
        original(self, *args, **kwargs)

    monkeypatch.setattr(kg.ingest.writer, "BATCH_SECONDS", 0)  # one source per bulk load
    monkeypatch.setattr(Store, "bulk_load_nquads", failing)
    res = _run("build", str(d), "--store", str(store), "-j", "1")
    assert res.exit_code == 1
    lines = res.stderr.strip().splitlines()
    assert lines[-1].startswith(
        f"Error: cannot write 1 source(s) (in/{CLEAN_SEED} …) to {store}: {said}; none of them was written"
    ), lines[-1]
    assert "1 source(s) of this build written" in lines[-1]
    monkeypatch.undo()
    assert _sources(store) == [f"in/{OCR_SEED}"]
    res = _run("build", str(d), "--store", str(store), "--format", "json")  # space again: the rest is built
    assert json.loads(res.stdout)["built"] == 1 and res.exit_code == 0


@pytest.mark.parametrize(("err", "said"), REFUSALS)
def test_refused_replacement_keeps_the_old_graph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, err: int, said: str
) -> None:
    """A changed source is replaced in one transaction: when the store refuses it, the old graph stays whole."""
    d = tmp_path / "in"
    d.mkdir()
    for name in (OCR_SEED, CLEAN_SEED):
        shutil.copy(seed_path(name), d / name)
    store = tmp_path / "s"
    assert _run("build", str(d), "--store", str(store)).exit_code == 0
    with Store.open(store) as st:
        before = sorted(str(q) for q in st.quads())
    with (d / CLEAN_SEED).open("a", encoding="utf-8") as f:
        f.write("\nCăn cứ Quyết định số 101/QĐ-UBND ngày 02/01/2025 của UBND tỉnh Quảng Ngãi.\n")

    def failing(self: Store, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        raise OSError(err, os.strerror(err))

    monkeypatch.setattr(Store, "replace_graph", failing)
    res = _run("build", str(d), "--store", str(store), "-j", "1")
    assert res.exit_code == 1
    lines = res.stderr.strip().splitlines()
    assert lines[-1].startswith(
        f"Error: cannot write in/{CLEAN_SEED} to {store}: {said}; nothing of it was written"
    ), lines[-1]
    assert "0 source(s) of this build written" in lines[-1]
    monkeypatch.undo()
    with Store.open(store) as st:
        assert sorted(str(q) for q in st.quads()) == before
    res = _run("build", str(d), "--store", str(store), "--format", "json")
    assert json.loads(res.stdout)["built"] == 1 and res.exit_code == 0
