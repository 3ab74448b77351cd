"""The CLI over the readers: a folder mixing formats, skipped files with reason and hint, nothing read -> exit 1,
``--with-text``, ``--text-field``, pages in the graph, ``kg annotate`` of a Word file, progress of long PDFs."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import readers_make as mk
from click.testing import CliRunner

from kg.cli import main


@pytest.fixture(scope="module")
def text() -> str:
    return mk.corpus_text()


@pytest.fixture
def mixed(tmp_path: Path, text: str) -> Path:
    d = tmp_path / "mixed"
    d.mkdir()
    lines = text.splitlines()
    (d / "a.txt").write_text(text, encoding="utf-8")
    mk.text_pdf(text, d / "b.pdf")
    mk.docx((lines[:3], lines[3:6]), lines[6:], d / "c.docx")
    (d / "d.html").write_bytes(mk.html_page(text, "tvpl"))
    (d / "e.txt").write_bytes(mk.legacy(text, "vni"))
    (d / "f.zip").write_bytes(b"PK\x05\x06" + b"\x00" * 18)
    (d / "g.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<\n")  # truncated: unreadable
    return d


def _sources(stdout: str) -> dict[str, dict]:
    return {Path(json.loads(ln)["source"]).name: json.loads(ln) for ln in stdout.splitlines() if ln.strip()}


def test_mixed_folder(mixed: Path, tmp_path: Path) -> None:
    res = CliRunner().invoke(main, ["extract", str(mixed), "--with-text"])
    out = _sources(res.stdout)
    assert sorted(out) == ["a.txt", "b.pdf", "c.docx", "d.html", "e.txt"]
    want = {m["symbol"] for m in out["a.txt"]["mentions"] if m["kind"] == "full"}
    for name, obj in out.items():
        assert {m["symbol"] for m in obj["mentions"] if m["kind"] == "full"} == want, name
        for m in obj["mentions"]:  # spans index the emitted text
            assert obj["text"][m["start"] : m["end"]] == m["text"]
    assert out["b.pdf"]["reader"] == "pdf" and len(out["b.pdf"]["pages"]) >= 2
    assert all(m["page"] for m in out["b.pdf"]["mentions"])
    assert all(m["page"] is None for m in out["c.docx"]["mentions"])
    assert re.search(r"^skipped \S*f\.zip: not a document \(\.zip file\)", res.stderr, re.M)
    assert re.search(r"^kg: \S*g\.pdf: corrupt PDF \(", res.stderr, re.M)
    assert res.exit_code == 1 and "Traceback" not in res.stderr  # one input failed

    bd = CliRunner().invoke(main, ["build", str(mixed), "--store", str(tmp_path / "st"), "-j", "1"])
    assert "6 sources: 5 built, 0 unchanged, 1 failed, 1 skipped" in bd.stderr
    assert bd.exit_code == 1
    from kg.store.local import Store

    with Store.open(tmp_path / "st") as st:
        pages = st.select("SELECT DISTINCT ?p WHERE { GRAPH ?g { ?e a vnl:Evidence ; vnl:page ?p } }")
    assert pages  # the PDF's evidence keeps its page


def test_nothing_read_is_an_error(tmp_path: Path) -> None:
    d = tmp_path / "none"
    d.mkdir()
    (d / "f.zip").write_bytes(b"PK\x05\x06" + b"\x00" * 18)
    (d / "m.json").write_text("{}", encoding="utf-8")
    res = CliRunner().invoke(main, ["extract", str(d)])
    assert res.exit_code == 1 and "nothing was read (2 file(s) skipped)" in res.stderr
    named = CliRunner().invoke(main, ["extract", str(d / "f.zip")])  # named, it is looked at: an archive
    assert named.exit_code == 1 and "(zip archive); unpack it and give the folder" in named.stderr
    bd = CliRunner().invoke(main, ["build", str(d), "--store", str(tmp_path / "st"), "-j", "1"])
    assert bd.exit_code == 1 and "nothing was read" in bd.stderr


def test_missing_ocr_is_a_skip_with_hint(tmp_path: Path, text: str, monkeypatch) -> None:
    from kg.readers import ocr

    d = tmp_path / "scans"
    d.mkdir()
    mk.png(text, d / "page.png")
    (d / "a.txt").write_text(text, encoding="utf-8")
    monkeypatch.setattr(ocr, "available", lambda: False)
    res = CliRunner().invoke(main, ["extract", str(d)])
    assert res.exit_code == 0
    assert re.search(
        r"^skipped \S*page\.png: scanned image, needs OCR \(Tesseract is not installed\); "
        r"install Tesseract with: apt-get install tesseract-ocr tesseract-ocr-vie$",
        res.stderr,
        re.M,
    )


def test_text_field(tmp_path: Path, text: str) -> None:
    p = tmp_path / "c.jsonl"
    p.write_text(json.dumps({"id": "d1", "noi_dung": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["extract", str(p)])
    assert res.exit_code == 1 and "nothing was read" in res.stderr
    assert "the text may be in 'noi_dung': use --text-field" in res.stderr
    res = CliRunner().invoke(main, ["extract", str(p), "--text-field", "noi_dung"])
    assert res.exit_code == 0 and json.loads(res.stdout)["source"].endswith("c.jsonl#d1")
    bd = CliRunner().invoke(
        main, ["build", str(p), "--text-field", "noi_dung", "--store", str(tmp_path / "st"), "-j", "1"]
    )
    assert bd.exit_code == 0 and "1 sources: 1 built" in bd.stderr


def test_annotate_any_format(tmp_path: Path, text: str) -> None:
    lines = text.splitlines()
    doc = mk.docx((lines[:3], lines[3:6]), lines[6:], tmp_path / "qd.docx")
    res = CliRunner().invoke(main, ["annotate", str(doc)])
    assert res.exit_code == 0, res.output
    assert "52/2010/QH12" in res.stdout and "word/document.xml" not in res.stdout


def test_long_pdf_shows_progress(tmp_path: Path, text: str) -> None:
    pdf = mk.text_pdf("\n".join([text] * 5), tmp_path / "long.pdf")
    res = CliRunner().invoke(main, ["extract", str(pdf), "--format", "table"])
    assert res.exit_code == 0
    n = max(int(x) for x in re.findall(r"long\.pdf: page \d+/(\d+)", res.stderr))
    assert n >= 10 and f"page {n}/{n}" in res.stderr


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract not installed")
@pytest.mark.slow
def test_stdin_scan(tmp_path: Path, text: str) -> None:
    png = mk.png(text, tmp_path / "p.png").read_bytes()
    res = CliRunner().invoke(main, ["extract", "-", "--format", "table"], input=png)
    assert res.exit_code == 0 and "[OCR]" in res.stdout
