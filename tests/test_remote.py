"""kg on a real SPARQL server: Oxigraph server and Virtuoso, each started here on loopback, free ports, temp dir.

Each server gets the two seed letters through ``kg build --endpoint`` and must answer every query command,
``kg sparql`` and the networkx export exactly as the embedded store does. Servers are stopped in the fixture
teardown (also when a test fails); every wait is bounded. Virtuoso is installed by ``.ci/install-virtuoso``
when missing and we are root with apt-get; otherwise its tests skip, saying why.
"""

from __future__ import annotations

import base64
import http.server
import json
import os
import re
import shutil
import subprocess
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import pytest
import store_fixtures
from click.testing import CliRunner, Result
from conftest import CLEAN_SEED, OCR_SEED, seed_path
from store_fixtures import free_port, start_server, stop

from kg.cli import main
from kg.export.network import to_networkx
from kg.store import GraphStore, Store, open_store
from kg.store.remote import Endpoint, RemoteError, RemoteStore

oxigraph_factory = store_fixtures.oxigraph_factory  # the fixture, shared with tests/test_store_protocol.py

ROOT = Path(__file__).resolve().parent.parent
SEEDS = [str(seed_path(CLEAN_SEED)), str(seed_path(OCR_SEED))]
NQ57 = "https://w3id.org/vn-legal-kg/id/doc/vn/tw/nq/2024/57"
_STAMP = re.compile(r'"[^"]*"\^\^<http://www\.w3\.org/2001/XMLSchema#dateTime>')
# no ambient configuration may leak into the CLI runs
CLEAN_ENV: dict[str, str | None] = {
    k: None
    for k in (
        "KG_STORE",
        "KG_ENDPOINT",
        "KG_UPDATE_ENDPOINT",
        "KG_GRAPH_STORE_ENDPOINT",
        "KG_ENDPOINT_USER",
        "KG_ENDPOINT_PASSWORD",
    )
}


@dataclass
class Server:
    """A running server and the CLI arguments that point kg at it."""

    name: str
    read: list[str]  # kg options for queries
    write: list[str]  # kg options for builds
    env: dict[str, str | None] = field(default_factory=dict)
    endpoint: Endpoint | None = None  # for the Python API (writes allowed)
    base: str = ""


# --------------------------------------------------------------------------------------------- servers


VIRTUOSO_INI = """\
[Database]
DatabaseFile       = virtuoso.db
ErrorLogFile       = virtuoso.log
LockFile           = virtuoso.lck
TransactionFile    = virtuoso.trx
xa_persistent_file = virtuoso.pxa
TempStorage        = TempDatabase
[TempDatabase]
DatabaseFile    = virtuoso-temp.db
TransactionFile = virtuoso-temp.trx
[Parameters]
ServerPort        = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed       = .
NumberOfBuffers   = 10000
MaxDirtyBuffers   = 6000
[HTTPServer]
ServerPort    = 127.0.0.1:{http_port}
ServerThreads = 10
Charset       = UTF-8
[SPARQL]
ResultSetMaxRows      = 1000000
MaxQueryExecutionTime = 300
"""


def _virtuoso_binary() -> str:
    """virtuoso-t, installed by .ci/install-virtuoso when possible; skip only when it cannot be installed."""
    found = shutil.which("virtuoso-t")
    if found:
        return found
    script = ROOT / ".ci" / "install-virtuoso"
    try:
        done = subprocess.run(["bash", str(script)], capture_output=True, text=True, timeout=1200)
    except (OSError, subprocess.TimeoutExpired) as exc:
        pytest.fail(f"{script} did not complete: {exc}")
    found = shutil.which("virtuoso-t")
    if found:
        return found
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        pytest.skip(
            "virtuoso-t is not installed and cannot be installed here (needs root and apt-get: "
            f"{done.stderr.strip() or 'see .ci/install-virtuoso'})"
        )
    pytest.fail(f".ci/install-virtuoso could not install Virtuoso: {done.stderr.strip()[-800:]}")


@pytest.fixture(scope="module")
def virtuoso_base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A private Virtuoso (tech-notes §4): ini in a temp dir, loopback ports, default dba password."""
    binary = _virtuoso_binary()
    d = tmp_path_factory.mktemp("virtuoso")
    http_port, sql_port = free_port(), free_port()
    (d / "virtuoso.ini").write_text(VIRTUOSO_INI.format(sql_port=sql_port, http_port=http_port))
    base = f"http://127.0.0.1:{http_port}"
    proc = start_server(
        [binary, "+foreground", "+configfile", "virtuoso.ini"],
        d,
        f"{base}/sparql?query=ASK%7B%7D",
        d / "stdout.log",
    )
    try:
        yield base
    finally:
        stop(proc)


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def server(request: pytest.FixtureRequest) -> Server:
    if request.param == "oxigraph":
        base = request.getfixturevalue("oxigraph_factory")()
        url = f"{base}/query"
        return Server("oxigraph", ["--endpoint", url], ["--endpoint", url], endpoint=Endpoint(url), base=base)
    base = request.getfixturevalue("virtuoso_base")
    # reads anonymous on /sparql; writes on /sparql-auth with Digest (the graph store URL is derived from it)
    read = ["--endpoint", f"{base}/sparql"]
    write = [*read, "--update-endpoint", f"{base}/sparql-auth", "--endpoint-user", "dba"]
    ep = Endpoint(f"{base}/sparql", update=f"{base}/sparql-auth", user="dba", password="dba")
    return Server("virtuoso", read, write, {"KG_ENDPOINT_PASSWORD": "dba"}, ep, base)


def kg(*args: str, env: dict[str, str | None] | None = None) -> Result:
    res = CliRunner().invoke(main, list(args), env={**CLEAN_ENV, **(env or {})})
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    return res


def ok(*args: str, env: dict[str, str | None] | None = None) -> str:
    res = kg(*args, env=env)
    assert res.exit_code == 0, res.stderr
    return res.stdout


def one_line_error(res: Result, *words: str) -> None:
    assert res.exit_code != 0
    assert "Traceback" not in res.output
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error:"), res.stderr
    for w in words:
        assert w in lines[0], lines[0]


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The embedded store, built from the same seeds: the reference answers."""
    path = tmp_path_factory.mktemp("embedded") / "store"
    res = kg("build", *SEEDS, "--store", str(path))
    assert res.exit_code == 0 and "2 built" in res.stderr, res.stderr
    return path


@pytest.fixture(scope="module")
def built(server: Server) -> Server:
    res = kg("build", *SEEDS, *server.write, env=server.env)
    assert res.exit_code == 0, res.stderr
    assert "2 built" in res.stderr and "0 failed" in res.stderr, res.stderr
    return server


# --------------------------------------------------------------------------------------------- same answers

QUERIES = [
    ("implements", "57-NQ/TW", "--format", "json"),
    ("implements", "Nghị quyết 57", "--format", "json"),
    ("trace", "327/QĐ-UBND", "--format", "json"),
    ("path", "327/QĐ-UBND", "57-NQ/TW", "--format", "json"),
    ("show", "57-NQ/TW", "--format", "json"),
    ("show", "327/QĐ-UBND", "--format", "json"),
    ("sparql", "SELECT DISTINCT ?d ?s WHERE { ?d vnl:symbol ?s } ORDER BY ?d ?s", "--format", "json"),
    # a path needs one bound end on Virtuoso ("transitive start not given" otherwise); DISTINCT: its duplicates
    (
        "sparql",
        f"SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {{ ?d vnl:implements+ <{NQ57}> }}",
        "--format",
        "json",
    ),
    ("sparql", f"SELECT DISTINCT ?d WHERE {{ ?d vnl:implements* <{NQ57}> }} ORDER BY ?d", "--format", "json"),
    ("sparql", "--name", "implementation-timeline", "--param", f"target=<{NQ57}>", "--format", "json"),
    ("sparql", 'ASK { ?d vnl:symbol "57-NQ/TW" }'),
    ("sparql", 'ASK { ?d vnl:symbol "no such symbol" }'),
]


@pytest.mark.slow
@pytest.mark.parametrize("args", QUERIES, ids=lambda a: " ".join(a[:2])[:40])
def test_same_answers(
    built: Server, local: Path, args: tuple[str, ...], request: pytest.FixtureRequest
) -> None:
    if built.name == "virtuoso" and "implementation-timeline" in args:
        request.applymarker(
            pytest.mark.xfail(
                reason="Virtuoso 7.2.5 bug: after a `+` path, 4+ OPTIONALs may leave a later OPTIONAL unbound "
                "(extra rows without ?jurisdiction); depends on the database state (docs/remote.md)",
                strict=False,
            )
        )
    expected = ok(*args, "--store", str(local))
    got = ok(*args, *built.read)
    if "json" in args and args[0] == "sparql":  # rows equal as a multiset: ORDER BY leaves ties in any order
        a, b = json.loads(got), json.loads(expected)
        assert a["head"] == b["head"]
        key = lambda row: json.dumps(row, sort_keys=True)  # noqa: E731
        assert sorted(map(key, a["results"]["bindings"])) == sorted(map(key, b["results"]["bindings"]))
    elif "json" in args:
        assert json.loads(got) == json.loads(expected)
    else:
        assert got == expected
    assert expected.strip() not in ("", "[]", "{}")


@pytest.mark.slow
def test_construct(built: Server, local: Path) -> None:
    q = "CONSTRUCT { ?d vnl:symbol ?s } WHERE { ?d vnl:symbol ?s }"
    expected = ok("sparql", q, "--format", "ntriples", "--store", str(local))
    got = ok("sparql", q, "--format", "ntriples", *built.read)
    assert sorted(got.splitlines()) == sorted(expected.splitlines()) and "57-NQ/TW" in got


@pytest.mark.slow
def test_networkx_export(built: Server, local: Path) -> None:
    assert built.endpoint is not None
    with open_store(endpoint=built.endpoint, read_only=True) as rs, Store.open(local, read_only=True) as st:
        for kw in ({}, {"with_bodies": True}, {"around": "57-NQ/TW", "depth": 1}):
            a, b = to_networkx(rs, **kw), to_networkx(st, **kw)
            assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
            assert sorted(a.edges(keys=True, data=True)) == sorted(b.edges(keys=True, data=True))
            assert a.number_of_edges() > 0
    stats_remote = json.loads(ok("stats", "--format", "json", *built.read))
    stats_local = json.loads(ok("stats", "--format", "json", "--store", str(local)))
    for key in ("documents", "relations", "relations_by_type", "components", "unresolved"):
        assert stats_remote[key] == stats_local[key]


@pytest.mark.slow
def test_export_cli(built: Server, local: Path, tmp_path: Path) -> None:
    ok("export", "--format", "csv", "-o", str(tmp_path / "remote"), *built.read)
    ok("export", "--format", "csv", "-o", str(tmp_path / "local"), "--store", str(local))
    for part in ("nodes", "edges"):
        remote = (tmp_path / f"remote.{part}.csv").read_text(encoding="utf-8").splitlines()
        here = (tmp_path / f"local.{part}.csv").read_text(encoding="utf-8").splitlines()
        assert remote[0] == here[0] and sorted(remote) == sorted(here)


@pytest.mark.slow
def test_store_interface(built: Server, local: Path) -> None:
    """The methods kg.ingest and kg.query call give the embedded store's answers."""
    assert built.endpoint is not None
    with open_store(endpoint=built.endpoint, read_only=True) as rs, Store.open(local, read_only=True) as st:
        assert isinstance(rs, RemoteStore) and isinstance(rs, GraphStore) and not isinstance(rs, Store)
        assert rs.graphs() == st.graphs() and len(rs.graphs()) == 4  # 2 sources, kb, stats
        assert len(rs) == len(st)
        from pyoxigraph import NamedNode

        nq = NamedNode(NQ57)
        sym = NamedNode("https://w3id.org/vn-legal-kg/ontology#symbol")
        for pattern in ((nq, None, None, None), (None, None, nq, None), (None, sym, None, None)):
            assert set(rs.quads_for_pattern(*pattern)) == set(st.quads_for_pattern(*pattern))
        kb = NamedNode("https://w3id.org/vn-legal-kg/id/graph/kb")
        assert set(rs.quads(kb)) == set(st.quads(kb))
        with pytest.raises(RemoteError, match="read-only"):
            rs.drop_graph(kb)


@pytest.mark.slow
def test_dump(built: Server, local: Path, tmp_path: Path) -> None:
    """``kg dump --endpoint``: kg's graphs on the server serialise to the embedded store's quads."""
    if built.name == "virtuoso":
        pytest.skip('Virtuoso returns literals in its own lexical forms ("0"^^xsd:boolean for "false")')

    def quads(path: Path, fmt: ox.RdfFormat) -> set[str]:  # build times differ between the two builds
        return {_STAMP.sub('"T"', str(q)) for q in ox.parse(path=str(path), format=fmt)}

    for fmt, ext in ((ox.RdfFormat.N_QUADS, "nq"), (ox.RdfFormat.TURTLE, "ttl")):
        ok("dump", "--format", ext, "-o", str(tmp_path / f"remote.{ext}"), *built.read)
        ok("dump", "--format", ext, "-o", str(tmp_path / f"local.{ext}"), "--store", str(local))
        expected = quads(tmp_path / f"local.{ext}", fmt)
        assert quads(tmp_path / f"remote.{ext}", fmt) == expected and len(expected) > 100
    assert ok("dump", "--format", "nq", *built.read).encode() == (tmp_path / "remote.nq").read_bytes()


@pytest.mark.slow
def test_rebuild_writes_nothing(built: Server) -> None:
    """Unchanged sources and an unchanged kb graph: a second build sends no write at all."""
    assert built.endpoint is not None
    rs = RemoteStore(built.endpoint)
    writes: list[str] = []
    send = rs._send

    def spy(url: str, **kw: object) -> tuple[bytes, str]:
        if kw.get("method", "GET") != "GET":
            writes.append(url)
        return send(url, **kw)  # type: ignore[arg-type]

    rs._send = spy  # type: ignore[method-assign]
    from kg.ingest import build

    report = build(SEEDS, rs)
    assert report.unchanged == 2 and report.ok == 0 and writes == []


@pytest.mark.slow
def test_update_fallback(built: Server, local: Path) -> None:
    """Without the Graph Store protocol (``--graph-store-endpoint ''``) a rebuild goes through SPARQL Update."""
    res = kg("build", *SEEDS, *built.write, "--graph-store-endpoint", "", "--force", env=built.env)
    assert res.exit_code == 0 and "2 built" in res.stderr, res.stderr
    args = ("implements", "57-NQ/TW", "--format", "json")
    assert json.loads(ok(*args, *built.read)) == json.loads(ok(*args, "--store", str(local)))


# --------------------------------------------------------------------------------------------- bad input


def test_unreachable_endpoint() -> None:
    port = free_port()  # nothing listens there
    res = kg("implements", "57-NQ/TW", "--endpoint", f"http://127.0.0.1:{port}/query")
    one_line_error(res, "cannot reach", f"127.0.0.1:{port}")
    one_line_error(kg("build", *SEEDS, "--endpoint", f"http://127.0.0.1:{port}/query"), "cannot reach")
    one_line_error(kg("stats", "--endpoint", f"http://127.0.0.1:{port}/query"), "cannot reach")
    one_line_error(kg("dump", "--endpoint", f"http://127.0.0.1:{port}/query"), "cannot reach")


@pytest.mark.parametrize("url", ["127.0.0.1:7878/query", "ftp://x/y", "http:///query", "http://h:99999/q"])
def test_malformed_url(url: str) -> None:
    one_line_error(kg("show", "57-NQ/TW", "--endpoint", url), "endpoint")


def test_store_and_endpoint_together(tmp_path: Path) -> None:
    res = kg("show", "57-NQ/TW", "--store", str(tmp_path), "--endpoint", "http://127.0.0.1:1/query")
    assert res.exit_code == 2 and "not both" in res.stderr


@pytest.mark.slow
def test_env_endpoint(built: Server, local: Path) -> None:
    """``$KG_ENDPOINT`` (and ``$KG_ENDPOINT_USER``) work like the options; an explicit --store wins."""
    env = {"KG_ENDPOINT": built.read[1]}
    args = ("trace", "327/QĐ-UBND", "--format", "json")
    assert json.loads(ok(*args, env=env)) == json.loads(ok(*args, "--store", str(local)))
    assert json.loads(ok(*args, "--store", str(local), env={"KG_ENDPOINT": "http://127.0.0.1:1/q"}))


@pytest.mark.slow
def test_virtuoso_auth_refused(virtuoso_base: str) -> None:
    """Wrong password or none: one line, nothing written (the graphs keep their quads)."""
    before = len(RemoteStore(f"{virtuoso_base}/sparql"))
    auth = ["--endpoint", f"{virtuoso_base}/sparql-auth", "--endpoint-user", "dba"]
    res = kg("build", *SEEDS, *auth, "--force", env={"KG_ENDPOINT_PASSWORD": "wrong"})
    one_line_error(res, "401")
    one_line_error(kg("build", *SEEDS, "--endpoint", f"{virtuoso_base}/sparql-auth", "--force"), "401")
    one_line_error(kg("build", *SEEDS, *auth), "KG_ENDPOINT_PASSWORD")  # no password given at all
    # anonymous writes are not allowed on a default Virtuoso: the hint says what to do
    res = kg("build", *SEEDS, "--endpoint", f"{virtuoso_base}/sparql", "--force")
    one_line_error(res, "SPARQL_UPDATE")
    assert len(RemoteStore(f"{virtuoso_base}/sparql")) == before


@pytest.mark.slow
def test_oxigraph_without_union_default_graph(oxigraph_factory, local: Path) -> None:  # noqa: ANN001
    """A server whose default graph is not the union would answer every query with nothing: refuse it."""
    base = oxigraph_factory(union=False)
    res = kg("build", *SEEDS, "--endpoint", f"{base}/query")
    one_line_error(res, "--union-default-graph")
    one_line_error(kg("show", "57-NQ/TW", "--endpoint", f"{base}/query"), "--union-default-graph")


class _BasicAuthProxy(http.server.BaseHTTPRequestHandler):
    """Forwards to ``target`` only with ``Authorization: Basic kg:secret``: a server behind a Basic-auth proxy."""

    target = ""

    def _forward(self) -> None:
        if self.headers.get("Authorization") != "Basic " + base64.b64encode(b"kg:secret").decode():
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="kg"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)) or None
        headers = {k: v for k, v in self.headers.items() if k.lower() in ("accept", "content-type")}
        req = urllib.request.Request(self.target + self.path, data=body, method=self.command, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                status, ctype, data = resp.status, resp.headers.get("Content-Type", ""), resp.read()
        except urllib.error.HTTPError as exc:
            status, ctype, data = exc.code, exc.headers.get("Content-Type", ""), exc.read()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = _forward

    def log_message(self, *args: object) -> None:
        pass


@pytest.mark.slow
def test_basic_auth(oxigraph_factory, local: Path) -> None:  # noqa: ANN001
    """HTTP Basic (the scheme of most reverse proxies, Fuseki and GraphDB): kg answers the challenge."""
    handler = type("Proxy", (_BasicAuthProxy,), {"target": oxigraph_factory()})
    proxy = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=proxy.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{proxy.server_address[1]}/query"
        one_line_error(kg("build", *SEEDS, "--endpoint", url), "401")
        res = kg(
            "build", *SEEDS, "--endpoint", url, "--endpoint-user", "kg", env={"KG_ENDPOINT_PASSWORD": "no"}
        )
        one_line_error(res, "401")
        res = kg(
            "build",
            *SEEDS,
            "--endpoint",
            url,
            "--endpoint-user",
            "kg",
            env={"KG_ENDPOINT_PASSWORD": "secret"},
        )
        assert res.exit_code == 0 and "2 built" in res.stderr, res.stderr
        args = ("implements", "57-NQ/TW", "--format", "json")
        env = {"KG_ENDPOINT_USER": "kg", "KG_ENDPOINT_PASSWORD": "secret"}
        assert json.loads(ok(*args, "--endpoint", url, env=env)) == json.loads(
            ok(*args, "--store", str(local))
        )
    finally:
        proxy.shutdown()
        proxy.server_close()
        thread.join(10)
