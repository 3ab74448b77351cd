"""How gold.json was written (by hand, from reading the texts): run from the worktree root to regenerate it."""
# ruff: noqa: E402, E501, E731, SIM115 - the gold is data: long evidence quotes

import json

S = "SELF"


def R(s, p, o, e=""):
    return [s, p, o, e]


def bo(objs, e="Căn cứ"):
    return [R(S, "based_on", o, e) for o in objs]


def rp(objs, e):
    return [R(S, "repeals", o, e) for o in objs]


D = {}


def doc(n, req, opt=()):
    D[n] = {"relations": req, "optional_relations": list(opt)}


LTC = "Luật Tổ chức chính quyền địa phương 2025"
doc(
    "D01.txt",
    [
        R(S, "implements", "283/KH-UBND", "Thực hiện Kế hoạch số 283/KH-UBND ngày 24/9/2025"),
        R(
            "283/KH-UBND",
            "implements",
            "71/NQ-CP",
            "Kế hoạch số 283/KH-UBND … về thực hiện Nghị quyết số 71/NQ-CP",
        ),
        R(
            "283/KH-UBND",
            "implements",
            "10-CTr/TU",
            "Kế hoạch số 283/KH-UBND … về thực hiện Nghị quyết số 71/NQ-CP … và Chương trình hành động số 10-CTr/TU",
        ),
        R(
            "10-CTr/TU",
            "implements",
            "57-NQ/TW",
            "Chương trình hành động số 10-CTr/TU … về thực hiện Nghị quyết số 57-NQ/TW",
        ),
    ],
    [
        R(
            S,
            "implements",
            "10-CTr/TU",
            "coordination read the other way: Thực hiện Kế hoạch số 283 … và Chương trình hành động số 10-CTr/TU",
        )
    ],
)
doc(
    "D02.txt",
    [
        R(
            S,
            "implements",
            "14-KH/TU",
            "Thực hiện Kế hoạch số 14-KH/TU ngày 29/7/2025 của Ban Thường vụ Tỉnh ủy và Kế hoạch số 24/KH-UBND",
        ),
        R(S, "implements", "24/KH-UBND", "Thực hiện … Kế hoạch số 24/KH-UBND ngày 14/8/2025 của UBND tỉnh"),
        R(
            "24/KH-UBND",
            "implements",
            "66-NQ/TW",
            "Kế hoạch số 24/KH-UBND … thực hiện Nghị quyết số 66-NQ/TW",
        ),
        R(
            "14-KH/TU",
            "implements",
            "66-NQ/TW",
            "Kế hoạch số 14-KH/TU … và Kế hoạch số 24/KH-UBND … thực hiện Nghị quyết số 66-NQ/TW",
        ),
        R(
            S,
            "implements",
            "66-NQ/TW",
            "Mục đích: Triển khai thực hiện kịp thời … Kế hoạch số 14-KH/TU …, Kế hoạch số 24/KH-UBND … và Nghị quyết số 66-NQ/TW trên địa bàn tỉnh",
        ),
    ],
    [
        R(
            S,
            "implements",
            "197/2025/QH15",
            "task bullet: Thực hiện kịp thời … chế độ hỗ trợ … theo Nghị quyết số 197/2025/QH15",
        )
    ],
)
doc(
    "D03.txt",
    [
        R(S, "implements", "21/CT-TTg", "Thực hiện Chỉ thị số 21/CT-TTg ngày 25 tháng 11 năm 2022"),
        R(S, "implements", "552/TB-VPCP", "Thực hiện Thông báo số 552/TB-VPCP ngày 13 tháng 10 năm 2025"),
    ],
)
doc(
    "D04.txt",
    bo(["57-NQ/TW", "71/NQ-CP", "1644/QĐ-BXD", "03-QĐ/BCĐ"]),
    [
        R(
            "71/NQ-CP",
            "implements",
            "57-NQ/TW",
            "Nghị quyết số 71/NQ-CP … sửa đổi, bổ sung cập nhật Chương trình hành động của Chính phủ thực hiện Nghị quyết số 57-NQ/TW",
        )
    ],
)
doc(
    "D05.txt",
    [
        R(S, "implements", "2270/QĐ-TTg", "Thực hiện Quyết định số 2270/QĐ-TTg ngày 14/10/2025"),
        R(
            "1729/QĐ-TTg",
            "amends",
            "655/QĐ-TTg",
            "Quyết định số 1729/QĐ-TTg ngày 04 tháng 11 năm 2020 sửa đổi, bổ sung Quyết định số 655/QĐ-TTg",
        ),
    ],
    [
        R(
            S,
            "implements",
            "338/QĐ-TTg",
            "task bullet: Chủ trì … triển khai thực hiện Quyết định số 338/QĐ-TTg",
        )
    ],
)
doc(
    "D06.txt",
    [
        R(S, "implements", "2437/QĐ-TTg", "Thực hiện Quyết định số 2437/QĐ-TTg ngày 04/11/2025"),
        R(
            "01-KL/TW",
            "implements",
            "05-CT/TW",
            "Kết luận số 01-KL/TW … về tiếp tục thực hiện Chỉ thị số 05-CT/TW",
        ),
    ],
)
doc(
    "D07.txt",
    [
        R(S, "implements", "328-KH/TU", "Triển khai Kế hoạch hành động số 328-KH/TU ngày 24/4/2025"),
        R(S, "implements", "348/KH-UBND", "Triển khai …; Kế hoạch số 348/KH-UBND ngày 14/5/2025"),
        R(S, "implements", "01-KH/BCĐ", "Triển khai …; Kế hoạch số 01-KH/BCĐ ngày 28/06/2025"),
        R(
            "328-KH/TU",
            "implements",
            "57-NQ/TW",
            "Kế hoạch hành động số 328-KH/TU … về việc thực hiện Nghị quyết số 57-NQ/TW",
        ),
        R(
            "348/KH-UBND",
            "implements",
            "71/NQ-CP",
            "Kế hoạch số 348/KH-UBND … về triển khai thực hiện Nghị quyết số 71/NQ-CP",
        ),
        R(
            "348/KH-UBND",
            "implements",
            "328-KH/TU",
            "Kế hoạch số 348/KH-UBND … về triển khai thực hiện Nghị quyết số 71/NQ-CP … và Kế hoạch hành động số 328-KH/TU",
        ),
        R(
            "01-KH/BCĐ",
            "implements",
            "02-KH/BCĐTW",
            "Kế hoạch số 01-KH/BCĐ … về Kế hoạch hành động triển khai thực hiện Kế hoạch số 02-KH/BCĐTW",
        ),
    ],
    [R(S, "implements", "57-NQ/TW", "purpose bullet: góp phần … thực hiện hiệu quả Nghị quyết số 57- NQ/TW")],
)
d8 = ["57-NQ/TW", "03/NQ-CP", "1132/QĐ-TTg", "1569/QĐ-TTg", "912/QĐ-BKHCN", "139/KH-UBND"]
doc(
    "D08.txt",
    [
        R(
            S,
            "implements",
            o,
            "Triển khai thực hiện Nghị quyết số 57-NQ/TW …; Nghị quyết số 03/NQ-CP …; Quyết định số 1132/QĐ-TTg …; Quyết định số 1569/QĐ-TTg …; Quyết định số 912/QĐ-BKHCN …; Kế hoạch số 139/KH-UBND",
        )
        for o in d8
    ]
    + [
        R(
            "03/NQ-CP",
            "implements",
            "57-NQ/TW",
            "Nghị quyết số 03/NQ-CP … ban hành Chương trình hành động của Chính phủ thực hiện Nghị quyết số 57-NQ/TW",
        ),
        R(
            "139/KH-UBND",
            "implements",
            "71/NQ-CP",
            "Kế hoạch số 139/KH-UBND … về thực hiện Nghị quyết số 71/NQ -CP",
        ),
    ],
    [R(S, "implements", "18-NQ/TU", "Mục đích: Cụ thể hóa nhiệm vụ … và Nghị quyết số 18-NQ/TU")],
)
doc(
    "D09.txt",
    bo(
        [
            "06/2022/TT-BTTTT",
            "01/2025/TT-BTTTT",
            "55/2023/TT-BTC",
            "75/2024/TT-BTC",
            "650/QĐ-LĐTBXH",
            "206/NQ-HĐND",
            "77/KH-UBND",
            "2140/QĐ-UBND",
        ]
    )
    + [
        R(
            "01/2025/TT-BTTTT",
            "amends",
            "06/2022/TT-BTTTT",
            "Thông tư số 01/2025/TT-BTTTT … sửa đổi, bổ sung một số điều của Thông tư số 06/2022/TT-BTTTT",
        ),
        R(
            "75/2024/TT-BTC",
            "amends",
            "55/2023/TT-BTC",
            "Thông tư số 75/2024/TT-BTC … sửa đổi, bổ sung một số điều của Thông tư số 55/2023/TT-BTC",
        ),
        R(
            "128/QĐ-LĐTBXH",
            "amends",
            "650/QĐ-LĐTBXH",
            "Quyết định số 650/QĐ-LĐTBXH … (được điều chỉnh bổ sung bởi Quyết định số 128/QĐ-LĐTBXH",
        ),
    ],
    [R(S, "based_on", "128/QĐ-LĐTBXH", "the amending decision inside the Căn cứ of 650/QĐ-LĐTBXH")],
)
LTCQ = "Luật sửa đổi, bổ sung một số điều của Luật Tiêu chuẩn và quy chuẩn kỹ thuật 2025"
doc(
    "D10.txt",
    [
        R(S, "implements", "2138/QĐ-TTg", "Thực hiện Quyết định số 2138/QĐ-TTg ngày 27 tháng 9 năm 2025"),
        R(
            S,
            "implements",
            LTCQ,
            "KẾ HOẠCH TRIỂN KHAI THI HÀNH LUẬT SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA LUẬT TIÊU CHUẨN VÀ QUY CHUẨN KỸ THUẬT",
        ),
        R(
            "2138/QĐ-TTg",
            "implements",
            LTCQ,
            "Quyết định số 2138/QĐ-TTg … ban hành Kế hoạch triển khai thi hành Luật sửa đổi, bổ sung một số điều của Luật Tiêu chuẩn và quy chuẩn kỹ thuật",
        ),
    ],
)
doc(
    "D11.txt",
    bo([LTC, "Luật Đất đai 2024", "151/2025/NĐ-CP", "45/2020/NĐ-CP", "01/2023/TT-VPCP", "1716/QĐ-UBND"])
    + [
        R(
            S,
            "replaces",
            "1234/QĐ-TTPVHCC",
            "Quyết định này có hiệu lực kể từ ngày ký, thay thế Quyết định số 1234/QĐ-TTPVHCC",
        ),
        R(
            "3380/QĐ-TTPVHCC",
            "amends",
            "2304/QĐ-BNNMT",
            "Một số thủ tục tại Quyết định số 2304/QĐ-BNNMT đã được điều chỉnh bởi Quyết định số 3380/QĐ-TTPVHCC",
        ),
    ],
    [
        R(
            S,
            "based_on",
            "1234/QĐ-TTPVHCC",
            "Trên cơ sở kết quả thực hiện thí điểm theo Quyết định số 1234/QĐ-TTPVHCC",
        ),
        R(
            "2304/QĐ-BNNMT",
            "implements",
            "151/2025/NĐ-CP",
            "Quyết định số 2304/QĐ-BNNMT … đã cụ thể hóa quy định trên",
        ),
        R(
            "1077/QĐ-TTPVHCC",
            "implements",
            "2304/QĐ-BNNMT",
            "Các quy định nêu trên tiếp tục được cụ thể hóa tại Quyết định số 1077/QĐ-TTPVHCC",
        ),
    ],
)
L37 = "Luật sửa đổi, bổ sung một số điều của 37 luật có liên quan đến quy hoạch 2018"
LQH24 = "Luật sửa đổi, bổ sung một số điều của Luật Quy hoạch, Luật Đầu tư, Luật Đầu tư theo phương thức đối tác công tư và Luật Đấu thầu 2024"
doc(
    "D12.txt",
    bo(
        [
            "Luật Quy hoạch 2017",
            L37,
            LQH24,
            "61/2022/QH15",
            "81/2023/QH15",
            "37/2019/NĐ-CP",
            "58/2023/NĐ-CP",
            "22/2025/NĐ-CP",
            "43/2025/NĐ-CP",
            "90/NQ-CP",
            "991/QĐ-TTg",
            "1226/QĐ-BVHTTDL",
            "2657/QĐ-BVHTTDL",
            "10902/VPCP-KGVX",
        ]
    )
    + [
        R(
            "58/2023/NĐ-CP",
            "amends",
            "37/2019/NĐ-CP",
            "số 58/2023/NĐ-CP ngày 12/8/2023 sửa đổi, bổ sung một số điều của Nghị định số 37/2019/NĐ-CP",
        ),
        R(
            "22/2025/NĐ-CP",
            "amends",
            "37/2019/NĐ-CP",
            "số 22/2025/NĐ-CP ngày 11/02/2025 sửa đổi, bổ sung một số điều của Nghị định số 37/2019/NĐ-CP",
        ),
        R(
            "90/NQ-CP",
            "implements",
            "81/2023/QH15",
            "Nghị quyết số 90/NQ-CP … ban hành Chương trình hành động của Chính phủ thực hiện Nghị quyết số 81/2023/QH15",
        ),
        R(
            S,
            "implements",
            "991/QĐ-TTg",
            "Kế hoạch thực hiện Quy hoạch …; Mục đích: Triển khai thực hiện có hiệu quả Quyết định số 991/QĐ-TTg",
        ),
    ],
    [
        R(S, "implements", "1226/QĐ-BVHTTDL", "Mục đích a"),
        R(S, "implements", "2657/QĐ-BVHTTDL", "Mục đích a"),
        R("1226/QĐ-BVHTTDL", "amends", "991/QĐ-TTg", "phê duyệt điều chỉnh Quy hoạch"),
        R("2657/QĐ-BVHTTDL", "amends", "991/QĐ-TTg", "phê duyệt điều chỉnh Quy hoạch"),
        R(L37, "amends", "Luật Quy hoạch 2017", "title of the amending law"),
        R(LQH24, "amends", "Luật Quy hoạch 2017", "title of the amending law"),
    ],
)
doc(
    "D13.txt",
    bo(["72/2025/QH15", "64/2025/QH15", "78/2025/NĐ-CP", "83/2014/NĐ-CP"])
    + [
        R(
            "87/2025/QH15",
            "amends",
            "64/2025/QH15",
            "Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15 được sửa đổi, bổ sung bởi … số 87/2025/QH15",
        ),
        R(
            "187/2025/NĐ-CP",
            "amends",
            "78/2025/NĐ-CP",
            "Nghị định số 78/2025/NĐ-CP … được sửa đổi, bổ sung bởi Nghị định số 187/2025/NĐ-CP",
        ),
        R(
            "95/2021/NĐ-CP",
            "amends",
            "83/2014/NĐ-CP",
            "Nghị định số 83/2014/NĐ-CP … được sửa đổi, bổ sung bởi Nghị định số 95/2021/NĐ-CP",
        ),
    ],
    [
        R(S, "based_on", x, "amending document inside a Căn cứ")
        for x in ("87/2025/QH15", "187/2025/NĐ-CP", "95/2021/NĐ-CP")
    ],
)
doc(
    "D14.txt",
    bo(["72/2025/QH15", "64/2025/QH15", "87/2025/QH15", "27/2023/QH15", "95/2024/NĐ-CP", "100/2024/NĐ-CP"])
    + [
        R(S, "repeals", "29/2024/QĐ-UBND", "2. Bãi bỏ Quyết định số 29/2024/QĐ-UBND ngày 16 tháng 9 năm 2024")
    ],
    [
        R(
            "87/2025/QH15",
            "amends",
            "64/2025/QH15",
            "title: Luật Sửa đổi, bổ sung một số điều Luật Ban hành văn bản quy phạm pháp luật số 87/2025/QH15",
        )
    ],
)
doc(
    "D15.txt",
    bo(
        [
            "72/2025/QH15",
            "16/2017/QH14",
            "64/2025/QH15",
            "01/2019/NĐ-CP",
            "150/2025/NĐ-CP",
            "19/2025/TT-BNNMT",
        ]
    )
    + [
        R(
            "16/2023/QH15",
            "amends",
            "16/2017/QH14",
            "Luật Lâm nghiệp số 16/2017/QH14 được sửa đổi, bổ sung bởi Luật số 16/2023/QH15, Luật số 31/2024/QH15",
        ),
        R("31/2024/QH15", "amends", "16/2017/QH14", "… Luật số 16/2023/QH15, Luật số\n31/2024/QH15"),
        R(
            "87/2025/QH15",
            "amends",
            "64/2025/QH15",
            "số 64/2025/QH15 được sửa đổi, bổ sung bới Luật số 87/2025/QH15",
        ),
        R(
            "159/2024/NĐ-CP",
            "amends",
            "01/2019/NĐ-CP",
            "Nghị định số 01/2019/NĐ-CP …, được sửa đổi, bổ sung bởi Nghị định số 159/2024/NĐ-CP",
        ),
        R(
            S,
            "repeals",
            "25/2025/QĐ-UBND",
            "Quyết định số 25/2025/QĐ-UBND … hết hiệu lực kể từ ngày Quyết định này có hiệu lực thi hành",
        ),
    ],
    [
        R(S, "based_on", x, "amending document inside a Căn cứ")
        for x in ("16/2023/QH15", "31/2024/QH15", "87/2025/QH15", "159/2024/NĐ-CP")
    ]
    + [R(S, "replaces", "25/2025/QĐ-UBND", "hết hiệu lực (arguably replaces)")],
)
doc(
    "D16.txt",
    bo(
        [
            "72/2025/QH15",
            "64/2025/QH15",
            "87/2025/QH15",
            "78/2025/NĐ-CP",
            "187/2025/NĐ-CP",
            "05/2025/TT-BDTTG",
            "03/2022/TT-BTP",
        ]
    )
    + [
        R(
            "187/2025/NĐ-CP",
            "amends",
            "78/2025/NĐ-CP",
            "Nghị định số 187/2025/NĐ-CP … sửa đổi, bổ sung một số điều của Nghị định số 78/2025/NĐ-CP",
        ),
        R(
            "187/2025/NĐ-CP",
            "amends",
            "79/2025/NĐ-CP",
            "… của Nghị định số 78/2025/NĐ-CP … và Nghị định số 79/2025/NĐ-CP",
        ),
    ],
    [R("87/2025/QH15", "amends", "64/2025/QH15", "title of 87/2025/QH15")],
)
doc(
    "D17.txt",
    bo(
        [
            "Luật Tổ chức Chính phủ 2025",
            LTC,
            "Luật Địa chất và khoáng sản 2024",
            "Luật Quy hoạch 2017",
            L37,
            "10-NQ/TW",
            "88/NQ-CP",
            "334/QĐ-TTg",
            "866/QĐ-TTg",
        ]
    )
    + [
        R(
            "88/NQ-CP",
            "implements",
            "10-NQ/TW",
            "Nghị quyết số 88/NQ-CP … ban hành Chương trình hành động của Chính phủ thực hiện Nghị quyết 10-NQ/TW",
        ),
        R(
            S,
            "amends",
            "866/QĐ-TTg",
            "Điều 1. Phê duyệt điều chỉnh … 1. Điều chỉnh danh mục … tại mục 3 Phụ lục II.8 … kèm theo Quyết định số 866/QĐ-TTg",
        ),
    ],
    [R(L37, "amends", "Luật Quy hoạch 2017", "title of the amending law")],
)
doc(
    "D18.txt",
    bo(["72/2025/QH15", "64/2025/QH15", "87/2025/QH15", "14/2014/QĐ-TTg", "11/2015/TT-BTC"])
    + [
        R(
            S,
            "repeals",
            "05/2021/QĐ-UBND",
            "Quyết định số 05/2021/QĐ-UBND ngày 15/3/2021 … hết hiệu lực thi hành",
        )
    ],
    [
        R("87/2025/QH15", "amends", "64/2025/QH15", "title of 87/2025/QH15"),
        R(S, "replaces", "05/2021/QĐ-UBND", "hết hiệu lực (arguably replaces)"),
    ],
)
doc(
    "D19.txt",
    bo(["72/2025/QH15", "97/2015/QH13", "38/2019/QH14", "10/2022/NĐ-CP", "13/2022/TT-BTC"])
    + [
        R(
            "175/2025/NĐ-CP",
            "amends",
            "10/2022/NĐ-CP",
            "Nghị định số 10/2022/NĐ-CP … được sửa đổi, bổ sung bởi Nghị định số 175/2025/NĐ-CP",
        ),
        R(
            S,
            "repeals",
            "41/2023/QĐ-UBND",
            "2. Bãi bỏ các Quyết định sau:\n\na) Quyết định số 41/2023/QĐ-UBND",
        ),
        R(
            S,
            "repeals",
            "50/2025/QĐ-UBND",
            "2. Bãi bỏ các Quyết định sau: … b) Quyết định số 50/2025/QĐ-UBND",
        ),
    ],
    [R(S, "based_on", "175/2025/NĐ-CP", "amending decree inside a Căn cứ")],
)
doc(
    "D20.txt",
    [
        R(
            S,
            "implements",
            "6356/UBND-NNMT",
            "Thực hiện Công văn số\n6356/UBND-NNMT ngày 01/12/2025 của UBND Thành phố",
        )
    ],
)
doc(
    "D21.txt",
    [
        R(
            S,
            "implements",
            "4387/TB-VPQH",
            "V/v triển khai Kết luận của Ủy ban Thường vụ Quốc hội …; Về Kết luận … tại Thông báo số 4387/TB-VPQH",
        )
    ],
    [R(S, "based_on", "1052/BC-CP", "Trên cơ sở Báo cáo số 1052/BC-CP")],
)
doc(
    "D22.txt",
    [],
    [R(S, "implements", "627/TB-VPCP", "theo chỉ đạo của Thủ tướng Chính phủ tại Thông báo số 627/TB-VPCP")],
)
doc("D23.txt", [])
HP13 = "Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam 2013"
doc(
    "D24.txt",
    bo([HP13, "72/2025/QH15", "76/2025/UBTVQH15"])
    + [
        R(
            "203/2025/QH15",
            "amends",
            HP13,
            "Hiến pháp … đã được sửa đổi, bổ sung một số điều theo Nghị quyết số 203/2025/QH15",
        )
    ],
    [
        R(S, "based_on", "203/2025/QH15", "amending resolution inside a Căn cứ"),
        R(S, "based_on", "343/ĐA-CP", "Trên cơ sở Đề án số 343/ĐA-CP"),
    ],
)
doc(
    "D25.txt",
    bo([HP13, "72/2025/QH15", "202/2025/QH15", "76/2025/UBTVQH15"])
    + [
        R(
            "203/2025/QH15",
            "amends",
            HP13,
            "Hiến pháp … đã được sửa đổi, bổ sung một số điều theo Nghị quyết số 203/2025/QH15",
        )
    ],
    [
        R(S, "based_on", "203/2025/QH15", "amending resolution inside a Căn cứ"),
        R(S, "based_on", "360/ĐA-CP", "Trên cơ sở Đề án số 360/ĐA-CP"),
    ],
)
# ---- X
x1 = [
    "96/1997/QĐ-NH2",
    "353/1997/QĐ-NHNN2",
    "543/2002/QĐ-NHNN",
    "674/2002/QĐ-NHNN",
    "376/2003/QĐ-NHNN",
    "1509/2003/QĐ-NHNN",
    "457/2003/QĐ-NHNN",
    "35/2006/QĐ-NHNN",
    "23/2011/TT-NHNN",
    "03/2015/TT-NHNN",
    "25/2015/TT-NHNN",
    "26/2015/TT-NHNN",
    "08/2019/TT-NHNN",
    "13/2019/TT-NHNN",
    "21/2019/TT-NHNN",
    "05/2020/TT-NHNN",
    "12/2020/TT-NHNN",
    "20/2021/TT-NHNN",
]
doc(
    "X01.txt",
    bo(["46/2010/QH12", "32/2024/QH15", "64/2025/QH15", "78/2025/NĐ-CP", "26/2025/NĐ-CP"])
    + [
        R(
            "96/2025/QH15",
            "amends",
            "32/2024/QH15",
            "Luật Các tổ chức tín dụng số 32/2024/QH15 được sửa đổi, bổ sung bởi Luật số 96/2025/QH15",
        ),
        R(
            "87/2025/QH15",
            "amends",
            "64/2025/QH15",
            "số 64/2025/QH15 được sửa đổi, bổ sung bởi Luật số 87/2025/QH15",
        ),
        R(
            "187/2025/NĐ-CP",
            "amends",
            "78/2025/NĐ-CP",
            "được sửa đổi, bổ sung bởi Nghị định số 187/2025/NĐ-CP",
        ),
    ]
    + rp(x1, "Điều 1. Bãi bỏ toàn bộ 18 văn bản quy phạm pháp luật … sau đây: 1. … 18.")
    + [
        R(
            "08/2019/TT-NHNN",
            "amends",
            "03/2015/TT-NHNN",
            "13. Thông tư số 08/2019/TT-NHNN … sửa đổi, bổ sung một số điều của Thông tư số 03/2015/TT-NHNN",
        ),
        R(
            "12/2020/TT-NHNN",
            "amends",
            "05/2020/TT-NHNN",
            "17. Thông tư số 12/2020/TT-NHNN … sửa đổi, bổ sung một số điều của Thông tư số 05/2020/TT-NHNN",
        ),
        R(
            "20/2021/TT-NHNN",
            "amends",
            "25/2015/TT-NHNN",
            "18. Thông tư số 20/2021/TT-NHNN … sửa đổi, bổ sung một số điều của Thông tư số 25/2015/TT-NHNN",
        ),
    ],
    [
        R(S, "based_on", x, "amending document inside a Căn cứ")
        for x in ("96/2025/QH15", "87/2025/QH15", "187/2025/NĐ-CP")
    ]
    + [
        R(
            "05/2020/TT-NHNN",
            "implements",
            "15/2020/QĐ-TTg",
            "tái cấp vốn … theo Quyết định số 15/2020/QĐ-TTg",
        )
    ],
)
x2 = [
    "10/2010/TT-BTTTT",
    "11/2010/TT-BTTTT",
    "14/2012/TT-BTTTT",
    "16/2012/TT-BTTTT",
    "06/2013/TT-BTTTT",
    "11/2013/TT-BTTTT",
    "09/2014/TT-BTTTT",
    "24/2014/TT-BTTTT",
    "25/2014/TT-BTTTT",
    "09/2015/TT-BTTTT",
    "10/2015/TT-BTTTT",
    "17/2016/TT-BTTTT",
    "38/2016/TT-BTTTT",
    "39/2016/TT-BTTTT",
    "40/2016/TT-BTTTT",
    "05/2017/TT-BTTTT",
    "06/2017/TT-BTTTT",
    "08/2017/TT-BTTTT",
    "21/2017/TT-BTTTT",
    "32/2017/TT-BTTTT",
    "47/2017/TT-BTTTT",
    "16/2018/TT-BTTTT",
    "23/2018/TT-BTTTT",
    "02/2020/TT-BTTTT",
    "36/2020/TT-BTTTT",
    "16/2009/TTLT-BTTTT-BCA",
    "21/2015/TTLT-BTTTT-BTC",
    "38/2015/TTLT-BTTTT-BTC",
    "18/2008/QĐ-BTTTT",
]
LB15 = "Luật Ban hành văn bản quy phạm pháp luật 2015"
LB20 = "Luật sửa đổi, bổ sung một số điều của Luật Ban hành văn bản quy phạm pháp luật 2020"
doc(
    "X02.txt",
    bo([LB15, LB20, "34/2016/NĐ-CP", "154/2020/NĐ-CP", "59/2024/NĐ-CP", "48/2022/NĐ-CP"])
    + [
        R(
            "154/2020/NĐ-CP",
            "amends",
            "34/2016/NĐ-CP",
            "Nghị định số 154/2020/NĐ-CP … sửa đổi, bổ sung một số điều của Nghị định số 34/2016/NĐ-CP",
        ),
        R(
            "59/2024/NĐ-CP",
            "amends",
            "34/2016/NĐ-CP",
            "Nghị định số 59/2024/NĐ-CP … sửa đổi, bổ sung một số điều của Nghị định số 34/2016/NĐ-CP",
        ),
    ]
    + rp(x2, "Điều 1. Bãi bỏ toàn bộ các văn bản quy phạm pháp luật … sau đây: 1. … 29.")
    + rp(
        ["30/2011/TT-BTTTT", "03/2013/TT-BTTTT", "14/2018/TT-BTTTT"],
        "Điều 2. Bãi bỏ một phần … 1. Bãi bỏ một phần Thông tư số 30/2011/TT-BTTTT … 2. Bãi bỏ một phần Thông tư số 03/2013/TT-BTTTT … 3. Cụm từ … Thông tư số 14/2018/TT-BTTTT",
    )
    + [
        R(
            "08/2017/TT-BTTTT",
            "amends",
            "17/2016/TT-BTTTT",
            "18. Thông tư số 08/2017/TT-BTTTT … sửa đổi, bổ sung một số điều của Thông tư số 17/2016/TT-BTTTT",
        ),
        R(
            "16/2018/TT-BTTTT",
            "amends",
            "39/2016/TT-BTTTT",
            "22. Thông tư số 16/2018/TT-BTTTT … sửa đổi, bổ sung Thông tư số 39/2016/TT-BTTTT",
        ),
        R(
            "36/2020/TT-BTTTT",
            "amends",
            "40/2016/TT-BTTTT",
            "25. Thông tư số 36/2020/TT-BTTTT … sửa đổi, bổ sung một số điều của Thông tư số 40/2016/TT-BTTTT",
        ),
        R(
            "38/2015/TTLT-BTTTT-BTC",
            "amends",
            "21/2015/TTLT-BTTTT-BTC",
            "28. Thông tư liên tịch số 38/2015/TTLT-BTTTT-BTC … sửa đổi, bổ sung Thông tư liên tịch số 21/2015/TTLT-BTTTT-BTC",
        ),
        R(
            "10/2020/TT-BTTTT",
            "amends",
            "30/2011/TT-BTTTT",
            "(được sửa đổi bởi khoản 3 Điều 1 Thông tư số 10/2020/TT-BTTTT … sửa đổi, bổ sung một số nội dung của Thông tư số 30/2011/TT-BTTTT",
        ),
        R(
            "15/2018/TT-BTTTT",
            "amends",
            "30/2011/TT-BTTTT",
            "(được sửa đổi, bổ sung bởi khoản 15 Điều 1 Thông tư số 15/2018/TT-BTTTT … sửa đổi, bổ sung một số nội dung của Thông tư số 30/2011/TT-BTTTT",
        ),
        R(
            "23/2022/TT-BTTTT",
            "amends",
            "03/2013/TT-BTTTT",
            "(được bổ sung bởi khoản 2 Điều 1 Thông tư số 23/2022/TT-BTTTT … sửa đổi, bổ sung một số điều của Thông tư số 03/2013/TT-BTTTT",
        ),
    ],
    [
        R(LB20, "amends", LB15, "title of the amending law"),
        R(S, "amends", "14/2018/TT-BTTTT", "phrase removal (Cụm từ … tại khoản 1 Điều 4): arguably amends"),
    ],
)
doc(
    "X03.txt",
    bo(
        [
            "89/2025/QH15",
            "58/2024/QH15",
            "64/2025/QH15",
            "190/2025/QH15",
            "254/2025/NĐ-CP",
            "09/2019/NĐ-CP",
            "29/2025/NĐ-CP",
            "166/2025/NĐ-CP",
        ]
    )
    + [
        R(
            "90/2025/QH15",
            "amends",
            "58/2024/QH15",
            "Luật Đầu tư công số 58/2024/QH15 … (được sửa đổi, bổ sung bởi Luật số 90/2025/QH15",
        ),
        R(
            "166/2025/NĐ-CP",
            "amends",
            "29/2025/NĐ-CP",
            "Nghị định số 166/2025/NĐ-CP … sửa đổi, bổ sung một số điều của Nghị định số 29/2025/NĐ-CP",
        ),
        R(
            "63/2025/TT-BTC",
            "amends",
            "96/2021/TT-BTC",
            "b) Thông tư số 63/2025/TT-BTC … sửa đổi, bổ sung một số điều của Thông tư số 96/2021/TT-BTC",
        ),
    ]
    + rp(
        ["96/2021/TT-BTC", "63/2025/TT-BTC"],
        "2. Bãi bỏ các văn bản quy phạm pháp luật sau đây: a) Thông tư số 96/2021/TT-BTC … b) Thông tư số 63/2025/TT-BTC",
    ),
    [R(S, "based_on", "90/2025/QH15", "amending law inside a Căn cứ")],
)
doc(
    "X04.txt",
    bo(
        [
            "Luật Tiêu chuẩn và Quy chuẩn kỹ thuật 2006",
            LTCQ,
            "Luật Chất lượng sản phẩm, hàng hóa 2007",
            "Luật sửa đổi, bổ sung một số điều của Luật Chất lượng sản phẩm, hàng hóa 2025",
            "Luật Viễn thông 2023",
            "Luật Công nghệ thông tin 2006",
            "163/2024/NĐ-CP",
            "55/2025/NĐ-CP",
        ]
    )
    + rp(
        ["03/2013/TT-BTTTT", "23/2022/TT-BTTTT"],
        "2. Các Thông tư sau hết hiệu lực kể từ ngày Thông tư này có hiệu lực thi hành: a) Thông tư số 03/2013/TT-BTTTT … b) Thông tư số 23/2022/TT-BTTTT",
    )
    + [
        R(
            "23/2022/TT-BTTTT",
            "amends",
            "03/2013/TT-BTTTT",
            "Thông tư số 23/2022/TT-BTTTT … Sửa đổi, bổ sung một số điều của Thông tư số 03/2013/TT-BTTTT",
        ),
        R(
            S,
            "repeals",
            "23/2024/TT-BTTTT",
            "3. Bãi bỏ một phần văn bản quy phạm pháp luật sau: Bãi bỏ Khoản 2, Điều 2 Thông tư số 23/2024/TT-BTTTT",
        ),
    ],
    [
        R(LTCQ, "amends", "Luật Tiêu chuẩn và Quy chuẩn kỹ thuật 2006", "title"),
        R(
            "Luật sửa đổi, bổ sung một số điều của Luật Chất lượng sản phẩm, hàng hóa 2025",
            "amends",
            "Luật Chất lượng sản phẩm, hàng hóa 2007",
            "title",
        ),
        R(S, "replaces", "03/2013/TT-BTTTT", "hết hiệu lực (arguably replaces: same subject)"),
        R(S, "replaces", "23/2022/TT-BTTTT", "hết hiệu lực (arguably replaces)"),
    ],
)
doc(
    "X05.txt",
    bo(
        [
            "64/2025/QH15",
            "24/2023/QH15",
            "163/2024/NĐ-CP",
            "115/2025/NĐ-CP",
            "78/2025/NĐ-CP",
            "79/2025/NĐ-CP",
            "55/2025/NĐ-CP",
        ]
    )
    + [
        R(
            "87/2025/QH15",
            "amends",
            "64/2025/QH15",
            "số 64/2025/QH15, được sửa đổi, bổ sung bởi Luật số 87/2025/QH15",
        ),
        R(
            "187/2025/NĐ-CP",
            "amends",
            "78/2025/NĐ-CP",
            "Nghị định số 78/2025/NĐ-CP …, được sửa đổi, bổ sung bởi Nghị định số 187/2025/NĐ-CP",
        ),
        R(
            "187/2025/NĐ-CP",
            "amends",
            "79/2025/NĐ-CP",
            "Nghị định số 79/2025/NĐ-CP …, được sửa đổi, bổ sung bởi Nghị định số 187/2025/NĐ-CP",
        ),
    ]
    + rp(
        ["12/2013/TT-BTTTT", "14/2013/TT-BTTTT", "25/2015/TT-BTTTT", "21/2019/TT-BTTTT", "30/2021/TT-BTTTT"],
        "Bãi bỏ toàn bộ các thông tư sau đây: 1. … 5.",
    )
    + [
        R(
            "30/2021/TT-BTTTT",
            "amends",
            "25/2015/TT-BTTTT",
            "5. Thông tư số 30/2021/TT-BTTTT … sửa đổi, bổ sung một số điều của Thông tư số 25/2015/TT-BTTTT",
        )
    ],
    [R(S, "based_on", x, "amending document inside a Căn cứ") for x in ("87/2025/QH15", "187/2025/NĐ-CP")],
)
doc(
    "X06.txt",
    bo(["64/2025/QH15", "78/2025/NĐ-CP", "42/2025/NĐ-CP"])
    + [
        R(
            "87/2025/QH15",
            "amends",
            "64/2025/QH15",
            "số 64/2025/QH15 đã được sửa đổi, bổ sung một số điều bởi Luật số 87/2025/QH15",
        ),
        R(
            "187/2025/NĐ-CP",
            "amends",
            "78/2025/NĐ-CP",
            "đã được sửa đổi, bổ sung một số điều bởi Nghị định số 187/2025/NĐ-CP",
        ),
        R(S, "repeals", "20/2024/TT-BYT", "Điều 1. Bãi bỏ toàn bộ 01 văn bản … Thông tư số 20/2024/TT-BYT"),
        R(
            "20/2024/TT-BYT",
            "amends",
            "09/2015/TT-BYT",
            "Thông tư số 20/2024/TT-BYT … sửa đổi, bổ sung một số điều của Thông tư số 09/2015/TT-BYT",
        ),
        R(S, "repeals", "09/2015/TT-BYT", "1. Bãi bỏ Thông tư số 09/2015/TT-BYT, trừ các nội dung sau"),
        R(
            "25/2018/TT-BYT",
            "repeals",
            "09/2015/TT-BYT",
            "… tại Thông tư số 09/2015/TT-BYT đã bị bãi bỏ bởi Thông tư số 25/2018/TT-BYT",
        ),
        R(S, "repeals", "57/2024/TT-BYT", "2. Bãi bỏ khoản 3 Điều 4 Thông tư số 57/2024/TT-BYT"),
    ],
    [R(S, "based_on", x, "amending document inside a Căn cứ") for x in ("87/2025/QH15", "187/2025/NĐ-CP")],
)
doc(
    "X07.txt",
    bo(["46/2010/QH12", "32/2024/QH15", "26/2025/NĐ-CP"])
    + [
        R(
            "96/2025/QH15",
            "amends",
            "32/2024/QH15",
            "số 32/2024/QH15 đã được sửa đổi, bổ sung bởi Luật số 96/2025/QH15",
        ),
        R(
            S,
            "repeals",
            "26/2012/TT-NHNN",
            "2. … các văn bản, quy định sau đây hết hiệu lực thi hành: a) Thông tư số 26/2012/TT-NHNN",
        ),
        R(S, "repeals", "29/2015/TT-NHNN", "… b) Điều 10 Thông tư số 29/2015/TT-NHNN"),
    ],
    [
        R(S, "based_on", "96/2025/QH15", "amending law inside a Căn cứ"),
        R(S, "replaces", "26/2012/TT-NHNN", "hết hiệu lực (arguably replaces)"),
    ],
)
HP92 = "Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam 1992"
doc(
    "X08.txt",
    [
        R(S, "based_on", HP92, "Căn cứ vào Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 1992"),
        R(
            "51/2001/QH10",
            "amends",
            HP92,
            "Hiến pháp … năm 1992 đã được sửa đổi, bổ sung theo Nghị quyết số 51/2001/QH10",
        ),
        R(
            S,
            "amends",
            "Luật Hải quan 2001",
            "Luật này sửa đổi, bổ sung một số điều của Luật hải quan đã được … thông qua ngày 29 tháng 6 năm 2001",
        ),
    ],
    [R(S, "based_on", "51/2001/QH10", "amending resolution inside a Căn cứ")],
)
doc(
    "X09.txt",
    [
        R(
            S,
            "based_on",
            HP13,
            "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam đã được sửa đổi, bổ sung một số điều theo Nghị quyết số 203/2025/QH15",
        ),
        R(
            "203/2025/QH15",
            "amends",
            HP13,
            "Hiến pháp … đã được sửa đổi, bổ sung một số điều theo Nghị quyết số 203/2025/QH15",
        ),
        R(
            S,
            "amends",
            "59/2020/QH14",
            "Quốc hội ban hành Luật sửa đổi, bổ sung một số điều của Luật Doanh nghiệp số 59/2020/QH14",
        ),
        R(
            "03/2022/QH15",
            "amends",
            "59/2020/QH14",
            "Luật Doanh nghiệp số 59/2020/QH14 đã được sửa đổi, bổ sung một số điều theo Luật số 03/2022/QH15",
        ),
    ],
    [R(S, "based_on", "203/2025/QH15", "amending resolution inside a Căn cứ")],
)
doc(
    "X10.txt",
    [R(S, "based_on", HP13, "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam")]
    + [
        R(
            S,
            "amends",
            o,
            "Quốc hội ban hành Luật sửa đổi, bổ sung một số điều của Luật Đất đai số 31/2024/QH15, Luật Nhà ở số 27/2023/QH15, Luật Kinh doanh bất động sản số 29/2023/QH15 và Luật Các tổ chức tín dụng số 32/2024/QH15",
        )
        for o in ("31/2024/QH15", "27/2023/QH15", "29/2023/QH15", "32/2024/QH15")
    ],
    [
        R(
            "31/2024/QH15",
            "repeals",
            "132/2020/QH14",
            "quoted new text of khoản 2 Điều 251 Luật Đất đai: “2. Bãi bỏ Nghị quyết số 132/2020/QH14 …”",
        )
    ],
)
same_as = {
    LTC: ["72/2025/QH15"],
    "Luật Đất đai 2024": ["31/2024/QH15"],
    "Luật Quy hoạch 2017": ["21/2017/QH14"],
    L37: ["35/2018/QH14"],
    LQH24: ["57/2024/QH15"],
    "Luật Tổ chức Chính phủ 2025": ["63/2025/QH15"],
    "Luật Địa chất và khoáng sản 2024": ["54/2024/QH15"],
    LTCQ: ["70/2025/QH15"],
    LB15: ["80/2015/QH13"],
    LB20: ["63/2020/QH14"],
    "Luật Tiêu chuẩn và Quy chuẩn kỹ thuật 2006": ["68/2006/QH11"],
    "Luật Chất lượng sản phẩm, hàng hóa 2007": ["05/2007/QH12"],
    "Luật Viễn thông 2023": ["24/2023/QH15"],
    "Luật Công nghệ thông tin 2006": ["67/2006/QH11"],
    "Luật Hải quan 2001": ["29/2001/QH10"],
    HP13: ["Hiến pháp 2013"],
    HP92: ["Hiến pháp 1992"],
}
gold = {
    "about": "Hand-annotated relation gold for issue 10's recall target; see bench/annotations/README.md. Relations: [subject, predicate, object, evidence]; SELF = the document itself; objects named by title carry their year.",
    "same_as": same_as,
    "documents": D,
}
json.dump(
    gold, open("bench/annotations/recall/gold.json", "w", encoding="utf-8"), ensure_ascii=False, indent=1
)
from collections import Counter

c = Counter()
for n, d in D.items():
    print(n, len(d["relations"]), len(d["optional_relations"]))
for n, d in D.items():
    for r in d["relations"]:
        c[(n[0], r[1])] += 1
print(
    c,
    sum(len(d["relations"]) for n, d in D.items() if n[0] == "D"),
    sum(len(d["relations"]) for n, d in D.items() if n[0] == "X"),
)
