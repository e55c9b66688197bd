"""Benchmarks of the API in process (pytest-benchmark; not part of the test run).

    python -m pytest benchmarks/test_bench_api.py --benchmark-enable --benchmark-columns=min,median,mean,stddev,rounds

What the load script (scripts/bench_api.py) cannot separate from the server and the network: the
start-up cost (a fresh interpreter that builds the app) and the cost of one request inside the app,
called directly as ASGI, for an answer kept by Litestar's response cache and for one that nothing
kept can answer (a new page each round). benchmarks/house.py measures the start-up to a first answer.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest
from asgi_call import asgi_get


def _fresh(code: str) -> None:
    subprocess.run([sys.executable, "-c", code], check=True)


def test_cold_start_create_app(benchmark: Any) -> None:
    code = "from internet_plus_api.app import create_app; create_app()"
    benchmark.pedantic(_fresh, args=(code,), rounds=10, warmup_rounds=1)


def test_create_app_in_a_warm_process(benchmark: Any) -> None:
    from internet_plus_api.app import create_app

    benchmark.pedantic(create_app, rounds=10, warmup_rounds=1)


@pytest.fixture(scope="module")
def call() -> Callable[[str, bytes], int]:
    """A GET through the whole app as the server would make it; returns the status sent."""
    from internet_plus_api.app import create_app

    return asgi_get(create_app())


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/v1/tasks", b"limit=500"),
        ("/v1/tasks/A02.1", b""),
        ("/v1/tasks", b"action=A02"),
        ("/v1/search", "q=大数据".encode()),
    ],
)
def test_kept_answer(benchmark: Any, call: Callable[[str, bytes], int], path: str, query: bytes) -> None:
    assert call(path, query) == 200  # the first answer is finished and kept
    assert benchmark(call, path, query) == 200


def test_answer_nothing_kept(benchmark: Any, call: Callable[[str, bytes], int]) -> None:
    offsets = itertools.count()
    assert benchmark(lambda: call("/v1/tasks", b"limit=1&offset=%d" % next(offsets))) == 200
