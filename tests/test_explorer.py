"""The explorer of ``kg serve`` without a browser: its HTML and JSON answers over a real socket (escaping,
unknown and ambiguous documents, the cascade of 57-NQ/TW), and ``/source`` over a store built from the
bundled samples (only sources recorded in the store are opened). The browser test is test_explorer_browser.py."""

from __future__ import annotations

import json
import re
import threading
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from conftest import FIXTURES, ROOT, SAMPLES

from kg.serve import make_server
from kg.serve.explore import source_view
from kg.store.local import Store

ID = "https://w3id.org/vn-legal-kg/id/"
NQ57 = ID + "doc/vn/tw/nq/2024/57"
KH359 = ID + "doc/quang-ngai/tu/kh/2025/359"
QD327 = ID + "doc/quang-ngai/ubnd/qd/2025/327"
VNL = "https://w3id.org/vn-legal-kg/ontology#"
# real words of 57-NQ/TW's subject, with markup a hostile or broken text could carry
HOSTILE_TITLE = (
    'về đột phá phát triển khoa học, công nghệ </script><script>alert("x")</script> & <b>chuyển đổi số</b>'
)


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    """A server over the query fixtures (in memory: threads, no worker processes), plus one hostile title."""
    store = Store.open(None)
    for name in ("seeds.trig", "extra.trig"):
        store.inner.load(path=str(FIXTURES / name), format=ox.RdfFormat.TRIG)
    store.inner.add(
        ox.Quad(
            ox.NamedNode(NQ57),
            ox.NamedNode(VNL + "title"),
            ox.Literal(HOSTILE_TITLE, language="vi"),
            ox.NamedNode(ID + "graph/test"),
        )
    )
    server = make_server(store, "127.0.0.1", 0, quiet=True, timeout=60)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}"
    server.shutdown()
    server.server_close()
    thread.join()


def get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url) as res:
            return res.status, res.headers.get("Content-Type", ""), res.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get("Content-Type", ""), err.read().decode("utf-8")


def explore(base: str, doc: str, path: str = "/explore") -> tuple[int, str, str]:
    return get(base + path + "?" + urllib.parse.urlencode({"doc": doc}))


class Links(HTMLParser):
    """The hrefs of a page and the text of its scripts (to check nothing breaks out of them)."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hrefs += [v or "" for k, v in attrs if k == "href"]
        self._in_script = tag == "script"
        if tag == "script":
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def parse(page: str) -> Links:
    p = Links()
    p.feed(page)
    return p


def doc_of(href: str) -> str:
    return urllib.parse.parse_qs(urllib.parse.urlsplit(href).query)["doc"][0]


# ------------------------------------------------------------------------------------------- document view


def test_document_view_has_card_cascade_timeline_and_links(base: str) -> None:
    status, ctype, page = explore(base, "nq 57-nq/tw")
    assert status == 200 and ctype.startswith("text/html")
    assert "Ban Chấp hành Trung ương Đảng" in page and "2024-12-22" in page and 'id="status"' in page
    links = parse(page)
    linked = {doc_of(h) for h in links.hrefs if h.startswith("/explore?doc=")}
    assert {NQ57, KH359, QD327} <= linked  # every document of the cascade links to its own view
    assert any(h.startswith("/source?src=") for h in links.hrefs)  # evidence links to its source
    graph = json.loads(next(s for s in links.scripts if '"nodes"' in s))
    assert {n["name"] for n in graph["nodes"]} >= {"57-NQ/TW", "359-KH/TU", "327/QĐ-UBND"}
    assert '<script src="/explore/static/cytoscape.min.js">' in page
    # the timeline: Việt Nam (2024) before Quảng Ngãi (2025), each group by date
    tl = page[page.index('id="timeline"') :]
    assert tl.index("Việt Nam") < tl.index("Quảng Ngãi") and tl.index("359-KH/TU") < tl.index("327/QĐ-UBND")


def test_graph_json_gives_the_cascade_both_ways_with_evidence(base: str) -> None:
    status, ctype, body = explore(base, QD327, "/explore/graph.json")
    assert status == 200 and ctype.startswith("application/json")
    data = json.loads(body)
    level = {n["name"]: n["level"] for n in data["nodes"]}
    assert level["327/QĐ-UBND"] == 0 and level["359-KH/TU"] == -1 and level["57-NQ/TW"] == -2
    hop = next(e for e in data["edges"] if (e["from"], e["to"]) == ("327/QĐ-UBND", "359-KH/TU"))
    assert any("359-KH/TU" in ev["snippet"] and "thực hiện" in ev["snippet"] for ev in hop["evidence"])
    assert all(ev["source_url"].startswith("/source?src=") for ev in hop["evidence"])


def test_titles_and_input_are_escaped(base: str) -> None:
    status, _, page = explore(base, "57-NQ/TW")
    assert status == 200
    assert '<script>alert("x")' not in page and "<b>chuyển đổi số</b>" not in page
    assert "&lt;b&gt;chuyển đổi số&lt;/b&gt;" in page
    links = parse(page)
    data = json.loads(next(s for s in links.scripts if '"nodes"' in s))  # the JSON did not end its element
    assert data["document"]["title"] == HOSTILE_TITLE
    status, _, page = explore(base, '<img src=x onerror="alert(1)">')
    assert status == 404 and "<img" not in page and "&lt;img" in page


# ------------------------------------------------------------------------------------ unknown and ambiguous


def test_unknown_document_is_404_with_near_candidates(base: str) -> None:
    status, _, page = explore(base, "327/QĐ-UBDN")  # a typo in the issuer code
    assert status == 404
    assert QD327 in {doc_of(h) for h in parse(page).hrefs if h.startswith("/explore?doc=")}
    status, _, body = explore(base, "327/QĐ-UBDN", "/explore/graph.json")
    assert status == 404 and [c["symbol"] for c in json.loads(body)["candidates"]] == ["327/QĐ-UBND"]
    status, _, body = explore(base, "9999/QĐ-UBND", "/explore/graph.json")
    assert status == 404 and json.loads(body)["candidates"] == []


def test_ambiguous_document_lists_candidates_with_links(base: str) -> None:
    status, _, page = explore(base, "645/QĐ-UBND")  # Quảng Ngãi's and Hà Nội's
    assert status == 300 and "ambiguous" in page
    linked = {doc_of(h) for h in parse(page).hrefs if h.startswith("/explore?doc=")}
    assert {ID + "doc/ha-noi/ubnd/qd/2024/645", ID + "doc/quang-ngai/ubnd/qd/2024/645"} <= linked
    status, _, body = explore(base, "57", "/explore/graph.json")
    assert status == 300
    assert {c["iri"] for c in json.loads(body)["candidates"]} == {NQ57, ID + "doc/ha-noi/ubnd/qd/2025/57"}
    status, _, body = get(base + "/explore/search.json?" + urllib.parse.urlencode({"q": "Nghị quyết 57"}))
    assert status == 200 and json.loads(body)["document"]["iri"] == NQ57


def test_search_page_static_files_and_sparql_page(base: str) -> None:
    status, _, page = get(base + "/explore")
    assert status == 200 and 'name="doc"' in page
    status, ctype, js = get(base + "/explore/static/cytoscape.min.js")
    assert status == 200 and ctype.startswith("text/javascript") and "Cytoscape Consortium" in js[:400]
    # the vendored file is the version tools/explorer/package.json pins (its `npm run vendor` wrote VERSIONS)
    pinned = json.loads((ROOT / "tools/explorer/package.json").read_text())["dependencies"]["cytoscape"]
    assert f"cytoscape {pinned} MIT" in (ROOT / "kg/serve/static/VERSIONS").read_text()
    for bad in ("/explore/static/..%2Fexplore.py", "/explore/static/explore.py", "/explore/static/"):
        assert get(base + bad)[0] == 404
    status, _, page = get(base + "/")
    assert status == 200 and 'href="/explore"' in page and "/explore?doc=" in page


# ------------------------------------------------------------------------------------------------- source


@pytest.fixture(scope="module")
def samples_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    from kg.ingest import build

    where = tmp_path_factory.mktemp("explore") / "store"
    assert build([SAMPLES], where).ok == 2
    store = Store.open(where, read_only=True)
    yield store
    store.close()


def test_source_view_is_the_annotated_source_with_the_evidence_marked(samples_store: Store) -> None:
    from kg.serve.explore_data import cascade

    graph = cascade(samples_store, NQ57)
    ev = next(e for e in graph["edges"] if e["from"] == "359-KH/TU")["evidence"][0]
    url = urllib.parse.urlsplit(ev["source_url"])
    reply = source_view(samples_store, urllib.parse.parse_qs(url.query))
    page = reply.body.decode("utf-8")
    assert reply.status == 200 and url.fragment.startswith("m-")
    assert f'id="{url.fragment}"' in page  # the object's reference, where the link scrolls to
    assert f"#{url.fragment}{{outline" in page and re.search(r'\[data-rels~="r\d+"\]\{outline', page)
    quoted = page[page.index('id="kg-evidence"') :][:1500]
    # the sample is written in decomposed Unicode, and the page shows it as written
    assert "thực hiện Nghị quyết số 57-NQ/TW" in unicodedata.normalize("NFC", quoted)
    assert "samples/qng-skhcn-draft-2025.txt" in page and str(SAMPLES) not in page  # no local path shown


def test_source_view_opens_only_sources_in_the_store(samples_store: Store) -> None:
    for src, status in [
        ("../../etc/passwd", 400),
        ("file:///etc/passwd", 404),
        (NQ57, 404),  # a document, not a source
        (ID + "source/0000000000", 404),
    ]:
        reply = source_view(samples_store, {"src": [src]})
        assert reply.status == status, (src, reply.body)
        assert b"root:" not in reply.body


def test_a_build_after_start_is_seen_without_a_restart(tmp_path: Path) -> None:
    from kg.serve.explore import _Fresh
    from kg.serve.explore_data import search

    where = tmp_path / "store"
    Store.open(where).close()  # an empty store, then the server's read-only snapshot of it
    fresh = _Fresh(Store.open(where, read_only=True), workers=1)
    assert search(fresh.current(), "57-NQ/TW")["result"] == "none"
    writer = Store.open(where)  # a build writes meanwhile (read-only readers take no lock)
    writer.inner.load(path=str(FIXTURES / "seeds.trig"), format=ox.RdfFormat.TRIG)
    writer.inner.flush()
    assert search(fresh.current(), "57-NQ/TW")["document"]["iri"] == NQ57
    writer.close()


def test_cascade_is_cut_at_max_nodes_nearest_first(monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.serve import explore_data

    store = Store.open(None)
    store.inner.load(path=str(FIXTURES / "seeds.trig"), format=ox.RdfFormat.TRIG)
    monkeypatch.setattr(explore_data, "MAX_NODES", 2)
    graph = explore_data.cascade(store, NQ57)
    assert graph["truncated"] and [n["name"] for n in graph["nodes"]] == ["57-NQ/TW", "359-KH/TU"]
    assert [(e["from"], e["to"]) for e in graph["edges"]] == [
        ("359-KH/TU", "57-NQ/TW")
    ]  # no edge to a cut node
    assert "Only the nearest 2 documents are drawn" in explore_data_page(graph, store)


def explore_data_page(graph: dict[str, Any], store: Store) -> str:
    from kg.serve.explore_data import card
    from kg.serve.explore_page import document_page

    return document_page(card(store, NQ57), graph)
