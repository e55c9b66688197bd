"""Benchmarks of the reading edition's pages (pytest-benchmark; not part of the test run).

    python -m pytest benchmarks/test_bench_pages.py --benchmark-enable --benchmark-columns=min,median,mean,rounds

A page is rendered once, on its first request, and then served like the JSON answers (kept):
this measures both, as a browser asks (``Accept: text/html``), called directly as ASGI.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from asgi_call import asgi_get

BROWSER = b"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture(scope="module")
def app() -> Any:
    from internet_plus_api.app import create_app

    return create_app()


@pytest.fixture(scope="module")
def call(app: Any) -> Callable[[str], int]:
    return asgi_get(app, BROWSER)


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
