"""A law cited by title and date in one text is the law whose own text is in another."""

import kg

LAW = (
    "QUỐC HỘI\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nLuật số: 54/2014/QH13\n"
    "Hà Nội, ngày 23 tháng 6 năm 2014\n\nLUẬT\nHẢI QUAN\n\nCăn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\n"
)
DECREE = (
    "CHÍNH PHỦ\n-------\nSố: 08/2015/NĐ-CP\nHà Nội, ngày 21 tháng 01 năm 2015\n\nNGHỊ ĐỊNH\nQuy định chi tiết và "
    "biện pháp thi hành Luật Hải quan\n\nCăn cứ Luật Tổ chức Chính phủ ngày 25 tháng 12 năm 2001;\n"
    "Căn cứ Luật Hải quan ngày 23 tháng 6 năm 2014;\n"
)


def test_decree_based_on_a_law_cited_by_title(tmp_path):
    (tmp_path / "law.txt").write_text(LAW, encoding="utf-8")
    (tmp_path / "decree.txt").write_text(DECREE, encoding="utf-8")
    store = kg.Store.open(tmp_path / "store", create=True)
    try:
        kg.build([tmp_path / "law.txt", tmp_path / "decree.txt"], store=store)
        shown = kg.show(store, "54/2014/QH13").to_json()
        assert shown["document"]["symbol"] == "54/2014/QH13"
        based_on = {link["symbol"]: link for link in shown["incoming"]["based_on"]}
        assert "08/2015/NĐ-CP" in based_on, shown["incoming"]
        evidence = [e["text"] for e in based_on["08/2015/NĐ-CP"]["evidence"]]
        assert evidence == ["Căn cứ Luật Hải quan ngày 23 tháng 6 năm 2014"]
    finally:
        store.close()
