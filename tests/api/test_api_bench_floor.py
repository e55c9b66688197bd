"""The load benchmark's same-work floor answers the benchmark's distinct queries exactly as the API does.

The distinct-query target compares the API with ``tasks_litestar_app`` (benchmarks/reference_apps.py);
the ratio means something only while the floor sends the same status, body and headers (its ETag
included) for the keys the benchmark sends. The benchmark checks this on its servers before it
measures; this checks it in process, on the keys of every kind the key scheme makes.
"""

from __future__ import annotations

import importlib.util
import sys
from typing import Any

import pytest
from bench_api import _distinct_query
from litestar import Litestar
from litestar.testing import TestClient

TOTAL = 46  # rows of tasks: the key scheme's offsets
IDENTITY = {"Accept-Encoding": "identity"}  # wrk sends none: no gzip


@pytest.fixture(scope="module")
def floor(root: Any) -> Any:
    spec = importlib.util.spec_from_file_location("reference_apps", root / "benchmarks" / "reference_apps.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["reference_apps"] = module  # Litestar reads the handler's annotations from its module
    spec.loader.exec_module(module)
    with TestClient(module.tasks_litestar_app()) as client:
        yield client


def _answer(response: Any) -> tuple[int, list[tuple[str, str]], bytes]:
    return response.status_code, sorted((k, v) for k, v in response.headers.items() if k != "date"), response.content


def test_the_keys_never_repeat_and_each_asks_for_one_row() -> None:
    keys = [_distinct_query(n, TOTAL) for n in range(0, 255 * TOTAL * 14, 97)]
    assert len(set(keys)) == len(keys)
    assert all("limit=1" in k.split("&") for k in keys)


@pytest.mark.parametrize("counter", [0, 7, 254, 255 * 3 + 100, 255 * TOTAL + 42, 255 * TOTAL * 5 + 9, 255 * TOTAL * 13])
def test_the_floor_sends_the_api_s_answer(client: TestClient[Litestar], floor: Any, counter: int) -> None:
    url = "/v1/tasks?" + _distinct_query(counter, TOTAL)
    ours, theirs = _answer(client.get(url, headers=IDENTITY)), _answer(floor.get(url, headers=IDENTITY))
    assert ours[0] == 200
    assert theirs == ours
