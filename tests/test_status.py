"""kg status / kg.query.status: the legal status of a document from a store built from real corpus texts that
amend, replace and repeal others (vbpl.vn national database, local documents, thuvienphapluat.vn)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SHARED
from test_effective import corpus_text

from kg.cli import main
from kg.errors import KgError
from kg.ingest import build
from kg.query.show import show
from kg.query.sparql import named_query, sparql
from kg.query.status import status
from kg.store.local import Store

CORPUS = SHARED / "corpus"
VBPL = "vbpl_vn__phanbasongtoan112-art_vbpl-layout-detection"
LOCAL = "local_admin__tnt305_tai_lieu_noi_bo"
TVPL = "tvpl__johnPa02_thuvienphapluat-crawler"
TEXTS = {
    VBPL: (
        "doc_000009",  # 06/2026/TT-BTC amends 13/2015/TT-BTC (in force 2026-03-01)
        "doc_000101",  # 13/2015/TT-BTC itself
        "doc_000431",  # 42/2025/TT-BKHCN: "Bãi bỏ Khoản 2, Điều 2 Thông tư số 23/2024/TT-BTTTT"
        "doc_000735",  # 23/2024/TT-BTTTT itself
        "doc_000046",  # 99/2025/UBTVQH15: Nghị quyết 1213/2016/UBTVQH13 "hết hiệu lực từ ngày Nghị quyết này …"
        "doc_000065",  # 30/2026/NĐ-CP "thay thế Nghị định số 21/2011/NĐ-CP"
        "doc_000610",  # 283/2025/NĐ-CP: "Sửa đổi, bổ sung, thay thế, bãi bỏ một số quy định của Nghị định 120/2020"
    ),
    LOCAL: (
        "ca6ff32db1f99d30",  # 4508/QĐ-BVHTTDL: "Quyết định số 4347/QĐ-BVHTTDL … hết hiệu lực kể từ ngày …"
        "5298da2adb9eb4fe",  # 2031/QĐ-UBND of the same day: "Căn cứ Quyết định số 4347/QĐ-BVHTTDL"
        "0abcf1a5292b31ec",  # 37/2025/NQ-HĐND "có hiệu lực thi hành kể từ ngày 18 tháng 11 năm 2025 đến ngày 31 …"
    ),
}
KEYS = {"document", "status", "since", "by", "history", "basis"}


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (CORPUS / VBPL / "documents.jsonl").exists():
        pytest.skip("../shared/corpus not present")
    docs = tmp_path_factory.mktemp("status-docs")
    for folder, ids in TEXTS.items():
        for i in ids:
            (docs / f"{i}.txt").write_text(corpus_text(str(CORPUS / folder / "documents.jsonl"), i), "utf-8")
    path = tmp_path_factory.mktemp("status") / "store"
    with Store.open(path) as st:
        report = build([docs], st, jobs=1)
    assert report.n_failed == 0
    return path


@pytest.fixture(scope="module")
def st(store_path: Path):
    with Store.open(store_path, read_only=True) as s:
        yield s


def test_amended_since_the_amendment_takes_effect(st):
    r = status(st, "13/2015/TT-BTC", "2026-11-30")
    assert (r.status, r.since, r.effective_date) == ("amended", "2026-03-01", "2015-03-15")
    assert [(c.doc.name, c.relation, c.date) for c in r.by if c.date] == [
        ("06/2026/TT-BTC", "amends", "2026-03-01")
    ]
    j = r.to_json()
    assert set(j) == KEYS and all(set(b) == {"symbol", "relation", "date", "evidence"} for b in j["by"])
    assert "Sửa đổi, bổ sung một số điều của Thông tư số 13/2015/TT-BTC" in j["by"][0]["evidence"]


def test_a_partial_repeal_is_partly_repealed_and_only_from_its_date(st):
    r = status(st, "23/2024/TT-BTTTT", "2026-11-30")
    assert (r.status, r.since) == ("partly_repealed", "2026-02-01")
    assert [(c.doc.name, c.relation, c.partial) for c in r.by] == [("42/2025/TT-BKHCN", "repeals", True)]
    before = status(st, "23/2024/TT-BTTTT", "2026-01-31")
    assert (before.status, before.since) == ("in_force", "2024-12-31")
    (h,) = before.to_json()["history"]
    assert (h["in_effect"], h["partial"], h["date_basis"]) == (False, True, "stated")


def test_some_provisions_repealed_and_amended_is_partly_repealed(st):
    r = status(st, "120/2020/NĐ-CP", "2026-11-30")
    assert (r.status, r.since) == ("partly_repealed", "2025-11-01")
    assert {c.relation for c in r.history} == {"amends", "repeals"}


def test_whole_repeal_and_replacement(st):
    r = status(st, "1213/2016/UBTVQH13", "2026-11-30")
    assert (r.status, r.since, [c.doc.name for c in r.by]) == ("repealed", "2025-10-01", ["99/2025/UBTVQH15"])
    assert status(st, "1213/2016/UBTVQH13", "2025-09-30").status == "in_force"
    r = status(st, "21/2011/NĐ-CP", "2026-11-30")
    assert (r.status, r.since, [c.doc.name for c in r.by]) == ("replaced", "2026-01-21", ["30/2026/NĐ-CP"])


def test_not_yet_in_force_then_in_force_with_the_basis_said(st):
    assert status(st, "06/2026/TT-BTC", "2026-02-01").status == "not_yet_in_force"
    r = status(st, "06/2026/TT-BTC", "2026-11-30")
    assert (r.status, r.since, r.by) == ("in_force", "2026-03-01", [])
    assert r.basis.startswith("As far as the graph knows") and "no built text amends" in r.basis
    # its title says 13/2015 "được sửa đổi, bổ sung bởi Thông tư số 13/2020/TT-BTC": the extractor's date check
    # (kg.extraction.plausible) already keeps that backwards reading out of the graph
    assert "left out" not in r.basis


def test_a_change_by_an_older_document_is_left_out():
    # the same guard at query time, for graphs built by other extractors or loaded from elsewhere
    from kg.query.status import _before
    from kg.query.view import DocInfo

    older = DocInfo("a", "13/2020/TT-BTC", date="2020-03-05", year=2020)
    newer = DocInfo("b", "06/2026/TT-BTC", date="2026-01-15", year=2026)
    assert _before(older, newer) and not _before(newer, older)
    assert _before(DocInfo("c", year=2019), DocInfo("d", year=2020))
    assert not _before(DocInfo("e"), newer)  # unknown dates are never compared


def test_expired_after_the_last_day_its_own_text_states(st):
    r = status(st, "37/2025/NQ-HĐND", "2026-11-30")
    assert (r.status, r.since, r.effective_date, r.expiry_date) == (
        "expired",
        "2026-01-01",
        "2025-11-18",
        "2025-12-31",
    )
    assert status(st, "37/2025/NQ-HĐND", "2025-12-31").status == "in_force"
    assert status(st, "37/2025/NQ-HĐND", "2025-11-17").status == "not_yet_in_force"


def test_show_carries_the_status(st):
    result = show(st, "23/2024/TT-BTTTT", at="2026-11-30")
    j = result.to_json()
    assert j["status"]["status"] == "partly_repealed" and set(j["status"]) == KEYS
    assert "status at 2026-11-30: partly_repealed since 2026-02-01" in result.to_tree()


def test_cli_status_formats_and_errors(store_path):
    run = CliRunner().invoke
    res = run(
        main,
        ["status", "23/2024/TT-BTTTT", "--at", "2026-03-01", "--format", "json", "--store", str(store_path)],
    )
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["status"] == "partly_repealed"
    res = run(main, ["status", "21/2011/NĐ-CP", "--at", "2026-03-01", "--store", str(store_path)])
    assert res.exit_code == 0 and res.stdout.startswith("21/2011/NĐ-CP: replaced since 2026-01-21")
    assert "30/2026/NĐ-CP" in res.stdout
    res = run(main, ["status", "21/2011/NĐ-CP", "--at", "2026-13-01", "--store", str(store_path)])
    assert res.exit_code != 0 and "Error: not a date" in res.output and "Traceback" not in res.output
    res = run(main, ["status", "999/2030/NĐ-CP", "--store", str(store_path)])
    assert res.exit_code != 0 and res.output.startswith("Error:") and "Traceback" not in res.output


def test_unknown_document_is_a_kg_error(st):
    with pytest.raises(KgError):
        status(st, "999/2030/NĐ-CP")


def test_ready_made_query_lists_ended_documents_still_cited_as_a_basis(st):
    rows = sparql(st, named_query("cited-after-end").text).to_json()["results"]["bindings"]
    got = {(r["symbol"]["value"], r["citingSymbol"]["value"], r["end"]["value"]) for r in rows}
    assert ("4347/QĐ-BVHTTDL", "2031/QĐ-UBND", "2025-11-28") in got
    assert not any(s == "23/2024/TT-BTTTT" for s, _, _ in got)  # partly repealed is still in force


def test_graph_keeps_the_dates_and_the_scope(st):
    ask = st.ask
    assert ask('ASK { ?d vnl:symbol "06/2026/TT-BTC" ; vnl:dateInForce "2026-03-01"^^xsd:date }')
    assert ask(
        'ASK { ?e rdf:predicate vnl:repeals ; rdf:object ?o ; vnl:partial true ; vnl:dateEffective "2026-02-01"^^xsd:date .'
        ' ?o vnl:symbol "23/2024/TT-BTTTT" }'
    )
