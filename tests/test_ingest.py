"""build(): idempotent, one graph per source replaced on change, JSONL corpora, failures, re-resolution."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CLEAN_SEED, OCR_SEED, seed_path
from kg_seed_facts import fake_extractor

from kg.ingest import build, resolve_store
from kg.store.local import Store
from kg.vocab import KB_GRAPH, VNLD


def _quads(st: Store) -> set[str]:
    return {str(q) for q in st.inner}


def _graph_quads(st: Store, g) -> set[str]:
    return {str(q) for q in st.quads(g)}


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    d = tmp_path / "docs"
    d.mkdir()
    (d / "letter.txt").write_text("LETTER\n", encoding="utf-8")
    (d / "draft.txt").write_text("DRAFT\n", encoding="utf-8")
    return d


def test_idempotent_rebuild(docs: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    r1 = build([docs], store, extractor=fake_extractor)
    assert (r1.files, r1.ok, r1.unchanged, r1.failed) == (2, 2, 0, [])
    with Store.open(store) as st:
        before = _quads(st)
    r2 = build([docs], store, extractor=fake_extractor)
    assert (r2.files, r2.ok, r2.unchanged, r2.triples) == (2, 0, 2, 0)
    with Store.open(store) as st:
        assert _quads(st) == before
        assert len(st.graphs()) == 4  # two sources, the kb and the stats (kg.ingest.stats)


def test_changed_file_replaces_only_its_graph(docs: Path) -> None:
    st = Store.open(None)
    build([docs], st, extractor=fake_extractor)
    graph_of = {r["p"].value: r["g"] for r in st.select("SELECT ?g ?p WHERE { GRAPH ?g { ?g vnl:path ?p } }")}
    letter_path, draft_path = "docs/letter.txt", "docs/draft.txt"  # named after the build root
    draft_before = _graph_quads(st, graph_of[draft_path])
    (docs / "letter.txt").write_text(
        "LETTER\n Kế hoạch số 12/KH-UBND ngày 02/01/2025 của UBND tỉnh.", encoding="utf-8"
    )
    rep = build([docs], st, extractor=fake_extractor)
    assert (rep.ok, rep.unchanged) == (1, 1)
    new = {r["p"].value: r["g"] for r in st.select("SELECT ?g ?p WHERE { GRAPH ?g { ?g vnl:path ?p } }")}
    assert new[letter_path] != graph_of[letter_path]
    assert graph_of[letter_path] not in st.graphs()  # the old graph is gone
    assert _graph_quads(st, new[draft_path]) == draft_before  # the other graph is untouched
    assert len([g for g in st.graphs() if "/source/" in g.value]) == 2


def test_failed_input_leaves_store(docs: Path, tmp_path: Path) -> None:
    st = Store.open(None)
    build([docs], st, extractor=fake_extractor)
    before = _quads(st)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02\x03binary")
    empty = tmp_path / "empty.txt"
    empty.write_text("   ", encoding="utf-8")
    rep = build([bad, empty], st, extractor=fake_extractor)
    assert rep.ok == 0 and len(rep.failed) == 2
    assert all("\n" not in msg for _, msg in rep.failed)
    assert _quads(st) == before


def test_jsonl_objects_are_sources(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    lines = [{"id": "d1", "text": "LETTER\n"}, {"id": "d2", "title": "no text"}, {"text": "DRAFT\n"}]
    (corpus / "docs.jsonl").write_text("\n".join(json.dumps(o) for o in lines) + "\n", encoding="utf-8")
    (corpus / "meta.json").write_text("{}", encoding="utf-8")  # metadata, not a document
    st = Store.open(None)
    rep = build([corpus], st, extractor=fake_extractor)
    assert (rep.files, rep.ok) == (2, 2), rep
    reasons = {Path(p).name: why for p, why in rep.skipped}
    assert reasons == {"docs.jsonl#2": 'no "text"', "meta.json": "not a document (.json file)"}
    paths = sorted(r["p"].value for r in st.select("SELECT ?p WHERE { ?s vnl:path ?p }"))
    assert paths == ["corpus/docs.jsonl#3", "corpus/docs.jsonl#d1"]
    assert build([corpus], st, extractor=fake_extractor).unchanged == 2


def test_same_text_two_paths(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("LETTER\n", encoding="utf-8")
    b.write_text("LETTER\n", encoding="utf-8")
    st = Store.open(None)
    build([a, b], st, extractor=fake_extractor)
    src = [g for g in st.graphs() if "/source/" in g.value]
    assert len(src) == 1
    assert len(st.select(f"SELECT ?p WHERE {{ {src[0]} vnl:path ?p }}")) == 2
    a.write_text("LETTER\nthêm", encoding="utf-8")
    build([a, b], st, extractor=fake_extractor)
    src2 = [g for g in st.graphs() if "/source/" in g.value]
    assert len(src2) == 2 and src[0] in src2  # b keeps the old text's graph
    assert [r["p"].value for r in st.select(f"SELECT ?p WHERE {{ {src[0]} vnl:path ?p }}")] == ["b.txt"]


def test_letter_and_draft_linked(docs: Path) -> None:
    st = Store.open(None)
    rep = build([docs], st, extractor=fake_extractor)
    assert rep.resolution and rep.resolution.same_document == 1
    rows = st.select(f"SELECT ?a ?b WHERE {{ GRAPH <{KB_GRAPH}> {{ ?a vnl:sameDocumentAs ?b }} }}")
    pairs = {(r["a"].value, r["b"].value) for r in rows}
    letter = VNLD + "doc/quang-ngai/skhcn/cv/2025/1359"
    assert any(a == letter and "/ref/skhcn-bcvt-cntt/" in b for a, b in pairs)
    assert {(b, a) for a, b in pairs} == pairs  # symmetric
    # bodies and places live in the kb graph
    assert st.ask(
        f"ASK {{ GRAPH <{KB_GRAPH}> {{ <{VNLD}body/quang-ngai/skhcn> vnl:partOf <{VNLD}body/quang-ngai/ubnd> ;"
        f' rdfs:label "Sở Khoa học và Công nghệ tỉnh Quảng Ngãi"@vi }} }}'
    )
    assert st.ask(f"ASK {{ GRAPH <{KB_GRAPH}> {{ <{VNLD}place/quang-ngai> vnl:within <{VNLD}place/vn> }} }}")
    kb = _graph_quads(st, KB_GRAPH)
    resolve_store(st)
    assert _graph_quads(st, KB_GRAPH) == kb  # resolution is deterministic


def test_reresolution_when_a_later_text_brings_the_province(tmp_path: Path) -> None:
    """A draft with no province in its header cites 51/KH-UBND: unresolved. The signed letter (same document,
    Quảng Ngãi header) arrives later: the reference is re-resolved to the Quảng Ngãi plan, with its relation."""
    d = tmp_path / "d"
    d.mkdir()
    (d / "draft.txt").write_text("NOPROVINCE\n", encoding="utf-8")
    st = Store.open(None)
    build([d], st, extractor=fake_extractor)
    (u,) = st.select('SELECT ?u WHERE { ?u vnl:symbol "51/KH-UBND" ; a vnl:UnresolvedReference }')
    plan = VNLD + "doc/quang-ngai/ubnd/kh/2025/51"
    assert not st.ask(f"ASK {{ ?x vnl:implements ?y FILTER(?x = <{plan}>) }}")
    (d / "letter.txt").write_text("LETTER\n", encoding="utf-8")
    rep = build([d], st, extractor=fake_extractor)
    assert rep.resolution and rep.resolution.resolved >= 1
    assert st.ask(f"ASK {{ GRAPH <{KB_GRAPH}> {{ {u['u']} vnl:resolvedTo <{plan}> }} }}")
    # the draft's own statement "51/KH-UBND implements 03/NQ-CP" now reaches the resolved plan
    assert st.ask(f"ASK {{ GRAPH <{KB_GRAPH}> {{ <{plan}> vnl:implements ?o }} }}")


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    st = Store.open(None)
    rep = build([seed_path(CLEAN_SEED), seed_path(OCR_SEED)], st)
    assert rep.ok == 2, rep.failed
    return st


def test_seeds_done_when(seeds_store: Store) -> None:
    st = seeds_store
    letter = VNLD + "doc/quang-ngai/skhcn/cv/2025/1359"
    # the letter is one document, or two texts linked by vnl:sameDocumentAs
    selves = {r["d"].value for r in st.select("SELECT ?d WHERE { ?s vnl:describes ?d }")}
    assert letter in selves
    other = selves - {letter}
    assert all(st.ask(f"ASK {{ <{letter}> vnl:sameDocumentAs <{o}> }}") for o in other)
    # Quảng Ngãi documents are in the quang-ngai jurisdiction
    for sym in [
        "1826/SXD-QHKT",
        "645/QĐ-UBND",
        "1702/QĐ-UBND",
        "69/KH-UBND",
        "359-KH/TU",
        "06-CTr/BCĐ",
        "51/KH-UBND",
        "327/QĐ-UBND",
        "1053/SKHCN-BCVT&CNTT",
    ]:
        js = {
            r["j"].value
            for r in st.select(f'SELECT ?j WHERE {{ ?d vnl:symbol "{sym}" ; vnl:jurisdiction ?j }}')
        }
        assert js == {VNLD + "place/quang-ngai"}, sym
    # 57-NQ/TW issued by Bộ Chính trị (the TW body) on 2024-12-22
    nq57 = VNLD + "doc/vn/tw/nq/2024/57"
    (row,) = st.select(
        f"SELECT DISTINCT ?date ?b WHERE {{ <{nq57}> vnl:dateIssued ?date ; vnl:issuedBy ?b }}"
    )
    assert row["date"].value == "2024-12-22" and row["b"].value == VNLD + "body/vn/tw"
    assert st.ask(f'ASK {{ <{nq57}> vnl:issuerName "Bộ Chính trị"@vi }}')
    assert st.ask(f'ASK {{ <{VNLD}body/vn/tw> rdfs:label ?l FILTER(CONTAINS(STR(?l), "Bộ Chính trị")) }}')
    # the implements relations, each with its evidence sentence
    for a, b, words in [
        ("quang-ngai/tu/kh/2025/359", "vn/tw/nq/2024/57", "57-NQ/TW"),
        ("quang-ngai/ubnd/qd/2025/327", "vn/cp/nq/2025/71", "71/NQ-CP"),
        ("quang-ngai/ubnd/qd/2025/327", "quang-ngai/tu/kh/2025/359", "359-KH/TU"),
        ("quang-ngai/ubnd/kh/2025/51", "vn/cp/nq/2025/3", "03/NQ-CP"),
    ]:
        rows = st.select(
            f"SELECT ?t WHERE {{ <{VNLD}doc/{a}> vnl:implements <{VNLD}doc/{b}> . ?e rdf:subject <{VNLD}doc/{a}> ; "
            f"rdf:predicate vnl:implements ; rdf:object <{VNLD}doc/{b}> ; vnl:text ?t }}"
        )
        assert rows, (a, b)
        assert any(words in r["t"].value for r in rows), (a, b)


def test_reresolution_mints_the_document_with_the_learnt_province(tmp_path: Path) -> None:
    """Only the draft (no province in its header) cites 12/KH-UBND: once the signed letter tells the province,
    the reference becomes vnld:doc/quang-ngai/ubnd/kh/2025/12, declared in the kb with its facts."""
    from kg.models import Mention

    def extractor(text: str, source: str, ocr: str):
        ex = fake_extractor(text, source, ocr)
        if text.startswith("NOPROVINCE"):
            ex.mentions.append(
                Mention(
                    start=0,
                    end=5,
                    text=ex.text[:5],
                    symbol="12/KH-UBND",
                    number="12",
                    type="KH",
                    issuers=("UBND",),
                    date="2025-01-02",
                    family="admin",
                )
            )
        return ex

    d = tmp_path / "d"
    d.mkdir()
    (d / "draft.txt").write_text("NOPROVINCE\n", encoding="utf-8")
    st = Store.open(None)
    build([d], st, extractor=extractor)
    plan = f"<{VNLD}doc/quang-ngai/ubnd/kh/2025/12>"
    assert not st.ask(f"ASK {{ {plan} ?p ?o }}")
    (d / "letter.txt").write_text("LETTER\n", encoding="utf-8")
    build([d], st, extractor=extractor)
    assert st.ask(
        f"ASK {{ GRAPH <{KB_GRAPH}> {{ ?u vnl:resolvedTo {plan} . {plan} a vnl:Plan ; "
        f'vnl:jurisdiction <{VNLD}place/quang-ngai> ; vnl:year 2025 ; vnl:symbol "12/KH-UBND" }} }}'
    )


def _clear_table_caches() -> None:
    from kg.extraction.lexicon import lexicon
    from kg.tables import read_table, rules_digest

    for cached in (read_table, lexicon, rules_digest):
        cached.cache_clear()


def test_changed_rules_rebuild(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new row in a table (here under $KG_TABLES) re-extracts on the next build without --force."""
    doc = tmp_path / "letter.txt"
    doc.write_text("LETTER\n", encoding="utf-8")
    store = tmp_path / "store"
    first = build([doc], store, extractor=fake_extractor, jobs=1)
    assert first.ok == 1
    assert build([doc], store, extractor=fake_extractor, jobs=1).unchanged == 1

    extra = tmp_path / "tables"
    extra.mkdir()
    (extra / "relation_cues.tsv").write_text(
        "predicate\tcue\tdirection\tsubject\nbased_on\tthi hanh theo\tforward\tself\n", encoding="utf-8"
    )
    monkeypatch.setenv("KG_TABLES", str(extra))
    _clear_table_caches()
    try:
        again = build([doc], store, extractor=fake_extractor, jobs=1)
        assert (again.ok, again.unchanged) == (1, 0), again
        same = build([doc], store, extractor=fake_extractor, jobs=1)
        assert (same.ok, same.unchanged) == (0, 1), same
    finally:
        monkeypatch.delenv("KG_TABLES")
        _clear_table_caches()


def test_link_rules_are_pure() -> None:
    """The cross-source rules run on a StoreFacts built by hand: no store needed."""
    from kg.graph.links import Doc, StoreFacts, candidates, same_document

    draft = Doc("d", partial_symbol="/SKHCN-VP", year="2025", month="2025-06", titles=("Về việc thử nghiệm",))
    signed = Doc(
        "s", symbols=("127/SKHCN-VP",), year="2025", date="2025-06-12", titles=("Ve viec thu nghiem",)
    )
    assert same_document(draft, signed)
    assert not same_document(draft, Doc("o", symbols=("127/SNV-VP",), year="2025", titles=signed.titles))
    ref = Doc("u", unresolved=True, symbols=("57/NQ-TW",), year="2024")
    known = Doc("k", symbols=("57-NQ/TW",), year="2024")
    facts = StoreFacts(docs={"u": ref, "k": known}, in_graph={"g": {"u", "k"}})
    assert candidates(ref, facts) == {"k"}
