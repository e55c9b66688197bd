"""The shipped server on loopback: early disconnects, bad Host headers, the catalogue of hostile requests
(tests/hostile.py), forged forwarding headers, a damaged package refused before any port is opened, and a
supervisor that builds nothing.

Each test starts the real command (``python -m internet_plus_api.server``) on a free port. What needs
a real web server in front (idle floods, oversized headers, unreadable requests, slow readers, byte
ranges, reloads) is tested through the generated nginx config in tests/web/test_static_copy.py.
"""

from __future__ import annotations

import json
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from browsing import raw_request
from conftest import Server, free_port
from hostile import CATALOGUE, NO_ANSWER, send_all

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    running = Server()  # see tests/api/conftest.py
    yield running
    running.stop()


@pytest.fixture
def start() -> Iterator[Callable[..., Server]]:
    """A server of the test's own (its log is the test's to read), stopped after the test whatever happens."""
    started: list[Server] = []

    def make(*args: str) -> Server:
        started.append(Server(*args))
        return started[-1]

    yield make
    for running in started:
        running.stop()


def test_a_client_that_leaves_early_logs_no_error(start: Callable[..., Server]) -> None:
    """Clients that reset the connection mid-download, or mid-pipeline, leave no ERROR and no traceback."""
    server = start()
    for _ in range(30):
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        s.connect(("127.0.0.1", server.port))
        s.sendall(b"GET /v1/download/internet-plus.db HTTP/1.1\r\nHost: x\r\nAccept-Encoding: identity\r\n\r\n")
        s.recv(100)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")  # RST on close
        s.close()
    for _ in range(30):
        s = socket.create_connection(("127.0.0.1", server.port))
        s.sendall(b"GET /v1/tasks HTTP/1.1\r\nHost: x\r\n\r\n" * 20 + b"GET /nope HTTP/1.1\r\nHost: x\r\n\r\n" * 20)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        s.close()
    assert httpx.get(server.url + "/healthz", timeout=5).status_code == 200
    log = server.stop()
    assert "Traceback" not in log and "ERROR" not in log, log[-3000:]


@pytest.mark.parametrize("parser", ["auto", "h11"])
def test_every_hostile_request_is_refused_clearly_and_the_server_goes_on(
    start: Callable[..., Server], parser: str
) -> None:
    """No 5xx; a refusal is a problem document from the app, or the parser's one line of text for what is
    no HTTP it can read; the server answers afterwards and logs no error and no traceback, with either of
    uvicorn's HTTP parsers (httptools by default, ``--http h11``)."""
    server = start("--http", parser)
    answers = send_all(server.port)
    for name, answer in answers.items():
        assert answer.statuses or name in NO_ANSWER, name
        assert all(status < 500 for status in answer.statuses), (name, answer.raw[:300])
        if answer.statuses and answer.statuses[0] >= 400:
            assert answer.problem() is not None or answer.parser_line(), (name, answer.raw[:300])
    assert httpx.get(server.url + "/healthz", timeout=5).status_code == 200
    log = server.stop()
    assert "Traceback" not in log and "ERROR" not in log, log[-3000:]
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert f"A catalogue of {len(CATALOGUE)} hostile requests" in readme


def test_sighup_is_logged_and_a_download_in_progress_finishes(start: Callable[..., Server]) -> None:
    """One worker has nothing to reload: SIGHUP (a closing terminal sends it) no longer ends the process."""
    server = start()
    expected = httpx.get(server.url + "/v1/download/internet-plus.db", headers={"Accept-Encoding": "identity"})
    got = bytearray()
    with httpx.stream(
        "GET", server.url + "/v1/download/internet-plus.db", headers={"Accept-Encoding": "identity"}
    ) as answer:
        chunks = answer.iter_bytes(65536)
        got += next(chunks)
        server.process.send_signal(signal.SIGHUP)
        time.sleep(0.5)
        for chunk in chunks:
            got += chunk
    assert bytes(got) == expected.content
    assert httpx.get(server.url + "/healthz", timeout=5).status_code == 200
    log = server.stop()
    assert "SIGHUP ignored" in log and "Traceback" not in log, log[-2000:]


@pytest.mark.parametrize(
    ("request_bytes", "detail"),
    [
        (b"GET /v1/actions HTTP/1.1\r\n\r\n", "needs a Host header"),
        (b"GET /v1/actions HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", "more than one Host"),
        (b"GET /v1/actions HTTP/1.1\r\nHost: a b\r\n\r\n", "not a valid host"),
        (b"GET /v1/actions HTTP/1.1\r\nHost: a/b\r\n\r\n", "not a valid host"),  # refused by Litestar's router
        (b"GET /v1/actions HTTP/1.1\r\nHost: \r\n\r\n", "not a valid host"),
        (b"GET /v1/actions\r\n\r\n", "HTTP/0.9 is not served"),
    ],
)
def test_host_is_checked_per_rfc_9112(server: Server, request_bytes: bytes, detail: str) -> None:
    answer = raw_request(server.port, request_bytes.replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n"))
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 "), answer[:200]
    assert b"content-type: application/problem+json" in head.lower()
    assert detail.lower() in json.loads(body)["detail"].lower()
    assert json.loads(body)["type"] == "/problems/bad-host"


def test_forwarding_headers_count_only_from_trusted_proxies() -> None:
    limit = {"INTERNET_PLUS_RATE_LIMIT": "2/minute"}
    plain = Server(env=limit)
    try:
        codes = [
            httpx.get(plain.url + "/v1/actions", headers={"X-Forwarded-For": f"10.0.0.{i}"}).status_code
            for i in range(3)
        ]
        assert codes == [200, 200, 429]  # a new header does not make a new client
    finally:
        plain.stop()
    behind = Server("--trusted-proxies", "127.0.0.1", env=limit)
    try:
        for i in range(3):
            answer = httpx.get(behind.url + "/v1/actions", headers={"X-Forwarded-For": f"10.0.0.{i}"})
            assert answer.status_code == 200 and answer.headers["ratelimit-remaining"] == "1"
    finally:
        behind.stop()


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_damaged_package_is_refused_in_one_line_before_serving(tmp_path: Path, root: Path, workers: str) -> None:
    for folder in ("dataset", "schemas"):
        shutil.copytree(root / folder, tmp_path / folder)
    shutil.copy(root / "datapackage.json", tmp_path)
    schema = tmp_path / "schemas" / "tasks.json"
    schema.write_bytes(schema.read_bytes()[:200])  # truncated
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "internet_plus_api.server",
            "--port",
            str(free_port()),
            "--package",
            str(tmp_path),
            "--workers",
            workers,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert out.returncode == 1
    assert len(out.stderr.strip().splitlines()) == 1, out.stderr  # one line, no traceback
    assert "schemas/tasks.json: corrupted or modified" in out.stderr


def _rss_kib(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith("VmRSS:")).split()[1])


def _loaded_the_framework(pid: int) -> bool:
    """Whether a process has imported Litestar: only then is msgspec's compiled module mapped into it."""
    return "/msgspec/" in Path(f"/proc/{pid}/maps").read_text()


def test_with_workers_the_supervisor_builds_no_app(server: Server) -> None:
    """With --workers 2 the supervisor only checks the package; the workers build the app and serve. It
    never imports the framework, and holds less memory than a server that built the app (measured: 60
    against 98 MiB just started)."""
    several = Server("--workers", "2")
    try:
        assert httpx.get(several.url + "/v1/tasks/A02.1").json()["id"] == "A02.1"
        assert _loaded_the_framework(server.process.pid)
        assert not _loaded_the_framework(several.process.pid)
        assert _rss_kib(several.process.pid) < _rss_kib(server.process.pid)
    finally:
        several.stop()


def test_the_sitemap_names_the_port_the_server_listens_on(server: Server) -> None:
    """With no INTERNET_PLUS_BASE_URL, robots.txt and the sitemap name the address the server was started on
    (``--port``), not the default port."""
    robots = httpx.get(server.url + "/robots.txt").text
    assert f"Sitemap: {server.url}/sitemap.xml" in robots.splitlines()
    assert f"<loc>{server.url}/v1/tasks/A02.1</loc>" in httpx.get(server.url + "/sitemap.xml").text
