"""Answers are kept by Litestar's response cache: a kept answer is the first one, byte for byte.

The key is the path, the raw query string, Accept and whether the client takes gzip (middleware.py
``cache_key``); the store is bounded in bytes (stores.py). These tests pin what that must never
change: the bytes and headers a client sees, the rate limit's count, and that errors are not kept.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from importlib.metadata import version
from typing import Any

import httpx
import pytest
from browsing import beside_the_browser
from internet_plus_api.app import create_app
from internet_plus_api.stores import BoundedStore
from litestar import Litestar
from litestar.testing import TestClient

VERSION = version("internet-plus")  # the release being served: pyproject's, via the installed metadata

Problem = Callable[..., dict[str, Any]]

Client = TestClient[Litestar]


@pytest.fixture
def fresh() -> Iterator[Client]:
    """An app of its own, so that what it keeps is only what each test asked."""
    with TestClient(create_app()) as client:
        yield client


def _kept(client: Client) -> BoundedStore:
    store = client.app.stores.get("response_cache")
    assert isinstance(store, BoundedStore)
    return store


def _wire(response: httpx.Response) -> tuple[int, list[tuple[str, str]], bytes]:
    """What travelled: status, every header in order (minus the test client's own date), raw body."""
    headers = [(k, v) for k, v in response.headers.multi_items() if k != "date"]
    return response.status_code, headers, response.read()


@pytest.mark.parametrize(
    ("method", "path", "headers"),
    [
        ("GET", "/v1/tasks", {"Accept-Encoding": "identity"}),
        ("GET", "/v1/tasks", {"Accept-Encoding": "gzip"}),
        ("GET", "/v1/tasks?action=A02&fields=id,title_en", {"Accept": "text/csv"}),
        ("GET", "/v1/search?q=%E5%A4%A7%E6%95%B8%E6%93%9A", {}),
        ("HEAD", "/v1/actions/A02", {}),
        ("GET", "/docs", {}),
    ],
)
def test_a_kept_answer_is_the_first_answer_byte_for_byte(
    fresh: Client, method: str, path: str, headers: dict[str, str]
) -> None:
    first = fresh.request(method, path, headers=headers)
    assert first.status_code == 200
    assert _kept(fresh).entries == 1
    again = fresh.request(method, path, headers=headers)
    assert _kept(fresh).entries == 1  # answered from what was kept, not kept again
    assert _wire(again) == _wire(first)


def test_distinct_validators_do_not_multiply_what_is_kept(fresh: Client) -> None:
    for i in range(50):
        assert fresh.get("/v1/actions?fields=id", headers={"If-None-Match": f'"stale-{i}"'}).status_code == 200
    assert _kept(fresh).entries == 1


def test_a_304_from_a_kept_answer_is_the_304_of_a_fresh_one(fresh: Client) -> None:
    etag = fresh.get("/v1/actions/A02").headers["etag"]  # kept now
    with TestClient(create_app()) as other:
        cold = other.get("/v1/actions/A02", headers={"If-None-Match": etag})
    kept = fresh.get("/v1/actions/A02", headers={"If-None-Match": etag})
    listed = fresh.get("/v1/actions/A02", headers={"If-None-Match": f'"other", {etag}'})
    assert cold.status_code == kept.status_code == listed.status_code == 304
    assert _wire(kept) == _wire(cold) == _wire(listed)
    assert kept.headers["etag"] == etag and "content-length" not in kept.headers


def test_each_request_header_that_matters_has_its_own_answer(fresh: Client) -> None:
    for _ in range(2):
        plain = fresh.get("/v1/tasks", headers={"Accept-Encoding": "identity"})
        zipped = fresh.get("/v1/tasks", headers={"Accept-Encoding": "gzip"})
        as_csv = fresh.get("/v1/tasks", headers={"Accept-Encoding": "identity", "Accept": "text/csv"})
    assert "content-encoding" not in plain.headers and zipped.headers["content-encoding"] == "gzip"
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert len({plain.headers["etag"], zipped.headers["etag"], as_csv.headers["etag"]}) == 3
    assert _kept(fresh).entries == 3


def test_errors_are_answered_but_not_kept(fresh: Client, assert_problem: Problem) -> None:
    for _ in range(2):
        assert_problem(fresh.get("/v1/actions/A99"), 404, type="/problems/not-found")
        assert_problem(fresh.get("/v1/tasks?colour=red"), 400, type="/problems/unknown-parameter")
        assert_problem(fresh.get("/v1/nothing-here"), 404, type="/problems/unknown-route")
        assert_problem(fresh.post("/v1/actions"), 405, type="/problems/method-not-allowed")
    assert _kept(fresh).entries == 0


def test_every_fixed_header_appears_once(fresh: Client) -> None:
    for _ in range(2):
        for response in (fresh.get("/v1/actions"), fresh.get("/docs"), fresh.options("/v1/actions")):
            for name in (
                "x-dataset-version",
                "content-security-policy",
                "x-content-type-options",
                "access-control-allow-origin",
                "vary",
                "etag",
            ):
                assert len(response.headers.get_list(name)) <= 1, (response.url, name)
            assert response.headers["x-dataset-version"] == VERSION


def test_kept_answers_count_against_the_rate_limit(assert_problem: Problem) -> None:
    with TestClient(create_app(rate_limit="3/minute")) as client:
        remaining = []
        for _ in range(3):
            response = client.get("/v1/actions")
            assert response.status_code == 200
            remaining += response.headers.get_list("ratelimit-remaining")
        assert remaining == ["2", "1", "0"]  # one header each: the kept answer is not changed by the limiter
        assert_problem(client.get("/v1/actions"), 429, type="/problems/rate-limited")


def test_the_store_stays_within_its_budget_and_forgets_the_oldest_first() -> None:
    async def run() -> None:
        store = BoundedStore(10_000)
        await store.set("first", b"x" * 100)
        for i in range(1_000):  # a flood of distinct keys (queries, or client addresses)
            await store.set(f"key-{i}", b"y" * 100)
            assert store.held <= 10_000
        assert await store.get("first") is None  # forgotten: for the rate limit, that client starts afresh
        assert await store.get("key-999") == b"y" * 100
        await store.set("new", b"z", expires_in=60)
        assert await store.get("new") == b"z" and 0 < (await store.expires_in("new") or 0) <= 60
        await store.set("gone", b"z", expires_in=-1)
        assert await store.get("gone") is None and not await store.exists("gone")
        await store.delete_all()
        assert store.entries == 0 and store.held == 0

    beside_the_browser(asyncio.run, run())


def test_a_flood_of_identities_cannot_lock_a_new_client_out(assert_problem: Problem) -> None:
    """Litestar's rate limit keeps its counts in a bounded store: past its budget the oldest counts go,
    so a new client always gets its allowance (the old limiter refused every new one: Retry-After 2181)."""
    app = create_app(rate_limit="1/minute")
    app.stores.register("rate_limit", BoundedStore(20_000), allow_override=True)
    with TestClient(app) as client:
        store = app.stores.get("rate_limit")
        spent = b'{"history":[1],"reset":9000000000000}'
        for i in range(2_000):  # what 2,000 addresses at their limit leave behind
            beside_the_browser(asyncio.run, store.set(f"RateLimitMiddleware::10.0.{i // 256}.{i % 256}", spent))
        assert client.get("/v1/actions").status_code == 200  # the test client: a new identity
        assert_problem(client.get("/v1/actions"), 429, type="/problems/rate-limited")
