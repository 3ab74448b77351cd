"""Fuzzing every input reader (issue 12): whatever the bytes, ``kg.read`` returns text or raises the one-line
:class:`kg.errors.InputError` (a :class:`MissingTool` included) — never another exception, never a hang.

Inputs are real files made from a corpus text (PDF, .docx, HTML, RTF, TCVN3/VNI/cp1258 bytes) with random bytes
flipped, cut or inserted, plus random bytes behind each format's magic number (so every reader is reached).
Images and scanned pages are left out here: they only reach Tesseract, which the OCR tests exercise."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from readers_make import corpus_text, docx, legacy, text_pdf

from kg.errors import InputError
from kg.readers import read

TEXT = corpus_text()[:1500]


def _seeds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    d = tmp_path_factory.mktemp("fuzz")
    out = {
        "pdf": text_pdf(TEXT, d / "a.pdf").read_bytes(),
        "docx": docx(
            (["ỦY BAN NHÂN DÂN"], ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]), TEXT.split("\n"), d / "a.docx"
        ).read_bytes(),
        "html": f"<!DOCTYPE html><html><body><div id='toanvancontent'><p>{TEXT}</p></div></body></html>".encode(),
        "rtf": ("{\\rtf1\\ansi " + TEXT.replace("\n", "\\par ") + "}").encode("ascii", "backslashreplace"),
        "tcvn3": legacy(TEXT, "tcvn3"),
        "vni": legacy(TEXT, "vni"),
        "cp1258": TEXT.encode("cp1258", "replace"),
    }
    return out


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return _seeds(tmp_path_factory)


MAGIC = [
    b"%PDF-1.4\n",
    b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"{\\rtf1",
    b"<!DOCTYPE html>",
    b"\xef\xbb\xbf",
    b"",
]


def _read_or_one_line(data: bytes) -> None:
    try:
        r = read(data, name="fuzz")
    except InputError as exc:
        assert "\n" not in str(exc) and str(exc)
        return
    assert isinstance(r.text, str)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kind=st.sampled_from(["pdf", "docx", "html", "rtf", "tcvn3", "vni", "cp1258"]),
    edits=st.lists(
        st.tuples(
            st.floats(0, 1), st.sampled_from(["flip", "cut", "insert"]), st.binary(min_size=1, max_size=8)
        ),
        max_size=6,
    ),
)
def test_mutated_real_files(seeds: dict[str, bytes], kind: str, edits: list) -> None:
    data = bytearray(seeds[kind])
    for where, op, junk in edits:
        i = int(where * max(len(data) - 1, 0))
        if op == "flip" and data:
            data[i] ^= junk[0] or 1
        elif op == "cut":
            del data[i : i + 64 * len(junk)]
        else:
            data[i:i] = junk
    _read_or_one_line(bytes(data))


@settings(max_examples=150, deadline=None)
@given(magic=st.sampled_from(MAGIC), tail=st.binary(max_size=2048))
def test_random_bytes_behind_each_magic_number(magic: bytes, tail: bytes) -> None:
    _read_or_one_line(magic + tail)


def test_a_zip_bomb_shaped_docx_is_refused_or_read() -> None:
    """A .docx whose document.xml is not XML at all."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\x00\xff" * 5000)
    _read_or_one_line(buf.getvalue())
