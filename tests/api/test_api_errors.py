"""Errors: every 4xx/5xx is problem+json that names what was wrong; limits; the rate limit; 500s."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from internet_plus_api.app import create_app
from internet_plus_api.settings import RATE_LIMIT_ENV, parse_rate_limit
from litestar import Litestar, get
from litestar.testing import TestClient

Client = TestClient[Litestar]
Problem = Callable[..., dict[str, Any]]


def test_an_unknown_parameter_lists_the_ones_that_exist(client: Client, assert_problem: Problem) -> None:
    body = assert_problem(
        client.get("/v1/tasks?action=A02&colour=red"),
        400,
        type="/problems/unknown-parameter",
        title="Unknown query parameter",
        instance="/v1/tasks?action=A02&colour=red",
    )
    assert body["invalid_params"] == [{"name": "colour", "reason": "is not a parameter of this endpoint"}]
    assert {"action", "q", "fields", "sort", "limit", "offset", "bom"} <= set(body["allowed"])
    assert "colour" in body["detail"] and "action" in body["detail"]
    assert_problem(client.get("/healthz?verbose=1"), 400, type="/problems/unknown-parameter", allowed=[])


@pytest.mark.parametrize(
    ("query", "name", "reason"),
    [
        ("limit=0", "limit", "0 is out of range: from 1 to 500"),
        ("limit=501", "limit", "501 is out of range: from 1 to 500"),
        ("limit=ten", "limit", "'ten' is not an integer"),
        ("offset=-1", "offset", "-1 is out of range: from 0 to 100000"),
        ("translation_status=final", "translation_status", "'final' is not one of: untranslated, draft, reviewed"),
        ("action=A%202", "action", "'A 2' does not match ^([a-z][a-z0-9]*:)?[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z0-9]+)*$"),
        ("action=", "action", "must not be empty"),
        ("position=first", "position", "'first' is not an integer"),
        (
            "fields=id,colour",
            "fields",
            "'colour' is not one of: id, document_id, provision_id, number, title_zh, title_en, text_zh, "
            "text_en, start, end, translation_status, translation_revision, action_id, position",
        ),
        (
            "sort=~id",
            "sort",
            "'~id' is not one of: id, -id, document_id, -document_id, provision_id, -provision_id, number, -number, title_zh, "
            "-title_zh, title_en, -title_en, text_zh, -text_zh, text_en, -text_en, start, -start, end, "
            "-end, translation_status, -translation_status, translation_revision, -translation_revision, "
            "action_id, -action_id, position, -position",
        ),
        ("bom=yes", "bom", "'yes' is not true or false"),
        ("q=%20%20", "q", "'  ' is only white space"),
        ("limit=1&limit=2", "limit", "is given more than once; separate several values with commas"),
    ],
)
def test_invalid_values_say_which_and_why(
    client: Client, assert_problem: Problem, query: str, name: str, reason: str
) -> None:
    body = assert_problem(client.get(f"/v1/tasks?{query}"), 400, type="/problems/invalid-parameter")
    assert body["invalid_params"] == [{"name": name, "reason": reason}]


def test_every_invalid_parameter_is_reported_at_once(client: Client, assert_problem: Problem) -> None:
    body = assert_problem(client.get("/v1/tasks?limit=0&offset=x&role=boss"), 400)
    assert body["type"] == "/problems/unknown-parameter"
    assert [p["name"] for p in body["invalid_params"]] == ["role"]
    body = assert_problem(client.get("/v1/tasks?limit=0&offset=x"), 400, type="/problems/invalid-parameter")
    assert [p["name"] for p in body["invalid_params"]] == ["limit", "offset"]


@pytest.mark.parametrize("query", ["q=%ZZ", "q=%FF", "q=%E5%88"])
def test_a_malformed_query_string(client: Client, assert_problem: Problem, query: str) -> None:
    assert_problem(client.get(f"/v1/tasks?{query}"), 400, type="/problems/malformed-query")


def test_search_needs_a_query(client: Client, assert_problem: Problem) -> None:
    body = assert_problem(client.get("/v1/search"), 400, type="/problems/invalid-parameter")
    assert body["invalid_params"] == [{"name": "q", "reason": "is required"}]
    assert_problem(client.get("/v1/search?q=x&table=nope"), 400, type="/problems/invalid-parameter")


def test_an_unknown_id_suggests_near_ids(client: Client, assert_problem: Problem) -> None:
    body = assert_problem(
        client.get("/v1/actions/A2"),
        404,
        type="/problems/not-found",
        title="No such record",
        detail="No row of actions has the id 'A2'.",
        instance="/v1/actions/A2",
    )
    assert body["nearest"][0] == "A02"
    assert assert_problem(client.get("/v1/tasks/a02.1"), 404)["nearest"][0] == "A02.1"
    assert_problem(client.get("/v1/agencies/nrdc"), 404, detail="No row of agencies has the id 'nrdc'.")
    assert "ndrc" in client.get("/v1/agencies/nrdc").json()["nearest"]
    assert "ndrc" in client.get("/v1/agencies/nrdc/responsibilities").json()["nearest"]
    assert_problem(client.get("/v1/actions/collaborative-manufactoring"), 404, nearest=["collaborative-manufacturing"])


def test_an_unknown_route_suggests_near_paths(client: Client, assert_problem: Problem) -> None:
    body = assert_problem(client.get("/v1/task"), 404, type="/problems/unknown-route")
    assert body["nearest"][0] == "/v1/tasks"
    assert_problem(client.delete("/v1/nowhere"), 404, type="/problems/unknown-route")


def test_length_limits(client: Client, assert_problem: Problem) -> None:
    assert client.get("/v1/tasks?q=" + "制" * 200).status_code == 200
    body = assert_problem(client.get("/v1/tasks?q=" + "制" * 201), 400, type="/problems/invalid-parameter")
    assert body["invalid_params"][0]["reason"] == "is 201 characters long; at most 200 are accepted"
    long_query = "/v1/tasks?fields=" + ",".join(["id"] * 700)
    body = assert_problem(client.get(long_query), 414, type="/problems/uri-too-long", instance="/v1/tasks")
    assert "2048" in body["detail"]
    assert_problem(client.get("/v1/tasks/" + "A" * 600), 414, type="/problems/uri-too-long")
    assert_problem(client.get("/v1/" + "x" * 600), 414, type="/problems/uri-too-long")
    too_many = "/v1/tasks?action=" + ",".join(["A01"] * 51)
    body = assert_problem(client.get(too_many), 400, type="/problems/invalid-parameter")
    assert body["invalid_params"][0]["reason"] == "lists 51 values; at most 50 are accepted"


def test_every_problem_type_is_documented_at_its_uri(client: Client) -> None:
    listed = client.get("/problems").json()["data"]
    assert {p["type"] for p in listed} >= {
        "/problems/unknown-parameter",
        "/problems/invalid-parameter",
        "/problems/not-found",
        "/problems/method-not-allowed",
        "/problems/uri-too-long",
        "/problems/rate-limited",
    }
    for problem in listed:
        one = client.get(problem["type"])
        assert one.status_code == 200 and one.json() == problem


def test_an_unhandled_error_is_a_bare_500(assert_problem: Problem) -> None:
    @get("/boom", sync_to_thread=False)
    def boom() -> str:
        raise RuntimeError("secret detail /etc/passwd")

    app = create_app()
    app.register(boom)
    with TestClient(app) as client:
        body = assert_problem(client.get("/boom"), 500, type="/problems/internal-error")
    assert body["detail"] == "The server could not answer this request."
    assert "secret" not in str(body) and "RuntimeError" not in str(body)


def test_rate_limit_answers_429_with_retry_after(assert_problem: Problem) -> None:
    with TestClient(create_app(rate_limit="2/day")) as client:
        first = client.get("/v1/actions")
        assert first.headers["ratelimit-limit"] == "2"
        assert first.headers["ratelimit-remaining"] == "1"
        assert client.get("/v1/actions/A02").status_code == 200
        refused = client.get("/v1/tasks")
        assert_problem(refused, 429, type="/problems/rate-limited")
        assert int(refused.headers["retry-after"]) >= 1
        assert refused.headers["ratelimit-remaining"] == "0"
        assert int(refused.headers["ratelimit-reset"]) >= 1
        assert client.get("/healthz").status_code == 200  # probes are never limited


def test_rate_limit_is_off_by_default_and_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, client: Client
) -> None:
    assert all(client.get("/v1/actions").status_code == 200 for _ in range(5))
    assert "ratelimit-limit" not in client.get("/v1/actions").headers
    monkeypatch.setenv(RATE_LIMIT_ENV, "1/minute")
    with TestClient(create_app()) as limited:
        assert limited.get("/v1/actions").status_code == 200
        assert limited.get("/v1/actions").status_code == 429
    with TestClient(create_app(rate_limit="5/second")) as explicit:
        assert explicit.get("/v1/actions").headers["ratelimit-limit"] == "5"
    monkeypatch.setenv(RATE_LIMIT_ENV, "lots")
    with pytest.raises(ValueError, match="N/second, N/minute"):
        create_app()


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("100/minute", ("minute", 100)),
        (" 5 / second ", ("second", 5)),
        ("1/day", ("day", 1)),
    ],
)
def test_parse_rate_limit(text: str, parsed: tuple[str, int]) -> None:
    assert parse_rate_limit(text) == parsed


@pytest.mark.parametrize("text", ["0/minute", "100", "100/week", "-1/second", "1/minute/2"])
def test_parse_rate_limit_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="rate limit"):
        parse_rate_limit(text)
