"""The shipped tables: every row loads, carries a real example, and the example REPLAYS through the public
extractor (``kg.extract``) with the row's effect visible. A broken or dead row fails under its own id
(``issuers.tsv:UBND``). Rows whose example the extractor really misses are listed in ``XFAIL`` with the reason.
Also the loader's errors and warnings for ``$KG_TABLES`` overlays."""

from __future__ import annotations

import re
from functools import cache

import pytest

import kg
from kg.errors import TableError
from kg.extraction.lexicon import lexicon
from kg.models import Extraction
from kg.tables import read_table, shipped_tables
from kg.text.fold import fold, fold_key

TABLES = (
    "body_names.tsv",
    "doc_type_names.tsv",
    "doc_types.tsv",
    "issuers.tsv",
    "ocr_chars.tsv",
    "ocr_confusions.tsv",
    "ocr_keywords.tsv",
    "provinces.tsv",
    "relation_cues.tsv",
)
OCR_TABLES = {"ocr_chars.tsv", "ocr_confusions.tsv", "ocr_keywords.tsv"}

# row id -> why the extractor misses the example (strict: a fixed extractor makes the test fail, remove it here)
XFAIL: dict[str, str] = {
    "ocr_confusions.tsv:o->Q(code)": "the candidate finder skips a symbol whose type code starts lower-case (1702/oĐ-UBND)",
}

# rows whose example is written in the corpus style, not copied: the shared corpus has no occurrence (kg/data/README.md)
CONSTRUCTED = frozenset(
    {
        "body_names.tsv:Sở Khoa học và Công nghệ",
        "body_names.tsv:Sở Thông tin và Truyền thông",
        "body_names.tsv:Sở Xây dựng",
        "doc_type_names.tsv:Biên bản",
        "doc_type_names.tsv:Giấy mời",
        "doc_type_names.tsv:Hợp đồng",
        "doc_type_names.tsv:Quy chế",
        "doc_type_names.tsv:Quy định",
        "doc_type_names.tsv:Thông cáo",
        "doc_types.tsv:BGN(admin)",
        "doc_types.tsv:BS(party)",
        "doc_types.tsv:BTT(admin)",
        "doc_types.tsv:DA(admin)",
        "doc_types.tsv:GGT(admin)",
        "doc_types.tsv:GM(admin)",
        "doc_types.tsv:GNP(admin)",
        "doc_types.tsv:GUQ(admin)",
        "doc_types.tsv:HĐ(admin)",
        "doc_types.tsv:PB(admin)",
        "doc_types.tsv:PG(admin)",
        "doc_types.tsv:QC(admin)",
        "doc_types.tsv:QyĐ(admin)",
        "doc_types.tsv:SL(admin)",
        "doc_types.tsv:SY(admin)",
        "doc_types.tsv:TrS(admin)",
        "issuers.tsv:BCSĐ",
        "issuers.tsv:BCĐCP",
        "issuers.tsv:BCĐTU",
        "issuers.tsv:BDVTW",
        "issuers.tsv:BHXH",
        "issuers.tsv:BKTTW",
        "issuers.tsv:BNCTW",
        "issuers.tsv:BTCTU",
        "issuers.tsv:BTGTU",
        "issuers.tsv:BTGTW",
        "issuers.tsv:BĐNTW",
        "issuers.tsv:CB",
        "issuers.tsv:HU",
        "issuers.tsv:HĐBCQG",
        "issuers.tsv:MTTQ",
        "issuers.tsv:QU",
        "issuers.tsv:SGTVT",
        "issuers.tsv:SNN",
        "issuers.tsv:SNNPTNT",
        "issuers.tsv:STTTT",
        "issuers.tsv:TLĐ",
        "issuers.tsv:TTHĐND",
        "issuers.tsv:TWĐTN",
        "issuers.tsv:ThU",
        "issuers.tsv:UBKTTU",
        "issuers.tsv:UBKTTW",
        "issuers.tsv:UBMTTQ",
        "issuers.tsv:VPCTN",
        "issuers.tsv:VPTU",
        "issuers.tsv:ĐUK",
        "issuers.tsv:ĐĐ",
        "issuers.tsv:ĐĐBQH",
        "ocr_chars.tsv:d",
        "ocr_chars.tsv:i",
        "ocr_chars.tsv:n",
        "ocr_chars.tsv:o",
        "ocr_chars.tsv:y",
        "ocr_confusions.tsv:1->I(code)",
        "ocr_confusions.tsv:B->Đ(code)",
        "ocr_confusions.tsv:G->Q(code)",
        "ocr_confusions.tsv:I->/(separator)",
        "ocr_confusions.tsv:O->Q(code)",
        "ocr_confusions.tsv:[1->/(separator)",
        "ocr_confusions.tsv:[l->/(separator)",
        "ocr_confusions.tsv:d->Đ(code)",
        "ocr_confusions.tsv:l->/(separator)",
        "ocr_confusions.tsv:l->I(code)",
        "ocr_confusions.tsv:o->Q(code)",
        "ocr_confusions.tsv:|->/(separator)",
        "ocr_keywords.tsv:chi thi",
        "ocr_keywords.tsv:ket luan",
        "provinces.tsv:Bạc Liêu",
        "provinces.tsv:Kiên Giang",
        "provinces.tsv:Ninh Thuận",
        "provinces.tsv:Yên Bái",
        "provinces.tsv:Đắk Nông",
        "relation_cues.tsv:amends=bi sua doi boi",
        "relation_cues.tsv:guides=duoc quy dinh chi tiet boi",
        "relation_cues.tsv:repeals=duoc bai bo boi",
        "relation_cues.tsv:repeals=huy bo",
        "relation_cues.tsv:replaces=duoc thay the boi",
        "relation_cues.tsv:replaces=duoc thay the tai",
        "relation_cues.tsv:reports_on=bao cao so ket",
        "relation_cues.tsv:suspends=dinh chi",
        "relation_cues.tsv:suspends=dinh chi viec thi hanh",
        "relation_cues.tsv:reports_on=bao cao tinh hinh",
        "relation_cues.tsv:reports_on=bao cao tinh hinh thuc hien",
        "relation_cues.tsv:reports_on=bao cao tong ket",
    }
)


def row_id(table: str, row: dict[str, str]) -> str:
    """``table:key`` naming the row (the key columns of the table)."""
    key = {
        "relation_cues.tsv": lambda r: f"{r['predicate']}={r['cue']}",
        "ocr_confusions.tsv": lambda r: f"{r['seen']}->{r['meant']}({r['scope']})",
        "ocr_chars.tsv": lambda r: r["letter"],
        "ocr_keywords.tsv": lambda r: r["keyword"],
        "doc_types.tsv": lambda r: f"{r['code']}({r['family']})",
        "issuers.tsv": lambda r: r["code"],
        "doc_type_names.tsv": lambda r: r["name_vi"],
        "provinces.tsv": lambda r: r["name"],
        "body_names.tsv": lambda r: r["name"],
    }[table]
    return f"{table}:{key(row)}"


@cache
def _extract(text: str, ocr: str) -> Extraction:
    return kg.extract(text, ocr=ocr)


def _has_words(needle: str, hay: str | None) -> bool:
    """``needle`` occurs in ``hay`` as whole words, both compared folded (no case, no diacritics)."""
    return bool(hay) and re.search(rf"(?<!\w){re.escape(fold_key(needle))}(?!\w)", fold_key(hay)) is not None


def _names(row: dict[str, str], col: str) -> list[str]:
    return [row[col], *filter(None, row.get("aliases", "").split("|"))]


# --- one effect check per table: does the row's example show the row doing its work? ---------------------------


def _doc_types(row: dict[str, str], ex: Extraction) -> bool:
    codes = {c.upper() for c in _names(row, "code")}
    return any(m.type and m.type.upper() in codes for m in ex.mentions)


def _issuers(row: dict[str, str], ex: Extraction) -> bool:
    return any(row["code"] in m.issuers or row["code"] in (m.issuer or "").split("-") for m in ex.mentions)


def _relation_cues(row: dict[str, str], ex: Extraction) -> bool:
    return any(r.predicate == row["predicate"] and _has_words(row["cue"], r.evidence) for r in ex.relations)


def _ocr_confusions(row: dict[str, str], ex: Extraction) -> bool:
    seen, meant = row["seen"], row["meant"]
    for m in ex.mentions:
        if not m.symbol:
            continue
        written = re.sub(r"\s+", "", m.text)
        if row["scope"] == "separator":
            i = written.find(seen)
            if i > 0 and m.symbol.startswith(written[:i] + "/") and written[:i].isdigit():
                return True
        elif len(written) == len(m.symbol) and any(
            a == seen and b.upper() == meant.upper() for a, b in zip(written, m.symbol, strict=True)
        ):
            return True
    return False


def _ocr_keywords(row: dict[str, str], ex: Extraction) -> bool:
    if not re.search(rf"(?<!\w)(?:{row['ocr_variants']})(?!\w)", fold(ex.text)):
        return False
    word = row["keyword"]
    if word in ("ngay", "thang", "nam"):  # a date read after a reference
        return any(m.date for m in ex.mentions)
    if word == "cua":  # "của <body>" gives the issuer
        return any(m.issuer_name for m in ex.mentions)
    if word == "so":  # "<type word> số <symbol>"
        return any(m.type_name for m in ex.mentions)
    return any(fold(m.type_name or "") == word for m in ex.mentions)


def _ocr_chars(row: dict[str, str], ex: Extraction) -> bool:
    """A relation whose cue is written with one of the row's OCR readings of the letter (not the letter)."""
    lex = lexicon()
    other = "".join(c for c in row["variants"] if c != row["letter"])
    for rel in ex.relations:
        ev = fold(rel.evidence)
        for cue in (c.phrase for c in lex.cues if c.predicate == rel.predicate):
            for i in (i for i, ch in enumerate(cue) if ch == row["letter"]):
                pat = "".join(
                    r"\s+"
                    if ch == " "
                    else f"[{re.escape(other)}]"
                    if j == i
                    else f"[{re.escape(lex.ocr_chars.get(ch, ch))}]"
                    for j, ch in enumerate(cue)
                )
                if re.search(pat, ev):
                    return True
    return False


def _provinces(row: dict[str, str], ex: Extraction) -> bool:
    d = ex.document
    said = [d.province, d.issuer, d.issuer_parent, *(m.issuer_name for m in ex.mentions)]
    return any(_has_words(n, s) for n in _names(row, "name") for s in said)


@cache
def _body_pattern(name: str, aliases: str) -> re.Pattern[str]:
    """Every spelling of a body name (``{province}`` expanded over provinces.tsv), folded, as whole words."""
    names = [name, *filter(None, aliases.split("|"))]
    if "{province}" in name:
        provs = [p for r in read_table("provinces.tsv") for p in _names(r, "name")]
        names = [n.format(province=p) for n in names for p in provs]
    alts = sorted({re.escape(fold_key(n)) for n in names}, key=len, reverse=True)
    return re.compile(rf"(?<!\w)(?:{'|'.join(alts)})(?!\w)")


def _body_names(row: dict[str, str], ex: Extraction) -> bool:
    d = ex.document
    said = [d.issuer, d.issuer_parent, *(m.issuer_name for m in ex.mentions)]
    pat = _body_pattern(row["name"], row.get("aliases", ""))
    return any(s and pat.search(fold_key(s)) for s in said)


def _doc_type_names(row: dict[str, str], ex: Extraction) -> bool:
    said = [ex.document.type, *(m.type_name for m in ex.mentions)]
    return any(s and fold_key(s) == fold_key(row["name_vi"]) for s in said)


EFFECT = {
    "doc_types.tsv": _doc_types,
    "issuers.tsv": _issuers,
    "relation_cues.tsv": _relation_cues,
    "ocr_confusions.tsv": _ocr_confusions,
    "ocr_keywords.tsv": _ocr_keywords,
    "ocr_chars.tsv": _ocr_chars,
    "provinces.tsv": _provinces,
    "body_names.tsv": _body_names,
    "doc_type_names.tsv": _doc_type_names,
}


def row_works(table: str, row: dict[str, str], example: str | None = None) -> bool:
    """The row's effect is visible when its example (or ``example``) is extracted."""
    text = row.get("example", "") if example is None else example
    ocr = "on" if table in OCR_TABLES else "off"
    return bool(text) and EFFECT[table](row, _extract(text, ocr))


def _cases() -> list:
    out = []
    for table in TABLES:
        for row in read_table(table):
            rid = row_id(table, row)
            marks = [pytest.mark.xfail(strict=True, reason=XFAIL[rid])] if rid in XFAIL else []
            out.append(pytest.param(table, row, id=rid, marks=marks))
    return out


# --- (a) every table loads, every row has an example -----------------------------------------------------------


def test_shipped_tables_are_the_known_ones() -> None:
    assert set(TABLES) <= set(shipped_tables())


@pytest.mark.parametrize("table", TABLES)
def test_table_loads_with_examples(table: str) -> None:
    rows = read_table(table)
    assert rows
    missing = [row_id(table, r) for r in rows if not r.get("example")]
    assert not missing, f"rows without an example: {missing}"
    ids = [row_id(table, r) for r in rows]
    assert len(ids) == len(set(ids)), "duplicate rows"


def test_listed_rows_exist() -> None:
    ids = {row_id(t, r) for t in TABLES for r in read_table(t)}
    assert not (set(XFAIL) | CONSTRUCTED) - ids


# --- (b) every row's example replays through kg.extract ---------------------------------------------------------


@pytest.mark.parametrize(("table", "row"), _cases())
def test_row_example_replays(table: str, row: dict[str, str]) -> None:
    ocr = "on" if table in OCR_TABLES else "off"
    ex = _extract(row["example"], ocr)
    assert EFFECT[table](row, ex), (
        f"{row_id(table, row)}: example {row['example']!r} does not show the row's effect; "
        f"mentions={[(m.symbol or m.text, m.type, m.issuer, m.issuer_name) for m in ex.mentions]} "
        f"relations={[(r.predicate, r.evidence) for r in ex.relations]}"
    )


# --- (c) the loader's errors and warnings ----------------------------------------------------------------------


@pytest.fixture
def overlay(tmp_path, monkeypatch):
    """A ``$KG_TABLES`` folder; read_table's cache is cleared before and after."""
    monkeypatch.setenv("KG_TABLES", str(tmp_path))
    read_table.cache_clear()
    yield tmp_path
    read_table.cache_clear()


def test_overlay_rows_are_appended_without_example(overlay) -> None:
    (overlay / "issuers.tsv").write_text(
        "# my issuers\ncode\tname_vi\tname_en\tlevel\tscope\tparent\nXYZ\tBan XYZ\tXYZ board\tcentral\tnational\t\n",
        encoding="utf-8",
    )
    rows = read_table("issuers.tsv")
    assert rows[-1]["code"] == "XYZ" and rows[-1]["example"] == ""
    assert rows[0]["code"] == "QH"


def test_overlay_row_with_wrong_cell_count(overlay) -> None:
    (overlay / "issuers.tsv").write_text(
        "code\tname_vi\tname_en\tlevel\tscope\tparent\n\nXYZ\tBan XYZ\tcentral\n", encoding="utf-8"
    )
    with pytest.raises(TableError, match=r"issuers\.tsv:3: 3 cells, header has 6"):
        read_table("issuers.tsv")


def test_overlay_header_lacks_a_column(overlay) -> None:
    (overlay / "issuers.tsv").write_text("code\tname_vi\nXYZ\tBan XYZ\n", encoding="utf-8")
    with pytest.raises(TableError, match=r"issuers\.tsv:1: header lacks column\(s\) name_en, level, scope"):
        read_table("issuers.tsv")


def test_unreadable_overlay(overlay) -> None:
    (overlay / "issuers.tsv").write_bytes(b"code\tname_vi\n\xff\xfe\x00bad\n")
    with pytest.raises(TableError, match=r"issuers\.tsv: cannot read table"):
        read_table("issuers.tsv")


def test_unknown_table_name() -> None:
    with pytest.raises(TableError, match="no such table"):
        read_table("nonexistent.tsv")


def test_missing_overlay_folder_is_an_error(tmp_path, monkeypatch) -> None:
    """A typo in $KG_TABLES used to build without the user's rows, with one warning easy to miss (issue 12)."""
    gone = tmp_path / "no-such-folder"
    monkeypatch.setenv("KG_TABLES", str(gone))
    read_table.cache_clear()
    try:
        with pytest.raises(TableError, match=r"KG_TABLES=.*no-such-folder: no such folder"):
            read_table("issuers.tsv")
        (tmp_path / "a-file").write_text("x", encoding="utf-8")
        monkeypatch.setenv("KG_TABLES", str(tmp_path / "a-file"))
        read_table.cache_clear()
        with pytest.raises(TableError, match="not a folder"):
            read_table("provinces.tsv")
    finally:
        read_table.cache_clear()


def test_overlay_for_unknown_table_warns(overlay) -> None:
    (overlay / "isuers.tsv").write_text("code\nXYZ\n", encoding="utf-8")
    with pytest.warns(UserWarning, match=r"isuers\.tsv: not a shipped table"):
        read_table("issuers.tsv")


@pytest.mark.parametrize("table", shipped_tables())
def test_every_shipped_table_has_an_example_on_every_row(table: str) -> None:
    """Each table of kg/data (the 9 above and the tables of single stages) carries examples that its own test
    replays (tests/test_extraction_tables.py, test_boilerplate.py, test_laws.py, test_relations.py,
    test_data_graph_query.py)."""
    rows = read_table(table)
    assert rows, table
    missing = [i for i, r in enumerate(rows) if not r.get("example", "").strip()]
    assert not missing, f"{table}: rows without an example: {missing[:10]}"
