"""Answers are finished once and replayed: a replayed answer is the first one, byte for byte.

The replay layer (replay.py) keeps the finished 200 and 304 answers by method, path, query string,
Accept, Accept-Encoding and If-None-Match. These tests pin what that must never change: the bytes
and headers a client sees, the rate limit's count, and that errors and odd requests are not kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from importlib.metadata import version
from typing import Any

import httpx
import pytest
from internet_plus_api.app import create_app
from internet_plus_api.replay import ReplayCache
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


def _kept(client: Client) -> ReplayCache:
    cache: ReplayCache = client.app.state["replay"]
    return cache


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
def test_a_replayed_answer_is_the_first_answer_byte_for_byte(
    fresh: Client, method: str, path: str, headers: dict[str, str]
) -> None:
    first = fresh.request(method, path, headers=headers)
    assert first.status_code == 200
    assert len(_kept(fresh).answers) == 0  # kept on its second request, not its first
    second = fresh.request(method, path, headers=headers)
    assert len(_kept(fresh).answers) == 1
    again = fresh.request(method, path, headers=headers)
    assert len(_kept(fresh).answers) == 1  # answered from what was kept, not kept again
    assert _wire(again) == _wire(second) == _wire(first)


def test_direct_answers_equal_litestar_answers(fresh: Client) -> None:
    """Lists and search are answered by the front layer without Litestar; Litestar's route gives the same."""
    routed_app = create_app()
    routed_app.front.direct = {}  # type: ignore[attr-defined]
    with TestClient(routed_app) as routed:
        for path in (
            "/v1/tasks?action=A02",
            "/v1/tasks.csv?bom=true",
            "/v1/search?q=%E5%88%B6%E9%80%A0",
            "/v1/tasks?colour=red",
            "/v1/agencies?limit=0",
        ):
            for headers in ({}, {"Accept-Encoding": "gzip"}, {"Accept": "text/csv"}):
                a, b = fresh.get(path, headers=headers), routed.get(path, headers=headers)
                assert (a.status_code, a.content) == (b.status_code, b.content), path
                assert sorted(_wire(a)[1]) == sorted(_wire(b)[1]), (path, headers)


def test_a_304_is_derived_from_the_kept_200(fresh: Client) -> None:
    for _ in range(2):
        first = fresh.get("/v1/actions/A02", headers={"If-None-Match": '"0123"'})  # kept on its second request
    etag = first.headers["etag"]
    cold = create_app()
    with TestClient(cold) as other:
        routed = other.get("/v1/actions/A02", headers={"If-None-Match": etag})
    replayed = fresh.get("/v1/actions/A02", headers={"If-None-Match": etag})
    assert routed.status_code == replayed.status_code == 304
    assert _wire(replayed) == _wire(routed)
    assert replayed.headers["etag"] == etag and "content-length" not in replayed.headers
    assert replayed.headers["cache-control"] == first.headers["cache-control"]


def test_distinct_validators_do_not_multiply_what_is_kept(fresh: Client) -> None:
    for i in range(200):
        assert fresh.get("/v1/actions?fields=id", headers={"If-None-Match": f'"stale-{i}"'}).status_code == 200
    assert len(_kept(fresh).answers) == 1


def test_each_request_header_that_matters_has_its_own_answer(fresh: Client) -> None:
    for _ in range(2):  # kept on the second request
        plain = fresh.get("/v1/tasks", headers={"Accept-Encoding": "identity"})
        zipped = fresh.get("/v1/tasks", headers={"Accept-Encoding": "gzip"})
        as_csv = fresh.get("/v1/tasks", headers={"Accept-Encoding": "identity", "Accept": "text/csv"})
    assert "content-encoding" not in plain.headers and zipped.headers["content-encoding"] == "gzip"
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert len({plain.headers["etag"], zipped.headers["etag"], as_csv.headers["etag"]}) == 3
    assert len(_kept(fresh).answers) == 3


def test_errors_are_answered_but_not_kept(fresh: Client, assert_problem: Problem) -> None:
    for _ in range(2):
        assert_problem(fresh.get("/v1/actions/A99"), 404, type="/problems/not-found")
        assert_problem(fresh.get("/v1/tasks?colour=red"), 400, type="/problems/unknown-parameter")
        assert_problem(fresh.get("/v1/nothing-here"), 404, type="/problems/unknown-route")
        assert_problem(fresh.post("/v1/actions"), 405, type="/problems/method-not-allowed")
    assert len(_kept(fresh).answers) == 0


def test_an_over_long_header_is_answered_but_not_kept(fresh: Client) -> None:
    accept = "application/json, " + ", ".join(f"text/x-{i}" for i in range(150))
    response = fresh.get("/v1/actions", headers={"Accept": accept})
    assert response.status_code == 200 and response.json()["meta"]["total"] == 11
    assert len(_kept(fresh).answers) == 0


def test_every_fixed_header_appears_once(fresh: Client) -> None:
    for _ in range(2):
        for response in (fresh.get("/v1/actions"), fresh.get("/docs"), fresh.options("/v1/actions")):
            for name in (
                "x-dataset-version",
                "content-security-policy",
                "x-content-type-options",
                "access-control-allow-origin",
                "vary",
            ):
                assert len(response.headers.get_list(name)) <= 1, (response.url, name)
            assert response.headers["x-dataset-version"] == VERSION


def test_replayed_answers_count_against_the_rate_limit(assert_problem: Problem) -> None:
    with TestClient(create_app(rate_limit="3/minute")) as client:
        remaining = []
        for _ in range(3):
            response = client.get("/v1/actions")
            assert response.status_code == 200
            remaining += response.headers.get_list("ratelimit-remaining")
        assert remaining == ["2", "1", "0"]  # one header each: the kept answer is not changed by the limiter
        assert_problem(client.get("/v1/actions"), 429, type="/problems/rate-limited")
