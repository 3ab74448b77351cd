"""Portal and converter boilerplate (kg/data/boilerplate.tsv, kg.extraction.boilerplate)."""

from __future__ import annotations

import re
import time
import unicodedata

import pytest
from conftest import corpus_texts

import kg
from kg.extraction import boilerplate, near
from kg.extraction.boilerplate import (
    BLANK,
    KINDS,
    NESTED,
    Boilerplate,
    blank_interruptions,
    find_boilerplate,
    in_boilerplate,
    rules,
    status_notes,
)
from kg.text.decode import scrub_surrogates, scrub_to_utf8

RULES = rules()


@pytest.mark.parametrize("i", range(len(RULES)), ids=[f"{r.kind}{i + 1}" for i, r in enumerate(RULES)])
def test_row_example_matches_its_pattern_and_kind(i: int) -> None:
    rule = RULES[i]
    assert rule.kind in KINDS
    assert rule.example, "every row carries an example"
    m = rule.pattern.search(rule.example)
    assert m and m.end() > m.start(), rule.example
    spans = find_boilerplate(rule.example)
    if rule.kind in NESTED:  # a status remark is found inside the editorial note of its example
        assert (m.start(), m.end()) in status_notes(rule.example, spans)
        return
    assert any(b.kind == rule.kind and b.start <= m.start() and m.end() <= b.end for b in spans)
    assert all(b.interrupts == rule.interrupts for b in spans if b.kind == rule.kind and b.start <= m.start())


# Real body text from the corpus that must stay document text.
BODY = [
    "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, "
    "công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia;",
    "Thực hiện Quyết định số\n7619/QĐ-BCA ngày 08 tháng 9 năm 2025",
    "Điều 2. Bãi bỏ Quyết định số 40/2024/QĐ-UBND ngày 15 tháng 10 năm 2024 của Ủy ban nhân dân tỉnh.",
    "Căn cứ Nghị định số 13/2023/NĐ-CP ngày 17 tháng 4 năm 2023 của Chính phủ về bảo vệ dữ liệu cá nhân;",
    "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;",
    "**TM. ỦY BAN NHÂN\nDÂN **\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nLê Văn Ánh",
    "Nơi nhận:\n- Như Điều 3;\n- Công báo;\n- Lưu: VT, QLĐĐ1.",
    "- TT Thông tin - Công báo tỉnh;",
    "Căn cứ khoản 3 Điều 18 Thông tư số\n219/2013/TT-BTC ngày 31/12/2013 của Bộ Tài chính *(được sửa đổi, bổ sung\n"
    "tại khoản 3 Điều 1 Thông tư số 130/2016/TT-BTC ngày\n12/8/2016 của Bộ Tài chính)*",
    "[Đề xuất trách nhiệm của các cơ quan, tổ chức thực hiện quy hoạch gồm: kiểm tra, đóng dấu thẩm định và "
    "lưu trữ; hướng dẫn, kiểm tra việc triển khai]",
    "[cơ quan tổ chức lập nhiệm vụ quy hoạch]",
    "- Cơ quan: Ghỉ tên cơ quan thanh tra, chữ in thường, đậm, cỡ chữ 10.",
    "Ngày ký: ghi ngày, tháng, năm ký văn bản.",
    "Điều 1. Phạm vi điều chỉnh",
    "Trang 2 của Phụ lục I",
    "Name of the applicant",
]


@pytest.mark.parametrize("text", BODY, ids=range(len(BODY)))
def test_body_text_is_not_boilerplate(text: str) -> None:
    assert find_boilerplate(text) == []


def test_privacy_banner_found_and_is_not_the_document() -> None:
    text = (
        "Quý Thành viên xác nhận giúp **THƯ VIỆN PHÁP LUẬT** được tiếp tục lưu trữ.\n"
        "Thực hiện Nghị định 13/2023/NĐ-CP, chúng tôi cập nhật Quy chế và Thỏa thuận Bảo về Dữ liệu cá nhân "
        "bên dưới.\nTrân trọng cảm ơn Quý Thành viên.\n"
    )
    spans = find_boilerplate(text)
    m = next(m for m in kg.extract(text).mentions if m.symbol == "13/2023/NĐ-CP")
    assert [b.kind for b in spans] == ["banner"]
    assert in_boilerplate(spans, m.start, m.end)
    assert not in_boilerplate(spans, 0, 20)


def test_editorial_note_is_flagged() -> None:
    text = (
        "2. Người nộp thuế.\n[Khoản này được sửa đổi bởi Khoản 1 Điều 2 Nghị định 226/2025/NĐ-CP có hiệu lực "
        "từ ngày 15/08/2025]\n3. Cơ quan thuế."
    )
    (b,) = find_boilerplate(text)
    assert (b.kind, b.editorial, b.interrupts) == ("editorial", True, False)
    assert text[b.start] == "[" and text[b.end - 1] == "]"


SPLIT = (
    "Căn cứ Nghị định số 123/2025/\nCÔNG BÁO/Số 290/Ngày 29-05-2026\n45\n"
    "NĐ-CP ngày 10 tháng 5 năm 2025 của Chính phủ quy định chi tiết;\n"
)


def test_blank_interruptions_keeps_length_and_joins_a_split_symbol() -> None:
    spans = find_boilerplate(SPLIT)
    assert [b.kind for b in spans] == ["running_head"]
    blanked = blank_interruptions(SPLIT, spans)
    assert len(blanked) == len(SPLIT)
    assert blanked.replace(BLANK, "") == SPLIT[: spans[0].start] + SPLIT[spans[0].end :]
    (m,) = [m for m in kg.extract(blanked).mentions if m.symbol == "123/2025/NĐ-CP"]
    assert SPLIT[m.start : m.start + 9] == "123/2025/" and SPLIT[m.end - 5 : m.end] == "NĐ-CP"
    # kg.extract blanks them itself: one reference, offsets into the text as given, the head inside it
    (w,) = [m for m in kg.extract(SPLIT).mentions if m.symbol == "123/2025/NĐ-CP"]
    assert (w.start, w.end) == (m.start, m.end) and w.text == SPLIT[m.start : m.end] and "CÔNG BÁO" in w.text


def test_blank_with_spaces_keeps_newlines() -> None:
    spans = find_boilerplate(SPLIT)
    shown = blank_interruptions(SPLIT, spans, fill=" ", keep_newlines=True)
    assert len(shown) == len(SPLIT)
    assert shown.count("\n") == SPLIT.count("\n")
    assert "CÔNG BÁO" not in shown


def test_blank_leaves_non_interrupting_spans() -> None:
    text = "Ký bởi: Hoàng Văn Lãng\n[Điều này được hướng dẫn bởi Điều 2 Nghị định 126/2014/NĐ-CP]\n"
    spans = find_boilerplate(text)
    assert [b.kind for b in spans] == ["signature", "editorial"]
    blanked = blank_interruptions(text, spans)
    assert blanked.startswith(BLANK * len("Ký bởi: Hoàng Văn Lãng") + "\n[Điều này")


def test_decomposed_text_maps_back_to_original_offsets() -> None:
    text = "Điều 5. Hiệu lực\nCÔNG BÁO/Số 290/Ngày 29-05-2026\nThực hiện Nghị định 13/2023/NĐ-CP, chúng tôi cập nhật Quy chế."
    nfd = unicodedata.normalize("NFD", text)
    got = find_boilerplate(nfd)
    assert [b.kind for b in got] == ["running_head", "banner"]
    assert unicodedata.normalize("NFC", nfd[got[0].start : got[0].end]) == "CÔNG BÁO/Số 290/Ngày 29-05-2026"
    assert nfd[got[1].end - 1] == "." and nfd[got[1].start] == "T"


def test_spans_sorted_merged_non_overlapping() -> None:
    text = "a [Link: x] [ID: y] b [JavaScript: z]\nPage 2\n# PAGE 3\n"
    spans = find_boilerplate(text)
    assert [(b.kind, text[b.start : b.end]) for b in spans] == [
        ("chrome", "[Link: x] [ID: y]"),
        ("chrome", "[JavaScript: z]"),
        ("page_marker", "Page 2\n# PAGE 3"),
    ]
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))


def test_in_boilerplate() -> None:
    spans = [Boilerplate(10, 20, "chrome", False, False), Boilerplate(30, 40, "banner", False, False)]
    assert in_boilerplate(spans, 12, 14)
    assert in_boilerplate(spans, 5, 11)
    assert in_boilerplate(spans, 39, 45)
    assert not in_boilerplate(spans, 20, 30)
    assert not in_boilerplate(spans, 0, 10)
    assert not in_boilerplate([], 0, 10)


def test_long_text_runs_in_one_pass() -> None:
    """About 5 MB of TVPL-like text with every kind in it; prints the time (no assertion on it)."""
    page = "".join(r.example + "\n" for r in RULES) + BODY[0] * 40 + "\n"
    text = page * (5_000_000 // len(page))
    t0 = time.perf_counter()
    spans = find_boilerplate(text)
    print(f"find_boilerplate: {len(text):,} characters, {len(spans)} spans, {time.perf_counter() - t0:.2f} s")
    assert len(spans) >= 5_000_000 // len(page)


@pytest.mark.parametrize("name", ["congbot", "vbpl"])
def test_scrub_to_utf8_and_the_bytes_given_to_find_boilerplate(name: str) -> None:
    """The extractor's one UTF-8 encoding (the surrogate test, then the needle scan's input) gives what the search
    for lone surrogates and find_boilerplate's own encoding give, on real portal and gazette text."""
    texts = [n.original for n in corpus_texts(name, 20)]
    for text in [*texts, texts[0][:500] + "\ud800" + texts[0][500:]]:
        scrubbed, count, utf8 = scrub_to_utf8(text)
        assert (scrubbed, count) == scrub_surrogates(text) and utf8 == scrubbed.encode("utf-8")
        assert find_boilerplate(scrubbed, utf8) == find_boilerplate(scrubbed)
    assert scrub_to_utf8(texts[0][:100] + "\udfff")[1] == 1


@pytest.mark.parametrize("name", ["congbot", "ocr", "ocr_pages"])
def test_rows_tried_near_their_needles_find_what_finditer_finds(name: str) -> None:
    """Each row that opens with ``^``, tried only at the line starts near its needles, finds what a search of the
    whole text finds, on real portal, gazette and OCR pages (and their concatenation: a long text)."""
    texts = [n.original for n in corpus_texts(name, 20)]
    tried = 0
    for text in [*texts, "\n".join(texts)]:
        for rule, needles in zip(RULES, boilerplate._all_needles(), strict=True):
            near = boilerplate._near(rule.pattern, needles, text)
            if near is not None:
                tried += bool(near)
                assert [m.span() for m in near] == [m.span() for m in rule.pattern.finditer(text)]
    assert tried or name != "congbot"  # (portal pages: some row matched on the fast path)


def test_line_break_bounds() -> None:
    """How many line breaks a row's match can span: the bound the fast path walks back by."""
    bound = near.max_breaks
    assert bound(re.compile(r"^a\n[^\n|]+\n(?:.*\n){0,8}?(?=b\nc)", re.M)) == 11
    assert bound(re.compile(r"^[ \t]*\d+\S*$", re.M)) == 0
    assert bound(re.compile(r"^a\s", re.M)) == 1
    assert bound(re.compile(r"^a[^x]", re.M)) == 1
    assert bound(re.compile(r"^a(?s:.)", re.M)) == 1
    assert bound(re.compile(r"^a(?:\n|b)+", re.M)) is None
    assert bound(re.compile(r"^a\s+", re.M)) is None
