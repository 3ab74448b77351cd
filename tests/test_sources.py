"""One walk for ``kg extract`` and ``kg build``: the same sources read, the same files skipped, for the same reasons."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.sources import Failed, Skipped, Source, iter_sources

LETTER = "UỶ BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 12/UBND-KT\nV/v thử nghiệm\n\nCăn cứ Luật Tổ chức chính quyền địa phương.\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    (d / ".hidden").mkdir(parents=True)
    (d / "x.txt").write_text(LETTER, encoding="utf-8")
    (d / "t.tsv").write_text("a\tb\n1\t2\n", encoding="utf-8")
    (d / "page.html").write_text(f"<html><body><p>{LETTER}</p></body></html>", encoding="utf-8")
    (d / "a.zip").write_bytes(b"PK\x05\x06" + b"\x00" * 18)  # an empty zip archive
    objs = [{"doc_id": "d1", "text": LETTER}, {"id": "d2", "title": "no text"}]
    (d / "c.jsonl").write_text(
        "\n".join(json.dumps(o, ensure_ascii=False) for o in objs) + "\n", encoding="utf-8"
    )
    (d / ".hidden" / "y.txt").write_text(LETTER, encoding="utf-8")
    return d


def _names(items: list, kind: type) -> dict[str, str]:
    return {
        Path(getattr(i, "name", getattr(i, "path", ""))).name: getattr(i, "reason", "")
        for i in items
        if isinstance(i, kind)
    }


def test_walk(folder: Path) -> None:
    items = list(iter_sources([folder]))
    assert sorted(_names(items, Source)) == ["c.jsonl#d1", "page.html", "x.txt"]
    assert _names(items, Skipped) == {
        "a.zip": "not a document (.zip file)",
        "c.jsonl#2": 'no "text"',
        "t.tsv": "not a document (.tsv file)",
    }
    assert not [i for i in items if isinstance(i, Failed)]
    # a file named explicitly is always read
    assert [type(i) for i in iter_sources([folder / "t.tsv"])] == [Source]


def _skipped_lines(stderr: str) -> set[str]:
    return {
        re.sub(r"^skipped \S*/", "skipped ", ln) for ln in stderr.splitlines() if ln.startswith("skipped ")
    }


def test_extract_and_build_read_the_same_sources(folder: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    ex = runner.invoke(main, ["extract", str(folder)])
    assert ex.exit_code == 0, ex.output
    extracted = {Path(json.loads(ln)["source"]).name for ln in ex.stdout.splitlines() if ln.strip()}
    assert extracted == {"x.txt", "c.jsonl#d1", "page.html"}

    bd = runner.invoke(main, ["build", str(folder), "--store", str(tmp_path / "store"), "-j", "1"])
    assert bd.exit_code == 0, bd.output
    assert "3 sources: 3 built" in bd.stderr
    assert "3 skipped" in bd.stderr
    skipped = _skipped_lines(ex.stderr)
    assert skipped == _skipped_lines(bd.stderr)
    assert skipped == {
        "skipped a.zip: not a document (.zip file)",
        "skipped t.tsv: not a document (.tsv file)",
        'skipped c.jsonl#2: no "text"',
    }


def test_a_folders_own_notes_are_not_its_documents(tmp_path):
    # shared/corpus/SOURCES.md quotes a portal note; walking the corpus must not read it as a legal text
    (tmp_path / "SOURCES.md").write_text(
        "[Điều này được hướng dẫn bởi Điều 7 Nghị định 126/2014/NĐ-CP]", "utf-8"
    )
    (tmp_path / "a.txt").write_text("Căn cứ Nghị định số 126/2014/NĐ-CP;", "utf-8")
    items = list(iter_sources([tmp_path]))
    assert [type(i).__name__ for i in items] == ["Skipped", "Source"]
    assert "SOURCES.md" in items[0].reason
    assert [type(i).__name__ for i in iter_sources([tmp_path / "SOURCES.md"])] == ["Source"]  # named: read


def test_a_fifo_is_refused_not_read_forever(tmp_path):
    # issue 12: "a FIFO argument blocks forever"
    import os

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    items = list(iter_sources([fifo]))
    assert [type(i).__name__ for i in items] == ["Failed"] and "not a regular file" in items[0].reason


def test_jsonl_texts_scrubbed_only_where_an_escape_can_make_a_surrogate(tmp_path: Path) -> None:
    """A lone surrogate comes only from a "\\udxxx" escape (either case): the lines without one skip the scrub;
    a pair (an emoji written by ensure_ascii) is one character, not a lone surrogate."""
    p = tmp_path / "d.jsonl"
    lines = [
        '{"id": "a", "text": "Lu\\u1eadt s\\u1ed1 \\uD800 x"}',
        '{"id": "b", "text": "ok \\ud83d\\ude00"}',
    ]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    a, b = iter_sources([p])
    assert isinstance(a, Source) and a.text == "Luật số \ufffd x" and "1 lone surrogate" in a.note
    assert isinstance(b, Source) and b.text == "ok \U0001f600" and b.note == ""


def test_jsonl_sources_of_the_corpus_read_as_the_slow_way() -> None:
    """Real JSONL lines: each text is the scrubbed JSON text, and its sha256 (hashed when asked) that of the
    text in UTF-8, as when every text was scrubbed and hashed while reading."""
    import hashlib
    import itertools

    from conftest import CORPUS_SETS

    from kg.text.decode import scrub_surrogates

    path = CORPUS_SETS["vbpl"]
    if not path.exists():
        pytest.skip(f"{path} not present")
    with path.open(encoding="utf-8") as fh:
        expected = [scrub_surrogates(json.loads(line)["text"])[0] for line in itertools.islice(fh, 60)]
    got = list(itertools.islice(iter_sources([path]), 60))
    assert [s.text for s in got] == expected and len(expected) == 60
    assert [s.sha256 for s in got] == [hashlib.sha256(t.encode("utf-8")).hexdigest() for t in expected]
