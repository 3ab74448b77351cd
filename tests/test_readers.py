"""Every format gives the same references as the clean text: files made at test time from a corpus decision
(tests/readers_make.py), read by kg.readers, extracted by kg.extract."""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
import readers_make as mk

import kg
from kg.errors import InputError
from kg.extraction.pipeline import extract_read
from kg.readers import MissingTool, ReadResult, read, sniff
from kg.readers.html import read_html
from kg.readers.pdf import dehyphenate
from kg.tables import read_table

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None or shutil.which("pdftoppm") is None,
    reason="Tesseract/pdftoppm not installed (bash scripts/install-system-deps.sh)",
)


def symbols(result: kg.models.Extraction) -> Counter:
    return Counter(m.symbol for m in result.mentions if m.kind == "full")


@pytest.fixture(scope="module")
def clean() -> tuple[str, Counter]:
    text = mk.corpus_text()
    found = symbols(kg.extract(text))
    assert sum(found.values()) >= 9, found  # the test needs a text with references
    return text, found


def f1(got: Counter, want: Counter) -> float:
    tp = sum((got & want).values())
    if not tp:
        return 0.0
    p, r = tp / sum(got.values()), tp / sum(want.values())
    return 2 * p * r / (p + r)


def test_sniff_by_content_not_name(tmp_path: Path) -> None:
    assert sniff(b"%PDF-1.7\n...", "a.txt") == "pdf"
    assert sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "a.txt") == "doc"
    assert sniff(b"{\\rtf1\\ansi hello}", "a.doc") == "rtf"
    assert sniff(b"<!DOCTYPE html><html>", "a.doc") == "html"
    assert sniff(b"\x89PNG\r\n\x1a\n....", "scan.pdf") == "image"
    assert sniff(b"II*\x00....", "") == "image"
    assert sniff("<p>Căn cứ</p>".encode(), "a.htm") == "html"
    assert sniff("<p>Căn cứ</p>".encode(), "a.txt") == "text"  # the name breaks the tie
    d = mk.docx((["A"], ["B"]), ["C"], tmp_path / "x.bin")
    assert sniff(d.read_bytes(), "x.bin") == "docx"


def test_pdf_text_layer_same_references_and_pages(clean, tmp_path: Path) -> None:
    text, want = clean
    pdf = mk.text_pdf(text, tmp_path / "qd.pdf", running_head="CÔNG BÁO/Số 290/Ngày 29-05-2026")
    seen: list[tuple[int, int]] = []
    got = read(pdf, progress=lambda i, n, what: seen.append((i, n)))
    assert got.reader == "pdf" and not got.ocr
    assert got.pages and len(got.pages) >= 2 and seen[-1] == (len(got.pages), len(got.pages))
    res = extract_read(got, str(pdf))
    assert symbols(res) == want
    for m in res.mentions:  # every mention carries its page, and the page holds it
        start, end = got.pages[m.page - 1]
        assert start <= m.start < end, (m.symbol, m.page)
    assert {m.page for m in res.mentions} == set(range(1, len(got.pages) + 1)) or len(got.pages) > 2
    assert all(r.page for r in res.relations)
    # the running head is reported as page furniture, never as a reference of the text
    assert not any("290" in (m.symbol or "") for m in res.mentions if not m.boilerplate)


def test_pdf_line_end_hyphens_joined() -> None:
    assert dehyphenate("Nghị định số 13/2023/NĐ-\nCP ngày") == "Nghị định số 13/2023/NĐ-CP ngày"
    assert dehyphenate("Quyết định số 645/\nQĐ-UBND") == "Quyết định số 645/QĐ-UBND"
    assert dehyphenate("infor-\nmation") == "information"
    assert dehyphenate("Độc lập - Tự do -\nHạnh phúc") == "Độc lập - Tự do -\nHạnh phúc"


def test_corrupt_and_password_protected_pdf(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="corrupt PDF") as e:
        read(b"%PDF-1.4\n1 0 obj <<\n", name="bad.pdf")
    assert "\n" not in str(e.value)
    pypdf = pytest.importorskip("pypdf")
    w = pypdf.PdfWriter()
    w.add_blank_page(200, 200)
    w.encrypt("secret", algorithm="RC4-128")
    p = tmp_path / "locked.pdf"
    with p.open("wb") as fh:
        w.write(fh)
    with pytest.raises(InputError, match="password-protected PDF"):
        read(p)


def test_docx_paragraphs_table_header_same_references(clean, tmp_path: Path) -> None:
    text, want = clean
    lines = text.splitlines()
    head = (lines[:3], lines[3:6])
    got = read(mk.docx(head, lines[6:], tmp_path / "qd.docx"))
    assert got.reader == "docx" and got.pages is None
    assert got.text.startswith("\n".join(lines[:6]))  # the header table, row by row, each cell's lines
    assert got.text.rstrip().endswith("Trang 1")  # the Word header comes after the body
    assert symbols(kg.extract(got.text)) == want


@pytest.mark.parametrize(("font", "enc"), [(".VnTime", "tcvn3"), ("VNI-Times", "vni")])
def test_docx_in_legacy_fonts(clean, tmp_path: Path, font: str, enc: str) -> None:
    text, want = clean
    lines = text.splitlines()
    got = read(mk.docx((lines[:3], lines[3:6]), lines[6:], tmp_path / "qd.docx", font=font, enc=enc))
    assert "Căn cứ Luật Nuôi con nuôi số 52/2010/QH12;" in got.text
    assert symbols(kg.extract(got.text)) == want


def test_docx_capitals_font_and_style_default(tmp_path: Path) -> None:
    """.VnTimeH draws the small-letter bytes in capitals; a run without a font takes the styles.xml default."""
    p = mk.docx(
        (["Quyết định"], ["x"]),
        ["Căn cứ Nghị định số 19/2011/NĐ-CP"],
        tmp_path / "h.docx",
        font=".VnTimeH",
        enc="tcvn3",
    )
    assert read(p).text.startswith("QUYẾT ĐỊNH\nX\nCĂN CỨ NGHỊ ĐỊNH SỐ 19/2011/NĐ-CP")
    p = mk.docx(
        (["a"], ["b"]),
        ["Căn cứ Nghị định số 19/2011/NĐ-CP"],
        tmp_path / "d.docx",
        enc="vni",
        default_font="VNI-Times",
    )
    assert "Căn cứ Nghị định số 19/2011/NĐ-CP" in read(p).text


def test_tcvn3_as_offices_typed_it() -> None:
    """The national motto as it appears in TCVN3 files, bytes and pasted as UTF-8 text."""
    motto = "Céng hoµ x· héi chñ nghÜa ViÖt Nam\n§éc lËp - Tù do - H¹nh phóc"
    want = "Cộng hoà xã hội chủ nghĩa Việt Nam\nĐộc lập - Tự do - Hạnh phúc"
    assert read(motto.encode("cp1252"), name="a.txt").text == want
    assert read(motto.encode("utf-8"), name="b.txt").text == want
    assert (
        read("Hello, world: café".encode(), name="c.txt").text == "Hello, world: café"
    )  # not every é is TCVN3


@pytest.mark.parametrize("enc", ["tcvn3", "vni", "cp1258"])
def test_legacy_encodings_same_references(clean, enc: str) -> None:
    text, want = clean
    got = read(mk.legacy(text, enc), name=f"qd-{enc}.txt")
    assert symbols(kg.extract(got.text)) == want
    if enc != "tcvn3":  # TCVN3 has no capitals with tone marks: those come back small
        assert got.text == text


@pytest.mark.parametrize(
    "row", read_table("legacy_fonts.tsv"), ids=lambda r: f"{r['encoding']}:{r['unicode']}"
)
def test_legacy_fonts_row_replays(row: dict[str, str]) -> None:
    """legacy_fonts.tsv: the example word written in the legacy encoding reads back as itself."""
    from kg.text.legacy import convert

    word = row["example"]
    assert row["unicode"] in word
    raw = mk.legacy(word, row["encoding"]).decode("cp1252")
    assert row["legacy"] in raw
    back = convert(raw, row["encoding"])
    # TCVN3 has no capitals with tone marks: a capital word comes back with those letters small
    assert back == word if row["encoding"] == "vni" else back.lower() == word.lower()


@pytest.mark.parametrize("site", ["tvpl", "vbpl", "plain"])
def test_html_page_body_without_chrome(clean, site: str) -> None:
    text, want = clean
    got = read(mk.html_page(text, site), name=f"{site}.html")
    assert symbols(kg.extract(got.text)) == want  # nothing from menus, scripts, sidebars or footers
    assert "13/2023/NĐ-CP" not in got.text and "99/2099" not in got.text
    assert (
        got.reader == {"tvpl": "html:thuvienphapluat.vn", "vbpl": "html:vbpl.vn", "plain": "html:page"}[site]
    )


@pytest.mark.parametrize("row", read_table("html_bodies.tsv"), ids=lambda r: f"{r['site']}:{r['xpath'][:30]}")
def test_html_bodies_row_replays(row: dict[str, str]) -> None:
    """html_bodies.tsv: the example fragment gives its container's text, not the chrome around it."""
    got = read_html(f"<html><body>{row['example']}</body></html>".encode(), "x.html")
    assert got.text.startswith("Căn cứ") and got.text.endswith(";")


def test_rtf_same_references(clean) -> None:
    text, want = clean
    got = read(mk.rtf(text), name="qd.rtf")
    assert got.reader == "rtf" and symbols(kg.extract(got.text)) == want


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed: no .doc can be made")
def test_doc_same_references(clean, tmp_path: Path) -> None:
    text, want = clean
    lines = text.splitlines()
    src = mk.docx((lines[:3], lines[3:6]), lines[6:], tmp_path / "qd.docx")
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "doc", "--outdir", str(tmp_path), str(src)], check=True
    )
    got = read(tmp_path / "qd.doc")
    assert symbols(kg.extract(got.text)) == want


def test_missing_tool_is_a_one_line_error_with_hint(monkeypatch, tmp_path: Path) -> None:
    from kg.readers import doc, ocr

    monkeypatch.setattr(shutil, "which", lambda name: None)
    ocr.languages.cache_clear()
    with pytest.raises(MissingTool, match="tesseract") as e:
        read(b"\x89PNG\r\n\x1a\n" + b"\0" * 64, name="scan.png")
    assert "apt-get install tesseract-ocr tesseract-ocr-vie" in e.value.hint
    with pytest.raises(MissingTool) as e:
        doc.read_doc(b"\xd0\xcf\x11\xe0", "old.doc")
    assert "antiword" in e.value.hint
    ocr.languages.cache_clear()


def test_page_at() -> None:
    r = ReadResult("aaa\n\nbbb", ((0, 3), (5, 8)), "pdf")
    assert [r.page_at(i) for i in (0, 2, 3, 4, 5, 7)] == [1, 1, 1, 1, 2, 2]
    assert ReadResult("x", None, "text").page_at(0) is None


@needs_tesseract
@pytest.mark.slow
def test_scanned_pdf_ocr(clean, tmp_path: Path) -> None:
    """A PDF of page images (blurred, tilted, dusted) read by Tesseract: OCR mode on, pages kept, and at least
    0.95 F1 of the clean text's references."""
    text, want = clean
    got = read(mk.scanned_pdf(text, tmp_path / "scan.pdf"))
    assert got.ocr and got.reader == "pdf+ocr" and got.pages and len(got.pages) >= 2
    res = extract_read(got, "scan.pdf")
    assert res.ocr
    score = f1(symbols(res), want)
    assert score >= 0.95, (score, symbols(res), want)
    assert all(m.page for m in res.mentions)


@needs_tesseract
@pytest.mark.slow
def test_image_ocr(clean, tmp_path: Path) -> None:
    text, _want = clean
    got = read(mk.png(text, tmp_path / "page.png"))
    assert got.ocr and got.reader == "ocr"
    res = extract_read(got, "page.png")
    assert "63/2025/QĐ-UBND" in symbols(res) or "72/2025/QH15" in symbols(res)


@needs_tesseract
@pytest.mark.slow
def test_pdf_mixing_text_and_scanned_pages(clean, tmp_path: Path) -> None:
    """A signed copy: typed pages with a text layer, then a scanned page; only the scanned page is OCR'd."""
    pypdf = pytest.importorskip("pypdf")
    text, want = clean
    w = pypdf.PdfWriter()
    for part in (mk.text_pdf(text, tmp_path / "t.pdf"), mk.scanned_pdf(text[:1500], tmp_path / "s.pdf")):
        w.append(str(part))
    with (tmp_path / "mixed.pdf").open("wb") as fh:
        w.write(fh)
    got = read(tmp_path / "mixed.pdf")
    n_text = len(read(tmp_path / "t.pdf").pages)
    assert got.reader == "pdf+ocr" and not got.ocr and len(got.pages) == n_text + 1
    res = extract_read(got, "mixed.pdf")
    assert {m.page for m in res.mentions if m.symbol == "63/2025/QĐ-UBND"} == {1, n_text + 1}
