"""Real files made at test time from a corpus text: PDF with a text layer (fpdf2), scanned PDF and images (Pillow
renders the page, blurred, tilted and dusted), .docx (the zip written by hand), HTML pages, RTF, and the text in
the legacy encodings TCVN3, VNI and Windows-1258."""

from __future__ import annotations

import json
import random
import re
import unicodedata
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from conftest import SHARED

from kg.tables import read_table

CORPUS_DOC = ("local_admin__tnt305_tai_lieu_noi_bo/documents.jsonl", "208bf7c0b7e8f27c")
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
TONES = "\u0300\u0301\u0303\u0309\u0323"


def corpus_text() -> str:
    """A real decision of Đồng Nai province (nine full references), markdown marks removed (the files made from
    it carry no markdown)."""
    path = SHARED / "corpus" / CORPUS_DOC[0]
    if not path.is_file():
        pytest.skip(f"{path} not present")
    for line in path.open(encoding="utf-8"):
        obj = json.loads(line)
        if obj["id"] == CORPUS_DOC[1]:
            text = re.sub(r"\*+", "", obj["text"])
            lines = [ln.strip() for ln in text.splitlines() if ln.strip() not in ("|", "")]
            return unicodedata.normalize("NFC", "\n".join(lines)) + "\n"
    pytest.skip(f"{CORPUS_DOC[1]} not in {path}")


def font() -> Path:
    if not FONT.is_file():
        pytest.skip(f"{FONT} not present (Debian fonts-dejavu-core)")
    return FONT


def text_pdf(text: str, path: Path, *, running_head: str | None = None) -> Path:
    """A PDF with a text layer, A4, several pages, page numbers at the foot (and a running head when given)."""
    fpdf = pytest.importorskip("fpdf")

    class Doc(fpdf.FPDF):
        def header(self) -> None:
            if running_head:
                self.set_font("dv", size=8)
                self.cell(0, 5, running_head, align="C")
                self.ln(8)
                self.set_font("dv", size=12)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("dv", size=8)
            self.cell(0, 5, str(self.page_no()), align="C")
            self.set_font("dv", size=12)

    pdf = Doc()
    pdf.add_font("dv", "", str(font()))
    pdf.set_font("dv", size=12)
    pdf.add_page()
    pdf.multi_cell(0, 7, text)
    pdf.output(str(path))
    return path


def page_images(text: str, *, lines_per_page: int = 48, seed: int = 7) -> list:
    """The text rendered as 200-dpi A4 page images, lightly blurred, tilted and dusted, as a scanner gives."""
    pil = pytest.importorskip("PIL")
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    del pil
    rnd = random.Random(seed)
    face = ImageFont.truetype(str(font()), 30)
    lines: list[str] = []
    for para in text.splitlines():
        words, cur = para.split(), ""
        for w in words:
            if face.getlength(f"{cur} {w}") > 1400 and cur:
                lines.append(cur)
                cur = w
            else:
                cur = f"{cur} {w}".strip()
        lines.append(cur)
    pages = []
    for start in range(0, len(lines), lines_per_page):
        img = Image.new("L", (1654, 2339), 255)
        draw = ImageDraw.Draw(img)
        for k, ln in enumerate(lines[start : start + lines_per_page]):
            draw.text((120, 120 + 44 * k), ln, font=face, fill=20)
        for _ in range(300):  # dust
            x, y = rnd.randrange(img.width), rnd.randrange(img.height)
            draw.point((x, y), fill=rnd.randrange(60, 160))
        img = img.rotate(0.4, fillcolor=255, resample=Image.BICUBIC).filter(ImageFilter.GaussianBlur(0.7))
        pages.append(img)
    return pages


def scanned_pdf(text: str, path: Path) -> Path:
    """A PDF of page images only (no text layer), as a scanner writes it."""
    pages = page_images(text)
    pages[0].save(path, "PDF", resolution=200.0, save_all=True, append_images=pages[1:])
    return path


def png(text: str, path: Path) -> Path:
    page_images(text, lines_per_page=30)[0].save(path, "PNG")
    return path


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _para(text: str, font: str | None = None) -> str:
    rpr = f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}"/></w:rPr>' if font else ""
    return f'<w:p><w:r>{rpr}<w:t xml:space="preserve">{_esc(text)}</w:t></w:r></w:p>'


def docx(
    header_cells: tuple[list[str], list[str]],
    body: list[str],
    path: Path,
    *,
    font: str | None = None,
    enc=None,
    default_font: str | None = None,
) -> Path:
    """A .docx written by hand: a two-column header table (issuer | motto), body paragraphs, a running head in
    header1.xml. ``font`` names the font of every run; ``enc`` (tcvn3/vni) writes the text in that legacy font's
    characters, as Word stores text typed in .VnTime or VNI-Times; ``default_font`` is the document default of
    styles.xml (runs that name no font)."""
    conv = (lambda s: legacy(s, enc).decode("cp1252")) if enc else (lambda s: s)
    cells = "".join(
        "<w:tc>" + "".join(_para(conv(x), font) for x in cell) + "</w:tc>" for cell in header_cells
    )
    body_xml = f"<w:tbl><w:tr>{cells}</w:tr></w:tbl>" + "".join(_para(conv(p), font) for p in body)
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document {_W}><w:body>{body_xml}</w:body></w:document>'
    )
    head = f'<?xml version="1.0" encoding="UTF-8"?><w:hdr {_W}>{_para("Trang 1")}</w:hdr>'
    types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/'
        'document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.'
        'main+xml"/></Types>'
    )
    buf = BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("word/document.xml", document)
        z.writestr("word/header1.xml", head)
        if default_font:
            z.writestr(
                "word/styles.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><w:styles {_W}><w:docDefaults><w:rPrDefault><w:rPr>'
                f'<w:rFonts w:ascii="{default_font}" w:hAnsi="{default_font}"/></w:rPr></w:rPrDefault>'
                "</w:docDefaults></w:styles>",
            )
    path.write_bytes(buf.getvalue())
    return path


def legacy(text: str, enc: str) -> bytes:
    """``text`` in a legacy 8-bit encoding: cp1258 (base letters with combining tones), TCVN3 or VNI (from
    kg/data/legacy_fonts.tsv read backwards; TCVN3 has no capitals with tone marks, typists used the small
    letter)."""
    text = unicodedata.normalize("NFC", text)
    if enc == "cp1258":
        out = bytearray()
        for ch in text:
            try:
                out += ch.encode("cp1258")
                continue
            except UnicodeEncodeError:
                pass
            d = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in d if c not in TONES))
            out += base.encode("cp1258", "replace") + "".join(c for c in d if c in TONES).encode("cp1258")
        return bytes(out)
    rev = {r["unicode"]: r["legacy"] for r in read_table("legacy_fonts.tsv") if r["encoding"] == enc}
    for u in list(rev):
        rev.setdefault(u.upper(), rev[u])
    return "".join(rev.get(c, c) for c in text).encode("cp1252", "replace")


def rtf(text: str) -> bytes:
    """RTF as Word writes Vietnamese: ``\\uN?`` for every non-ASCII letter."""
    body = "".join(
        c if ord(c) < 128 and c not in "\\{}\n" else "\\par\n" if c == "\n" else f"\\u{ord(c)}?" for c in text
    )
    return ("{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Times New Roman;}}\\f0 " + body + "}").encode(
        "ascii"
    )


def html_page(text: str, site: str) -> bytes:
    """A saved portal page: menus and a footer that cite documents of their own around the document's container."""
    paras = "".join(f"<p>{_esc(ln)}</p>" for ln in text.splitlines())
    chrome = "<nav><a>Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân</a></nav>"
    foot = "<footer>Giấy phép số 32/GP-TTĐT</footer>"
    container = (
        f'<div class="cldivContentDocVn"><div class="content1">{paras}</div></div>'
        if site == "tvpl"
        else f'<div id="toanvancontent">{paras}</div>'
        if site == "vbpl"
        else f"<div>{paras}</div>"
    )
    side = (
        '<div class="right-col">Văn bản liên quan: Quyết định 1/2020/QĐ-TTg</div>' if site != "plain" else ""
    )
    page = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Văn bản</title>'
        f"<script>var x = '99/2099/NĐ-CP';</script></head><body>{chrome}{side}{container}{foot}</body></html>"
    )
    return page.encode("utf-8")
