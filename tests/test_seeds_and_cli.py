"""The seeds against gold.json, the extract/eval CLI, bad input, and never-crash properties."""

import codecs
import json
import re
import unicodedata
from collections import Counter

from click.testing import CliRunner
from conftest import SEEDS
from hypothesis import given, settings
from hypothesis import strategies as st

import kg
from kg.cli import main
from kg.extraction.evaluate import evaluate

JSON_KEYS = {"source", "document", "mentions", "relations"}
DOC_KEYS = {
    "symbol",
    "type_name",
    "type_code",
    "issuer",
    "issuer_parent",
    "place",
    "date",
    "subject",
    "recipients",
    "signer",
    "effective_date",
    "expiry_date",
}
MENTION_KEYS = {
    "start",
    "end",
    "text",
    "symbol",
    "number",
    "year",
    "type_code",
    "type_name",
    "issuer",
    "issuer_name",
    "date",
    "kind",
    "refers_to",
    "confidence",
    "boilerplate",
    "page",
}
REL_KEYS = {
    "subject",
    "predicate",
    "object",
    "start",
    "end",
    "evidence",
    "cue_start",
    "cue_end",
    "article",
    "editorial",
    "page",
    "effective_date",
    "partial",
}


def key(s):
    s = unicodedata.normalize("NFC", s or "").replace("đ", "Đ")
    return re.sub(r"^0+(?=\d)", "", re.sub(r"\s+", "", s).upper())


def test_seeds_match_gold(gold, seed_paths):
    for name, g in gold["documents"].items():
        r = kg.extract_file(seed_paths[name])
        assert Counter(key(m.symbol) for m in r.mentions if m.kind == "full") == Counter(
            map(key, g["mentions"])
        )
        shorts = {m.refers_to for m in r.mentions if m.kind == "short"}
        assert shorts == set(g["short_mentions"].values())
        got = {(x.subject, x.predicate, x.object) for x in r.relations}
        required = {tuple(x[:3]) for x in gold["relations"]}
        assert required <= got
        allowed = required | {tuple(x[:3]) for x in gold["optional_relations"]}
        for s, p, o in got - allowed:
            assert p == "cites" or not re.match(r"\d", o), (
                s,
                p,
                o,
            )  # bare citations and named documents only
        for m in r.mentions:
            assert r.text[m.start : m.end] == m.text


def test_eval_on_seeds_is_perfect(gold):
    rep = evaluate(SEEDS / "gold.json")
    assert rep.mentions.f1 == 1.0 and rep.relations.f1 == 1.0 and rep.short.f1 == 1.0
    assert rep.dates.f1 == 1.0 and rep.issuers.recall == 1.0


def test_cli_jsonl_contract(seed_paths, tmp_path):
    paths = [str(p) for p in seed_paths.values()]
    res = CliRunner().invoke(main, ["extract", "--format", "jsonl", *paths])
    assert res.exit_code == 0, res.output
    lines = [json.loads(x) for x in res.output.splitlines()]
    assert [x["source"] for x in lines] == paths
    for obj in lines:
        assert set(obj) == JSON_KEYS and set(obj["document"]) == DOC_KEYS
        for m in obj["mentions"]:
            assert set(m) == MENTION_KEYS and m["kind"] in {"full", "short", "named"}
            assert m["date"] is None or re.fullmatch(r"\d{4}-\d\d-\d\d", m["date"])
        for r in obj["relations"]:
            assert set(r) == REL_KEYS


def test_cli_directory_stdin_table_and_bad_files(tmp_path):
    (tmp_path / "a.txt").write_text("Căn cứ Nghị định số 13/2023/NĐ-CP;", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01binary\x00")
    (tmp_path / "c.txt").write_bytes(b"")
    (tmp_path / "d.txt").write_bytes(codecs.BOM_UTF16_LE + "Quyết định số 645/QĐ-UBND".encode("utf-16-le"))
    res = CliRunner().invoke(main, ["extract", str(tmp_path)])
    assert res.exit_code == 1
    out = [json.loads(x) for x in res.stdout.splitlines()]
    assert [o["mentions"][0]["symbol"] for o in out] == ["13/2023/NĐ-CP", "645/QĐ-UBND"]
    assert "binary file" in res.stderr and "empty file" in res.stderr and "Traceback" not in res.stderr
    res = CliRunner().invoke(main, ["extract", "-"], input="Nghị quyết số 57-NQ/TW".encode())
    assert res.exit_code == 0 and json.loads(res.stdout)["mentions"][0]["symbol"] == "57-NQ/TW"
    res = CliRunner().invoke(main, ["extract", "--format", "table", str(tmp_path / "a.txt")])
    assert "13/2023/NĐ-CP" in res.stdout
    res = CliRunner().invoke(main, ["extract", str(tmp_path / "missing.txt")])
    assert res.exit_code == 1 and "no such file" in res.stderr


def test_legacy_encodings_are_converted(tmp_path):
    """TCVN3 and VNI bytes are converted to Unicode, not refused (kg/data/legacy_fonts.tsv)."""
    from kg.text.decode import decode

    tcvn3 = "Quy\xd5t \xae\xdenh s\xe8 12 ng\xb5y 1 th\xb8ng 2 n\xa8m 2020".encode("latin-1")
    assert decode(tcvn3, "x.txt") == "Quyết định số 12 ngày 1 tháng 2 năm 2020"
    vni = "Quye\xe1t \xf1\xf2nh so\xe1 12 nga\xf8y 1 tha\xf9ng 2 na\xeam 2020".encode("latin-1")
    assert decode(vni, "y.txt") == "Quyết định số 12 ngày 1 tháng 2 năm 2020"


def test_large_file(tmp_path):
    p = tmp_path / "big.txt"
    p.write_text(
        ("Căn cứ Quyết định số 645/QĐ-UBND ngày 31/5/2024 của UBND tỉnh Quảng Ngãi. " * 20000),
        encoding="utf-8",
    )
    r = kg.extract_file(p)
    assert sum(m.symbol == "645/QĐ-UBND" for m in r.mentions) == 20000


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("0123456789/-–.,;: \n\tQĐNDUBKHTWCPgrsốngày\u0301\u200b*[I|")),
        max_size=300,
    )
)
def test_random_text_never_crashes_and_spans_are_valid(text):
    for ocr in ("auto", "on"):
        r = kg.extract(text, ocr=ocr)
        for m in r.mentions:
            assert 0 <= m.start <= m.end <= len(text)
            assert text[m.start : m.end] == m.text
        for x in r.relations:
            assert 0 <= x.start <= x.end <= len(text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_unicode_never_crashes(text):
    r = kg.extract(text)
    assert all(text[m.start : m.end] == m.text for m in r.mentions)
