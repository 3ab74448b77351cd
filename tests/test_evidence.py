"""Evidence in the graph and on screen: cue span, cue words, article, portal notes, and the printed snippet.

Texts are real corpus passages (source in a comment above each). The relations are written by hand with the
offsets of the cue, so these tests check the graph and the display whatever the extractor finds today.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib

import kg
from kg.graph.quads import extraction_to_quads
from kg.models import SELF, Extraction, Relation
from kg.query import walks
from kg.query.render import PORTAL_NOTE, SNIPPET_LIMIT, evidence_json, evidence_lines, snippet
from kg.query.show import show
from kg.query.view import Evidence, GraphView
from kg.store.local import Store
from kg.text.fold import squash
from kg.vocab import RELATION_IRIS

WHEN = "2025-07-01T00:00:00Z"
ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology"
ONT = rdflib.Graph().parse(ONTOLOGY / "vnl.ttl")
SHAPES = rdflib.Graph().parse(ONTOLOGY / "shapes.ttl")

# local_admin__tnt305_tai_lieu_noi_bo/documents.jsonl#09daab284f92e2dd (Kế hoạch 141/KH-UBND, Bắc Ninh)
PLAN = (
    "Số: 141/KH-UBND\n\nBắc Ninh, ngày 20 tháng 8 năm 2025\n\nKẾ HOẠCH\n\n"
    "Thực hiện Kế hoạch số 14-KH/TU\nngày 29/7/2025 của Ban Thường vụ Tỉnh ủy và Kế hoạch số 24/KH-UBND ngày\n"
    "14/8/2025 của UBND tỉnh thực hiện Nghị quyết số 66-NQ/TW ngày 30 tháng 4 năm\n2025 của Bộ Chính trị về "
    "đổi mới công tác xây dựng và thi hành pháp luật đáp ứng\nyêu cầu phát triển đất nước trong kỷ nguyên mới, "
    "UBND tỉnh ban hành Kế hoạch\nnâng cao năng lực cho đội ngũ cán bộ, công chức xây dựng chính sách, pháp "
    "luật\ntrên địa bàn tỉnh giai đoạn 2026 - 2030 như sau:\n"
)

# local_admin__tnt305_tai_lieu_noi_bo/documents.jsonl#448306af3d3a91f7 (Quyết định 4385/QĐ-BVHTTDL)
BASIS = (
    "*Căn cứ Các Nghị định của\nChính phủ quy định chi tiết thi hành một số điều của Luật Quy hoạch (Số "
    "37/2019/NĐ-CP ngày 07/5/2019, số 58/2023/NĐ-CP ngày 12/8/2023 sửa đổi, bổ sung một\nsố điều của Nghị "
    "định số 37/2019/NĐ-CP và số\n22/2025/NĐ-CP ngày 11/02/2025 sửa đổi, bổ\nsung một số điều của Nghị định "
    "số 37/2019/NĐ-CP\nđã được sửa đổi, bổ sung một số điều theo Nghị định* *số 58/2023/NĐ-CP);*\n"
)

# tvpl__johnPa02_thuvienphapluat-crawler/documents.jsonl#crawl__dan_su__Luật_bảo_vệ_quyền_lợi_người_tiêu_dùng_2010
NOTE = (
    "Điều 11. Xử lý vi phạm pháp luật về bảo vệ quyền lợi người tiêu dùng\n[Nội dung hướng dẫn Điều này tại "
    "Nghị định 185/2013/NĐ-CP được sửa đổi bởi Khoản 1 đến Khoản 6, Khoản 27 đến Khoản 31 và Khoản 38 đến "
    "Khoản 44 Điều 1 Nghị định 124/2015/NĐ-CP có hiệu lực thi hành kể từ ngày 05 tháng 01 năm 2016 (VB hết "
    "hiệu lực: 15/10/2020)]\n1. Cá nhân, tổ chức vi phạm pháp luật về bảo vệ quyền lợi người tiêu dùng thì "
    "tùy theo tính chất, mức độ vi phạm mà bị xử lý kỷ luật, xử phạt vi phạm hành chính.\n"
)

# vbpl_vn__phanbasongtoan112-art_vbpl-layout-detection/documents.jsonl#doc_000037 (Nghị định 285/2025/NĐ-CP)
REPEAL = (
    "Điều 1. Bãi bỏ toàn bộ các nghị định\n\nBãi bỏ toàn bộ các nghị định sau đây:\n\n1. Nghị định số "
    "35/2005/NĐ-CP ngày 17 tháng 3 năm 2005 của Chính phủ về việc xử lý kỷ luật cán bộ, công chức.\n\n2. "
    "Nghị định số 105/2006/NĐ-CP ngày 22 tháng 9 năm 2006 của Chính phủ quy định chi tiết và hướng dẫn thi "
    "hành một số điều của Luật Sở hữu trí tuệ về bảo vệ quyền sở hữu trí tuệ và quản lý nhà nước về sở hữu "
    "trí tuệ.\n"
)


def _rel(
    text: str,
    subject: str,
    predicate: str,
    obj: str,
    clause: tuple[str, str],
    cue: str,
    *,
    cue_from: int = 0,
    article: str | None = None,
    editorial: bool = False,
) -> Relation:
    """A relation whose evidence runs from ``clause[0]`` to the end of ``clause[1]`` and whose cue is ``cue``."""
    start = text.index(clause[0])
    end = text.index(clause[1], start) + len(clause[1])
    cs = text.index(cue, cue_from)
    clause = squash(text[start:end])  # as the extractor stores it: offsets then count the squashed spaces
    return Relation(subject, predicate, obj, start, end, clause, cs, cs + len(cue), article, editorial)


def _extraction(text: str, *relations: Relation) -> Extraction:
    ex = kg.extract(text, source="test.txt")
    ex.relations = list(relations)
    return ex


def _store(*exs: Extraction) -> Store:
    st = Store.open(None)
    for i, ex in enumerate(exs):
        quads = extraction_to_quads(ex, f"/tmp/ev{i}.txt", ingested_at=WHEN)
        st.replace_graph(quads[0].graph_name, quads)
    return st


def _evidence(st: Store, s: str, p: str, o: str) -> list[Evidence]:
    view = GraphView(st)
    iri = {d: next(iter(st.select(f'SELECT ?d WHERE {{ ?d vnl:symbol "{d}" }}')))["d"].value for d in (s, o)}
    return view.evidence(iri[s], RELATION_IRIS[p], iri[o])


def _plan() -> Extraction:
    return _extraction(
        PLAN,
        _rel(PLAN, SELF, "implements", "14-KH/TU", ("Thực hiện Kế hoạch", "như sau:"), "Thực hiện"),
        _rel(PLAN, SELF, "implements", "24/KH-UBND", ("Thực hiện Kế hoạch", "như sau:"), "Thực hiện"),
        _rel(
            PLAN,
            "24/KH-UBND",
            "implements",
            "66-NQ/TW",
            ("Thực hiện Kế hoạch", "như sau:"),
            "thực hiện",
            cue_from=PLAN.index("24/KH-UBND"),
        ),
    )


# ------------------------------------------------------------------------------------------------ graph


def test_evidence_keeps_cue_and_article_in_the_graph() -> None:
    ex = _extraction(
        NOTE,
        _rel(
            NOTE,
            "124/2015/NĐ-CP",
            "amends",
            "185/2013/NĐ-CP",
            ("[Nội dung", "15/10/2020)]"),
            "được sửa đổi bởi",
            article="Điều 11",
            editorial=True,
        ),
    )
    st = _store(ex)
    (row,) = st.select(
        """SELECT ?e ?cs ?ce ?cue ?art ?s ?e2 WHERE {
             ?e a vnl:Evidence , vnl:EditorialNote ; rdf:predicate vnl:amends ;
                vnl:cueStart ?cs ; vnl:cueEnd ?ce ; vnl:cue ?cue ; vnl:article ?art ; vnl:start ?s ; vnl:end ?e2 }"""
    )
    cs, ce = int(row["cs"].value), int(row["ce"].value)
    assert NOTE[cs:ce] == "được sửa đổi bởi" == row["cue"].value and row["cue"].language == "vi"
    assert row["art"].value == "Điều 11"
    assert int(row["s"].value) <= cs < ce <= int(row["e2"].value)


def test_plain_evidence_is_not_an_editorial_note_and_old_relations_add_nothing() -> None:
    plain = Relation(SELF, "implements", "14-KH/TU", 0, 30, PLAN[:30])  # no cue, no article: as before
    st = _store(_extraction(PLAN, plain, *_plan().relations))
    assert not st.select("SELECT ?e WHERE { ?e a vnl:EditorialNote }")
    assert len(st.select("SELECT DISTINCT ?e WHERE { ?e a vnl:Evidence }")) == 4
    assert len(st.select("SELECT DISTINCT ?e WHERE { ?e vnl:cueStart ?x }")) == 3
    assert not st.select("SELECT ?e WHERE { ?e vnl:article ?a }")


def test_the_graph_with_new_terms_follows_the_shapes(tmp_path: Path) -> None:
    """A build (which adds the shared facts: places, bodies) of extractions with the new terms satisfies the shapes."""
    import pyshacl

    from kg.export.rdf import dumps
    from kg.ingest import build

    note = _rel(NOTE, "124/2015/NĐ-CP", "amends", "185/2013/NĐ-CP", ("[Nội", "2020)]"), "được sửa đổi bởi")
    note.article, note.editorial = "Điều 11", True
    exs = {"plan": _plan(), "note": _extraction(NOTE, note)}
    for name in exs:
        (tmp_path / f"{name}.txt").write_text(name, encoding="utf-8")
    st = Store.open(None)
    build([tmp_path], st, extractor=lambda text, src, ocr: exs[Path(src).stem])
    assert st.select("SELECT ?e WHERE { ?e a vnl:EditorialNote ; vnl:cueStart ?c }")
    g = rdflib.Graph().parse(data=dumps(st, "nt"), format="nt")
    ok, _, text = pyshacl.validate(g, shacl_graph=SHAPES, ont_graph=ONT, inference="none")
    assert ok, text


# ------------------------------------------------------------------------------------------------ snippet


def test_snippet_keeps_cue_and_object_within_the_limit() -> None:
    st = _store(_plan())
    (e,) = _evidence(st, "24/KH-UBND", "implements", "66-NQ/TW")
    assert len(e.text) > SNIPPET_LIMIT  # the whole clause is longer than what is printed
    s = snippet(e)
    assert len(s) <= SNIPPET_LIMIT
    assert "thực hiện Nghị quyết số 66-NQ/TW" in s and "Kế hoạch số 24/KH-UBND" in s
    assert s.endswith("…") and "\n" not in s
    # the object's mention nearest the cue is kept, not the subject's
    assert e.object_start is not None and PLAN[e.object_start : e.object_end] == "66-NQ/TW"


def test_snippet_of_a_cue_far_from_its_object_shows_both_places() -> None:
    rel = _rel(BASIS, SELF, "based_on", "22/2025/NĐ-CP", ("*Căn cứ", ");*"), "Căn cứ")
    st = _store(_extraction(BASIS, rel))
    view = GraphView(st)
    self_iri = next(iter(st.select("SELECT ?d WHERE { ?s vnl:describes ?d }")))["d"].value
    obj = next(iter(st.select('SELECT ?d WHERE { ?d vnl:symbol "22/2025/NĐ-CP" }')))["d"].value
    (e,) = view.evidence(self_iri, RELATION_IRIS["based_on"], obj)
    s = snippet(e)
    assert len(s) <= SNIPPET_LIMIT + 2
    assert s.startswith("*Căn cứ Các Nghị định") and "22/2025/NĐ-CP" in s and " … " in s


def test_a_cue_before_the_list_item_leads_the_snippet() -> None:
    item = _rel(
        REPEAL,
        SELF,
        "repeals",
        "105/2006/NĐ-CP",
        ("2. Nghị định số 105", "sở hữu trí tuệ.\n"),
        "Bãi bỏ toàn bộ các nghị định sau đây",
        article="Điều 1",
    )
    st = _store(_extraction(REPEAL, item))
    self_iri = next(iter(st.select("SELECT ?d WHERE { ?s vnl:describes ?d }")))["d"].value
    obj = next(iter(st.select('SELECT ?d WHERE { ?d vnl:symbol "105/2006/NĐ-CP" }')))["d"].value
    (e,) = GraphView(st).evidence(self_iri, RELATION_IRIS["repeals"], obj)
    s = snippet(e)
    assert s.startswith("Bãi bỏ toàn bộ các nghị định sau đây … 2. Nghị định số 105/2006/NĐ-CP")
    assert len(s) <= SNIPPET_LIMIT
    (line,) = evidence_lines([e], "")
    assert line.startswith("Điều 1: “Bãi bỏ")


def test_snippet_of_an_unsquashed_clause_uses_the_offsets() -> None:
    """Evidence stored exactly as ``text[start:end]`` (other producers of quads) is placed by offset alone."""
    start, end = PLAN.index("Thực hiện"), PLAN.index("như sau:") + 8
    cs = PLAN.index("thực hiện Nghị quyết")
    os_ = PLAN.index("66-NQ/TW")
    e = Evidence("x", PLAN[start:end], None, start, end, cs, cs + 9, "thực hiện", None, False, os_, os_ + 8)
    s = snippet(e)
    assert "thực hiện Nghị quyết số 66-NQ/TW" in s and len(s) <= SNIPPET_LIMIT and "\n" not in s


def test_snippet_without_offsets_is_the_start_of_the_clause() -> None:
    e = Evidence(source="x", text=PLAN[PLAN.index("Thực hiện") :])
    s = snippet(e)
    assert s.startswith("Thực hiện Kế hoạch số 14-KH/TU ngày") and s.endswith("…")
    assert len(s) <= SNIPPET_LIMIT
    assert snippet(Evidence(source="x", text="Căn cứ  Luật\nGiá;")) == "Căn cứ Luật Giá;"


# ------------------------------------------------------------------------------------------------ queries


def _with_note() -> Store:
    note = _rel(
        NOTE,
        "124/2015/NĐ-CP",
        "implements",  # a portal's note taken for implements: what --no-editorial is for
        "185/2013/NĐ-CP",
        ("[Nội dung", "15/10/2020)]"),
        "được sửa đổi bởi",
        article="Điều 11",
        editorial=True,
    )
    return _store(_extraction(NOTE, note), _plan())


def test_editorial_evidence_is_labelled_and_can_be_left_out() -> None:
    st = _with_note()
    res = walks.implements(st, "185/2013/NĐ-CP")
    (imp,) = res.implementers
    assert imp.doc.symbol == "124/2015/NĐ-CP"
    tree = res.to_tree()
    assert f"{PORTAL_NOTE} Điều 11: “" in tree
    (ev,) = res.to_json()["implementers"][0]["evidence"]
    assert ev["editorial"] is True and ev["article"] == "Điều 11" and ev["cue"] == "được sửa đổi bởi"
    assert ev["text"].startswith("[Nội dung") and ev["text"].endswith("15/10/2020)]")  # full text in JSON
    assert ev["snippet"] in tree and "185/2013/NĐ-CP" in ev["snippet"]
    assert PORTAL_NOTE in res.to_rows()[0]["evidence"]
    assert walks.implements(st, "185/2013/NĐ-CP", editorial=False).implementers == []
    # the document's own statements stay
    kept = walks.implements(st, "66-NQ/TW", editorial=False)
    assert [i.doc.symbol for i in kept.implementers][:1] == ["24/KH-UBND"]


def test_trace_and_show_print_snippets_and_json_keeps_the_clause() -> None:
    st = _store(_plan())
    tr = walks.trace(st, "24/KH-UBND").to_tree()
    assert "66-NQ/TW" in tr and all(len(x) < SNIPPET_LIMIT + 40 for x in tr.splitlines() if "“" in x)
    card = show(st, "66-NQ/TW")
    text = card.to_tree()
    assert "“" in text and "thực hiện Nghị quyết số 66-NQ/TW" in text
    data = card.to_json()
    (link,) = data["incoming"]["implements"]
    (ev,) = link["evidence"]
    assert ev["text"] == " ".join(ev["text"].split(" ")) and len(ev["text"]) > len(ev["snippet"])
    assert ev["cue_start"] is not None and PLAN[ev["cue_start"] : ev["cue_end"]] == "thực hiện"
    json.dumps(data, ensure_ascii=False)


@pytest.mark.parametrize("limit", [60, 120, 200, 400])
def test_snippet_length_bound_holds_for_any_limit(limit: int) -> None:
    st = _store(_plan())
    (e,) = _evidence(st, "24/KH-UBND", "implements", "66-NQ/TW")
    s = snippet(e, limit)
    assert "66-NQ/TW" in s and "thực hiện" in s and len(s) <= max(limit, 40)
    assert evidence_json(e)["text"] == e.text


def test_object_mentions_are_read_from_the_graph() -> None:
    st = _store(_plan())
    view = GraphView(st)
    obj = next(iter(st.select('SELECT ?d WHERE { ?d vnl:symbol "66-NQ/TW" }')))["d"].value
    spans = view._mention_spans(obj)
    assert spans and all(PLAN[a:b].endswith("66-NQ/TW") for v in spans.values() for a, b, _ in v)
    assert view._mention_spans(obj) is spans  # cached: a walk asks once per object
