"""Effective dates and the date and scope of changes (kg.extraction.effective, kg/data/effective_cues.tsv).

Every row of the table replays its example; whole documents of the national database (vbpl.vn) check the rules
that need a whole text: the subject "<type> này", quotations of an amended law, the date of adoption at the end.
"""

from __future__ import annotations

import json
from functools import cache

import pytest
from conftest import SHARED

import kg
from kg.extraction.effective import _cues, effective_date, passed_date, when_stated
from kg.models import SELF
from kg.tables import read_table, table_path
from kg.text.fold import fold

VBPL = SHARED / "corpus/vbpl_vn__phanbasongtoan112-art_vbpl-layout-detection/documents.jsonl"
LOCAL = SHARED / "corpus/local_admin__tnt305_tai_lieu_noi_bo/documents.jsonl"


@cache
def corpus_texts(path: str) -> dict[str, str]:
    with open(path, encoding="utf-8") as f:
        return {(row := json.loads(line))["id"]: row["text"] for line in f if line.strip()}


def corpus_text(path: str, doc_id: str) -> str:
    return corpus_texts(path)[doc_id]


def vbpl(doc_id: str) -> str:
    if not VBPL.exists():
        pytest.skip("../shared/corpus not present")
    return corpus_text(str(VBPL), doc_id)


def rows(kind: str) -> list:
    return [
        pytest.param(r, id=f"effective_cues.tsv:{kind}={r['cue']}")
        for r in read_table("effective_cues.tsv")
        if r["kind"] == kind
    ]


def test_table_says_who_reads_it_and_every_row_has_an_example():
    head = table_path("effective_cues.tsv").read_text(encoding="utf-8")
    assert "Read by kg.extraction.effective" in head
    assert all(r["example"] and r["cue"] == fold(r["cue"]) for r in read_table("effective_cues.tsv"))


@pytest.mark.parametrize("row", rows("enters") + rows("signing"))
def test_entry_into_force_row(row):
    folded = fold(row["example"])
    date, _ = effective_date(folded, "2025-12-31")
    assert date is not None and row["cue"] in folded
    if row["kind"] == "signing":
        assert date == "2025-12-31"  # the header's date of signing


@pytest.mark.parametrize("row", rows("until"))
def test_own_end_of_effect_row(row):
    assert effective_date(fold(row["example"]), "2025-12-08") == ("2025-12-08", "2027-02-28")


@pytest.mark.parametrize("row", rows("passed"))
def test_date_of_adoption_row(row):
    assert passed_date(fold(row["example"])) == "2025-09-26"


@pytest.mark.parametrize("row", rows("ends"))
def test_end_of_effect_of_another_document_row(row):
    ex = kg.extract(row["example"])
    (r,) = [r for r in ex.relations if r.predicate == "repeals"]
    folded = fold(row["example"])
    stated = when_stated(folded, folded.index(row["cue"]) + len(row["cue"]), None, "2025-10-01", False)[0]
    assert stated is not None and (r.effective_date == stated or r.effective_date is None)
    if "nay co hieu luc" not in folded:
        assert r.effective_date == "2027-01-01"  # stated outright, no own date needed


@pytest.mark.parametrize("row", rows("own"))
def test_own_effective_date_as_anchor_row(row):
    folded = fold(row["example"])
    at = folded.index("het hieu luc") + len("het hieu luc")
    assert when_stated(folded, at, None, "2026-02-15", False)[0] == "2026-02-15"


@pytest.mark.parametrize("row", rows("part") + rows("part_phrase") + rows("lead") + rows("led"))
def test_part_row_makes_a_change_partial(row):
    hits = [m.group(0) for m in _cues().part.finditer(fold(row["example"]))]
    assert any(row["cue"] in h for h in hits), hits


@pytest.mark.parametrize("row", rows("except"))
def test_except_row_keeps_a_part_in_force(row):
    (r,) = [r for r in kg.extract(row["example"]).relations if r.predicate == "repeals"]
    assert r.partial and _cues().except_part.search(fold(row["example"]))
    # a transitional exception is no part kept in force (doc_000248)
    text = "Thông tư số 28/2015/TT-NHNN hết hiệu lực kể từ ngày Thông tư này có hiệu lực thi hành, trừ trường hợp"
    assert not any(r.partial for r in kg.extract(text + " quy định tại Điều 21.").relations)


def test_after_days_from_signing():
    # the formula of the issue ("sau 45 ngày kể từ ngày ký"), in the sentence vbpl texts use
    text = "Điều 5. Hiệu lực thi hành\n1. Nghị định này có hiệu lực thi hành sau 45 ngày kể từ ngày ký."
    assert effective_date(fold(text), "2025-01-01") == ("2025-02-15", None)


def test_own_date_only_with_the_text_as_subject():
    # "trước ngày Nghị định này có hiệu lực" anchors another date; the article of doc_000017 is quoted
    text = "b) Các trường hợp đã được phê duyệt trước ngày Nghị định này có hiệu lực thi hành thì tiếp tục sử dụng"
    assert effective_date(fold(text), "2025-12-31") == (None, None)


@pytest.mark.parametrize(
    ("doc_id", "symbol", "effective"),
    [
        ("doc_000001", "249/2025/NĐ-CP", "2025-09-19"),
        ("doc_000129", "139/2025/QH15", "2026-01-01"),  # not the 2028 of the amended law, quoted before
        ("doc_000017", "370/2025/NĐ-CP", "2026-01-01"),  # only the restated article states it
        ("doc_000032", "105/2025/UBTVQH15", "2025-09-26"),  # "từ ngày thông qua": adopted at Phiên họp 49
        ("doc_000753", "62/2025/TT-BNNMT", "2025-10-31"),  # "kể từ 31 tháng 10 năm 2025": "ngày" left out
        ("doc_000471", "39/2025/TT-BXD", "2026-01-15"),  # "Thông tư có hiệu lực": the type word alone
    ],
)
def test_effective_date_of_national_database_texts(doc_id, symbol, effective):
    d = kg.extract(vbpl(doc_id), with_relations=False).document
    assert (d.symbol, d.effective_date) == (symbol, effective)
    assert d.to_json()["effective_date"] == effective


def test_changes_carry_their_date_and_scope():
    ex = kg.extract(vbpl("doc_000046"))  # 99/2025/UBTVQH15, in force 2025-10-01
    (whole,) = [r for r in ex.relations if r.predicate == "repeals" and r.subject == SELF]
    assert (whole.object, whole.effective_date, whole.partial) == ("1213/2016/UBTVQH13", "2025-10-01", False)
    ex = kg.extract(vbpl("doc_000520"))  # "Bãi bỏ Chương V Thông tư số 02/2017/TT-BTP"
    (part,) = [r for r in ex.relations if r.predicate == "repeals" and r.subject == SELF]
    assert (part.object, part.effective_date, part.partial) == ("02/2017/TT-BTP", "2025-12-29", True)
    assert part.to_json()["partial"] is True


def test_a_list_of_documents_that_end_gets_the_own_date():
    # 47/2025/TT-BKHCN: "2. Các Thông tư sau đây hết hiệu lực kể từ ngày Thông tư này có hiệu lực thi hành: a) …"
    ex = kg.extract(vbpl("doc_000407"))
    got = {(r.object, r.effective_date, r.partial) for r in ex.relations if r.predicate == "repeals"}
    assert got == {("13/2021/TT-BKHCN", "2026-02-15", False), ("02/2023/TT-BTTTT", "2026-02-15", False)}


def test_each_object_of_a_partial_clause_is_partial():
    if not LOCAL.exists():
        pytest.skip("../shared/corpus not present")
    ex = kg.extract(corpus_text(str(LOCAL), "e4ddc120fc14463c"))  # 171/2025/NĐ-CP: "bãi bỏ các quy định …"
    got = {r.object: r.partial for r in ex.relations if r.predicate == "repeals" and r.subject == SELF}
    assert got == {"101/2017/NĐ-CP": True, "89/2021/NĐ-CP": True}


def test_a_portal_note_about_a_clause_of_the_text_is_partial():
    text = (
        "Điều 5. Chế độ báo cáo\n1. Báo cáo định kỳ.[Khoản này bị bãi bỏ bởi Khoản 2 Điều 1 Thông tư số "
        "10/2024/TT-BTC]\n2. Báo cáo đột xuất."
    )
    rels = [r for r in kg.extract(text).relations if r.predicate == "repeals"]
    assert rels and all(r.partial and r.object == SELF and r.effective_date is None for r in rels)
