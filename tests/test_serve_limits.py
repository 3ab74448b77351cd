"""Checks made before the SPARQL parser sees a query (kg.query.limits): nesting, size, SERVICE.

The deep queries are the audit's (reliability.md section 4): each one killed the process with SIGSEGV, so the
CLI is run in a child process here (a crash there is exit -11, not a dead test run).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import QueryError
from kg.query.limits import MAX_DEPTH, check_query, scan

ROOT = Path(__file__).resolve().parent.parent
DEEP = {
    "braces": "SELECT * WHERE " + "{ " * 2203 + "?s ?p ?o" + " }" * 2203,
    "parens": "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 4775 + "1" + ")" * 4775 + ") }",
    "bangs": "SELECT * WHERE { ?s ?p ?o FILTER(" + "!" * 9451 + "true) }",
}
VN = "Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị"


def test_scan_skips_strings_iris_and_comments() -> None:
    text = (
        f'SELECT ?d WHERE {{ ?d vnl:title "{VN} {{{{ (( SERVICE" . '
        "?d vnl:x <http://example.org/SERVICE/((> . # {{ SERVICE <http://127.0.0.1:1/>\n"
        f"FILTER(CONTAINS(?t, '''{VN} ((((''')) }}"
    )
    shape = scan(text)
    assert shape.depth == 3 and shape.services == []
    check_query(text)  # nothing to refuse


def test_scan_finds_every_service_form() -> None:
    q = (
        "SELECT * { SERVICE <http://a.example/q> { ?s ?p ?o } "
        "service silent <https://B.example/> { ?s ?p ?o } SERVICE ?e { ?s ?p ?o } SERVICE e:x {} }"
    )
    assert scan(q).services == ["http://a.example/q", "https://B.example/", "", ""]


@pytest.mark.parametrize("kind", sorted(DEEP))
def test_deep_queries_are_refused_before_parsing(kind: str) -> None:
    with pytest.raises(QueryError, match="nests .* levels deep"):
        check_query(DEEP[kind])


def test_limits_are_not_hit_by_real_queries() -> None:
    for q in (ROOT / "kg" / "query" / "queries").glob("*.rq"):
        assert scan(q.read_text(encoding="utf-8")).depth < MAX_DEPTH // 4, q.name
    check_query("SELECT * WHERE " + "{ " * MAX_DEPTH + "?s ?p ?o" + " }" * MAX_DEPTH)
    with pytest.raises(QueryError, match="bytes"):
        check_query("#" * (1 << 20) + "\nASK {}")


@pytest.mark.parametrize(
    "iri,allowed,ok",
    [
        ("http://127.0.0.1:9/", (), False),
        ("http://127.0.0.1:9/", ("localhost",), False),
        ("http://127.0.0.1:9/", ("127.0.0.1",), True),
        ("https://Query.Wikidata.org/sparql", ("query.wikidata.org",), True),
        ("file:///etc/passwd", ("*",), False),
        ("http://[::1]:9/", ("::1",), True),
    ],
)
def test_service_needs_an_allowed_host(iri: str, allowed: tuple[str, ...], ok: bool) -> None:
    q = f"SELECT * WHERE {{ SERVICE <{iri}> {{ ?s ?p ?o }} }}"
    if ok:
        check_query(q, allow_service=allowed)
    else:
        with pytest.raises(QueryError, match="SERVICE"):
            check_query(q, allow_service=allowed)


def test_kg_sparql_refuses_deep_queries_in_one_line(tmp_path: Path, store_dir: Path) -> None:
    for kind, text in DEEP.items():
        rq = tmp_path / f"{kind}.rq"
        rq.write_text(text, encoding="utf-8")
        res = subprocess.run(
            [sys.executable, "-m", "kg", "sparql", "-f", str(rq), "--store", str(store_dir)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=120,
        )
        assert res.returncode == 1, (kind, res.returncode)  # not 139 / -11
        assert res.stderr.startswith("Error: the query nests") and res.stderr.count("\n") == 1


class Listener:
    """A loopback socket that records every connection; answers one SPARQL JSON result if asked."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.seen: list[bytes] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(2)
                try:
                    self.seen.append(conn.recv(65536))
                    body = b'{"head":{"vars":["s"]},"results":{"bindings":[]}}'
                    conn.sendall(
                        b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                        b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body)
                    )
                except OSError:
                    pass

    def close(self) -> None:
        self.stop.set()
        self.thread.join()
        self.sock.close()


def test_kg_sparql_service_reaches_nothing_unless_allowed(store_dir: Path) -> None:
    listener = Listener()
    try:
        q = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}"
        res = CliRunner().invoke(main, ["sparql", q, "--store", str(store_dir)])
        assert res.exit_code == 1 and "SERVICE" in res.stderr and "--allow-service" in res.stderr
        assert listener.seen == []
        # the opt-in really lets it through (so the check above can fail)
        res = CliRunner().invoke(
            main, ["sparql", q, "--store", str(store_dir), "--allow-service", "127.0.0.1"]
        )
        assert res.exit_code == 0, res.stderr
        assert len(listener.seen) == 1 and b"POST /sparql" in listener.seen[0]
    finally:
        listener.close()


# ------------------------------------------------------------------------------------------ remote answers


class _Body:
    """A response whose body arrives in the given chunks (no Content-Length), like a chunked answer."""

    def __init__(self, chunks: list[bytes], headers: dict[str, str] | None = None) -> None:
        self.chunks = list(chunks)
        self.headers = headers or {}

    def read1(self, n: int) -> bytes:
        return self.chunks.pop(0)[:n] if self.chunks else b""


def test_remote_answer_is_read_with_a_limit() -> None:
    from kg.store.endpoint import RemoteError, read_limited

    url = "http://127.0.0.1:1/query"
    assert read_limited(_Body([b"ab", b"cd"]), url, timeout=5, limit=4) == b"abcd"
    with pytest.raises(RemoteError, match="more than 4 bytes"):
        read_limited(_Body([b"abc", b"de"]), url, timeout=5, limit=4)
    with pytest.raises(RemoteError, match="announced a 419,430,400-byte answer"):
        read_limited(_Body([], {"Content-Length": "419430400"}), url, timeout=5)
    with pytest.raises(RemoteError, match="did not finish its answer within"):
        read_limited(_Body([b"a"] * 3), url, timeout=-1)


def test_remote_store_refuses_a_huge_answer_in_one_line() -> None:
    """reliability.md 5.3: a 400 MB answer was read whole (838 MB RSS) before any error."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(1)
    port = sock.getsockname()[1]

    def answer() -> None:
        conn, _ = sock.accept()
        with conn:
            conn.recv(65536)
            conn.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                b"Content-Length: 419430400\r\n\r\n" + b" " * 65536
            )

    t = threading.Thread(target=answer, daemon=True)
    t.start()
    try:
        q = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"
        res = CliRunner().invoke(main, ["sparql", q, "--endpoint", f"http://127.0.0.1:{port}/query"])
        assert res.exit_code == 1 and "announced a 419,430,400-byte answer" in res.stderr
        assert res.stderr.count("\n") == 1
    finally:
        t.join(5)
        sock.close()


def test_from_names_the_dataset(store_dir: Path) -> None:
    """reliability.md section 4: ``FROM <http://nonexistent/>`` counted the whole store (SPARQL says 0)."""

    def count(q: str) -> int:
        res = CliRunner().invoke(main, ["sparql", q, "--format", "csv", "--store", str(store_dir)])
        assert res.exit_code == 0, res.stderr
        return int(res.stdout.split()[1])

    everything = count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert everything > 100
    assert count("SELECT (COUNT(*) AS ?n) FROM <http://nonexistent/> WHERE { ?s ?p ?o }") == 0
    kb = "https://w3id.org/vn-legal-kg/id/graph/kb"
    one = count(f"SELECT (COUNT(*) AS ?n) FROM <{kb}> WHERE {{ ?s ?p ?o }}")
    assert 0 < one < everything
    assert scan("SELECT ?from WHERE { ?s ex:from 'FROM' }").dataset is False
