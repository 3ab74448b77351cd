"""The store: union queries, atomic graph replacement (also across a SIGKILL), clear one-line errors."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad

from kg.store.local import Store, StoreError

G1, G2 = (
    NamedNode("https://w3id.org/vn-legal-kg/id/source/g1"),
    NamedNode("https://w3id.org/vn-legal-kg/id/source/g2"),
)
P = NamedNode("https://w3id.org/vn-legal-kg/ontology#title")


def q(s: str, o: str, g: NamedNode) -> Quad:
    return Quad(NamedNode(f"https://w3id.org/vn-legal-kg/id/doc/{s}"), P, Literal(o, language="vi"), g)


def test_memory_store_union_and_replace() -> None:
    with Store.open(None) as st:
        st.replace_graph(G1, [q("a", "Quảng Ngãi", G1), q("b", 'dấu "ngoặc"\nxuống dòng', G1)])
        st.replace_graph(G2, [q("c", "c", G2)])
        assert st.graphs() == [G1, G2]
        rows = st.select("SELECT ?d ?t WHERE { ?d vnl:title ?t } ORDER BY ?d")
        assert [r["t"].value for r in rows] == ["Quảng Ngãi", 'dấu "ngoặc"\nxuống dòng', "c"]
        st.replace_graph(G1, [q("z", "z", G1)])  # replaces g1 only
        assert {r["d"].value[-1] for r in st.select("SELECT ?d WHERE { ?d vnl:title ?t }")} == {"z", "c"}
        st.replace_graph(G1, [], drop=[G2])
        assert len(st) == 0
        assert st.select("SELECT ?x WHERE { OPTIONAL { ?x ?p ?o } }") == [{"x": None}]


def test_disk_store_reopens(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s") as st:
        st.replace_graph(G1, [q("a", "a", G1)])
    with Store.open(tmp_path / "s", create=False, read_only=True) as st:
        assert len(st) == 1 and st.graphs() == [G1]


def test_errors_are_one_line(tmp_path: Path) -> None:
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "notes.txt").write_text("x")
    (tmp_path / "file").write_text("x")
    cases = [(tmp_path / "junk", "not a graph store"), (tmp_path / "file", "not a directory")]
    for path, words in cases:
        with pytest.raises(StoreError, match=words) as e:
            Store.open(path)
        assert "\n" not in str(e.value)
    with pytest.raises(StoreError, match="no graph store"):
        Store.open(tmp_path / "missing", create=False)
    assert not (tmp_path / "missing").exists()
    with Store.open(tmp_path / "s"), pytest.raises(StoreError, match="in use"):
        Store.open(tmp_path / "s")


CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from kg.ingest import build
    from kg.models import Extraction, Header, Mention

    def extractor(text, source, ocr):
        n = int(Path(source).stem)
        sym = f"{n}/QĐ-TTg"
        ms = [Mention(start=k - n, end=k - n + 1, text=text[:1], symbol=f"{k}/QĐ-TTg", number=str(k), type="QĐ",
                      issuers=("TTg",), date="2025-01-02") for k in range(n, n + 40)]
        return Extraction(source=source, text=text, mentions=ms, relations=[],
                          document=Header(symbol=sym, type="Quyết định", date="2025-01-01", year=2025,
                                          issuer_codes=("TTg",)))

    def progress(report, name, status):
        assert status != "failed", report.failed
        print(report.ok, flush=True)

    import kg.ingest.writer
    kg.ingest.writer.BATCH_SECONDS = 0  # each source in the store when reported (one bulk load per source)
    build([sys.argv[1]], sys.argv[2], progress=progress, extractor=extractor)
    print("DONE", flush=True)
    """
)


@pytest.mark.slow
def test_sigkill_mid_build_keeps_committed_graphs(tmp_path: Path) -> None:
    """A build killed with SIGKILL leaves a store that opens, with every graph committed before intact."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for n in range(1, 401):
        (docs / f"{n}.txt").write_text(f"Quyết định số {n}/QĐ-TTg", encoding="utf-8")
    store = tmp_path / "store"
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(docs), str(store)], stdout=subprocess.PIPE, text=True
    )
    committed = 0
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.strip() == "DONE":
            break
        committed = int(line)
        if committed >= 25:
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait()
    assert committed > 0, "the child build wrote nothing"
    if committed < 25:
        pytest.skip("the build finished before it could be killed")
    with Store.open(store) as st:
        graphs = [g for g in st.graphs() if "/source/" in g.value]
        assert len(graphs) >= committed
        for g in graphs:  # every graph is whole: its source, its document and all 40 mentions
            (row,) = st.select(f"SELECT (COUNT(?m) AS ?n) WHERE {{ GRAPH {g} {{ ?m a vnl:Mention }} }}")
            assert int(row["n"].value) == 40
            assert st.ask(f"ASK {{ GRAPH {g} {{ {g} a vnl:SourceText ; vnl:describes ?d ; vnl:path ?p }} }}")
        # the store is writable again and a rebuild finishes the job
        from kg.ingest import build

        rep = build([docs], st, extractor=_extractor())
        # a graph killed between its bulk load and its checksum is whole but rebuilt
        assert len(graphs) - 1 <= rep.unchanged <= len(graphs) and rep.ok == 400 - rep.unchanged


def _extractor():
    ns: dict = {}
    exec(CHILD.split("def progress")[0], ns)  # the child's extractor, without running its build
    return ns["extractor"]
