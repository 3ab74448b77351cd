"""``kg export``, ``kg stats``, ``kg annotate``: outputs, and bad input as a one-line error without traceback."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from conftest import CLEAN_SEED, SHARED, seed_path
from lxml import etree

from kg.cli import main
from kg.store.local import Store

HERE = Path(__file__).parent
SCHEMA = SHARED / "reference" / "gexf-schema" / "1.3" / "gexf.xsd"
SEED = seed_path(CLEAN_SEED)


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("kgstore") / "store"
    st = Store.open(d)
    st.inner.load(path=str(HERE / "fixtures" / "seeds_graph.trig"), format=ox.RdfFormat.TRIG)
    st.close()
    return d


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def assert_one_line_error(res, text: str) -> None:
    assert res.exit_code != 0
    assert not isinstance(res.exception, Exception) or isinstance(res.exception, SystemExit), res.exception
    out = res.output.strip()
    assert "Traceback" not in out and len(out.splitlines()) == 1, out
    assert text in out


def test_export_gexf(store_dir, tmp_path):
    out = tmp_path / "g.gexf"
    res = run("export", "--store", str(store_dir), "-o", str(out), "--timeline", "--with-bodies")
    assert res.exit_code == 0, res.output
    if SCHEMA.is_file():
        schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
        assert schema.validate(etree.parse(str(out))), schema.error_log
    G = nx.read_gexf(out)
    assert any(a.get("kind") == "body" for _, a in G.nodes(data=True))
    assert all("start" in a for _, a in G.nodes(data=True))


def test_export_stdout_and_filters(store_dir):
    res = run(
        "export",
        "--store",
        str(store_dir),
        "--around",
        "57-nq/tw",
        "--depth",
        "1",
        "--relation",
        "implements",
    )
    assert res.exit_code == 0, res.output
    xml = res.stdout_bytes if hasattr(res, "stdout_bytes") else res.output.encode()
    doc = etree.fromstring(xml)
    ids = {n.get("id").split("/id/doc/")[1].split("/")[0] for n in doc.iter("{*}node")}
    assert ids == {"vn", "quang-ngai", "ha-noi"}
    res = run("export", "--store", str(store_dir), "--format", "GraphML", "--jurisdiction", "ha-noi")
    assert res.exit_code == 0 and "<graphml" in res.stdout


def test_export_csv(store_dir, tmp_path):
    res = run("export", "--store", str(store_dir), "--format", "csv", "-o", str(tmp_path / "g.csv"))
    assert res.exit_code == 0, res.output
    nodes, edges = tmp_path / "g.nodes.csv", tmp_path / "g.edges.csv"
    with edges.open(encoding="utf-8") as fh:
        assert next(csv.reader(fh))[:6] == ["Source", "Target", "Type", "Id", "Label", "Weight"]
    assert nodes.read_text(encoding="utf-8").startswith("Id,Label,")


def test_export_csv_for_excel(store_dir, tmp_path):
    plain, excel = tmp_path / "plain", tmp_path / "excel"
    assert run("export", "--store", str(store_dir), "--format", "csv", "-o", str(plain)).exit_code == 0
    res = run("export", "--store", str(store_dir), "--format", "csv", "--excel", "-o", str(excel))
    assert res.exit_code == 0, res.output
    for table in ("nodes", "edges"):
        data = Path(f"{excel}.{table}.csv").read_bytes()
        # Excel reads UTF-8 only behind a BOM; records end in CRLF, and no bare LF is left anywhere
        assert data.startswith(b"\xef\xbb\xbf" + (b"Id,Label," if table == "nodes" else b"Source,Target,"))
        assert data.count(b"\n") == data.count(b"\r\n") > 10
        with Path(f"{excel}.{table}.csv").open(encoding="utf-8-sig", newline="") as fh:
            got = list(csv.DictReader(fh))
        with Path(f"{plain}.{table}.csv").open(encoding="utf-8", newline="") as fh:
            want = list(csv.DictReader(fh))
        if table == "edges":  # whole weights as integers: "1.0" reads as a number only in some locales
            assert {r["Weight"] for r in got} <= {str(n) for n in range(1, 100)}
            for r in (*got, *want):
                r["Weight"] = float(r["Weight"])
        for r in want:  # what Excel would take for a formula is quoted
            r.update({k: "'" + v for k, v in r.items() if str(v).startswith(("=", "+", "-", "@"))})
        assert got == want
    nodes = Path(f"{excel}.nodes.csv").read_bytes()
    assert "Nghị quyết 57-NQ/TW".encode() in nodes and "Quảng Ngãi".encode() in nodes
    assert not Path(f"{plain}.nodes.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_stats(store_dir):
    res = run("stats", "--store", str(store_dir), "--format", "json")
    assert res.exit_code == 0, res.output
    st = json.loads(res.stdout)
    assert st["most_cited"][0]["symbol"] == "57-NQ/TW"
    res = run("stats", "--store", str(store_dir))
    assert res.exit_code == 0 and "most cited" in res.stdout and "Nghị quyết 57-NQ/TW" in res.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "--format", "dot"], "unknown format"),
        (["export", "--format", "csv"], "give -o"),
        (["export", "--excel", "-o", "x.gexf"], "--excel is for --format csv"),
        (["export", "--around", "999/XX-YY"], "no document matches"),
        (["export", "--relation", "implement"], "unknown relation"),
        (["export", "--depth", "2"], "depth needs around"),
        (["export", "--depth", "-1", "--around", "57-NQ/TW"], "--depth"),
        (["export", "--jurisdiction", "atlantis"], "unknown jurisdiction"),
        (["stats", "--format", "xml"], "unknown format"),
    ],
)
def test_bad_input(store_dir, args, message):
    assert_one_line_error(run(*args, "--store", str(store_dir)), message)


def test_missing_store(tmp_path):
    assert_one_line_error(run("stats", "--store", str(tmp_path / "nope")), "no graph store")
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "x.txt").write_text("x")
    assert_one_line_error(run("export", "--store", str(tmp_path / "junk")), "not a graph store")


def test_export_unwritable(store_dir, tmp_path):
    assert_one_line_error(
        run("export", "--store", str(store_dir), "-o", str(tmp_path / "no" / "dir" / "g.gexf")),
        "cannot write",
    )


def test_annotate(tmp_path):
    assert_one_line_error(run("annotate", str(tmp_path / "missing.txt")), "no such file")
    assert_one_line_error(run("annotate", str(tmp_path)), "is a directory")
    assert_one_line_error(run("annotate", str(tmp_path / "x.txt"), "--ocr", "sometimes"), "unknown OCR mode")
    binary = tmp_path / "bin.txt"
    binary.write_bytes(bytes(range(256)) * 20)
    assert_one_line_error(run("annotate", str(binary)), "binary")
    out = tmp_path / "a.html"
    res = run("annotate", str(SEED), "-o", str(out), "--ocr", "off")
    assert res.exit_code == 0, res.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'class="ref ref-full"' in page


def test_export_summary_as_json(store_dir, tmp_path):
    # issue 12: kg build, kg resolve and kg export offer JSON summaries for scripts
    out = tmp_path / "g.gexf"
    res = run("export", "--format", "gexf", "--summary", "json", "-o", str(out), "--store", str(store_dir))
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stderr.strip().splitlines()[-1])
    assert summary["format"] == "gexf" and summary["files"] == [str(out)] and summary["nodes"] > 0
