"""``kg build --endpoint`` on an Oxigraph server uses the server's bulk loader (``POST /store?no_transaction``) for
new sources, as the embedded store does, and a fresh build asks nothing per source: the graph it writes equals the
embedded build quad for quad, in a handful of requests instead of several per source."""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import pytest
import store_fixtures
from conftest import SHARED

from kg.ingest import build
from kg.ingest import writer as writer_module
from kg.store.local import Store
from kg.store.remote import RemoteStore

DVHC = SHARED / "corpus" / "dvhcvn__dvhcvn_20250701" / "docs"
_STAMP = re.compile(r'"\d{4}-\d\d-\d\dT[\d:.]+Z"\^\^<[^>]+>')

oxigraph_factory = store_fixtures.oxigraph_factory
pytestmark = pytest.mark.skipif(not DVHC.is_dir(), reason="../shared/corpus not present")


def _lines(quads: object) -> list[str]:
    return sorted(_STAMP.sub('"T"', str(q)) for q in quads)  # type: ignore[attr-defined]


class Spy:
    """Counts the requests a RemoteStore sends, by kind."""

    def __init__(self, rs: RemoteStore) -> None:
        self.calls: list[tuple[str, str]] = []
        send = rs._send

        def spy(url: str, **kw: object) -> tuple[bytes, str]:
            self.calls.append((str(kw.get("method", "GET")), url))
            return send(url, **kw)  # type: ignore[arg-type]

        rs._send = spy  # type: ignore[method-assign]

    def count(self, method: str, part: str = "") -> int:
        return sum(1 for m, u in self.calls if m == method and part in u)


def test_fresh_build_bulk_loads_and_equals_embedded(
    oxigraph_factory,  # noqa: ANN001
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(writer_module, "BATCH_QUADS", 3_000)  # several batches from 36 texts
    paths = sorted(DVHC.iterdir())
    local = Store.open(None)
    rep = build(paths, local, jobs=1)
    assert rep.ok == len(paths) > 30 and not rep.failed

    rs = RemoteStore(f"{oxigraph_factory()}/query")
    assert rs.can_bulk_load
    spy = Spy(rs)
    rep2 = build(paths, rs, jobs=1)
    assert rep2.ok == rep.ok and rep2.triples == rep.triples
    bulk = spy.count("POST", "no_transaction")
    assert 2 <= bulk < rep.ok  # batches, not one request per source
    puts = [u for m, u in spy.calls if m == "PUT"]  # no source graph replaced one by one: only kb and stats
    assert len(puts) == 2 and all(re.search(r"graph%2F(kb|stats)$", u) for u in puts), puts
    # nothing asked per source (is it unchanged? which graphs hold its path? is its graph there?): the requests
    # left are the batches, the kb/stats step's and a few checks; the per-source path sent 3 or more per source
    asked = [urllib.parse.unquote_plus(u) for _m, u in spy.calls]
    assert not [u for u in asked if "fileSha256" in u or "VALUES ?n" in u], asked[:5]
    assert len(spy.calls) < 60 < 3 * rep.ok
    assert _lines(rs.quads()) == _lines(local.quads())

    # a rebuild after one text changed: the store holds sources now, so that one is replaced in one request
    spy.calls.clear()
    rep3 = build(paths, rs, jobs=1)
    assert rep3.unchanged == rep.ok and spy.count("POST", "no_transaction") == 0


def test_rebuild_of_a_changed_text_replaces_it(oxigraph_factory, tmp_path: Path) -> None:  # noqa: ANN001
    src = tmp_path / "texts"
    src.mkdir()
    paths = sorted(DVHC.iterdir())[:4]
    for p in paths:
        (src / p.name).write_bytes(p.read_bytes())
    rs = RemoteStore(f"{oxigraph_factory()}/query")
    assert build(src, rs, jobs=1).ok == 4
    changed = src / paths[0].name
    changed.write_text(paths[1].read_text(encoding="utf-8"), encoding="utf-8")  # now a copy of another text
    spy = Spy(rs)
    rep = build(src, rs, jobs=1)
    assert rep.ok == 1 and rep.unchanged == 3
    assert spy.count("POST", "no_transaction") == 0  # a changed source is replaced, never bulk-added
    local = Store.open(None)
    build(src, local, jobs=1)
    assert _lines(rs.quads()) == _lines(local.quads())


def test_other_servers_get_one_request_per_source() -> None:
    """Without an Oxigraph server there is no bulk loader over HTTP: the writer keeps one request per source."""
    rs = RemoteStore("http://127.0.0.1:9/sparql", check=False)
    rs._server = "Virtuoso/07.20.3240 (Linux) x86_64-pc-linux-gnu"
    assert not rs.can_bulk_load
    assert not writer_module.GraphWriter(rs).bulk


def test_refused_bulk_load_on_a_server(
    oxigraph_factory,  # noqa: ANN001
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """The server refuses the second batch: one line that names the sources and says the next build writes them;
    the next build does, and the store then equals the embedded build."""
    from click.testing import CliRunner

    from kg.cli import main
    from kg.store.endpoint import RemoteError

    src = tmp_path / "texts"
    src.mkdir()
    paths = sorted(DVHC.iterdir())[:3]
    for p in paths:
        (src / p.name).write_bytes(p.read_bytes())
    url = f"{oxigraph_factory()}/query"
    calls: list[int] = []
    original = RemoteStore.bulk_load_nquads

    def failing(self: RemoteStore, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        calls.append(1)
        if len(calls) == 3:  # the first batch, its checksums, then the second batch
            raise RemoteError("http://127.0.0.1/store answered 500 Internal Server Error")
        original(self, *args, **kwargs)

    monkeypatch.setattr(writer_module, "BATCH_SECONDS", 0)  # one source per batch
    monkeypatch.setattr(RemoteStore, "bulk_load_nquads", failing)
    res = CliRunner().invoke(main, ["build", str(src), "--endpoint", url, "-j", "1"])
    assert res.exit_code == 1 and "Traceback" not in res.output
    last = res.stderr.strip().splitlines()[-1]
    assert last.startswith(f"Error: cannot write 1 source(s) (texts/{paths[1].name} …) to {url}: "), last
    assert "the next build writes them again" in last and "(1 source(s) of this build written)" in last, last
    monkeypatch.undo()
    res = CliRunner().invoke(main, ["build", str(src), "--endpoint", url, "-j", "1"])
    assert res.exit_code == 0, res.stderr
    assert "2 built, 1 unchanged" in res.stderr, res.stderr
    local = Store.open(None)
    build(src, local, jobs=1)
    assert _lines(RemoteStore(url).quads()) == _lines(local.quads())
