"""What the browser tests share: the real server (uvicorn in a subprocess) and headless Chromium.

One server and one browser serve the whole session (fixtures ``live_server`` and ``browser`` in
conftest.py); each test opens its own context, so cookies and caches never leak between tests.
The browser is the system Chromium (Debian package ``chromium``, or the executable named by
``CHROMIUM``), driven by Playwright without ``playwright install``. A missing browser fails the
suite: it is never skipped.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Request, Response

__all__ = [
    "LAUNCH_ARGS",
    "WATCH_CSP",
    "Watched",
    "beside_the_browser",
    "chromium_path",
    "free_port",
    "raw_request",
    "run_server",
    "running",
    "watch",
]

# Headless on a machine run as root with no outside network: no sandbox, no GPU, nothing phoning home.
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Runs in every document before the page's own script: records what the CSP blocks.
WATCH_CSP = (
    "window.__csp = []; document.addEventListener('securitypolicyviolation', "
    "(e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
)


def chromium_path() -> str:
    named = os.environ.get("CHROMIUM")
    found = named or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found or not Path(found).is_file():
        where = f"CHROMIUM={named!r} is no file" if named else "no chromium or chromium-browser on PATH"
        pytest.fail(
            f"the browser tests need Chromium ({where}): install it with `apt-get install chromium` "
            "(Debian) or set CHROMIUM to the executable",
            pytrace=False,
        )
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@contextmanager
def running(name: str, command: list[str], cwd: Path, env: dict[str, str], probe: str, log: Path) -> Iterator[None]:
    """``command`` as a process until the block ends; the block starts once ``probe`` answers 200.
    A server that exits or stays silent for 30 s fails the test with its log."""
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                pytest.fail(f"{name} exited with {process.returncode}:\n{log.read_text(errors='replace')}")
            try:
                if httpx.get(probe, timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"{name} did not answer {probe} within 30 s:\n{log.read_text(errors='replace')}")
            time.sleep(0.05)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def run_server(root: Path, log: Path) -> Iterator[str]:
    """The app under uvicorn on a free port of 127.0.0.1; its base URL once ``/healthz`` answers."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "INTERNET_PLUS_RATE_LIMIT"}  # no limit: a fixed run
    command = [
        *(sys.executable, "-m", "uvicorn", "--factory", "internet_plus_api.app:create_app"),
        *("--host", "127.0.0.1", "--port", str(port), "--no-server-header", "--no-access-log"),
    ]
    base = f"http://127.0.0.1:{port}"
    with running("uvicorn", command, root, env, base + "/healthz", log):
        yield base


_T = TypeVar("_T")


def beside_the_browser(run: Callable[..., _T], *args: object) -> _T:
    """``run(*args)`` (``asyncio.run``, ``anyio.run``) in a thread of its own. The session's browser
    (Playwright's sync API) keeps an event loop running in the worker's main thread once any test has
    used it, and asyncio refuses to start a second loop in a thread that runs one."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(run, *args).result()


@dataclass
class Watched:
    """A page in a fresh context, with everything the context did recorded."""

    page: Page
    origin: str
    requests: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # console errors, page errors, failed or 4xx/5xx requests

    def violations(self) -> list[str]:
        found: list[str] = self.page.evaluate("window.__csp")
        return found

    def elsewhere(self) -> list[str]:
        return [u for u in self.requests if f"{urlsplit(u).scheme}://{urlsplit(u).netloc}" != self.origin]

    def assert_clean(self) -> None:
        """No error of any kind, nothing the CSP blocked, and no request to anywhere but the server."""
        assert self.problems == [], self.problems
        assert self.violations() == [], self.violations()
        assert self.elsewhere() == [], "the page must work offline: it asked another origin"


def watch(context: BrowserContext, origin: str) -> Watched:
    """Record ``context``'s requests, console errors and failures; the CSP watcher runs in every document."""
    context.add_init_script(WATCH_CSP)
    requests: list[str] = []
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        url = message.location["url"]
        if message.type == "error" or "Content Security Policy" in message.text:
            problems.append(f"console {message.type}: {message.text} ({url})")

    def on_response(response: Response) -> None:
        if response.status >= 400:
            problems.append(f"{response.status} for {response.url}")

    def on_failed(request: Request) -> None:
        problems.append(f"request failed: {request.url} ({request.failure})")

    context.on("request", lambda request: requests.append(request.url))
    context.on("response", on_response)
    context.on("requestfailed", on_failed)
    context.on("console", on_console)
    page = context.new_page()
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    return Watched(page, origin, requests, problems)


def raw_request(port: int, request: bytes) -> bytes:
    """Send ``request`` as written (malformed on purpose, for the tests of bad input) and read until the server
    closes: what a client that does not speak HTTP properly gets back."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(request)
        chunks = []
        while chunk := s.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)
