"""Saved web pages (vbpl.vn, thuvienphapluat.vn, others) with lxml: the document body without the site chrome.

The container of each portal is data (``kg/data/html_bodies.tsv``); any other page is read whole with scripts,
styles, navigation, page header and footer, asides and forms dropped. Block elements become line breaks and
table cells one line each (the header table of a letter reads row by row, as in a Word file).
"""

from __future__ import annotations

import codecs
import re
import unicodedata

import lxml.html
from lxml import etree

from kg.errors import InputError
from kg.readers.base import ReadResult
from kg.tables import read_table
from kg.text.decode import decode

_DROP = (
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "iframe",
    "svg",
    "select",
    "head",
)
_BLOCK = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "tr",
        "table",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "td",
        "th",
        "section",
        "article",
        "main",
        "blockquote",
        "pre",
        "dt",
        "dd",
        "hr",
    ]
)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)
_LETTER = re.compile(r"[^\W\d_]")
_SPACE = re.compile(r"[ \t\r\f\v\u00a0]+")
MIN_LETTERS = 20


def _decode(data: bytes, name: str) -> str:
    m = _CHARSET.search(data[:4096])
    if m and not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return unicodedata.normalize("NFC", data.decode(m.group(1).decode("ascii")))
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data, name)


def _text(el: etree._Element, out: list[str]) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in _DROP:
        if el.tail:
            out.append(el.tail)
        return
    block = tag in _BLOCK
    if block:
        out.append("\n")
    if el.text and isinstance(el.tag, str):
        out.append(el.text)
    for child in el:
        _text(child, out)
    if block:
        out.append("\n")
    if el.tail:
        out.append(el.tail)


def text_of(el: etree._Element) -> str:
    """Visible text of an element, one line per block, spaces collapsed."""
    out: list[str] = []
    _text(el, out)
    lines = (_SPACE.sub(" ", ln).strip() for ln in "".join(out).split("\n"))
    return "\n".join(ln for ln in lines if ln)


def body_of(root: etree._Element) -> tuple[str, str]:
    """(text, where it came from): the first portal container of the table with text, else the page body."""
    for row in read_table("html_bodies.tsv"):
        found = [text_of(el) for el in root.xpath(row["xpath"])]
        best = max(found, key=len, default="")
        if len(_LETTER.findall(best)) >= MIN_LETTERS:
            return best, row["site"]
    body = root.find("body")
    return text_of(body if body is not None else root), "page"


def read_html(data: bytes, name: str) -> ReadResult:
    """Text of a saved web page."""
    text = _decode(data, name)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses a str with an encoding declaration
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"{name}: not a readable HTML page ({exc})") from None
    body, where = body_of(root)
    if not body.strip():
        raise InputError(f"{name}: HTML page without text")
    return ReadResult(body, None, f"html:{where}")
