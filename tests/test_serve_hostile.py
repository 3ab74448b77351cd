"""Hostile clients against a real ``kg serve`` endpoint on 127.0.0.1 (issue 12: the endpoint, safe by default).

Every test names the defect it reproduces (reliability.md section 4). All traffic stays on loopback; every loop
is bounded. Durations are printed (``-s``) for the README, never asserted.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import SAMPLES, store_from_fixtures
from test_serve import _start, _stop, get, http
from test_serve_limits import DEEP, Listener

from kg.cli import main
from kg.serve import make_server
from kg.serve.pool import WorkerPool
from kg.store.local import Store

pytestmark = pytest.mark.slow  # servers with worker processes: about 25 s for the module

CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
ORDER_BOMB = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i LIMIT 1"


@pytest.fixture()
def served(store_dir: Path) -> Iterator[Any]:
    """A server on the fixture store with a short time limit; yields a function that starts one."""
    started: list[tuple[Any, threading.Thread]] = []

    def start(**kw: Any) -> Any:
        kw.setdefault("timeout", 1.0)
        kw.setdefault("workers", 2)
        server, thread = _start(Store.open(store_dir, read_only=True), **kw)
        started.append((server, thread))
        return server

    yield start
    for server, thread in started:
        _stop(server, thread)


def ask(url: str) -> tuple[int, float]:
    t = time.monotonic()
    code, _, body = get(url, "ASK { ?s ?p ?o }")
    assert code != 200 or json.loads(body)["boolean"] is True
    return code, time.monotonic() - t


# ------------------------------------------------------------------------------------------ SERVICE (SSRF)


@pytest.mark.parametrize(
    "form",
    [
        "SELECT * WHERE {{ SERVICE <http://127.0.0.1:{p}/sparql> {{ ?s ?p ?o }} }}",
        "select * where {{ service silent <http://127.0.0.1:{p}/x> {{ ?s ?p ?o }} }}",
        "# a comment {{\nPREFIX e: <http://127.0.0.1:{p}/>\nSELECT * {{ SERVICE e:q {{ ?s ?p ?o }} }}",
        "SELECT * {{ BIND(<http://127.0.0.1:{p}/> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
    ],
)
def test_service_reaches_no_listener(served: Any, form: str) -> None:
    listener = Listener()
    try:
        server = served()
        code, ctype, body = get(server.url, form.format(p=listener.port))
        assert code == 403 and b"SERVICE" in body and ctype.startswith("text/plain")
        time.sleep(0.3)  # a request in flight would have arrived by now
        assert listener.seen == []
    finally:
        listener.close()


def test_service_opt_in_reaches_the_named_host_only(served: Any) -> None:
    listener = Listener()
    try:
        server = served(allow_service=("127.0.0.1",))
        q = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}"
        code, _, _ = get(server.url, q)
        assert code == 200 and len(listener.seen) == 1  # the listener can see a request: the test can fail
        code, _, body = get(server.url, q.replace("127.0.0.1", "localhost"))
        assert code == 403 and b"allowed hosts: 127.0.0.1" in body and len(listener.seen) == 1
    finally:
        listener.close()


# ------------------------------------------------------------------------------------------ runaway queries


def test_four_runaway_queries_then_a_trivial_one(served: Any) -> None:
    server = served(workers=4, per_client=4, timeout=1.0)
    codes: list[int] = []
    threads = [
        threading.Thread(target=lambda: codes.append(get(server.url, CROSS_JOIN)[0])) for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert codes == [503] * 4
    code, took = ask(server.url)
    print(f"\ntrivial ASK after 4 runaway queries: {code} in {took:.3f} s")
    assert code == 200  # before: 503, every worker still busy with a query nobody waits for
    assert server.runner.replaced == 4


def test_memory_bomb_is_stopped_and_its_worker_replaced(served: Any) -> None:
    server = served(workers=1, timeout=60.0, memory_mb=1024)
    t = time.monotonic()
    code, _, body = get(server.url, ORDER_BOMB)
    print(f"\nORDER BY bomb under a 1024 MB limit: {code} after {time.monotonic() - t:.1f} s")
    assert code == 503 and b"memory" in body
    assert ask(server.url)[0] == 200


def test_deeply_nested_queries_are_400_and_the_server_lives(served: Any) -> None:
    server = served()
    for kind, text in DEEP.items():
        data = text.encode()
        code, _, body = http(server.url, data=data, headers={"Content-Type": "application/sparql-query"})
        assert code == 400 and b"nests" in body, kind
    code, took = ask(server.url)
    print(f"\ntrivial ASK after the deep queries: {code} in {took:.3f} s")
    assert code == 200


def test_result_size_limit(served: Any) -> None:
    server = served(max_result=2000)
    code, _, body = get(server.url, "SELECT * WHERE { ?s ?p ?o }")
    assert code == 413 and b"2,000-byte limit" in body
    code, _, _ = get(server.url, "SELECT * WHERE { ?s ?p ?o } LIMIT 2")
    assert code == 200


def test_per_client_limit_refuses_past_its_slots(served: Any) -> None:
    server = served(per_client=1, timeout=0.2)
    with server.client_slot("127.0.0.9") as first:
        with server.client_slot("127.0.0.9") as second:
            assert first and not second
        with server.client_slot("127.0.0.8") as other:
            assert other  # another client is not held up


# ------------------------------------------------------------------------------------------ bodies, encodings


def raw(server: Any, data: bytes, wait: float = 5.0) -> bytes:
    host, port = server.server_address[:2]
    with socket.create_connection((host, port), timeout=wait) as s:
        s.sendall(data)
        chunks = []
        try:
            while chunk := s.recv(65536):
                chunks.append(chunk)
        except TimeoutError:
            chunks.append(b"<still open>")
    return b"".join(chunks)


def test_huge_and_lying_bodies(served: Any) -> None:
    server = served(io_timeout=0.5)
    head = b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\nConnection: close\r\n"
    assert raw(server, head + b"Content-Length: 10485760\r\n\r\n" + b"#" * 65536).startswith(b"HTTP/1.1 413")
    assert raw(server, head + b"Content-Length: -5\r\n\r\n").startswith(b"HTTP/1.1 411")
    # a body shorter than announced: answered once the client stops sending (io_timeout), not held forever
    assert raw(server, head + b"Content-Length: 50\r\n\r\nASK {}").startswith(b"HTTP/1.1 408")
    assert ask(server.url)[0] == 200


def test_slow_body_does_not_hold_a_thread(served: Any) -> None:
    server = served(io_timeout=0.5)
    req = (
        b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
        b"Content-Length: 1000\r\n\r\nSELECT * W"
    )
    t = time.monotonic()
    answer = raw(server, req, wait=10)
    print(f"\nslow body: connection closed after {time.monotonic() - t:.2f} s")
    assert b"<still open>" not in answer  # before: held until the client gave up


@pytest.mark.parametrize(
    "data,ctype",
    [
        (b"ASK { ?s ?p \xff\xfe }", "application/sparql-query"),
        (b"query=ASK%20%7B%C3%28%7D", "application/x-www-form-urlencoded"),
        (b"query=%ED%A0%80", "application/x-www-form-urlencoded"),
        ("ASK { ?s ?p 'Căn cứ' }".encode("utf-16"), "application/sparql-query"),
    ],
)
def test_bad_encodings_are_400(served: Any, data: bytes, ctype: str) -> None:
    server = served()
    code, got, _ = http(server.url, data=data, headers={"Content-Type": ctype})
    assert code == 400 and got.startswith("text/plain")
    assert ask(server.url)[0] == 200


# ------------------------------------------------------------------------------------------ protocol


def test_head_options_cors_and_other_methods(served: Any) -> None:
    server = served(cors=("http://yasgui.example",))
    q = urllib.parse.urlencode({"query": "ASK {}"})
    code, ctype, body = http(f"{server.url}?{q}", method="HEAD")
    assert code == 200 and ctype.startswith("application/sparql-results+json") and body == b""
    code, _, _ = http(server.url.replace("/sparql", "/"), method="HEAD")
    assert code == 200
    answer = raw(
        server,
        b"OPTIONS /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://yasgui.example\r\n"
        b"Access-Control-Request-Method: POST\r\nConnection: close\r\n\r\n",
    )
    assert (
        answer.startswith(b"HTTP/1.1 204") and b"Access-Control-Allow-Origin: http://yasgui.example" in answer
    )
    assert b"Access-Control-Allow-Methods: GET, HEAD, POST, OPTIONS" in answer
    code, _, _ = http(server.url, method="PUT", data=b"x")
    assert code == 405
    # an origin not named gets no CORS header (the browser then hides the answer)
    answer = raw(
        server,
        f"GET /sparql?{q} HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://evil.example\r\n"
        "Connection: close\r\n\r\n".encode(),
    )
    assert answer.startswith(b"HTTP/1.1 200") and b"Access-Control" not in answer


def test_no_cors_by_default(served: Any) -> None:
    server = served()
    answer = raw(
        server,
        b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://a.example\r\n"
        b"Connection: close\r\n\r\n",
    )
    assert answer.startswith(b"HTTP/1.1 200") and b"Access-Control" not in answer


def test_construct_as_json_ld(served: Any) -> None:
    server = served()
    q = "CONSTRUCT { ?d vnl:symbol ?s } WHERE { ?d vnl:symbol ?s } LIMIT 3"
    code, ctype, body = get(server.url, q, "application/ld+json")
    assert code == 200 and ctype.startswith("application/ld+json")
    docs = json.loads(body)
    assert docs and all("@id" in d for d in docs)


def test_ipv6_loopback(store_dir: Path) -> None:
    if not socket.has_ipv6:
        pytest.skip("no IPv6 on this machine")
    try:
        server = make_server(Store.open(store_dir, read_only=True), "::1", 0, workers=1, quiet=True)
    except OSError as exc:
        pytest.skip(f"cannot bind ::1 here: {exc}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        assert server.url.startswith("http://[::1]:")
        assert ask(server.url)[0] == 200
    finally:
        _stop(server, thread)


# ------------------------------------------------------------------------------------------ live data


def test_a_build_while_serving_is_visible_without_restart(tmp_path: Path) -> None:
    store = tmp_path / "store"
    draft, ocr = sorted(SAMPLES.glob("*.txt"), reverse=True)[:2]
    res = CliRunner().invoke(main, ["build", str(draft), "--store", str(store), "-j", "1"])
    assert res.exit_code == 0, res.stderr
    server, thread = _start(Store.open(store, read_only=True), workers=1, timeout=30)
    q = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    try:
        n0 = int(json.loads(get(server.url, q)[2])["results"]["bindings"][0]["n"]["value"])
        res = CliRunner().invoke(main, ["build", str(ocr), "--store", str(store), "-j", "1"])
        assert res.exit_code == 0, res.stderr
        n1 = int(json.loads(get(server.url, q)[2])["results"]["bindings"][0]["n"]["value"])
        assert n1 == n0 + 1  # before: the server answered n0 until restarted
    finally:
        _stop(server, thread)


def test_worker_pool_survives_dead_and_crashing_workers(tmp_path: Path) -> None:
    """A worker killed while idle is replaced unseen; one that crashes mid-query (as the parser did on deep
    nesting) costs that query a 500, never the server."""
    import os
    import signal

    from kg.serve.runner import QueryRequest

    pool = WorkerPool(store_from_fixtures(tmp_path / "s"), workers=1, timeout=30)
    try:
        assert pool.answer(QueryRequest("ASK { ?s ?p ?o }")).status == 200
        assert pool.answer(QueryRequest("DROP ALL")).status == 403
        (worker,) = pool._all
        os.kill(worker.process.pid, signal.SIGKILL)
        worker.process.join(5)
        assert pool.answer(QueryRequest("ASK { ?s ?p ?o }")).status == 200
        (worker,) = pool._all
        threading.Timer(0.5, os.kill, (worker.process.pid, signal.SIGSEGV)).start()
        reply = pool.answer(QueryRequest(CROSS_JOIN))
        assert reply.status == 500 and b"worker exit -11" in reply.body
        assert pool.answer(QueryRequest("ASK { ?s ?p ?o }")).status == 200
        assert pool.replaced == 2
    finally:
        pool.close()


def test_foreign_host_header_is_refused_on_loopback(served: Any) -> None:
    """reliability.md section 4: ``Host: evil.example`` got 200, so a DNS-rebinding page could read the graph."""
    server = served()
    port = server.server_address[1]
    for host, status in [
        ("evil.example", b"403"),
        (f"evil.example:{port}", b"403"),
        ("localhost", b"200"),
        (f"127.0.0.1:{port}", b"200"),
        (f"[::1]:{port}", b"200"),
    ]:
        answer = raw(
            server,
            f"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode(),
        )
        assert answer.startswith(b"HTTP/1.1 " + status), host


def test_serve_warns_when_not_on_loopback(store_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.serve.server import SparqlServer

    def stop(self: Any, *a: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(SparqlServer, "serve_forever", stop)
    res = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--port", "0", "--store", str(store_dir)])
    assert res.exit_code == 0 and "warning: listening on 0.0.0.0, not on loopback" in res.stderr
    res = CliRunner().invoke(main, ["serve", "--port", "0", "--store", str(store_dir)])
    assert res.exit_code == 0 and "warning" not in res.stderr


def test_connections_past_the_limit_get_503_not_a_thread(served: Any) -> None:
    """reliability.md section 4: 500 half-sent requests held 504 threads (no limit, no timeout)."""
    server = served(max_connections=3, io_timeout=5)
    host, port = server.server_address[:2]
    held = [socket.create_connection((host, port), timeout=5) for _ in range(3)]
    try:
        for s in held:
            s.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\nSELECT")
        time.sleep(0.3)
        answer = raw(
            server, b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        assert answer.startswith(b"HTTP/1.1 503") and b"too many open connections" in answer
    finally:
        for s in held:
            s.close()
    time.sleep(0.3)
    assert ask(server.url)[0] == 200


# ------------------------------------------------------------------------------------------ streamed answers

PAIRS = "SELECT * WHERE {{ ?a ?b ?c . ?d ?e ?f }} LIMIT {n}"


def test_large_answer_streams_in_chunks(served: Any) -> None:
    server = served(timeout=30)
    host, port = server.server_address[:2]
    q = urllib.parse.urlencode({"query": PAIRS.format(n=20000)})
    answer = raw(
        server, f"GET /sparql?{q} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode(), 30
    )
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200") and b"Transfer-Encoding: chunked" in head
    code, ctype, whole = get(server.url, PAIRS.format(n=20000))  # urllib joins the chunks
    assert code == 200 and len(json.loads(whole)["results"]["bindings"]) == 20000
    assert len(body) > len(whole)  # the chunk framing is there
    assert ask(server.url)[0] == 200 and server.runner.replaced == 0  # the worker came back


def test_streamed_answer_past_the_size_limit_ends_with_a_marker(served: Any) -> None:
    server = served(timeout=30, max_result=1 << 20)
    code, _, body = get(server.url, PAIRS.format(n=200000))
    assert code == 200 and body.rstrip().endswith(
        b"larger than the server's 1,048,576-byte limit (add LIMIT, "
        b"select fewer variables, or narrow the query)"
    )
    assert b"# kg-sparql: answer truncated" in body and len(body) < (1 << 20) + 1000
    assert ask(server.url)[0] == 200


def test_streamed_answer_past_the_time_limit_is_cut_and_its_worker_replaced(served: Any) -> None:
    server = served(timeout=1.0, max_result=1 << 40)
    code, _, body = get(server.url, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
    assert code == 200 and body.rstrip().endswith(b"the query ran longer than the server's 1 s limit")
    assert ask(server.url)[0] == 200 and server.runner.replaced == 1


def test_client_leaving_a_stream_stops_the_query(served: Any) -> None:
    server = served(timeout=30, max_result=1 << 40, workers=1)
    host, port = server.server_address[:2]
    q = urllib.parse.urlencode({"query": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"})
    with socket.create_connection((host, port), timeout=5) as s:
        s.sendall(f"GET /sparql?{q} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        assert s.recv(12) == b"HTTP/1.1 200"
    deadline = time.monotonic() + 20
    while server.runner.replaced == 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert server.runner.replaced == 1  # the worker was killed, not left streaming into nowhere
    assert ask(server.url)[0] == 200
