"""Dates, issuers, header, short and named references, relations."""

import kg
from kg.models import SELF


def test_date_and_issuer_follow_the_reference():
    r = kg.extract(
        "Triển khai Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về phát triển khoa học"
    )
    m = r.mentions[0]
    assert (m.date, m.issuer_name, m.issuer, m.type, m.type_name) == (
        "2024-12-22",
        "Bộ Chính trị",
        "TW",
        "NQ",
        "Nghị quyết",
    )
    assert r.text[slice(*m.date_span)] == "ngày 22/12/2024"


def test_long_date_form_and_no_bleeding_in_lists():
    r = kg.extract(
        "Căn cứ Quyết định số 12/QĐ-UBND, Quyết định số 15/QĐ-UBND ngày 17 tháng 6 năm 2025 của UBND tỉnh Hà Giang"
    )
    a, b = r.mentions
    assert a.date is None and a.issuer_name is None
    assert b.date == "2025-06-17" and b.issuer_name == "UBND tỉnh Hà Giang"


def test_ocr_day_read_as_slash():
    r = kg.extract(
        "S6: 1359 /SKHCN-BCVT&CNTT Quang Ngai, ngay /7 thang 6 nam 2025\nKinh gui: S¢ Xay dung", ocr="on"
    )
    assert r.document.date == "2025-06-17" and r.document.place == "Quảng Ngãi"
    assert r.document.symbol == "1359/SKHCN-BCVT&CNTT"
    assert r.document.recipients == ["Sở Xây dựng"]


def test_header_of_a_decision():
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH HÀ GIANG\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 378/QĐ-UBND\nHà Giang, ngày 09 tháng 3 năm 2023\n\nQUYẾT ĐỊNH\nVề việc ban hành Kế hoạch thực hiện\n"
        "Chương trình số 05-CTr/TU\n\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HÀ GIANG\n\nCăn cứ Luật Tổ chức chính quyền địa "
        "phương ngày 19 tháng 6 năm 2015;\n\nQUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch.\n\n"
        "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n\nHoàng Gia Long\n"
    )
    h = kg.extract(text).document
    assert h.symbol == "378/QĐ-UBND"
    assert h.type == "Quyết định"
    assert h.place == "Hà Giang" and h.date == "2023-03-09"
    assert h.subject.startswith("ban hành Kế hoạch thực hiện")
    assert h.issuer == "UBND tỉnh Hà Giang"
    assert h.signer == "Hoàng Gia Long"


def test_blank_number_draft(seed_paths):
    r = kg.extract_file(seed_paths["001_8c31e89f3e2dd93f.txt"])
    d = r.document
    assert d.symbol == "/SKHCN-BCVT&CNTT" and d.type == "Công văn"
    assert d.issuer == "Sở Khoa học và Công nghệ" and d.issuer_parent == "UBND tỉnh Quảng Ngãi"
    assert d.place == "Quảng Ngãi" and d.date is None
    assert d.subject.startswith("báo cáo tổng kết Đề án phát triển đô thị thông minh")
    assert d.recipients == ["Sở Xây dựng"] and d.signer == "Trần Thanh Trường"


def test_short_references_resolve():
    text = "Nghị quyết số 57-NQ/TW ngày 22/12/2024; Tỉnh ủy thành lập Ban Chỉ đạo NQ 57; thực hiện Nghị\nquyết 57;"
    r = kg.extract(text)
    short = [m for m in r.mentions if m.kind == "short"]
    assert [m.refers_to for m in short] == ["57-NQ/TW", "57-NQ/TW"]
    assert [m.text for m in short] == ["NQ 57", "Nghị\nquyết 57"]


def test_anaphora_and_named_references():
    r = kg.extract(
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Quyết định số 12/QĐ-UBND "
        "ngày 1/2/2024; thực hiện Quyết định nêu trên và Chiến lược dữ liệu quốc gia đến năm 2030."
    )
    kinds = [(m.kind, m.refers_to or m.symbol or m.text) for m in r.mentions]
    assert ("named", "Luật Tổ chức chính quyền địa phương") in kinds
    assert ("short", "12/QĐ-UBND") in kinds
    assert ("named", "Chiến lược dữ liệu quốc gia đến năm 2030") in kinds


def rels(text: str) -> set[tuple[str, str, str]]:
    return {(r.subject, r.predicate, r.object) for r in kg.extract(text).relations if r.predicate != "cites"}


def test_relation_subject_is_the_named_document():
    assert rels(
        "Quyết định số 327/QĐ-UBND ngày 26/5/2025 Về việc ban hành Kế hoạch hành động thực hiện Nghị quyết số "
        "71/NQ-CP ngày 01/4/2025 của Chính phủ và Kế hoạch hành động số 359-KH/TU ngày 29/4/2025 của Ban Thường vụ "
        "Tỉnh ủy thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị."
    ) == {
        ("327/QĐ-UBND", "implements", "71/NQ-CP"),
        ("327/QĐ-UBND", "implements", "359-KH/TU"),
        ("359-KH/TU", "implements", "57-NQ/TW"),
    }


def test_relation_cues():
    assert rels("Căn cứ Nghị định số 13/2023/NĐ-CP ngày 17/4/2023 của Chính phủ;") == {
        (SELF, "based_on", "13/2023/NĐ-CP")
    }
    assert rels("Nghị định này sửa đổi, bổ sung một số điều của Nghị định số 15/2020/NĐ-CP.") == {
        (SELF, "amends", "15/2020/NĐ-CP")
    }
    assert rels("Quyết định này thay thế Quyết định số 1045/QĐ-UBND ngày 12/5/2020.") == {
        (SELF, "replaces", "1045/QĐ-UBND")
    }
    assert rels("Bãi bỏ Thông tư số 12/2019/TT-BTC.") == {(SELF, "repeals", "12/2019/TT-BTC")}
    assert rels("Thông tư này hướng dẫn thi hành Nghị định số 13/2023/NĐ-CP.") == {
        (SELF, "guides", "13/2023/NĐ-CP")
    }
    assert rels("[Khoản này được sửa đổi bởi Khoản 1 Điều 2 Nghị định 226/2025/NĐ-CP có hiệu lực]") == {
        ("226/2025/NĐ-CP", "amends", SELF)
    }
    assert rels("Căn cứ Luật số 64/2025/QH15 được sửa đổi, bổ sung bởi Luật số 87/2025/QH15;") == {
        ("87/2025/QH15", "amends", "64/2025/QH15"),
        (SELF, "based_on", "64/2025/QH15"),
    }
    assert rels("Theo đề nghị của Sở Nội vụ tại Tờ trình số 45/TTr-SNV ngày 3/3/2025;") == {
        (SELF, "responds_to", "45/TTr-SNV")
    }
    assert rels("(Công văn số 1053/SKHCN-BCVT&CNTT ngày 22/5/2025 kèm theo)") == {
        (SELF, "attaches", "1053/SKHCN-BCVT&CNTT")
    }


def test_a_letter_cites_what_it_says_it_carried_out():
    r = kg.extract(
        "Số: 12/SKHCN-VP\nV/v báo cáo\n\nTriển khai Nghị quyết số 57-NQ/TW ngày 22/12/2024; Sở đã tham mưu."
    )
    assert {(x.subject, x.predicate, x.object) for x in r.relations} == {(SELF, "cites", "57-NQ/TW")}
    r = kg.extract(
        "KẾ HOẠCH\nThực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị\n\nThực hiện Nghị quyết số 57-NQ/TW;"
    )
    assert (SELF, "implements", "57-NQ/TW") in {(x.subject, x.predicate, x.object) for x in r.relations}


def test_passive_cues_and_notes_about_this_text():
    # corpus: a passive "đã được sửa đổi, bổ sung … tại" names the amending text after the amended one
    assert rels(
        "theo quy định tại khoản 3 Điều 17 Nghị định số 78/2021/NĐ-CP ngày 01 tháng 8 năm 2021 của Chính phủ, đã được "
        "sửa đổi, bổ sung một số điều tại Nghị định số 63/2025/NĐ-CP ngày 05 tháng 3 năm 2025"
    ) == {("63/2025/NĐ-CP", "amends", "78/2021/NĐ-CP")}
    # TVPL notes: "Điểm này" is the text itself, not the reference before it
    assert rels(
        "[Nội dung hướng dẫn Điểm này tại Thông tư 29/2018/TT-BGTVT nay được sửa đổi bởi Điều 1 Thông tư "
        "01/2022/TT-BGTVT có hiệu lực từ ngày 01/3/2022 Điểm này được hướng dẫn bởi Thông tư 29/2018/TT-BGTVT]"
    ) == {("29/2018/TT-BGTVT", "guides", SELF), ("01/2022/TT-BGTVT", "amends", "29/2018/TT-BGTVT")}


def test_named_references_stop_at_the_title():
    r = kg.extract(
        "theo Luật Đất đai hoặc Luật Nhà ở và vợ hoặc chồng; Luật Phòng, chống thiên tai và Luật Đê điều;"
    )
    assert [m.text for m in r.mentions] == [
        "Luật Đất đai",
        "Luật Nhà ở",
        "Luật Phòng, chống thiên tai",
        "Luật Đê điều",
    ]


def test_header_without_so_label_and_law_type():
    # Tesseract OCR of a decree (corpus ocr__tuyendb_OCR_VBPL): the "Số:" label is lost
    h = kg.extract(
        "CHÍNH PHỦ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc\n47/2017/NĐ-CP\nHà\n"
        "Nội, ngày 25 tháng 12 năm 2017\nSửa đổi, bổ sung một số điều của Nghị định số 151/2013/NĐ-CP"
    ).document
    assert h.symbol == "47/2017/NĐ-CP" and h.date == "2017-12-25"
    h = kg.extract(
        "Number\n' Luật số: 56/2020/QH14\nLUẬT SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA LUẬT GIÁM ĐỊNH TƯ PHÁP\n"
    ).document
    assert h.symbol == "56/2020/QH14" and h.type == "Luật"


def test_a_cited_title_is_not_a_statement():
    # "Luật sửa đổi, bổ sung …" names another law (the amending law of 2019): this text amends nothing, and the
    # Căn cứ line continued after ";" bases it on both laws
    assert rels(
        "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số điều của "
        "Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;"
    ) == {
        (SELF, "based_on", "Luật Tổ chức Chính phủ"),
        (
            SELF,
            "based_on",
            "Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương",
        ),
    }
    # "Điều 34 được sửa đổi, bổ sung như sau" is this decree amending, not the quoted decree amending it
    assert ("151/2013/NĐ-CP", "amends", SELF) not in rels(
        "Điểm c khoản 1 Điều 34 được sửa đổi, bổ sung như sau: “c) Lợi nhuận còn lại, sau khi trừ các khoản quy định "
        "tại khoản 1 Điều 34 Nghị định số 151/2013/NĐ-CP ngày 01 tháng 11 năm 2013 của Chính phủ"
    )


def test_the_title_being_enacted_is_a_statement():
    assert ("SELF", "amends", "59/2020/QH14") in rels(
        "Quốc hội ban hành Luật sửa đổi, bổ sung một số điều của Luật Doanh nghiệp số 59/2020/QH14."
    )


def test_portal_markdown_headers():
    # thuvienphapluat.vn markdown export (corpus tvpl__TuanHuu168_CongBot): the header is a table
    h = kg.extract(
        "| ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH -------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - "
        "Hạnh phúc --------------- |\n|---|---|\n| Số: 49/2012/QĐ-UBND | Thành phố Hồ Chí Minh, ngày 23 tháng 10 năm "
        "2012 |\n\nQUYẾT ĐỊNH\n\nBAN HÀNH QUY CHẾ QUẢN LÝ KINH PHÍ\n"
    ).document
    assert (h.symbol, h.issuer, h.date, h.type) == (
        "49/2012/QĐ-UBND",
        "UBND thành phố Hồ Chí Minh",
        "2012-10-23",
        "Quyết định",
    )
    # corpus local_admin: cells broken over lines, "Số:" alone on its line, a "số …" line later in the preamble
    h = kg.extract(
        "|\n**ỦY BAN NHÂN\nDÂN **\nTỈNH BẮC NINH\n--------\n|\n**CỘNG HÒA XÃ\nHỘI CHỦ NGHĨA VIỆT NAM**\nĐộc lập - Tự do - "
        "Hạnh phúc\n---------------\n|\n|\nSố:\n87/2025/QĐ-UBND\n|\n*Bắc Ninh, ngày\n03 tháng 12 năm 2025*\n|\n\n"
        "**QUYẾT ĐỊNH**\n\nQUY ĐỊNH VỀ QUẢN LÝ\n\n*Căn cứ Luật Doanh nghiệp\nsố 59/2020/QH14;*\n"
    ).document
    assert (h.symbol, h.issuer, h.date) == ("87/2025/QĐ-UBND", "UBND tỉnh Bắc Ninh", "2025-12-03")
