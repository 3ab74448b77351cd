"""OCR mode: confusions repaired only into codes of the tables, keywords without diacritics."""

import pytest

import kg
from kg.extraction.ocr import looks_ocr
from kg.text.normalize import normalize


@pytest.mark.parametrize(
    ("surface", "symbol"),
    [
        ("Quyét dinh sd\n327/Qb-UBND ngay 26/5/2025", "327/QĐ-UBND"),
        ("theo OQuyét dinh sé 950/0P-TTg, Chi", "950/QĐ-TTg"),
        ("Quyét dinh sé 645/QD-UBND ngay 31/5/2024", "645/QĐ-UBND"),
        ("Cong van so 1053 [ISKHCN-BCVT&CNTT ngay 22/5/2025", "1053/SKHCN-BCVT&CNTT"),
        ("Chuong trinh s 01-\nCTr/BCDTW ngay 28/02/2025", "01-CTr/BCĐTW"),
        ("Chuong trinh cong tac clia Ban Chi dao, s6 06-CTr/BCD ngay 21/5/2025", "06-CTr/BCĐ"),
        ("Nghi quyét s6 12/NQ-HPND ngay 1/2/2024", "12/NQ-HĐND"),
        ("Nghi dinh s6 100/2019/ND-CP ngay", "100/2019/NĐ-CP"),
    ],
)
def test_confusions(surface, symbol):
    r = kg.extract(surface, ocr="on")
    assert [m.symbol for m in r.mentions if m.kind == "full"] == [symbol]


def test_repairs_must_land_on_known_codes():
    # "Xb" is not a code whatever the confusions, so nothing is invented
    assert kg.extract("s6 12/Xb-ABC ngay", ocr="on").mentions == []
    # a bare "I" is read for "/" only before a known code
    assert kg.extract("Cong van 1053 IXYZQ ngay", ocr="on").mentions == []


def test_ocr_dates_and_keywords():
    r = kg.extract("Nghi quyét s6 03/NQ-CP ngay 09/01/2025 cua Chinh phu", ocr="on")
    m = r.mentions[0]
    assert (m.date, m.issuer_name, m.type_name) == ("2025-01-09", "Chính phủ", "Nghị quyết")


def test_auto_detection(seed_paths):
    from kg.text.decode import read_text

    ocr_text = read_text(seed_paths["000_901c05cf8ceb719a.txt"])
    clean_text = read_text(seed_paths["001_8c31e89f3e2dd93f.txt"])
    assert looks_ocr(normalize(ocr_text))
    assert not looks_ocr(normalize(clean_text))
    assert kg.extract(ocr_text).ocr and not kg.extract(clean_text).ocr
    assert not kg.extract(ocr_text, ocr="off").ocr
