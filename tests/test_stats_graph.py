"""The materialised counts of ``vnld:graph/stats`` give exactly the rows of the live aggregates they replace:
on the bundled samples, on real corpus texts, after an incremental rebuild that changes a source and after
``kg resolve``; a store without them answers live, with the same rows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from conftest import SAMPLES, SHARED

from kg.cli import main
from kg.graph.stats import COUNTS_FOR, MEASURES, RANKED, STATS_GRAPH
from kg.ingest import build, resolve_store
from kg.ingest.stats import refresh_stats
from kg.query.rankings import has_stats, live_ranking, most_cited, most_implemented, ranking
from kg.query.sparql import named_query, sparql
from kg.store import Store
from kg.vocab import VNLD

VBPL = SHARED / "corpus" / "vbpl_vn__phanbasongtoan112-art_vbpl-layout-detection" / "documents.jsonl"
ALL = RANKED  # the longest ranking the graph holds: more than any test graph's documents


def _same_everywhere(st: Any) -> None:
    """Every ranking and the most-cited ready-made query: materialised == live, row for row."""
    assert has_stats(st)
    nodes = {q.subject for q in st.quads_for_pattern(None, ox.NamedNode(COUNTS_FOR), None, None)}
    for m in MEASURES:
        whole = ranking(st, m.name, ALL)
        assert len(whole) < ALL and whole == live_ranking(st, m.name, ALL), m.name
        assert len(nodes) >= len(whole)
        assert ranking(st, m.name, 3) == live_ranking(st, m.name, 3), m.name
    fast, live = named_query("most-cited", st), named_query("most-cited")
    assert fast.text != live.text and "graph/stats" in fast.text
    assert sparql(st, fast.text).rows == sparql(st, live.text).rows


def _corpus_subset(path: Path, n: int, edit: str | None = None) -> Path:
    """The first ``n`` vbpl.vn texts as a JSONL corpus; ``edit`` names one whose text loses its "Căn cứ" lines."""
    rows = []
    with VBPL.open(encoding="utf-8") as fh:
        for line in fh:
            obj = json.loads(line)
            if obj["id"] == edit:
                obj["text"] = "\n".join(ln for ln in obj["text"].splitlines() if "Căn cứ" not in ln)
            rows.append({"id": obj["id"], "text": obj["text"]})
            if len(rows) == n:
                break
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_samples_store(tmp_path: Path) -> None:
    st = Store.open(tmp_path / "s")
    build([SAMPLES], st, jobs=1)
    _same_everywhere(st)
    implemented = dict(most_implemented(st, ALL))
    assert implemented[VNLD + "doc/vn/tw/nq/2024/57"] == 1  # 57-NQ/TW: 359-KH/TU of Quảng Ngãi's Tỉnh ủy
    assert most_cited(st, ALL) == live_ranking(st, "cited", ALL)
    st.close()


@pytest.mark.skipif(not VBPL.exists(), reason="needs ../shared/corpus")
def test_corpus_subset_rebuild_and_resolve(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    src = _corpus_subset(corpus / "vbpl.jsonl", 40)
    store = tmp_path / "store"
    build([src], store, jobs=1)
    with Store.open(store) as st:
        _same_everywhere(st)
        cited = ranking(st, "cited", ALL)
        edited = next(
            d["id"]
            for d in map(json.loads, src.read_text(encoding="utf-8").splitlines())
            if "Căn cứ" in d["text"]
        )
    assert len(cited) > 20  # laws and decrees the texts base themselves on

    # the same sources again: nothing rewritten
    with Store.open(store) as st:
        assert refresh_stats(st).written is False

    # one source loses its legal bases: its graph is replaced and the counts follow
    _corpus_subset(src, 40, edit=edited)
    rep = build([src], store, jobs=1)
    assert rep.ok == 1
    with Store.open(store) as st:
        _same_everywhere(st)
        assert ranking(st, "cited", ALL) != cited
        res = resolve_store(st)  # kg resolve: the kb is recomputed, the counts still agree
        assert res is not None
        _same_everywhere(st)
        assert refresh_stats(st).written is False


def test_without_stats_answers_live(tmp_path: Path) -> None:
    st = Store.open(tmp_path / "s")
    build([SAMPLES], st, jobs=1)
    with_stats = {m.name: ranking(st, m.name, ALL) for m in MEASURES}
    rows = sparql(st, named_query("most-cited", st).text).rows
    st.drop_graph(STATS_GRAPH)
    assert not has_stats(st)
    assert named_query("most-cited", st).text == named_query("most-cited").text
    assert {m.name: ranking(st, m.name, ALL) for m in MEASURES} == with_stats
    assert sparql(st, named_query("most-cited", st).text).rows == rows
    assert refresh_stats(st).written is True and has_stats(st)
    st.close()


def test_stats_graph_is_invisible_to_document_queries(tmp_path: Path) -> None:
    """The counts hang on their own nodes: a document's card and relations are the same with or without them."""
    from kg.query import implements, show

    st = Store.open(tmp_path / "s")
    build([SAMPLES], st, jobs=1)
    card, impl = show(st, "57-NQ/TW").to_json(), implements(st, "57-NQ/TW").to_json()
    assert st.quads_for_pattern(None, None, None, ox.NamedNode(STATS_GRAPH))  # the graph is there
    st.drop_graph(STATS_GRAPH)
    assert show(st, "57-NQ/TW").to_json() == card
    assert implements(st, "57-NQ/TW").to_json() == impl
    st.close()


def test_cli_sparql_name_uses_the_counts(tmp_path: Path) -> None:
    store = tmp_path / "s"
    build([SAMPLES], store, jobs=1)
    run = CliRunner().invoke(
        main, ["sparql", "--name", "most-cited", "--store", str(store), "--format", "csv"]
    )
    assert run.exit_code == 0, run.output
    with Store.open(store) as st:
        live = sparql(st, named_query("most-cited").text).serialize("csv").decode()
    assert run.output.replace("\r\n", "\n") == live.replace("\r\n", "\n")
    assert "57-NQ/TW" in run.output


@pytest.mark.skipif(not VBPL.exists(), reason="needs ../shared/corpus")
def test_cards_give_the_same_cards_and_walks(tmp_path: Path) -> None:
    """Laws most texts cite get a card; reading it instead of their copies changes no answer."""
    from kg.graph.stats import CARD, read_card, stats_node
    from kg.query import implements, show

    st = Store.open(tmp_path / "s")
    build([_corpus_subset(tmp_path / "vbpl.jsonl", 60)], st, jobs=1)
    g = ox.NamedNode(STATS_GRAPH)
    cards = {q.subject.value: q.object.value for q in st.quads_for_pattern(None, ox.NamedNode(CARD), None, g)}
    assert cards  # some laws and decrees are named in 16 graphs or more
    carded = {
        stats_node(q.object.value): q.object.value
        for q in st.quads_for_pattern(None, None, None, g)
        if q.predicate.value.endswith("#countsFor")
    }
    for node, text in cards.items():  # a card holds exactly the document's distinct pairs
        pairs = st.query(f"SELECT DISTINCT ?p ?o WHERE {{ <{carded[node]}> ?p ?o }}")
        assert set(read_card(text)) == {(r[0], r[1]) for r in pairs}
    cited = [d for d, _n in ranking(st, "cited", 8)]
    assert any(stats_node(d) in cards for d in cited)
    targets = cited + [d for d, _n in ranking(st, "implemented", 5)]
    with_cards = [(show(st, f"<{d}>").to_json(), implements(st, f"<{d}>").to_json()) for d in targets]
    st.drop_graph(STATS_GRAPH)
    assert [(show(st, f"<{d}>").to_json(), implements(st, f"<{d}>").to_json()) for d in targets] == with_cards
    st.close()
