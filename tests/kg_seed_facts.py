"""Hand-built extractions reproducing the seed letters' facts (shared/seeds/gold.json), so the graph layer is
tested without the extractor. Texts are short re-typings of the seed sentences; offsets are computed on them."""

from __future__ import annotations

import unicodedata

from kg.models import Extraction, Header, Mention, Relation

SENTENCES = [
    "Theo đề nghị của Sở Xây dựng tại Công văn số 1826/SXD-QHKT ngày 11/6/2025 về việc báo cáo tổng kết.",
    "Triển khai Nghị quyết số 57-NQ/TW ngày 22/12/2024 về phát triển khoa học, công nghệ.",
    "Kế hoạch số 51/KH-UBND ngày 07/3/2025 của UBND tỉnh về Thực hiện Nghị quyết số 03/NQ-CP ngày 09/01/2025 "
    "của Chính phủ.",
    "Quyết định số 327/QĐ-UBND ngày 26/5/2025 Về việc ban hành Kế hoạch hành động thực hiện Nghị quyết số "
    "71/NQ-CP ngày 01/4/2025 của Chính phủ và Kế hoạch hành động số 359-KH/TU ngày 29/4/2025 của Ban Thường vụ "
    "Tỉnh ủy thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị.",
    "Ban Chỉ đạo NQ 57 đã họp.",
    "(Báo cáo kết quả thực hiện nhiệm vụ theo Quyết định số 950/QĐ-TTg, Công văn số 1053/SKHCN-BCVT&CNTT "
    "ngày 22/5/2025 kèm theo)",
]

# symbol -> (type code, type name, family, issuers, issuer name, date)
FACTS = {
    "1826/SXD-QHKT": (None, "Công văn", "congvan", ("SXD",), "Sở Xây dựng", "2025-06-11"),
    "57-NQ/TW": ("NQ", "Nghị quyết", "party", ("TW",), "Bộ Chính trị", "2024-12-22"),
    "51/KH-UBND": ("KH", "Kế hoạch", "admin", ("UBND",), "UBND tỉnh", "2025-03-07"),
    "03/NQ-CP": ("NQ", "Nghị quyết", "admin", ("CP",), "Chính phủ", "2025-01-09"),
    "327/QĐ-UBND": ("QĐ", "Quyết định", "admin", ("UBND",), None, "2025-05-26"),
    "71/NQ-CP": ("NQ", "Nghị quyết", "admin", ("CP",), "Chính phủ", "2025-04-01"),
    "359-KH/TU": ("KH", "Kế hoạch hành động", "party", ("TU",), "Ban Thường vụ Tỉnh ủy", "2025-04-29"),
    "950/QĐ-TTg": ("QĐ", "Quyết định", "admin", ("TTg",), None, None),
    "1053/SKHCN-BCVT&CNTT": (None, "Công văn", "congvan", ("SKHCN",), None, "2025-05-22"),
}

RELATIONS = [  # (subject, predicate, object, sentence index)
    ("SELF", "responds_to", "1826/SXD-QHKT", 0),
    ("51/KH-UBND", "implements", "03/NQ-CP", 2),
    ("327/QĐ-UBND", "implements", "71/NQ-CP", 3),
    ("327/QĐ-UBND", "implements", "359-KH/TU", 3),
    ("359-KH/TU", "implements", "57-NQ/TW", 3),
    ("SELF", "reports_on", "950/QĐ-TTg", 5),
    ("SELF", "attaches", "1053/SKHCN-BCVT&CNTT", 5),
    ("SELF", "cites", "57-NQ/TW", 1),
]

SUBJECT = "báo cáo tổng kết Đề án phát triển đô thị thông minh bền vững Việt Nam giai đoạn 2018 - 2025"


def make_extraction(
    *,
    symbol: str | None = "1359/SKHCN-BCVT&CNTT",
    date: str | None = "2025-06-17",
    year: int | None = 2025,
    place: str | None = "Quảng Ngãi",
    issuer_parent: str | None = "UBND TỈNH QUẢNG NGÃI",
    issuer: str | None = "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
    subject: str = SUBJECT,
    signer: str | None = "Trần Thanh Trường",
    decompose: bool = False,
    source: str = "<seed>",
    ocr: bool = False,
    extra: str = "",
) -> Extraction:
    """The seed letter's facts; ``decompose`` writes the text in NFD (as the clean seed partly is)."""
    header_lines = f"{issuer_parent or ''}\n{issuer or ''}\nSố: {symbol or ''}\n{place or ''}, ngày 17 tháng 6 năm 2025\n"
    body = " ".join(SENTENCES) + extra
    text = header_lines + body
    if decompose:
        text = unicodedata.normalize("NFD", text)
    offset = len(unicodedata.normalize("NFD", header_lines) if decompose else header_lines)
    body_t = text[offset:]

    def find(s: str, start: int = 0) -> int:
        s2 = unicodedata.normalize("NFD", s) if decompose else s
        i = body_t.find(s2, start)
        assert i >= 0, s
        return i

    mentions: list[Mention] = []
    pos = 0
    for sym_written in [
        "1826/SXD-QHKT",
        "57-NQ/TW",
        "51/KH-UBND",
        "03/NQ-CP",
        "327/QĐ-UBND",
        "71/NQ-CP",
        "359-KH/TU",
        "57-NQ/TW",
        "950/QĐ-TTg",
        "1053/SKHCN-BCVT&CNTT",
    ]:
        i = find(sym_written, pos)
        pos = i + 1
        tcode, tname, fam, iss, iname, d = FACTS[sym_written]
        w = unicodedata.normalize("NFD", sym_written) if decompose else sym_written
        mentions.append(
            Mention(
                start=offset + i,
                end=offset + i + len(w),
                text=w,
                kind="full",
                symbol=sym_written,
                number=sym_written.split("/")[0].split("-")[0],
                type=tcode,
                type_name=tname,
                issuer="-".join(iss),
                issuer_name=iname,
                date=d,
                family=fam,
                issuers=iss,
            )
        )
    i = find("NQ 57")
    mentions.append(
        Mention(start=offset + i, end=offset + i + 5, text="NQ 57", kind="short", refers_to="57-NQ/TW")
    )
    mentions.sort(key=lambda m: m.start)
    relations = []
    for s, p, o, k in RELATIONS:
        i = find(SENTENCES[k])
        sent = body_t[i : i + len(unicodedata.normalize("NFD", SENTENCES[k]) if decompose else SENTENCES[k])]
        relations.append(Relation(s, p, o, offset + i, offset + i + len(sent), sent))
    header = Header(
        symbol=symbol,
        type="Công văn",
        issuer=issuer,
        issuer_parent=issuer_parent,
        place=place,
        date=date,
        subject=subject,
        recipients=["Sở Xây dựng"],
        signer=signer,
        issuer_codes=("SKHCN",),
        year=year,
    )
    return Extraction(
        source=source, text=text, document=header, mentions=mentions, relations=relations, ocr=ocr
    )


def letter() -> Extraction:
    """The signed letter 1359/SKHCN-BCVT&CNTT (as the OCR'd seed states it, without OCR noise)."""
    return make_extraction(ocr=True, signer=None, source="000")


def draft() -> Extraction:
    """The clean draft: number left blank, day left blank, partly decomposed Unicode."""
    return make_extraction(symbol="/SKHCN-BCVT&CNTT", date=None, decompose=True, source="001")


def fake_extractor(text: str, source: str, ocr: str) -> Extraction:
    """An extractor for ingest tests: files whose first line is LETTER / DRAFT / NOPROVINCE get seed facts."""
    first = text.split("\n", 1)[0].strip()
    extra = text.split("\n", 1)[1] if "\n" in text else ""
    if first == "LETTER":
        ex = make_extraction(extra=extra, source=source)
    elif first == "DRAFT":
        ex = make_extraction(symbol="/SKHCN-BCVT&CNTT", date=None, extra=extra, source=source)
    elif first == "NOPROVINCE":  # the draft without any province in its header
        ex = make_extraction(
            symbol="/SKHCN-BCVT&CNTT", date=None, place=None, issuer_parent=None, extra=extra, source=source
        )
    else:
        ex = Extraction(source=source, text=text, document=Header(), mentions=[], relations=[])
    ex.text = text if first not in ("LETTER", "DRAFT", "NOPROVINCE") else ex.text
    return ex
