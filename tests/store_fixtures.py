"""Servers for the store tests: an Oxigraph server on loopback, a free port, a temp dir; always stopped.

Shared by tests/test_remote.py and tests/test_store_protocol.py (import the fixture by name).
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

START_TIMEOUT = 90.0  # seconds a server may take to answer its first query (Virtuoso: about 3 s)
STOP_TIMEOUT = 15.0

_RUNNING: set[subprocess.Popen[bytes]] = set()


def stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then SIGKILL after a bounded wait: no server outlives the tests."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(STOP_TIMEOUT)
    _RUNNING.discard(proc)


@atexit.register
def _stop_all() -> None:  # the last line of defence if a finaliser never ran (e.g. an interrupted session)
    for proc in list(_RUNNING):
        stop(proc)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _log_tail(log: Path) -> str:
    try:
        return log.read_text(errors="replace")[-1500:]
    except OSError:
        return "(no log)"


def _die_with_parent() -> None:
    """In the child (Linux): SIGTERM when pytest dies, even by SIGKILL, so no server is left behind."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG


def start_server(cmd: list[str], cwd: Path, ready_url: str, log: Path) -> subprocess.Popen[bytes]:
    """Start ``cmd`` and wait (bounded) until ``ready_url`` answers 200; fail with the log otherwise."""
    with log.open("wb") as out:
        proc = subprocess.Popen(
            cmd,
            cwd=cwd,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )
    _RUNNING.add(proc)
    deadline = time.monotonic() + START_TIMEOUT
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"{cmd[0]} exited with {proc.returncode}: {_log_tail(log)}")
            try:
                with urllib.request.urlopen(ready_url, timeout=5) as resp:
                    if resp.status == 200:
                        return proc
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{cmd[0]} did not answer within {START_TIMEOUT:g} s: {_log_tail(log)}")
            time.sleep(0.1)
    except BaseException:
        stop(proc)
        raise


def _oxigraph_binary() -> str | None:
    local = Path(sys.executable).parent / "oxigraph"
    return str(local) if local.exists() else shutil.which("oxigraph")


@pytest.fixture(scope="module")
def oxigraph_factory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., str]]:
    """Starts Oxigraph servers (``union=False`` for the misconfigured one) and gives their base URLs; all
    stopped at the end of the module."""
    binary = _oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server binary is missing (pip install -e '.[test]' installs it)")
    procs: list[subprocess.Popen[bytes]] = []

    def start(union: bool = True) -> str:
        d = tmp_path_factory.mktemp("oxigraph")
        port = free_port()
        cmd = [binary, "serve", "--location", str(d / "db"), "--bind", f"127.0.0.1:{port}"]
        if union:
            cmd.append("--union-default-graph")
        base = f"http://127.0.0.1:{port}"
        procs.append(start_server(cmd, d, f"{base}/query?query=ASK%7B%7D", d / "server.log"))
        return base

    try:
        yield start
    finally:
        for p in procs:
            stop(p)
