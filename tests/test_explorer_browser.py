"""The explorer in a real browser: Debian's chromium, driven by Playwright (which is told where chromium is and
downloads no browser of its own), against ``kg serve`` over a store built from the bundled samples.

Opens the view of 57-NQ/TW, reads the drawn graph's state from the page, checks that the canvas has pixels,
clicks an edge on the canvas and reads its evidence, then follows the evidence's link to the served
``kg annotate`` view of the source. ``KG_SCREENSHOTS=1`` also writes docs/explorer.png (the README's picture).
"""

from __future__ import annotations

import os
import threading
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, SAMPLES
from test_annotate import find_browser

pytestmark = pytest.mark.slow

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from kg.ingest import build
    from kg.serve import make_server
    from kg.store.local import Store

    where = tmp_path_factory.mktemp("explorer") / "store"
    assert build([SAMPLES], where).ok == 2
    store = Store.open(where, read_only=True)
    server = make_server(store, "127.0.0.1", 0, quiet=True, workers=1, timeout=60)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}"
    server.shutdown()
    server.server_close()
    thread.join()
    store.close()


@pytest.fixture(scope="module")
def page() -> Iterator[Any]:
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed (pip install playwright; the [test] extra)"
    )
    chromium = find_browser()
    if not chromium:
        pytest.skip("no chromium here, and it cannot be installed (apt-get install chromium, as root)")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=ARGS)
        pg = browser.new_page(viewport={"width": 1200, "height": 860})
        errors: list[str] = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        # a script or style the Content-Security-Policy refuses is a console error
        pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        pg.errors = errors
        yield pg
        browser.close()


def test_cascade_is_drawn_and_an_edge_leads_to_its_evidence_and_source(base: str, page: Any) -> None:
    page.goto(f"{base}/explore?doc=57-NQ/TW")
    page.wait_for_selector("html[data-explorer=drawn]", state="attached")  # (no eval under the page's CSP)
    names = page.evaluate("kgExplorer.cy.nodes().map(n => n.data('name'))")
    assert {"57-NQ/TW", "359-KH/TU", "327/QĐ-UBND"} <= set(names)
    edges = page.evaluate(
        "kgExplorer.cy.edges().map(e => [e.source().data('name'), e.target().data('name')])"
    )
    assert ["359-KH/TU", "57-NQ/TW"] in edges and ["327/QĐ-UBND", "359-KH/TU"] in edges
    # drawn: the graph's canvas has painted pixels, and every node sits inside the visible box
    painted = page.evaluate(
        """() => [...document.querySelectorAll('#cy canvas')].map(c => {
             const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
             let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; })"""
    )
    assert max(painted) > 500, painted
    box = page.locator("#cy").bounding_box()
    for x, y in page.evaluate(
        "kgExplorer.cy.nodes().map(n => [n.renderedPosition('x'), n.renderedPosition('y')])"
    ):
        assert 0 <= x <= box["width"] and 0 <= y <= box["height"]

    # a click on the edge 327/QĐ-UBND -> 359-KH/TU, on the canvas, shows its evidence
    mid = page.evaluate(
        """() => { const e = kgExplorer.cy.edges().filter(e => e.source().data('name') === '327/QĐ-UBND')[0];
                   const p = e.renderedMidpoint(); return [p.x, p.y, e.id()]; }"""
    )
    page.mouse.click(box["x"] + mid[0], box["y"] + mid[1])
    page.wait_for_selector(f'#evidence[data-edge="{mid[2]}"]')
    shown = unicodedata.normalize("NFC", page.inner_text("#evidence"))
    assert "327/QĐ-UBND → implements → 359-KH/TU" in shown and "359-KH/TU" in shown and "thực hiện" in shown
    assert page.evaluate(f"kgExplorer.cy.getElementById('{mid[2]}').selected()")

    # the edge list does the same without aiming at the canvas
    page.click('#edges button[data-edge]:not([data-edge="' + mid[2] + '"])')
    assert "359-KH/TU → implements → 57-NQ/TW" in page.inner_text("#evidence")
    if os.environ.get("KG_SCREENSHOTS"):
        shot(page, ROOT / "docs" / "explorer.png")

    # its link opens the served annotated source, scrolled to the object's reference, the evidence marked
    page.click("#evidence a.src")
    page.wait_for_selector("#kg-evidence")
    assert "/source?src=" in page.url and "#m-" in page.url
    target = "#" + page.url.split("#", 1)[1]
    assert page.evaluate(f"document.querySelector('{target}').matches(':target')")
    assert page.evaluate(
        f"(() => {{ const r = document.querySelector('{target}').getBoundingClientRect(); "
        "return r.top >= 0 && r.bottom <= window.innerHeight; })()"
    )
    assert "57-NQ/TW" in page.inner_text("#kg-evidence")
    assert page.errors == []


def test_search_box_and_candidate_links(base: str, page: Any) -> None:
    page.goto(f"{base}/explore")
    page.fill("#q", "Quyết định 327")
    page.keyboard.press("Enter")
    page.wait_for_selector("#doc-name")
    assert "327/QĐ-UBND" in page.inner_text("#doc-name")
    page.wait_for_selector("html[data-explorer=drawn]", state="attached")
    levels = page.evaluate("Object.fromEntries(kgExplorer.data.nodes.map(n => [n.name, n.level]))")
    assert levels["359-KH/TU"] == -1 and levels["57-NQ/TW"] == -2  # what it implements, up to the root
    page.click("#timeline ol a:text('57-NQ/TW')")  # every document links to its own view
    page.wait_for_selector("#doc-name")
    assert "57-NQ/TW" in page.inner_text("#doc-name")
    assert page.errors == []


def shot(page: Any, path: Path) -> None:
    """A small PNG of the view (palette colours: the README's picture stays well under 200 kB)."""
    from io import BytesIO

    from PIL import Image

    raw = page.screenshot(full_page=False)
    img = Image.open(BytesIO(raw)).convert("RGB").quantize(colors=128)
    img.save(path, optimize=True)


def test_sparql_page_links_document_iris_to_the_explorer(base: str, page: Any) -> None:
    page.goto(f"{base}/")
    page.click("button[type=submit]")  # the default query lists documents and their symbols
    page.wait_for_selector("#out table")
    links = page.locator('#out a[href^="/explore?doc="]')
    assert links.count() > 3
    first = links.first.inner_text()
    links.first.click()
    page.wait_for_selector("html[data-explorer=drawn]", state="attached")
    assert page.evaluate("kgExplorer.data.document.iri") == first  # the IRI's own view
    assert page.errors == []
