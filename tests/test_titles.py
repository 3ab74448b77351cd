"""Documents cited by title: the whole title, its date or year, an amending law as its own title.

Every text is a real corpus passage (the source is in the comment above it).
"""

from __future__ import annotations

import kg
from kg.text.fold import squash


def named(text: str) -> list[tuple[str, str | None, int | None]]:
    """(title with whitespace collapsed and markdown dropped, date, year) of each named reference."""
    ex = kg.extract(text, with_relations=False)
    return [(squash(m.text.replace("*", "")), m.date, m.year) for m in ex.mentions if m.kind == "named"]


def test_title_hard_wrapped_across_a_line_break_is_whole_and_dated():
    # local_admin__tnt305_tai_lieu_noi_bo/documents.jsonl#0beedb7bdb363a85
    text = (
        "Căn cứ Luật Tổ chức chính\nquyền địa phương ngày 16 tháng 6 năm 2025;\nCăn cứ Nghị định số\n63/2010/"
    )
    assert named(text) == [("Luật Tổ chức chính quyền địa phương", "2025-06-16", None)]


def test_title_wrapped_after_one_syllable_is_not_cut():
    # local_admin__tnt305_tai_lieu_noi_bo/documents.jsonl#03741adae8c7c410 ("Luật Ban" in the audit)
    text = "Căn cứ Luật Ban\nhành văn bản quy phạm pháp luật ngày 19 tháng 6 năm 2015;"
    assert named(text) == [("Luật Ban hành văn bản quy phạm pháp luật", "2015-06-19", None)]


def test_markdown_emphasis_around_a_title():
    # local_admin__tnt305_tai_lieu_noi_bo/documents.jsonl#c15a1748f51c3fd0
    ex = kg.extract("Căn cứ **Luật Giáo dục** ngày 14 tháng 6 năm 2019;", with_relations=False)
    (m,) = [m for m in ex.mentions if m.kind == "named"]
    assert m.text == "Luật Giáo dục" and m.date == "2019-06-14"


def test_commas_inside_known_and_unknown_titles():
    # vbpl: "Căn cứ Luật An toàn, vệ sinh lao động ngày 25 tháng 6 năm 2015;" (laws.tsv example of 84/2015/QH13)
    assert named("Căn cứ Luật An toàn, vệ sinh lao động ngày 25 tháng 6 năm 2015;") == [
        ("Luật An toàn, vệ sinh lao động", "2015-06-25", None)
    ]
    # a comma between two laws stays a list: "Luật Đấu thầu, Luật Đầu tư …" (laws.tsv example of 90/2025/QH15)
    assert [
        t for t, _d, _y in named("Luật Đấu thầu, Luật Hải quan, Luật Đầu tư công ngày 25 tháng 6 năm 2025")
    ] == [
        "Luật Đấu thầu",
        "Luật Hải quan",
        "Luật Đầu tư công",
    ]


def test_title_stops_before_the_next_document_across_a_line_break():
    # local_admin__tnt305_tai_lieu_noi_bo/documents.jsonl#03890575449f6e05 ("Luật Quản lý thuế và" in the audit)
    text = (
        "hướng dẫn thi hành một số điều của Luật Quản lý thuế và\nNghị định số 126/2020/NĐ-CP ngày 19/10/2020"
    )
    assert [t for t, _d, _y in named(text)] == ["Luật Quản lý thuế"]


def test_known_title_wins_over_a_phrase_that_follows_it():
    # tvpl__johnPa02_thuvienphapluat-crawler: "Luật Xây dựng và pháp luật có liên quan" (audit RPC23)
    text = "khu chức năng, cụm công nghiệp quy định tại Luật Xây dựng và pháp luật có"
    assert [t for t, _d, _y in named(text)] == ["Luật Xây dựng"]


def test_year_after_a_title_is_the_mentions_year():
    # tvpl__TuanHuu168_CongBot/tvpl_fulltext_md.jsonl#file_data_16
    assert named("Theo quy định tại Luật NSNN 2015, Nghị định số 45/2017/NĐ-CP") == [
        ("Luật NSNN", None, 2015)
    ]
    # laws.tsv example of 117/2025/QH15 (lower-case title, known to the table)
    assert named("Căn cứ Luật bảo vệ bí mật nhà nước năm 2025;") == [
        ("Luật bảo vệ bí mật nhà nước", None, 2025)
    ]


def test_amending_law_is_one_title_not_the_law_it_amends():
    # the brief's example; local_admin texts cite 87/2025/QH15 this way
    text = "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Ban hành văn bản quy phạm pháp luật ngày 25 tháng 6 năm 2025;"
    assert named(text) == [
        (
            "Luật sửa đổi, bổ sung một số điều của Luật Ban hành văn bản quy phạm pháp luật",
            "2025-06-25",
            None,
        )
    ]


def test_amending_law_of_a_list_of_laws():
    # tvpl__johnPa02_thuvienphapluat-crawler/documents.jsonl#crawl__dat_dai__Luật_Quy_hoạch_2017 (audit RPL04)
    text = (
        "Khoản này bị bãi bỏ bởi Khoản 21 Điều 1 Luật sửa đổi Luật Quy hoạch, Luật Đầu tư, Luật Đầu tư theo "
        "phương thức đối tác công tư và Luật Đấu thầu 2024 có hiệu lực từ ngày 15/01/2025"
    )
    title = "Luật sửa đổi Luật Quy hoạch, Luật Đầu tư, Luật Đầu tư theo phương thức đối tác công tư và Luật Đấu thầu"
    assert named(text) == [(title, None, 2024)]


def test_tvpl_note_names_the_amending_law_by_the_law_it_amends():
    # tvpl__johnPa02_thuvienphapluat-crawler/documents.jsonl#crawl__dat_dai__Luật_Kiểm_toán_nhà_nước_2015 (AME17)
    text = "[Điều này được bổ sung bởi Khoản 1 Điều 1 Luật Kiểm toán nhà nước sửa đổi 2019] Trong Luật này"
    assert named(text) == [("Luật Kiểm toán nhà nước sửa đổi", None, 2019)]


def test_compound_nouns_are_not_titles():
    # TVPL banner in local_admin texts: "… và kết nối cộng đồng Dân Luật Việt Nam, nhằm:"
    assert named("và kết nối cộng đồng Dân Luật Việt Nam,\nnhằm:") == []
