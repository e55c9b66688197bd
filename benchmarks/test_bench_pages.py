"""Benchmarks of the reading edition's pages (pytest-benchmark; not part of the test run).

    python -m pytest benchmarks/test_bench_pages.py --benchmark-enable --benchmark-columns=min,median,mean,rounds

A page is rendered once, on its first request, and then served like the JSON answers (kept, replayed):
this measures both, as a browser asks (``Accept: text/html``), called directly as ASGI.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

BROWSER = b"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture(scope="module")
def app() -> Any:
    from internet_plus_api.app import create_app

    return create_app()


@pytest.fixture(scope="module")
def call(app: Any) -> Callable[[str], int]:
    loop = asyncio.new_event_loop()

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    def get(path: str) -> int:
        sent: list[dict[str, Any]] = []

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "GET",
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "root_path": "",
            "headers": [(b"host", b"127.0.0.1:8000"), (b"accept", BROWSER)],
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 8000),
        }
        loop.run_until_complete(app(scope, receive, send))
        status: int = sent[0]["status"]
        return status

    return get


@pytest.mark.parametrize("path", ["/v1/tasks/A02.1", "/v1/documents/guofa-2015-40", "/matrix"])
def test_page_kept(benchmark: Any, call: Callable[[str], int], path: str) -> None:
    assert call(path) == 200  # the first request renders and keeps it
    assert benchmark(call, path) == 200


@pytest.mark.parametrize("path", ["/v1/tasks/A02.1", "/v1/documents/guofa-2015-40", "/matrix"])
def test_page_first_render(benchmark: Any, app: Any, path: str) -> None:
    """The template work alone, as on a page's first request (what the kept page saves)."""
    site = app.state["site"]
    builder = site._builders[path]
    assert benchmark(lambda: site.html(builder())).body.startswith(b"<!doctype html>")
