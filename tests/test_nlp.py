"""The spaCy pipeline as users get it: references, bodies and dates on a Doc."""

import kg


def test_make_nlp_annotates_a_doc():
    nlp = kg.nlp.make_nlp()
    doc = nlp("Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị và Nghị định 13/2023/NĐ-CP;")
    refs = doc.spans["kg_refs"]
    assert [s._.kg.symbol for s in refs] == ["57-NQ/TW", "13/2023/NĐ-CP"]
    assert [s.text for s in refs] == ["57-NQ/TW", "13/2023/NĐ-CP"]
    assert [s.id_ for s in doc.spans["kg_bodies"] if s.label_ == "ISSUER"] == ["Bộ Chính trị"]
    assert [s._.kg_date for s in doc.spans["kg_dates"]] == ["2024-12-22"]


def test_body_ruler_matches_ocr_text_without_diacritics():
    from kg.extraction.bodies import bodies_in

    assert [b[2] for b in bodies_in(["cua Bo Chinh tri ve", "UBND tinh Quang Ngai"])[0]] == ["Bộ Chính trị"]
    assert bodies_in(["UBND tinh Quang Ngai"])[0][0][2] == "UBND tỉnh Quảng Ngãi"
