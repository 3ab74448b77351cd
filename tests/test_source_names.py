"""Sources are named after their build root, so the graph, its dumps and its exports carry no local path
(issue 12 part 5, ux audit m32); ``--absolute-paths`` keeps the old names; rebuilds, older stores and the way
back from a name to its file (:func:`kg.ingest.source_file`) keep working."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CLEAN_SEED, OCR_SEED, seed_path
from kg_seed_facts import fake_extractor

from kg.cli import main
from kg.errors import ArgumentError
from kg.ingest import build, source_file
from kg.ingest.roots import ROOTS_FILE, recorded_roots
from kg.store.local import Store

DRAFT, SIGNED = "docs/draft-8c31e89f.txt", "docs/signed-1359-ocr.txt"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """The two seed letters (the clean draft and the OCR'd signed copy) in a folder of a private-looking place."""
    d = tmp_path / "home" / "nguyen.van.a" / "docs"
    d.mkdir(parents=True)
    shutil.copy(seed_path(CLEAN_SEED), d / "draft-8c31e89f.txt")
    shutil.copy(seed_path(OCR_SEED), d / "signed-1359-ocr.txt")
    return d


def paths_in(store: Path | Store) -> list[str]:
    st = store if isinstance(store, Store) else Store.open(store, read_only=True)
    try:
        return sorted(r["p"].value for r in st.select("SELECT ?p WHERE { ?s vnl:path ?p }"))
    finally:
        if st is not store:
            st.close()


def test_dumps_and_exports_carry_no_local_path(docs: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    res = run("build", str(docs), "--store", str(store), "-j", "1")
    assert res.exit_code == 0, res.output
    private = [str(tmp_path), str(tmp_path.resolve()), "nguyen.van.a"]
    for fmt in ("nq", "trig", "ttl", "nt", "jsonld"):
        out = tmp_path / f"dump.{fmt}"
        assert run("dump", "--store", str(store), "--format", fmt, "-o", str(out)).exit_code == 0
        text = out.read_text(encoding="utf-8")
        assert DRAFT in text and SIGNED in text, fmt
        assert not [p for p in private if p in text], fmt
    for args in (["--format", "gexf", "--timeline"], ["--format", "graphml"], ["--format", "csv"]):
        out = tmp_path / "export" / "g"
        out.parent.mkdir(exist_ok=True)
        assert run("export", "--store", str(store), "-o", str(out), *args).exit_code == 0
        for f in out.parent.iterdir():
            assert not [p for p in private if p in f.read_text(encoding="utf-8")], (args, f.name)
    # the evidence of `kg implements` names its source the same way
    res = run("implements", "57-NQ/TW", "--store", str(store), "--format", "json")
    assert res.exit_code == 0, res.output
    sources = {e["source"] for e in _evidence(json.loads(res.stdout))}
    assert sources and sources <= {DRAFT, SIGNED}
    # where the root is stays beside the store, not in the graph
    assert recorded_roots(Store.open(store, read_only=True)) == {"docs": str(docs.resolve())}


def _evidence(node: object) -> list[dict]:
    """Every evidence object anywhere in a JSON answer."""
    if isinstance(node, dict):
        found = [node] if "source" in node and "text" in node else []
        return found + [e for v in node.values() for e in _evidence(v)]
    if isinstance(node, list):
        return [e for v in node for e in _evidence(v)]
    return []


def test_absolute_paths_on_request(docs: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    res = run("build", str(docs), "--store", str(store), "--absolute-paths", "-j", "1")
    assert res.exit_code == 0, res.output
    assert paths_in(store) == sorted(str(p.resolve()) for p in docs.iterdir())
    assert not (store / ROOTS_FILE).exists()


def test_rebuild_from_elsewhere_is_unchanged_and_files_are_found(
    docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = (tmp_path / "store").resolve()
    monkeypatch.chdir(docs.parent)
    assert build(["docs"], store, extractor=fake_extractor).ok == 2
    monkeypatch.chdir(tmp_path)
    rep = build([docs], store, extractor=fake_extractor)
    assert (rep.ok, rep.unchanged) == (0, 2)
    assert paths_in(store) == [DRAFT, SIGNED]
    with Store.open(store, read_only=True) as st:
        assert source_file(st, DRAFT) == docs.resolve() / "draft-8c31e89f.txt"
        assert source_file(st, "docs/missing.txt") is None
        assert source_file(st, str(docs / "signed-1359-ocr.txt")) == docs / "signed-1359-ocr.txt"
    # a store without the record (a SPARQL server, a copied graph) resolves against the current directory
    monkeypatch.chdir(docs.parent)
    assert source_file(Store.open(None), SIGNED) == docs.parent.resolve() / SIGNED


def test_an_older_absolute_store_loses_its_paths_on_rebuild(docs: Path, tmp_path: Path) -> None:
    st = Store.open(None)
    build([docs], st, extractor=fake_extractor, absolute_paths=True)
    graphs = st.graphs()
    assert all(p.startswith("/") for p in paths_in(st))
    rep = build([docs], st, extractor=fake_extractor)
    assert rep.ok == 2
    assert paths_in(st) == [DRAFT, SIGNED] and st.graphs() == graphs  # replaced, nothing left beside


def test_jsonl_records_named_after_the_root(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = seed_path(CLEAN_SEED).read_text(encoding="utf-8")
    (corpus / "all.jsonl").write_text(json.dumps({"id": "qng-1", "text": text}) + "\n", encoding="utf-8")
    st = Store.open(tmp_path / "store")
    build([corpus], st, extractor=fake_extractor)
    assert paths_in(st) == ["corpus/all.jsonl#qng-1"]
    assert source_file(st, "corpus/all.jsonl#qng-1") == corpus.resolve() / "all.jsonl"
    st.close()


def test_roots_of_the_same_name_are_refused(tmp_path: Path) -> None:
    a, b = tmp_path / "a" / "docs", tmp_path / "b" / "docs"
    for d in (a, b):
        d.mkdir(parents=True)
        shutil.copy(seed_path(CLEAN_SEED), d / "letter.txt")
    with pytest.raises(ArgumentError, match="two build roots are named 'docs'"):
        build([a, b], Store.open(None), extractor=fake_extractor)
    store = tmp_path / "store"
    build([a], store, extractor=fake_extractor)
    with pytest.raises(ArgumentError, match="already holds sources named 'docs'"):
        build([b], store, extractor=fake_extractor)
    assert paths_in(store) == ["docs/letter.txt"]
    res = run("build", str(b), "--store", str(store))
    assert (
        res.exit_code != 0 and res.output.count("\n") == 1 and "Error: this store already holds" in res.output
    )
    # a folder that was moved is the same root in its new place
    shutil.rmtree(tmp_path / "a")
    assert build([b], store, extractor=fake_extractor).unchanged == 1
    assert recorded_roots(Store.open(store, read_only=True))["docs"] == str(b.resolve())


def test_annotate_a_source_by_its_name(docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = (tmp_path / "store").resolve()
    build([docs], store, extractor=fake_extractor)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = seed_path(CLEAN_SEED).read_text(encoding="utf-8")
    (corpus / "all.jsonl").write_text(json.dumps({"id": "qng-1", "text": text}) + "\n", encoding="utf-8")
    build([corpus], store, extractor=fake_extractor)
    monkeypatch.chdir(tmp_path / "home")  # neither name is a file from here
    for name in (DRAFT, "corpus/all.jsonl#qng-1"):
        out = tmp_path / "a.html"
        res = run("annotate", name, "--store", str(store), "-o", str(out), "--ocr", "off")
        assert res.exit_code == 0, res.output
        page = out.read_text(encoding="utf-8")
        assert 'class="ref ref-full"' in page and "57-NQ/TW" in page and name in page
    res = run("annotate", "docs/missing.txt", "--store", str(store))
    assert res.exit_code != 0 and "no such file" in res.output and len(res.output.strip().splitlines()) == 1
