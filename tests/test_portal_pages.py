"""Portal pages in kg.extract: boilerplate states no relation, and the header of a law's portal page.

All texts are real slices of the shared corpus (source in the comment above each).
"""

from __future__ import annotations

import kg
from kg.extraction.boilerplate import find_boilerplate, portal_attributes

# local_admin__tnt305_tai_lieu_noi_bo/documents.jsonl#005d8820eb95c1cb (TVPL page of Công văn 5348/CT-CS):
# the top of the page (copyright banner, colour legend, attribute table, header, first Căn cứ), the signature
# with the portal footer, and the privacy notice further down the page.
TOP = (
    "|\n"
    "|\n"
    "Bản dịch này thuộc quyền sở hữu của **\n"
    "THƯ VIỆN PHÁP LUẬT**. Mọi hành vi sao chép, đăng tải lại mà không có sự đồng ý của **\n"
    "THƯ VIỆN PHÁP LUẬT** là vi phạm pháp luật về Sở hữu trí tuệ.\n"
    "**\n"
    "THƯ VIỆN PHÁP LUẬT** has the copyright on this translation. Copying or reposting it without the consent of **\n"
    "THƯ VIỆN PHÁP LUẬT** is a violation against the Law on Intellectual Property.\n"
    "X\n"
    "**\n"
    "CÁC NỘI DUNG ĐƯỢC SỬA ĐỔI, HƯỚNG DẪN\n"
    "**\n"
    "Các nội dung của VB này được VB khác thay đổi, hướng dẫn sẽ được làm nổi bật bằng\n"
    "các màu sắc:\n"
    ": Sửa đổi, thay thế,\n"
    "hủy bỏ\n"
    "Click vào phần bôi vàng để xem chi tiết.\n"
    "|\n"
    "|\n"
    "|\n"
    "|\n"
    "Đang tải văn bản...\n"
    "#\n"
    "**Số hiệu:**\n"
    "|\n"
    "5348/CT-CS\n"
    "|\n"
    "|\n"
    "**Loại văn bản:**\n"
    "|\n"
    "Công văn\n"
    "|\n"
    "**Nơi ban hành:**\n"
    "|\n"
    "Cục Thuế\n"
    "|\n"
    "|\n"
    "**Người ký:**\n"
    "|\n"
    "Phạm Thị Minh Hiền\n"
    "|\n"
    "**Ngày ban hành:**\n"
    "|\n"
    "20/11/2025\n"
    "|\n"
    "|\n"
    "**\n"
    "Ngày hiệu lực:**\n"
    "|\n"
    "Đã biết\n"
    "|\n"
    "|\n"
    "**Tình trạng:**\n"
    "|\n"
    "Đã biết\n"
    "|\n"
    "|\n"
    "BỘ TÀI CHÍNH\n"
    "**CỤC THUẾ**\n"
    "-------\n"
    "|\n"
    "**CỘNG HÒA XÃ HỘI\n"
    "CHỦ NGHĨA VIỆT NAM**\n"
    "Độc lập - Tự do - Hạnh phúc\n"
    "---------------\n"
    "|\n"
    "|\n"
    "Số: 5348/CT-CS\n"
    "*V/v hướng dẫn góp vốn điều lệ*\n"
    "|\n"
    "*Hà Nội, ngày 20\n"
    "tháng 11 năm 2025*\n"
    "|\n"
    "**Kính gửi:** Thuế tỉnh Quảng Trị.\n"
    "Cục Thuế nhận được công văn số 324/QTR-KTr2 ngày 22/7/2025 của Thuế tỉnh Quảng\n"
    "Trị về việc hướng dẫn góp vốn điều lệ. Về vấn đề này, Cục Thuế có ý kiến như\n"
    "sau:\n"
    "Căn cứ tại Điều 34 Luật Doanh nghiệp\n"
    "số 59/2020/QH14 quy định về tài sản góp vốn;\n"
)
SIGN = (
    "Nơi nhận:\n"
    "- Như trên;\n"
    "- Phó CTr. Đặng Ngọc Minh (để bc);\n"
    "- Các đơn vị thuộc Bộ: CST, QLKT, DNTN, PC;\n"
    "- Các đơn vị thuộc CT: NVT, PC;\n"
    "- Website CT;\n"
    "- Lưu: VT, CS.\n"
    "|\n"
    "**TL. CỤC TRƯỞNG**\n"
    "KT. TRƯỞNG BAN CHÍNH SÁCH, THUẾ QUỐC TẾ\n"
    "PHÓ TRƯỞNG BAN\n"
    "Phạm Thị Minh Hiền\n"
    "|\n"
    "Công văn 5348/CT-CS năm 2025 hướng dẫn góp vốn điều lệ do Cục Thuế ban hành\n"
    "Văn bản này chưa cập nhật nội dung Tiếng Anh\n"
    "Công văn 5348/CT-CS ngày 20/11/2025 hướng dẫn góp vốn điều lệ do Cục Thuế ban hành\n"
    "## Văn bản liên quan\n"
    "Ban hành:\n"
    "11/11/2025\n"
    "Hiệu lực: Đã biết\n"
    "Tình trạng: Đã biết\n"
    "Cập nhật:\n"
    "12/11/2025\n"
    "Ban hành:\n"
    "01/07/2025\n"
    "Hiệu lực: Đã biết\n"
    "Tình trạng: Đã biết\n"
    "Cập nhật:\n"
    "02/07/2025\n"
    "Ban hành:\n"
    "13/06/2025\n"
    "Hiệu lực: Đã biết\n"
    "Tình trạng: Đã biết\n"
    "Cập nhật:\n"
    "20/06/2025\n"
    "Ban hành:\n"
    "19/02/2025\n"
    "Hiệu lực: Đã biết\n"
    "Tình trạng: Đã biết\n"
    "Cập nhật:\n"
    "28/02/2025\n"
    "Ban hành:\n"
    "26/11/2024\n"
    "Hiệu lực: Đã biết\n"
    "Tình trạng: Đã biết\n"
    "Cập nhật:\n"
    "13/12/2024\n"
    "Ban hành:\n"
    "17/06/2020\n"
    "Hiệu lực: Đã biết\n"
    "Tình trạng: Đã biết\n"
    "Cập nhật:\n"
    "08/07/2020\n"
    "Ban hành:\n"
    "13/06/2019\n"
    "Hiệu lực: Đã biết\n"
    "Tình trạng: Đã biết\n"
    "Cập nhật:\n"
    "01/07/2019\n"
    "Ban hành:\n"
    "12/08/2016\n"
    "Hiệu lực: Đã biết\n"
    "Tình trạng: Đã biết\n"
    "Cập nhật:\n"
    "14/09/2016\n"
    "Ban hành:\n"
    "31/12/2013\n"
    "Hiệu lực: Đã biết\n"
    "Tình trạng: Đã biết\n"
    "Cập nhật:\n"
    "15/02/2014\n"
    "111\n"
    "|\n"
    "NỘI DUNG SỬA ĐỔI, HƯỚNG DẪN\n"
    "Văn bản bị thay thế\n"
    "Văn bản thay thế\n"
    "Chú thích\n"
    "*Chú thích: *\n"
    "Rà chuột vào nội dụng văn bản để sử dụng.\n"
    "<Nội dung> = Nội dung hai\n"
    "văn bản đều có;\n"
    "<Nội dung> =\n"
    "Nội dung văn bản cũ có, văn bản mới không có;\n"
    "<Nội dung> = Nội dung văn\n"
    "bản cũ không có, văn bản mới có;\n"
    "<Nội dung> = Nội dung được sửa đổi, bổ\n"
    "sung.\n"
    "**Click trái** để xem cụ thể từng nội dung cần so sánh\n"
    "và cố định bảng so sánh.\n"
    "**Click phải** để xem những nội dung sửa đổi, bổ sung.\n"
    "**Double click **để xem tất cả nội dung không có thay\n"
    "thế tương ứng.\n"
    "**Tắt so sánh [X] **để\n"
    "trở về trạng thái rà chuột ban đầu.\n"
    "**FILE ĐƯỢC ĐÍNH KÈM THEO VĂN BẢN**\n"
    "**FILE ATTACHED TO DOCUMENT**\n"
    "|\n"
    "|\n"
    "|\n"
    "|\n"
    "**Địa chỉ:**\n"
    "|\n"
    "17 Nguyễn Gia Thiều, P. Xuân Hòa, TP.HCM\n"
    "|\n"
    "**Điện thoại:**\n"
    "|\n"
    "(028) 3930 3279 (06 lines)\n"
    "|\n"
    "**E-mail:**\n"
    "|\n"
    "**i**n**f**[email protected]\n"
    "|\n"
    "**Mã số thuế:**\n"
    "|\n"
    "0315459414\n"
    "|\n"
    "|\n"
    "|\n"
    "|\n"
)
PRIVACY = (
    "**THÔNG BÁO **\n"
    "**về Lưu trữ, Sử dụng Thông tin Khách hàng**\n"
    "**Kính gửi:** Quý Thành viên,\n"
    "Nghị định 13/2023/NĐ-CP về Bảo vệ dữ liệu cá nhân (hiệu lực từ ngày 01/07/2023) yêu cầu xác nhận sự đồng ý của thành viên khi thu thập, lưu trữ, sử dụng thông tin mà quý khách đã cung cấp trong quá trình đăng ký, sử dụng sản phẩm, dịch vụ của **THƯ VIỆN PHÁP LUẬT**.\n"
    "Quý Thành viên xác nhận giúp **THƯ VIỆN PHÁP LUẬT** được tiếp tục lưu trữ, sử dụng những thông tin mà Quý Thành viên đã, đang và sẽ cung cấp khi tiếp tục sử dụng dịch vụ.\n"
    "Thực hiện Nghị định 13/2023/NĐ-CP, chúng tôi cập nhật Quy chế và Thỏa thuận Bảo về Dữ liệu cá nhân bên dưới.\n"
    "Trân trọng cảm ơn Quý Thành viên.\n"
    "Tôi đã đọc và đồng ý Quy chế và Thỏa thuận Bảo vệ Dữ liệu cá nhân\n"
    "Tiếp tục sử dụng"
)
PAGE = TOP + SIGN + PRIVACY

# tvpl__johnPa02_thuvienphapluat-crawler/documents.jsonl#crawl__dat_dai__Luật_Giá_2023 (up to Điều 1)
LUAT_GIA = (
    "Luật Giá 2023\n"
    "QUỐC HỘI -------\n"
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc --------------- Luật số:\n"
    "16/2023/QH15\n"
    "Hà Nội, ngày 19 tháng 6 năm 2023 LUẬT GIÁ\n"
    "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\n"
    "Quốc hội ban hành Luật Giá.\n"
    "Chương I NHỮNG QUY ĐỊNH CHUNG\n"
)
# same file, #crawl__dan_su__Luật_Hôn_nhân_và_gia_đình_2014: editorial notes inside the title
LUAT_HON_NHAN = (
    "Luật Hôn nhân và gia đình 2014\n"
    "QUỐC HỘI --------\n"
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc ----------------\n"
    "Số: 52/2014/QH13\n"
    "Hà Nội, ngày 19 tháng 06 năm 2014 LUẬT [Xử lý vi phạm hành chính trong lĩnh vực Hôn nhân và Gia đình được hướng dẫn bởi Điều 38, Điều 39  và Chương IV Nghị định 82/2020/NĐ-CP có hiệu lực từ ngày 01/9/2020] HÔN NHÂN VÀ GIA ĐÌNH [Xử lý vi phạm hành chính trong lĩnh vực Hôn nhân và Gia đình được hướng dẫn bởi Điều 38, Điều 39  và Chương IV Nghị định 82/2020/NĐ-CP có hiệu lực từ ngày 01/9/2020]\n"
    "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\n"
    "Quốc hội ban hành Luật hôn nhân và gia đình.\n"
    "Chương I NHỮNG QUY ĐỊNH CHUNG\n"
)
# same file, #crawl__dat_dai__Nghị_quyết_132_2020_QH14
NQ_132 = (
    "Nghị quyết 132/2020/QH14\n"
    "QUỐC HỘI -------\n"
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc --------------- Nghị quyết số:\n"
    "132/2020/QH14\n"
    "Hà Nội, ngày 17 tháng 11 năm 2020 NGHỊ QUYẾT THÍ ĐIỂM MỘT SỐ CHÍNH SÁCH ĐỂ THÁO GỠ VƯỚNG MẮC, TỒN ĐỌNG TRONG QUẢN LÝ, SỬ DỤNG ĐẤT QUỐC PHÒNG, AN NINH KẾT HỢP VỚI HOẠT ĐỘNG LAO ĐỘNG SẢN XUẤT, XÂY DỰNG KINH TẾ QUỐC HỘI\n"
    "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\n"
    "Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 80/2015/QH13;\n"
    "QUYẾT NGHỊ:\n"
)


def test_privacy_banner_states_nothing_but_its_mentions_are_reported() -> None:
    x = kg.extract(PAGE)
    assert not [r for r in x.relations if r.object == "13/2023/NĐ-CP"]
    banner = [m for m in x.mentions if m.symbol == "13/2023/NĐ-CP"]
    assert banner and all(m.boilerplate == "banner" for m in banner)
    assert all(m.to_json()["boilerplate"] is True for m in banner)
    assert all("chúng tôi cập nhật" not in r.evidence and "THƯ VIỆN" not in r.evidence for r in x.relations)
    # the document's own statements are still there, and not marked
    (r,) = [r for r in x.relations if r.object == "59/2020/QH14"]
    assert (r.subject, r.predicate, r.editorial) == ("SELF", "based_on", False)
    (m,) = [m for m in x.mentions if m.symbol == "59/2020/QH14"]
    assert m.boilerplate is None and m.to_json()["boilerplate"] is False


def test_footer_repeating_the_title_is_not_a_self_citation() -> None:
    x = kg.extract(PAGE)
    own = [m for m in x.mentions if m.symbol == "5348/CT-CS"]
    assert len(own) == 4 and {m.boilerplate for m in own} == {None, "chrome", "footer"}
    assert not [r for r in x.relations if "5348/CT-CS" in (r.subject, r.object)]


def test_header_of_a_tvpl_page_is_the_documents_own() -> None:
    h = kg.extract(PAGE).document
    assert (h.symbol, h.issuer, h.date) == ("5348/CT-CS", "CỤC THUẾ", "2025-11-20")
    assert h.recipients == ["Thuế tỉnh Quảng Trị"]  # not "Quý Thành viên" of the privacy notice
    assert h.subject == "hướng dẫn góp vốn điều lệ"
    # CT-CS reads like a Chỉ thị code; the portal's "Loại văn bản: Công văn" ranks above that guess
    assert h.type == "Công văn"
    # the signer line is followed by the portal footer: read with the footer blanked, or from "Người ký:"
    assert h.signer == "Phạm Thị Minh Hiền"


def test_portal_attribute_table() -> None:
    table = portal_attributes(PAGE, find_boilerplate(PAGE))
    assert {k: v[0] for k, v in table.items()} == {
        "symbol": "5348/CT-CS",
        "type": "Công văn",
        "issuer": "Cục Thuế",
        "signer": "Phạm Thị Minh Hiền",
        "date": "20/11/2025",
    }
    value, start, end = table["symbol"]
    assert PAGE[start:end] == value


def test_portal_table_fills_what_the_header_lacks() -> None:
    # the same page with its own header cut off after the motto: symbol, type, signer and date from the table
    cut = TOP[: TOP.index("Số: 5348/CT-CS")] + "Kính gửi: Thuế tỉnh Quảng Trị.\n"
    h = kg.extract(cut).document
    assert (h.symbol, h.type, h.date, h.signer) == (
        "5348/CT-CS",
        "Công văn",
        "2025-11-20",
        "Phạm Thị Minh Hiền",
    )


def test_tvpl_law_page_header() -> None:
    h = kg.extract(LUAT_GIA).document
    assert (h.symbol, h.type, h.issuer, h.subject) == ("16/2023/QH15", "Luật", "Quốc hội", "Luật Giá")
    assert h.date == "2023-06-19"


def test_tvpl_law_title_with_editorial_notes_inside() -> None:
    x = kg.extract(LUAT_HON_NHAN)
    h = x.document
    assert (h.symbol, h.type, h.issuer) == ("52/2014/QH13", "Luật", "Quốc hội")
    assert h.subject == "Luật Hôn nhân và gia đình"
    (g,) = [r for r in x.relations if r.predicate == "guides"]
    assert (g.subject, g.object, g.editorial) == ("82/2020/NĐ-CP", "SELF", True)


def test_tvpl_resolution_of_the_national_assembly() -> None:
    x = kg.extract(NQ_132)
    h = x.document
    assert (h.symbol, h.type, h.issuer) == ("132/2020/QH14", "Nghị quyết", "Quốc hội")
    assert h.subject.startswith("THÍ ĐIỂM MỘT SỐ CHÍNH SÁCH") and h.subject.endswith("XÂY DỰNG KINH TẾ")
    # the crawler's page title "Nghị quyết 132/2020/QH14" above the header is not a citation of itself
    assert not [r for r in x.relations if "132/2020/QH14" in (r.subject, r.object)]


def test_whole_header_on_one_line() -> None:
    # tvpl__johnPa02_thuvienphapluat-crawler/documents.jsonl#crawl__dat_dai__Luật_Tổ_chức_chính_quyền_địa_phương_2025
    text = (
        "Luật Tổ chức chính quyền địa phương 2025\n"
        "QUỐC HỘI ------- CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc --------------- Luật số:\n"
        "65/2025/QH15\n"
        "Hà Nội, ngày 19 tháng 02 năm 2025 LUẬT TỔ CHỨC CHÍNH QUYỀN ĐỊA PHƯƠNG\n"
        "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\n"
        "Quốc hội ban hành Luật Tổ chức chính quyền địa phương.\n"
    )
    h = kg.extract(text).document
    assert (h.symbol, h.type, h.issuer) == ("65/2025/QH15", "Luật", "Quốc hội")
    assert h.subject == "Luật Tổ chức chính quyền địa phương"


def test_editorial_note_is_labelled_evidence() -> None:
    # tvpl__johnPa02_thuvienphapluat-crawler/documents.jsonl#crawl__dat_dai__Nghị_định_88_2024_NĐ-CP
    text = (
        "4.\nChi phí đầu tư vào đất còn lại trừ trường hợp quy định tại khoản 6 Điều này được xác định như sau: "
        "[Khoản này được sửa đổi bởi Khoản 3 Điều 2 Nghị định 226/2025/NĐ-CP có hiệu lực từ ngày 15/08/2025] "
        "Trong đó:"
    )
    x = kg.extract(text)
    (r,) = [r for r in x.relations if r.predicate == "amends"]
    assert (r.subject, r.object, r.editorial) == ("226/2025/NĐ-CP", "SELF", True)
    assert r.to_json()["editorial"] is True
    assert all(r.editorial for r in x.relations)  # the text itself says nothing about 226/2025/NĐ-CP


def test_expiry_remark_states_no_repeal() -> None:
    # tvpl__johnPa02_thuvienphapluat-crawler/documents.jsonl#crawl__dan_su__Luật_bảo_vệ_quyền_lợi_người_tiêu_dùng_2010
    text = (
        "Điều 7. Bảo vệ quyền lợi người tiêu dùng trong giao dịch với cá nhân hoạt động thương mại độc lập, "
        "thường xuyên, không phải đăng ký kinh doanh\n[Điều này được hướng dẫn bởi Chương 2 Nghị định "
        "99/2011/NĐ-CP có hiệu lực thi hành kể từ ngày 15 tháng 12 năm 2011 (VB hết hiệu lực: 01/07/2024)]\n"
        "1. Căn cứ"
    )
    x = kg.extract(text)
    assert not [r for r in x.relations if r.predicate == "repeals"]
    (g,) = [r for r in x.relations if r.predicate == "guides"]
    assert (g.subject, g.object, g.editorial) == ("99/2011/NĐ-CP", "SELF", True)


def test_text_relation_not_repeated_as_editorial() -> None:
    # the text and a note both cite 59/2020/QH14: one relation, the text's own
    text = (
        "Căn cứ Luật Doanh nghiệp số 59/2020/QH14;\n"
        "[Khoản này được sửa đổi bởi Điểm a Khoản 1 Điều 1 Luật Doanh nghiệp sửa đổi 2025 có hiệu lực từ ngày "
        "01/07/2025]\n"
    )
    x = kg.extract(text)
    (r,) = [r for r in x.relations if r.object == "59/2020/QH14"]
    assert (r.predicate, r.editorial) == ("based_on", False)


def test_signature_block_inside_a_reference_is_one_reference() -> None:
    # the digital-signature line is printed where the PDF page broke; the symbol around it is one reference
    text = "Căn cứ Nghị định số 123/2025/\nKý bởi: Hoàng Văn Lãng\nNĐ-CP ngày 10 tháng 5 năm 2025 của Chính phủ;\n"
    x = kg.extract(text)
    (m,) = [m for m in x.mentions if m.symbol == "123/2025/NĐ-CP"]
    assert m.text.startswith("123/2025/") and m.text.endswith("NĐ-CP") and m.boilerplate is None
    (r,) = [r for r in x.relations if r.object == "123/2025/NĐ-CP"]
    assert r.predicate == "based_on" and "Ký bởi" not in r.evidence


def test_law_number_after_the_motto_on_the_same_line():
    # thuvienphapluat page of Luật 43/2024/QH15 (bench/annotations/recall/X10.txt): the flattened header puts
    # "Luật số:  43/2024/QH15" after the motto on one line
    text = (
        "QUỐC HỘI -------\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc --------------- Luật số:  43/2024/QH15\n"
        "Hà Nội, ngày 29 tháng 6 năm 2024 LUẬT SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA LUẬT ĐẤT ĐAI SỐ 31/2024/QH15, LUẬT "
        "NHÀ Ở SỐ 27/2023/QH15\n"
        "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\n"
    )
    doc = kg.extract(text).document
    assert (doc.symbol, doc.type, doc.issuer) == ("43/2024/QH15", "Luật", "Quốc hội")
    assert doc.subject and "Luật Đất đai số 31/2024/QH15" in doc.subject
