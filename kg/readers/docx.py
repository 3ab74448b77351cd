"""Word .docx with the standard library (zipfile) and lxml: paragraphs, tables row by row, then headers and
footers; runs set in a TCVN3 (.VnTime) or VNI (VNI-Times) font are converted to Unicode.

A Vietnamese letter's header (issuer | national motto, number | place and date) is a two-column table: its cells
are read row by row, each cell's paragraphs as lines, which is the order the extractor's header reader expects.
Word headers and footers (running heads, page numbers) come after the body, so they never stand in for the
document's own header.
"""

from __future__ import annotations

import re
import zipfile
from io import BytesIO

from lxml import etree

from kg.errors import InputError
from kg.readers.base import ReadResult
from kg.text.legacy import convert, font_encoding, repair

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {"w": W}
_HEADER = re.compile(r"word/(header|footer)\d*\.xml")


def _q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _font_of(rpr: etree._Element | None) -> str | None:
    if rpr is None:
        return None
    f = rpr.find("w:rFonts", _NS)
    if f is None:
        return None
    return f.get(_q("ascii")) or f.get(_q("hAnsi")) or f.get(_q("cs"))


def _caps(rpr: etree._Element | None) -> bool:
    if rpr is None:
        return False
    c = rpr.find("w:caps", _NS)
    return c is not None and c.get(_q("val"), "true") not in ("0", "false", "off")


class _Styles:
    """Fonts of paragraph and character styles (following ``basedOn``) and the document default."""

    def __init__(self, xml: bytes | None) -> None:
        self.fonts: dict[str, str | None] = {}
        self.based: dict[str, str] = {}
        self.default: str | None = None
        self.default_para: str | None = None
        if not xml:
            return
        root = etree.fromstring(xml)
        self.default = _font_of(root.find("w:docDefaults/w:rPrDefault/w:rPr", _NS))
        for st in root.findall("w:style", _NS):
            sid = st.get(_q("styleId"))
            if not sid:
                continue
            self.fonts[sid] = _font_of(st.find("w:rPr", _NS))
            b = st.find("w:basedOn", _NS)
            if b is not None:
                self.based[sid] = b.get(_q("val"), "")
            if st.get(_q("type")) == "paragraph" and st.get(_q("default")) in ("1", "true"):
                self.default_para = sid

    def font(self, style: str | None) -> str | None:
        seen: set[str] = set()
        while style and style not in seen:
            seen.add(style)
            if self.fonts.get(style):
                return self.fonts[style]
            style = self.based.get(style)
        return None


class _Reader:
    def __init__(self, styles: _Styles) -> None:
        self.styles = styles
        self.legacy_runs = 0

    def run_text(self, r: etree._Element, para_font: str | None) -> str:
        parts: list[str] = []
        for child in r:
            tag = etree.QName(child).localname
            if tag == "t":
                parts.append(child.text or "")
            elif tag == "tab":
                parts.append("\t")
            elif tag in ("br", "cr"):
                parts.append("\n")
            elif tag == "noBreakHyphen":
                parts.append("-")
        text = "".join(parts)
        if not text:
            return text
        rpr = r.find("w:rPr", _NS)
        style = rpr.find("w:rStyle", _NS) if rpr is not None else None
        font = (
            _font_of(rpr)
            or (self.styles.font(style.get(_q("val"))) if style is not None else None)
            or para_font
            or self.styles.default
        )
        legacy = font_encoding(font)
        if legacy is not None:
            self.legacy_runs += 1
            text = convert(text, legacy[0], upper=legacy[1])
        return text.upper() if _caps(rpr) else text

    def paragraph(self, p: etree._Element) -> str:
        ppr = p.find("w:pPr", _NS)
        pstyle = ppr.find("w:pStyle", _NS) if ppr is not None else None
        sid = pstyle.get(_q("val")) if pstyle is not None else self.styles.default_para
        para_font = _font_of(ppr.find("w:rPr", _NS) if ppr is not None else None)
        para_font = self.styles.font(sid) or para_font
        return "".join(self.run_text(r, para_font) for r in p.iter(_q("r")))

    def block(self, el: etree._Element, out: list[str]) -> None:
        """Paragraphs and tables in document order; a table row by row, each cell's paragraphs as lines."""
        for child in el:
            tag = etree.QName(child).localname
            if tag == "p":
                out.append(self.paragraph(child))
            elif tag == "tbl":
                for tr in child.iter(_q("tr")):
                    for tc in tr.findall("w:tc", _NS):
                        self.block(tc, out)
            elif tag in ("sdt", "sdtContent", "customXml", "ins", "smartTag"):
                self.block(child, out)


def read_docx(data: bytes, name: str) -> ReadResult:
    """Text of a .docx: the body, then headers and footers."""
    try:
        z = zipfile.ZipFile(BytesIO(data))
        body = z.read("word/document.xml")
        names = z.namelist()
        styles = _Styles(z.read("word/styles.xml") if "word/styles.xml" in names else None)
        extra = [z.read(n) for n in sorted(names) if _HEADER.fullmatch(n)]
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise InputError(f"{name}: not a readable Word file ({exc})") from None
    reader = _Reader(styles)
    lines: list[str] = []
    try:
        root = etree.fromstring(body)
        b = root.find("w:body", _NS)
        reader.block(b if b is not None else root, lines)
        furniture: list[str] = []
        for xml in extra:
            reader.block(etree.fromstring(xml), furniture)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{name}: corrupt Word file ({exc})") from None
    furniture = [ln for ln in furniture if ln.strip()]
    text = "\n".join(lines + ([""] + furniture if furniture else []))
    if not reader.legacy_runs:
        text = repair(text)  # a legacy font named nowhere (pasted text, a theme font)
    if not text.strip():
        raise InputError(f"{name}: empty Word file")
    return ReadResult(text, None, "docx")
