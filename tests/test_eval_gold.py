"""The per-document gold format of ``kg eval`` (bench/annotations/recall): misses, extras, optional relations
and objects named by title. Texts are real: the Căn cứ lines of D13/D11 of the recall set
(local_admin__tnt305_tai_lieu_noi_bo LA#1fa949f85858c62f and LA#cdf2fbc53d083c98)."""

from __future__ import annotations

import json
from pathlib import Path

from kg.extraction.evaluate import evaluate

RECALL = Path(__file__).resolve().parent.parent / "bench" / "annotations" / "recall" / "gold.json"

TEXT = (
    "QUYẾT ĐỊNH\n\n"
    "Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15 được sửa đổi, bổ sung bởi Luật Sửa đổi, "
    "bổ sung một số điều Luật Ban hành văn bản quy phạm pháp luật số 87/2025/QH15;\n\n"
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;\n\n"
    "Căn cứ Nghị định số 83/2014/NĐ-CP của Chính phủ về kinh doanh xăng dầu;\n"
)


def _gold(tmp_path: Path, doc: dict) -> Path:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    g = tmp_path / "gold.json"
    g.write_text(
        json.dumps(
            {
                "same_as": {"Luật Tổ chức chính quyền địa phương 2025": ["72/2025/QH15"]},
                "documents": {"a.txt": doc},
            }
        ),
        encoding="utf-8",
    )
    return g


def test_per_document_miss_extra_optional(tmp_path: Path) -> None:
    doc = {
        "relations": [
            ["SELF", "based_on", "64/2025/QH15", "Căn cứ Luật … số 64/2025/QH15"],
            ["87/2025/QH15", "amends", "64/2025/QH15", "được sửa đổi, bổ sung bởi … số 87/2025/QH15"],
            ["SELF", "implements", "99/2025/NĐ-CP", "a miss on purpose"],
        ],
        "optional_relations": [["SELF", "based_on", "87/2025/QH15", "amending law inside a Căn cứ"]],
    }
    rep = evaluate(_gold(tmp_path, doc)).to_json()
    d = rep["documents"]["a.txt"]
    assert ["SELF", "implements", "99/2025/NĐ-CP"] in d["missed"]
    assert ["SELF", "based_on", "64/2025/QH15"] not in d["missed"]
    assert all(x[2] != "87/2025/QH15" or x[1] != "based_on" for x in d["extra"])  # optional: never an extra
    assert ["SELF", "based_on", "83/2014/NĐ-CP"] in d["extra"]  # not in this tiny gold: an extra
    assert rep["relations_by_type"]["implements"]["fn"] == 1
    assert rep["mentions"]["tp"] == rep["mentions"]["fn"] == 0  # no "mentions": not scored on mentions


def test_titled_object_is_title_and_year(tmp_path: Path) -> None:
    doc = {"relations": [["SELF", "based_on", "Luật Tổ chức chính quyền địa phương 2025", "Căn cứ Luật …"]]}
    rep = evaluate(_gold(tmp_path, doc)).to_json()
    missed = rep["documents"]["a.txt"]["missed"]
    extra = rep["documents"]["a.txt"]["extra"]
    # found by title + year, or through its number (same_as): either way not missed, and no titled extra
    assert not missed, missed
    assert not any("to chuc chinh quyen" in x[2] for x in extra)


def test_recall_gold_loads_and_files_exist() -> None:
    gold = json.loads(RECALL.read_text(encoding="utf-8"))
    docs = gold["documents"]
    assert len(docs) == 35
    for name, d in docs.items():
        assert (RECALL.parent / name).is_file(), name
        for rel in d["relations"] + d["optional_relations"]:
            assert len(rel) == 4 and rel[1] in {"implements", "based_on", "amends", "repeals", "replaces"}, (
                rel
            )
