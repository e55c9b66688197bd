"""The real app (built once per session), a test client, its OpenAPI document, ``assert_problem``, and
``Server``: the shipped server command on a free loopback port."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from browsing import free_port
from internet_plus_api.app import create_app
from litestar import Litestar
from litestar.testing import TestClient

PROBLEM_KEYS = {"type", "title", "status", "detail", "instance"}


def _assert_problem(response: httpx.Response, status: int, **fields: Any) -> dict[str, Any]:
    """An RFC 9457 answer: the status, problem+json, the five standard members, and ``fields`` exactly.

    Returns the body for further checks. Every error test in tests/api goes through here.
    """
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["etag"].startswith('"')
    assert response.headers["x-dataset-version"]
    for name in ("x-dataset-version", "content-security-policy", "access-control-allow-origin"):
        assert len(response.headers.get_list(name)) == 1, (name, response.headers.get_list(name))
    body: dict[str, Any] = response.json()
    assert set(body) >= PROBLEM_KEYS, body
    assert body["status"] == status
    assert all(isinstance(body[k], str) and body[k] for k in PROBLEM_KEYS - {"status"})
    assert body["type"] == "about:blank" or body["type"].startswith("/problems/")
    assert "Traceback" not in response.text
    for key, expected in fields.items():
        assert body.get(key) == expected, (key, body.get(key), expected)
    return body


@pytest.fixture(scope="session")
def assert_problem() -> Callable[..., dict[str, Any]]:
    return _assert_problem


@pytest.fixture(scope="session")
def app() -> Litestar:
    return create_app()


@pytest.fixture(scope="session")
def client(app: Litestar) -> Iterator[TestClient[Litestar]]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def openapi(client: TestClient[Litestar]) -> dict[str, Any]:
    document: dict[str, Any] = client.get("/schema/openapi.json").json()
    return document


@pytest.fixture(scope="session")
def concrete_paths(openapi: dict[str, Any]) -> list[str]:
    """Every documented path with its path parameters and required query parameters taken from the examples."""
    paths = []
    for template, item in openapi["paths"].items():
        path, query = template, {}
        for param in item["get"]["parameters"]:
            if param["in"] == "path":
                path = path.replace("{" + param["name"] + "}", str(param["example"]))
            elif param["required"]:
                query[param["name"]] = str(param["example"])
        paths.append(path + ("?" + urlencode(query) if query else ""))
    return paths


class Server:
    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, "-m", "internet_plus_api.server", "--port", str(self.port), *args]
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})}
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("the server did not start: " + self.log)

    def stop(self) -> str:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log = (self.process.stderr.read() if self.process.stderr else "") + (
            self.process.stdout.read() if self.process.stdout else ""
        )
        return self.log

    log = ""
