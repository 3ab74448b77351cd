"""The query commands through click's CliRunner, on an on-disk store loaded from the TriG fixtures."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.store.local import Store

FIXTURES = Path(__file__).parent / "fixtures"
ID = "https://w3id.org/vn-legal-kg/id/"
NQ57 = ID + "doc/vn/tw/nq/2024/57"
KH359 = ID + "doc/quang-ngai/tu/kh/2025/359"


def run(store_dir: Path, *args: str, input: str | None = None) -> tuple[int, str, str]:
    res = CliRunner().invoke(main, [*args, "--store", str(store_dir)], input=input)
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    return res.exit_code, res.stdout, res.stderr


def one_line_error(code: int, out: str, err: str) -> None:
    assert code != 0
    assert "Traceback" not in out + err
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("Error: ")


# ------------------------------------------------------------------------------------------- implements


def test_implements_json(store_dir: Path) -> None:
    code, out, _ = run(store_dir, "implements", "57/NQ-TW", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert list(data) == ["query", "target", "implementers"]
    assert data["query"] == "57/NQ-TW" and data["target"] == {"symbol": "57-NQ/TW", "iri": NQ57}
    by = {i["symbol"]: i for i in data["implementers"]}
    assert by["359-KH/TU"]["depth"] == 1
    assert by["327/QĐ-UBND"]["depth"] == 2 and by["327/QĐ-UBND"]["via"] == ["359-KH/TU"]
    assert by["88/KH-SKHCN"]["via"] == ["327/QĐ-UBND", "359-KH/TU"]
    assert all(i["evidence"] for i in data["implementers"] if i["symbol"] != "57/QĐ-UBND")


def test_implements_tree_table_csv(store_dir: Path) -> None:
    code, out, _ = run(store_dir, "implements", "Nghị quyết 57")
    assert code == 0 and out.startswith("57-NQ/TW") and "└── " in out and "359-KH/TU" in out
    code, out, _ = run(store_dir, "implements", "57-NQ/TW", "--format", "table", "--depth", "1")
    assert code == 0 and out.splitlines()[0].split()[:3] == ["depth", "symbol", "type"]
    assert "327/QĐ-UBND" not in out
    code, out, _ = run(store_dir, "implements", "57-NQ/TW", "--format", "csv", "--jurisdiction", "quang-ngai")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["symbol"] for r in rows] == ["359-KH/TU", "327/QĐ-UBND", "88/KH-SKHCN"]
    code, out, _ = run(
        store_dir, "implements", "57-NQ/TW", "--format", "csv", "--since", "2025-05", "--until", "2025"
    )
    assert [r["symbol"] for r in csv.DictReader(io.StringIO(out))] == ["327/QĐ-UBND", "88/KH-SKHCN"]


def test_implements_ambiguous_lists_candidates(store_dir: Path) -> None:
    code, out, err = run(store_dir, "implements", "645/QĐ-UBND")
    assert code != 0 and out == "" and "Traceback" not in err
    lines = err.strip().splitlines()
    assert lines[0].startswith("Error: ") and "ambiguous" in lines[0]
    assert len(lines) == 3
    assert any("ha-noi" in ln for ln in lines[1:]) and any("quang-ngai" in ln for ln in lines[1:])
    assert all("<https://" in ln for ln in lines[1:])


@pytest.mark.parametrize(
    "args",
    [
        ["implements", "999/QĐ-UBND"],
        ["implements", ""],
        ["implements", '57-NQ/TW" } ; DROP ALL ; {'],
        ["implements", "57-NQ/TW\nDROP ALL"],
        ["implements", "<http://x> } DROP ALL { <y>"],
        ["implements", "57-NQ/TW", "--since", "yesterday"],
        ["implements", "57-NQ/TW", "--jurisdiction", "Atlantis"],
        ["implements", "57-NQ/TW", "--relation", "loves"],
        ["trace", "{}"],
        ["show", "nothing-like-a-symbol"],
        ["path", "57-NQ/TW", "no/such"],
        ["sparql", "SELECT WHERE {"],
        ["sparql", "DROP ALL"],
        ["sparql", "INSERT DATA { <a:b> <a:c> <a:d> }"],
        ["sparql", "--name", "no-such-query"],
        ["sparql", "-f", "/nonexistent/q.rq"],
        ["sparql", "SELECT * { ?s ?p ?o }", "--param", "s=<bad iri>"],
        ["sparql", "ASK {}", "--format", "turtle"],
    ],
)
def test_bad_input_gives_one_line(store_dir: Path, args: list[str]) -> None:
    one_line_error(*run(store_dir, *args))


def test_missing_store_is_one_line(tmp_path: Path) -> None:
    res = CliRunner().invoke(main, ["implements", "57-NQ/TW", "--store", str(tmp_path / "none")])
    one_line_error(res.exit_code, res.stdout, res.stderr)
    assert "no store" in res.stderr


def test_store_from_environment(store_dir: Path) -> None:
    res = CliRunner(env={"KG_STORE": str(store_dir)}).invoke(main, ["show", "359-KH/TU", "--format", "json"])
    assert res.exit_code == 0 and json.loads(res.stdout)["document"]["iri"] == KH359


def test_store_left_unchanged(store_dir: Path) -> None:
    st = Store.open(store_dir, read_only=True)
    before = len(st.inner)
    del st
    run(store_dir, "sparql", "DROP ALL")
    run(store_dir, "implements", '57-NQ/TW" } ; DROP ALL ; {')
    st = Store.open(store_dir, read_only=True)
    assert len(st.inner) == before


# ------------------------------------------------------------------------------------------- trace, path, show


def test_trace(store_dir: Path) -> None:
    code, out, _ = run(store_dir, "trace", "327/QD-UBND", "--format", "json")
    data = json.loads(code == 0 and out)
    assert {r["symbol"] for r in data["roots"]} == {"57-NQ/TW", "71/NQ-CP"}
    code, out, _ = run(store_dir, "trace", "327/QĐ-UBND")
    assert "path 1:" in out and "71/NQ-CP" in out and "57-NQ/TW" in out


def test_path_and_no_path(store_dir: Path) -> None:
    code, out, _ = run(store_dir, "path", "359-KH/TU", "71/NQ-CP")
    assert code == 0 and "<--implements--" in out and "--implements-->" in out and "“" in out
    code, out, _ = run(store_dir, "path", "359-KH/TU", "71/NQ-CP", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["direction"] for r in rows] == ["backward", "forward"]
    code, out, _ = run(store_dir, "path", "7/KH-UBND", "57-NQ/TW")
    assert code == 1 and "no connection" in out


def test_show(store_dir: Path) -> None:
    code, out, _ = run(store_dir, "show", "359-KH/TU")
    assert code == 0 and "incoming relations:" in out and "mentioned 4 times" in out
    code, out, _ = run(store_dir, "show", "359-KH/TU", "--format", "table")
    assert code == 0 and "section" in out.splitlines()[0]


# ------------------------------------------------------------------------------------------- sparql

Q = "SELECT DISTINCT ?d ?s WHERE { ?d vnl:implements vnld:doc\\/vn\\/tw\\/nq\\/2024\\/57 ; vnl:symbol ?s } ORDER BY ?s"


def test_sparql_formats(store_dir: Path) -> None:
    code, out, _ = run(store_dir, "sparql", Q)
    assert code == 0 and "359-KH/TU" in out and "(2 rows)" in out
    code, out, _ = run(store_dir, "sparql", Q, "--format", "json")
    data = json.loads(out)
    assert data["head"]["vars"] == ["d", "s"]
    assert [b["s"]["value"] for b in data["results"]["bindings"]] == ["359-KH/TU", "57/QĐ-UBND"]
    code, out, _ = run(store_dir, "sparql", Q, "--format", "csv")
    assert out.splitlines()[0] == "d,s" and len(out.splitlines()) == 3
    code, out, _ = run(store_dir, "sparql", Q, "--format", "tsv")
    assert out.splitlines()[0] == "?d\t?s"
    code, out, _ = run(store_dir, "sparql", "ASK { ?a vnl:implements ?b }", "--format", "json")
    assert json.loads(out)["boolean"] is True
    code, out, _ = run(
        store_dir, "sparql", "CONSTRUCT { ?a vnl:implements ?b } WHERE { ?a vnl:implements ?b }"
    )
    assert code == 0 and "vnl:implements" in out
    code, out, _ = run(
        store_dir,
        "sparql",
        "CONSTRUCT { ?a vnl:implements ?b } WHERE { ?a vnl:implements ?b }",
        "--format",
        "ntriples",
    )
    assert code == 0 and "<https://w3id.org/vn-legal-kg/ontology#implements>" in out


def test_sparql_file_stdin_name_list(store_dir: Path, tmp_path: Path) -> None:
    f = tmp_path / "q.rq"
    f.write_text(Q, encoding="utf-8")
    assert (
        run(store_dir, "sparql", "-f", str(f), "--format", "json")[1]
        == run(store_dir, "sparql", Q, "--format", "json")[1]
    )
    code, out, _ = run(store_dir, "sparql", "-", "--format", "csv", input=Q)
    assert code == 0 and len(out.splitlines()) == 3
    code, out, _ = run(store_dir, "sparql", "--list")
    names = [ln.split()[0] for ln in out.splitlines()]
    assert {"most-cited", "resolutions-without-plan", "implementation-timeline"} <= set(names)
    code, out, _ = run(store_dir, "sparql", "--name", "most-cited", "--format", "csv")
    assert code == 0 and out.splitlines()[0].startswith("doc,symbol,citingTexts")
    code, out, _ = run(
        store_dir,
        "sparql",
        "--name",
        "resolutions-without-plan",
        "--param",
        "province=vnld:place/ha-noi",
        "--format",
        "csv",
    )
    assert code == 0 and len(out.splitlines()) == 4
    shipped = Path(__file__).parents[1] / "kg" / "query" / "queries" / "most-cited.rq"
    assert (
        run(store_dir, "sparql", "-f", str(shipped))[1] == run(store_dir, "sparql", "--name", "most-cited")[1]
    )


def test_sparql_usage_errors(store_dir: Path) -> None:
    code, _, err = run(store_dir, "sparql")
    assert code == 2 and "exactly one" in err
    code, _, err = run(store_dir, "sparql", Q, "--name", "most-cited")
    assert code == 2
    code, _, err = run(store_dir, "sparql", Q, "--param", "novalue")
    assert code == 2 and "NAME=VALUE" in err
