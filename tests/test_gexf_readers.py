"""The GEXF export replayed by the readers people use: graphology-gexf (what Gephi Lite parses with, from npm)
and networkx's ``read_gexf``. Both must get every node and edge, the numeric ``year`` and ``start`` that the
timeline rests on for readers without GEXF spells, and the colours; no internal ``networkx_key`` column."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest
from conftest import load_trig
from lxml import etree

from kg.export.gephi import RELATION_COLOURS, TYPE_COLOURS, date_number, gexf_bytes
from kg.export.network import to_networkx

HERE = Path(__file__).parent
JS = HERE / "js"
D = "https://w3id.org/vn-legal-kg/id/doc/"
NQ57 = D + "vn/tw/nq/2024/57"


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    """The two seed letters (real text), built by the pipeline and stored as the TriG fixture."""
    return to_networkx(load_trig(HERE / "fixtures" / "seeds_graph.trig"), with_bodies=True)


def _js_cache() -> Path:
    """Where the pinned npm packages are installed once per lock file (reused across runs)."""
    key = hashlib.sha256((JS / "package.json").read_bytes() + (JS / "package-lock.json").read_bytes())
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "vn-legal-kg" / f"js-{key.hexdigest()[:16]}"


@pytest.fixture(scope="session")
def node_modules(tmp_path_factory) -> Path:
    """graphology + graphology-gexf from npm (``npm ci`` of tests/js), or a skip saying why not."""
    if not shutil.which("node") or not shutil.which("npm"):
        pytest.skip("node and npm are not installed: cannot replay the GEXF with graphology-gexf")
    cache = _js_cache()
    if (cache / "node_modules" / "graphology-gexf" / "package.json").is_file():
        return cache / "node_modules"
    work = tmp_path_factory.mktemp("js")
    for name in ("package.json", "package-lock.json"):
        shutil.copy(JS / name, work / name)
    try:
        done = subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"],
            cwd=work,
            capture_output=True,
            text=True,
            timeout=300,
        )
    except subprocess.TimeoutExpired:
        pytest.skip("npm ci of tests/js took more than 5 minutes (no registry?)")
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        pytest.skip(f"npm ci of tests/js failed: {last}")
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(work, cache, dirs_exist_ok=True)
        return cache / "node_modules"
    except OSError:
        return work / "node_modules"


def graphology_read(node_modules: Path, path: Path) -> dict:
    done = subprocess.run(
        ["node", str(JS / "read_gexf.js"), str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NODE_PATH": str(node_modules)},
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.slow
@pytest.mark.parametrize("version", ["1.3", "1.2draft"])
def test_graphology_gexf_replays_the_timeline(graph, node_modules, tmp_path, version):
    out = tmp_path / "timeline.gexf"
    out.write_bytes(gexf_bytes(graph, timeline=True, version=version))
    got = graphology_read(node_modules, out)
    assert (got["order"], got["size"]) == (graph.number_of_nodes(), graph.number_of_edges())
    assert got["type"] == "directed"
    nodes = got["nodes"]
    nq = nodes[NQ57]
    assert nq["label"] == "Nghị quyết 57-NQ/TW" and nq["symbol"] == "57-NQ/TW"
    # numbers Gephi Lite can range-filter: the year, and the day the document enters the timeline
    assert nq["year"] == 2024 and nq["start"] == 20241222
    assert nq["color"] == "rgba(214,39,40,1.0)" and nq["size"] > 10
    for iri, a in graph.nodes(data=True):
        g = nodes[iri]
        assert isinstance(g["start"], int), iri  # every node is on the timeline
        if a["date"]:
            assert g["start"] == date_number(a["date"]), iri
        assert g.get("year") == (int(a["year"]) if a["year"] else None), iri
        assert g["color"].startswith("rgba(")
    for e in got["edges"]:
        a = e["attributes"]
        assert "networkx_key" not in a
        assert a["relation"] and a["color"].startswith("rgba(")
        # an edge appears once both of its documents exist
        assert a["start"] >= max(nodes[e["source"]]["start"], nodes[e["target"]]["start"])
    relations = sorted((e["source"], e["target"], e["attributes"]["relation"]) for e in got["edges"])
    assert relations == sorted((u, v, d["relation"]) for u, v, d in graph.edges(data=True))


def test_networkx_keeps_colours_numbers_and_timeline(graph):
    data = gexf_bytes(graph, timeline=True)
    R = nx.read_gexf(io.BytesIO(data))
    assert set(R) == set(graph) and R.number_of_edges() == graph.number_of_edges()
    nq = R.nodes[NQ57]
    assert nq["color"] == TYPE_COLOURS["Resolution"] and nq["year"] == 2024
    assert nq["start"] == "2024-12-22"  # networkx reads the GEXF timeline itself
    for iri, a in R.nodes(data=True):
        assert a["color"].startswith("#") and len(a["color"]) == 7, iri
        assert ("year" in a) == bool(graph.nodes[iri]["year"]), iri
    for _, _, a in R.edges(data=True):
        assert a["color"] == RELATION_COLOURS[a["relation"]]
        assert "networkx_key" not in a
    ns = etree.fromstring(data).nsmap[None]
    titles = {a.get("title") for a in etree.fromstring(data).iter(f"{{{ns}}}attribute")}
    assert "networkx_key" not in titles and {"year", "start", "color"} <= titles


def test_static_export_has_no_start_but_a_numeric_year(graph):
    data = gexf_bytes(graph)
    root = etree.fromstring(data)
    ns = root.nsmap[None]
    titles = {a.get("title"): a.get("type") for a in root.iter(f"{{{ns}}}attribute")}
    assert "start" not in titles and titles["year"] in ("integer", "long")
    R = nx.read_gexf(io.BytesIO(data))
    assert "start" not in R.nodes[NQ57] and R.nodes[NQ57]["year"] == 2024


def test_date_number():
    assert date_number("2024-12-22") == 20241222
    assert date_number("2025-06") is None and date_number("") is None and date_number("2025-xx-01") is None
