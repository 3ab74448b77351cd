"""The same input through every command that takes it: one lookup, one filter parser, one error message.

Each test runs one input through implements, trace, show, path and ``export --around`` (or the filter
options of implements and export) on a store built from the TriG fixtures, and asserts they agree.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner, Result

from kg.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
ID = "https://w3id.org/vn-legal-kg/id/"
NQ57 = ID + "doc/vn/tw/nq/2024/57"
NQ03 = ID + "doc/vn/cp/nq/2025/3"
KH359 = ID + "doc/quang-ngai/tu/kh/2025/359"
KH51 = ID + "doc/quang-ngai/ubnd/kh/2025/51"
QD57HN = ID + "doc/ha-noi/ubnd/qd/2025/57"


def run(store_dir: Path, *args: str) -> Result:
    res = CliRunner().invoke(main, [*args, "--store", str(store_dir)])
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    return res


def exported(store_dir: Path, *args: str) -> nx.MultiDiGraph:
    res = run(store_dir, "export", "--format", "graphml", *args)
    assert res.exit_code == 0, res.stderr
    return nx.read_graphml(io.BytesIO(res.stdout_bytes), force_multigraph=True)


# ------------------------------------------------------------------------------------------- documents


@pytest.mark.parametrize(
    ("typed", "iri"),
    [
        ("57-NQ/TW", NQ57),
        ("57/NQ-TW", NQ57),
        ("Nghị quyết 57", NQ57),
        ("nq 57-nq/tw", NQ57),
        ("3/NQ-CP", NQ03),
        ("03/NQ-CP", NQ03),
    ],
)
def test_every_command_reads_a_document_alike(store_dir: Path, typed: str, iri: str) -> None:
    res = run(store_dir, "implements", typed, "--format", "json")
    assert res.exit_code == 0 and json.loads(res.stdout)["target"]["iri"] == iri
    res = run(store_dir, "trace", typed, "--format", "json")
    assert res.exit_code == 0 and json.loads(res.stdout)["target"]["iri"] == iri
    res = run(store_dir, "show", typed, "--format", "json")
    assert res.exit_code == 0 and json.loads(res.stdout)["document"]["iri"] == iri
    res = run(store_dir, "path", typed, KH359 if iri == NQ57 else KH51, "--format", "json")
    assert res.exit_code == 0 and json.loads(res.stdout)["from"]["iri"] == iri
    assert iri in exported(store_dir, "--around", typed, "--depth", "1")


def _commands(document: str) -> list[list[str]]:
    return [
        ["implements", document],
        ["trace", document],
        ["show", document],
        ["path", document, "57-NQ/TW"],
        ["export", "--around", document],
    ]


def test_ambiguous_input_lists_the_same_candidates_everywhere(store_dir: Path) -> None:
    errors = set()
    for args in _commands("645/QĐ-UBND"):
        res = run(store_dir, *args)
        assert res.exit_code != 0 and res.stdout == "", args
        lines = res.stderr.strip().splitlines()
        assert lines[0].startswith("Error: ") and "ambiguous" in lines[0], args
        assert len(lines) == 3 and all("<https://" in ln for ln in lines[1:]), args
        errors.add(res.stderr)
    assert len(errors) == 1, errors


@pytest.mark.parametrize("document", ["999/QĐ-UBND", "nothing-like-a-symbol", "{}"])
def test_unknown_input_is_the_same_one_line_error_everywhere(store_dir: Path, document: str) -> None:
    errors = set()
    for args in _commands(document):
        res = run(store_dir, *args)
        assert res.exit_code != 0, args
        assert "Traceback" not in res.output and res.stderr.startswith("Error: "), args
        assert len(res.stderr.strip().splitlines()) == 1, (args, res.stderr)
        errors.add(res.stderr)
    assert len(errors) == 1, errors


# ------------------------------------------------------------------------------------------- filters


@pytest.mark.parametrize(
    ("typed", "slug"),
    [
        ("national", "vn"),
        ("vn", "vn"),
        ("toàn quốc", "vn"),
        ("toan-quoc", "vn"),
        ("TP. Hà Nội", "ha-noi"),
        ("Hà Nội", "ha-noi"),
        ("ha-noi", "ha-noi"),
    ],
)
def test_jurisdiction_means_the_same_in_implements_and_export(store_dir: Path, typed: str, slug: str) -> None:
    res = run(store_dir, "implements", "57-NQ/TW", "--jurisdiction", typed, "--format", "json")
    assert res.exit_code == 0, res.stderr
    listed = json.loads(res.stdout)["implementers"]
    assert all(i["jurisdiction"] == slug for i in listed)
    if slug == "ha-noi":
        assert [i["iri"] for i in listed] == [QD57HN]
    G = exported(store_dir, "--jurisdiction", typed)
    assert len(G) and {a["jurisdiction"] for _, a in G.nodes(data=True)} == {slug}


def test_unknown_jurisdiction_is_the_same_error(store_dir: Path) -> None:
    a = run(store_dir, "implements", "57-NQ/TW", "--jurisdiction", "Atlantis")
    b = run(store_dir, "export", "--jurisdiction", "Atlantis")
    assert a.exit_code != 0 and a.stderr == b.stderr and "unknown jurisdiction" in a.stderr


@pytest.mark.parametrize("relation", ["implements", "based_on"])
def test_relation_spellings_mean_the_same_everywhere(store_dir: Path, relation: str) -> None:
    head, *rest = relation.split("_")
    spellings = {relation, head + "".join(w.capitalize() for w in rest), relation.replace("_", "-")}
    outputs = set()
    for spelling in spellings:
        res = run(store_dir, "implements", "57-NQ/TW", "--relation", spelling, "--format", "json")
        assert res.exit_code == 0, res.stderr
        outputs.add(res.stdout)
        res = run(store_dir, "trace", "327/QĐ-UBND", "--relation", spelling, "--format", "json")
        assert res.exit_code == 0, res.stderr
        outputs.add("trace" + res.stdout)
        res = run(store_dir, "path", "359-KH/TU", "57-NQ/TW", "--relation", spelling, "--format", "json")
        outputs.add(f"path {res.exit_code} {res.stdout}")
        res = run(store_dir, "export", "--format", "graphml", "--relation", spelling)
        assert res.exit_code == 0, res.stderr
        outputs.add(res.stdout)
    assert len(outputs) == 4  # one per command, whatever the spelling


def test_unknown_relation_is_the_same_error(store_dir: Path) -> None:
    a = run(store_dir, "implements", "57-NQ/TW", "--relation", "loves")
    b = run(store_dir, "export", "--relation", "loves")
    c = run(store_dir, "path", "359-KH/TU", "57-NQ/TW", "--relation", "loves")
    assert a.exit_code != 0 and a.stderr == b.stderr == c.stderr and "unknown relation" in a.stderr
