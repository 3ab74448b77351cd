"""One test per rule of the reference grammar, with real sentences from the corpus and the seeds."""

import unicodedata

import pytest

import kg


def symbols(text: str, **kw) -> list[str]:
    return [m.symbol for m in kg.extract(text, **kw).mentions if m.kind == "full"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # administrative N/TYPE-ISSUER[-UNIT]
        ("ban hành Quyết định số 645/QĐ-UBND ngày 31/5/2024 của Chủ tịch UBND tỉnh", ["645/QĐ-UBND"]),
        ("Kế hoạch số 7308/KH-BNN-TCLN của Bộ Nông nghiệp", ["7308/KH-BNN-TCLN"]),
        # công văn N/ISSUER-UNIT
        ("Theo đề nghị của Sở Xây dựng tại Công văn số 1826/SXD-QHKT ngày 11/6/2025", ["1826/SXD-QHKT"]),
        ("Công văn số 4919/VPCP-KTTH của Văn phòng Chính phủ", ["4919/VPCP-KTTH"]),
        # normative N/YYYY/TYPE-ISSUER
        ("Căn cứ Nghị định số 13/2023/NĐ-CP ngày 17/4/2023 của Chính phủ", ["13/2023/NĐ-CP"]),
        ("Thông tư số 01/2021/TT-BTTTT", ["01/2021/TT-BTTTT"]),
        # laws and Assembly / Standing Committee resolutions
        ("Căn cứ Luật Đầu tư công số 58/2024/QH15", ["58/2024/QH15"]),
        ("Pháp lệnh số 02/2022/UBTVQH15", ["02/2022/UBTVQH15"]),
        ("Nghị quyết số 1654/NQ-UBTVQH15 ngày 16/6/2025", ["1654/NQ-UBTVQH15"]),
        ("Nghị quyết số 76/2025/NQ-UBTVQH15", ["76/2025/NQ-UBTVQH15"]),
        # Party N-TYPE/ISSUER
        ("Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị", ["57-NQ/TW"]),
        ("Kế hoạch hành động số 359-KH/TU ngày 29/4/2025", ["359-KH/TU"]),
        ("Quy định số 08-QĐi/TW và Chương trình 05-Ctr/ĐUK", ["08-QĐi/TW", "05-CTr/ĐUK"]),
        # consolidated, joint issuers, & inside codes, joint resolutions
        ("Văn bản hợp nhất số 03/VBHN-VPQH", ["03/VBHN-VPQH"]),
        (
            "Tờ trình số 04/TTr-BKHCN-BTTTT và công văn số 83/BKHCN-BTTTT-VP",
            ["04/TTr-BKHCN-BTTTT", "83/BKHCN-BTTTT-VP"],
        ),
        ("Công văn số 1053/SKHCN-BCVT&CNTT ngày 22/5/2025", ["1053/SKHCN-BCVT&CNTT"]),
        (
            "Nghị quyết liên tịch số 102/2025/NQLT-UBTVQH15-CP-ĐCTUBTWMTTQVN",
            ["102/2025/NQLT-UBTVQH15-CP-ĐCTUBTWMTTQVN"],
        ),
        # legacy forms without year need a type word
        ("Quyết định số 118/TTg ngày 27/2/1996", ["118/TTg"]),
        ("Nghị định 43-CP ngày 16/7/1993", ["43-CP"]),
        # seen in the corpus: lost hyphens and spaces, reversed legacy order, a slash after the type
        ("Pháp lệnh số 26/2005/PL-UBTVQH11 ngày 29 tháng 6 năm 2005", ["26/2005/PL-UBTVQH11"]),
        ("Thông tư số 16-BYT/TT ngày 17/01/1996", ["16-BYT/TT"]),
        ("Nhi Trung ương tại công văn số 3418/BVNTW ngày 31/10/2024", ["3418/BVNTW"]),
        ("Tờ trình số382/TTr-CP và Đề án số\n381/ĐA-CPngày 09 tháng 6", ["382/TTr-CP", "381/ĐA-CP"]),
        ("một số nội dung của Nghị định số\n118/2025/NĐCP ngày 09/6/2025", ["118/2025/NĐ-CP"]),
        ("- Thông tư số 25/2023/TTBKHĐT ngày 31/12/2023", ["25/2023/TT-BKHĐT"]),
        ("(Ban hành kèm theo Nghị quyết số 95/UBTVQH15 ngày 13/8/2021", ["95/UBTVQH15"]),
        ("Bãi bỏ Thông tư liên tịch số 01/2001/TTLT/BNG-TCBĐ của Bộ Ngoại giao", ["01/2001/TTLT-BNG-TCBĐ"]),
        # a numbered series
        ("Nghị quyết số 66.15/2026/NQ-CP của Chính phủ", ["66.15/2026/NQ-CP"]),
    ],
)
def test_families(text, expected):
    assert symbols(text) == expected


def test_enumerations_give_one_reference_each():
    assert symbols("các Nghị định số 01/2020/NĐ-CP, 02/2020/NĐ-CP") == ["01/2020/NĐ-CP", "02/2020/NĐ-CP"]
    assert symbols("Quyết định số 154 và 201/QĐ-UBND") == ["154/QĐ-UBND", "201/QĐ-UBND"]
    assert symbols("Kế hoạch số 154 & 201/KH-ĐHHV") == ["154/KH-ĐHHV", "201/KH-ĐHHV"]


def test_enumeration_type_is_inherited():
    r = kg.extract("các Nghị quyết số 18-NQ/TW, 19-NQ/TW của Ban Chấp hành Trung ương")
    assert [m.type_name for m in r.mentions] == ["Nghị quyết", "Nghị quyết"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Chương trình số 01-\nCTr/BCĐTW ngày 28/02/2025", "01-CTr/BCĐTW"),
        ("Chương trình số 01-\n\nCTr/BCĐTW", "01-CTr/BCĐTW"),
        ("Nghị quyết số 57- NQ/TW", "57-NQ/TW"),
        ("Quyết định số 3210/QĐ - U B ND ngày 01/02/2024", "3210/QĐ-UBND"),
        ("*Căn cứ Nghị quyết số* *202/2025/QH15 ngày 12 tháng 6 năm 2025 của Quốc\nhội*", "202/2025/QH15"),
        ("Nghị định số 103/2017/N\u00d0-CP", "103/2017/NĐ-CP"),
        ("Căn cứ Luật số 13\u20442012/QH13", "13/2012/QH13"),
        (unicodedata.normalize("NFD", "Quyết định số 1702/QĐ-UBND"), "1702/QĐ-UBND"),
    ],
)
def test_layout_noise(text, expected):
    r = kg.extract(text)
    assert [m.symbol for m in r.mentions] == [expected]
    m = r.mentions[0]
    assert r.text[m.start : m.end] == m.text


@pytest.mark.parametrize(
    "text",
    [
        "ngày 31/5/2024 và ngày 22/12/2024",
        "theo Điều 5, khoản 2/3 và điểm a",
        "đạt tiêu chuẩn TCVN 5574:2018 và QCVN 01/2021/BXD",
        "điện thoại: 0255/3822 888, số tiền 1.293.000/100 dân",
        "phủ sóng 5G tại 5/7 Khu công nghiệp, 2/15 cụm công nghiệp, 17/61 hệ thống",
        "giai đoạn 2018 - 2025 và 2021-2024",
        "theo Mẫu số 01/QTDA và mẫu số 01/QĐC của Phụ lục",
    ],
)
def test_not_references(text):
    assert symbols(text) == []
