"""Identity rules: slugs, jurisdiction and year from what texts say, unresolved references never guessed."""

from __future__ import annotations

from kg.graph.codes import canonical_symbol, is_sub_provincial, province_in, type_slug
from kg.graph.facts import DocFacts, SourceContext, header_facts, source_context
from kg.graph.identity import doc_iri, identify, number_key
from kg.models import Header
from kg.text.fold import slug

QN = SourceContext(key="k" * 20, province="quang-ngai")
HN = SourceContext(key="h" * 20, province="ha-noi")
NOWHERE = SourceContext(key="n" * 20)


def kh51(date: str) -> DocFacts:
    return DocFacts(
        symbol="51/KH-UBND",
        number="51",
        year=int(date[:4]),
        date=date,
        type_code="KH",
        family="admin",
        issuers=("UBND",),
        issuer_name="UBND tỉnh",
    )


def test_slug_rules() -> None:
    assert slug("Quảng Ngãi") == "quang-ngai"
    assert slug("Đắk Lắk") == "dak-lak"
    assert slug("QĐ-UBND") == "qd-ubnd"
    assert slug("Qua\u0309ng Nga\u0303i") == "quang-ngai"  # decomposed input
    assert number_key("03") == number_key("3") == "3"
    assert canonical_symbol("3/NQ-CP") == canonical_symbol("03/NQ-CP") == "03/NQ-CP"


def test_same_symbol_three_documents() -> None:
    """51/KH-UBND of Quảng Ngãi 2025, of Hà Nội 2025 and of Quảng Ngãi 2024 are three documents."""
    a = identify(kh51("2025-03-07"), QN)
    b = identify(kh51("2025-03-07"), HN)
    c = identify(kh51("2024-03-07"), QN)
    assert a.resolved and b.resolved and c.resolved
    assert len({a.iri, b.iri, c.iri}) == 3
    assert a.iri.endswith("doc/quang-ngai/ubnd/kh/2025/51")
    assert b.iri.endswith("doc/ha-noi/ubnd/kh/2025/51")


def test_national_issuers() -> None:
    for sym, code, t in [("57-NQ/TW", "TW", "NQ"), ("03/NQ-CP", "CP", "NQ"), ("950/QĐ-TTg", "TTg", "QĐ")]:
        f = DocFacts(symbol=sym, number=sym[:2], year=2024, type_code=t, issuers=(code,))
        for ctx in (QN, HN, NOWHERE):
            ident = identify(f, ctx)
            assert ident.resolved and "/doc/vn/" in ident.iri, (sym, ctx)
    assert identify(
        DocFacts(symbol="57-NQ/TW", number="57", year=2024, type_code="NQ", issuers=("TW",)), QN
    ).iri == doc_iri("vn", "TW", "nq", 2024, "57")


def test_unknowns_stay_unresolved() -> None:
    no_year = DocFacts(symbol="51/KH-UBND", number="51", type_code="KH", issuers=("UBND",))
    u = identify(no_year, QN)
    assert not u.resolved and "/ref/51-kh-ubnd/" in u.iri and u.reason == "year unknown"
    u2 = identify(kh51("2025-03-07"), NOWHERE)  # local issuer, province of the citing text unknown
    assert not u2.resolved and "province" in (u2.reason or "")
    u3 = identify(DocFacts(symbol="5/QĐ-XYZ", number="5", year=2025, type_code="QĐ", issuers=("XYZ",)), QN)
    assert not u3.resolved and "XYZ" in (u3.reason or "")
    # the same unresolved reference in two texts gets two nodes (never merged by guess)
    assert (
        identify(no_year, QN).iri != identify(no_year, SourceContext(key="z" * 20, province="quang-ngai")).iri
    )


def test_issuer_name_province_wins_and_sub_provincial() -> None:
    f = DocFacts(
        symbol="12/QĐ-UBND",
        number="12",
        year=2025,
        type_code="QĐ",
        issuers=("UBND",),
        issuer_name="UBND tỉnh Bến Tre",
    )
    assert "/doc/ben-tre/" in identify(f, QN).iri
    f2 = DocFacts(
        symbol="12/QĐ-UBND",
        number="12",
        year=2025,
        type_code="QĐ",
        issuers=("UBND",),
        issuer_name="UBND huyện Sơn Tịnh",
    )
    assert not identify(f2, QN).resolved
    assert is_sub_provincial("Ủy ban nhân dân xã Tịnh Phong")
    assert not is_sub_provincial("UBND tỉnh Quảng Ngãi")


def test_province_from_headers() -> None:
    assert province_in("UBND TỈNH QUẢNG NGÃI") == "quang-ngai"
    assert province_in("UBND TINH QUANG NGAI") == "quang-ngai"  # OCR lost the diacritics
    assert province_in("Sở Khoa học và Công nghệ tỉnh Quảng Ngãi") == "quang-ngai"
    assert province_in("TP. Hồ Chí Minh") == "ho-chi-minh"
    assert province_in("Bộ Khoa học và Công nghệ") is None
    # the place counts only for a local issuer: a ministry writes "Hà Nội" without being a Hà Nội body
    assert (
        source_context(
            Header(symbol="10/2024/TT-BKHCN", place="Hà Nội", issuer_codes=("BKHCN",)), "x"
        ).province
        is None
    )
    assert source_context(Header(symbol="/SKHCN-BCVT&CNTT", place="Quảng Ngãi"), "x").province == "quang-ngai"


def test_types() -> None:
    assert type_slug("QĐ", None, "admin") == "qd"
    assert type_slug(None, "Công văn", "congvan") == "cv"
    assert type_slug(None, "Luật", "normative") == "luat"
    assert type_slug("HD", None, "admin") != type_slug("HĐ", None, "admin")  # Hướng dẫn vs Hợp đồng
    assert type_slug(None, "Văn bản", None) is None


def test_draft_header_is_unresolved_self() -> None:
    h = Header(
        symbol="/SKHCN-BCVT&CNTT", type="Công văn", place="Quảng Ngãi", year=2025, issuer_codes=("SKHCN",)
    )
    f = header_facts(h, "Quảng Ngãi, ngày      tháng 6 năm 2025")
    assert f.partial_symbol == "/SKHCN-BCVT&CNTT" and f.symbol is None and f.month == "2025-06"
    ident = identify(f, source_context(h, "s" * 20), self_doc=True)
    assert not ident.resolved and ident.facts.jurisdiction == "quang-ngai"
    assert ident.iri.endswith("/ref/skhcn-bcvt-cntt/" + "s" * 20)


def test_one_symbol_per_document() -> None:
    """Texts spell one document differently; its IRI and its vnl:symbol are the same either way."""
    variants = [
        (
            DocFacts(symbol="55/TT-BCT", number="55", year=2025, type_code="TT", issuers=("BCT",)),
            "55/2025/TT-BCT",
        ),
        (
            DocFacts(symbol="55/2025/TT-BCT", number="55", year=2025, type_code="TT", issuers=("BCT",)),
            "55/2025/TT-BCT",
        ),
        (
            DocFacts(
                symbol="76/2025/NQ-UBTVQH15", number="76", year=2025, type_code="NQ", issuers=("UBTVQH15",)
            ),
            "76/2025/UBTVQH15",
        ),
        (DocFacts(symbol="61-CP", number="61", year=1994, type_code="NĐ", issuers=("CP",)), "61/CP"),
        (DocFacts(symbol="3/NQ-CP", number="3", year=2025, type_code="NQ", issuers=("CP",)), "03/NQ-CP"),
    ]
    for facts, expected in variants:
        assert identify(facts, QN).facts.symbol == expected, facts.symbol
    assert identify(variants[0][0], QN).iri == identify(variants[1][0], QN).iri


def test_laws_cited_by_title_and_date_are_one_document_across_texts():
    import kg
    from kg.graph.quads import extraction_to_quads

    def docs(text: str) -> set[str]:
        quads = extraction_to_quads(kg.extract(text), f"{abs(hash(text))}.txt")
        return {q.subject.value for q in quads if q.predicate.value.endswith("#title")}

    a = docs("Căn cứ Luật Hải quan ngày 23 tháng 6 năm 2014;")
    b = docs("Căn cứ Luật Hải quan ngày 23/6/2014; Căn cứ Hiến pháp năm 2013;")
    # laws.tsv: Luật Hải quan of 2014 is 54/2014/QH13 (QH documents: one type segment, the symbol has none)
    assert "https://w3id.org/vn-legal-kg/id/doc/vn/qh13/vb/2014/54" in a & b
    assert "https://w3id.org/vn-legal-kg/id/doc/vn/qh/hien-phap/2013/hien-phap" in b
    # without a year the title is ambiguous (Luật Đất đai of 2003, 2013, 2024): it stays a private reference
    assert all("/id/ref/" in iri for iri in docs("Căn cứ Luật Đất đai;"))
