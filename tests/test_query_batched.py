"""Batched reads give what one-by-one reads give: a walk reads its documents' descriptions and its evidence in a
few queries (GraphView.prefetch_docs / prefetch_evidence), each restricted to the predicates the listing uses;
on a store built from real texts every document card and every relation's evidence must come out the same."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from conftest import SEEDS, SHARED

from kg.ingest import build
from kg.query import implements
from kg.query.view import GraphView
from kg.store.local import Store
from kg.vocab import RELATION_IRIS

DVHC = SHARED / "corpus" / "dvhcvn__dvhcvn_20250701" / "docs"

pytestmark = pytest.mark.skipif(not DVHC.is_dir(), reason="../shared/corpus not present")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    path = tmp_path_factory.mktemp("batched") / "store"
    report = build([DVHC, *sorted(SEEDS.glob("*.txt"))], store=path)
    assert report.ok > 30, report.summary()
    return Store(path, read_only=True)


def _edges(st: Store) -> list[tuple[str, str, str]]:
    out = set()
    for p in RELATION_IRIS.values():
        for q in st.quads_for_pattern(None, ox.NamedNode(p), None, None):
            if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode):
                out.add((q.subject.value, p, q.object.value))
    return sorted(out)


def test_document_cards_batched_equal_one_by_one(store: Store) -> None:
    edges = _edges(store)
    docs = sorted({x for s, _p, o in edges for x in (s, o)})
    assert len(docs) > 50
    one, batched = GraphView(store), GraphView(store)
    batched.prefetch_docs(docs)
    for iri in docs:
        assert batched.doc(iri) == one.doc(iri), iri
    assert sum(1 for d in docs if one.doc(d).symbol and one.doc(d).date) > 20


def test_evidence_batched_equals_one_by_one(store: Store) -> None:
    edges = _edges(store)
    assert len({p for _s, p, _o in edges}) >= 3  # several relation types, not only cites
    one, batched = GraphView(store), GraphView(store)
    for p in {p for _s, p, _o in edges}:
        batched.prefetch_evidence(p, sorted({o for _s, q, o in edges if q == p}))
    n = 0
    for s, p, o in edges:
        got = batched.evidence(s, p, o)
        assert got == one.evidence(s, p, o), (s, p, o)
        n += len(got)
    assert n > len(edges) // 2  # most edges carry evidence, so the comparison compares something


def test_implements_lists_what_the_edges_say(store: Store) -> None:
    """The walk (batched reads) against the raw edges: every direct implementer, each with its evidence."""
    p = RELATION_IRIS["implements"]
    edges = [(s, o) for s, q, o in _edges(store) if q == p]
    target = max({o for _s, o in edges}, key=lambda o: (sum(1 for _s, x in edges if x == o), o))
    result = implements(store, f"<{target}>", depth=1)
    assert {i.doc.iri for i in result.implementers} == {s for s, o in edges if o == target}
    view = GraphView(store)
    for i in result.implementers:
        assert i.doc == view.doc(i.doc.iri)
        assert i.evidence == view.evidence(i.doc.iri, p, target)
