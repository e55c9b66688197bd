"""Explicit representation URLs: ``/v1/tasks/A02.1.json`` is ``/v1/tasks/A02.1`` asked for as JSON.

They are the URLs a plain static host serves (it cannot read ``Accept``), and the pages link to them,
so the app answers each with the very bytes the negotiated URL gives in that format.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

Client = TestClient[Litestar]
FORMATS = {".json": "application/json", ".csv": "text/csv", ".ndjson": "application/x-ndjson"}


@pytest.mark.parametrize(
    "bare",
    [
        "/v1/tasks/A02.1",
        "/v1/tasks/gf5:T1",
        "/v1/actions/collaborative-manufacturing",
        "/v1/provisions/A02.intro",
        "/v1/agencies/ndrc/responsibilities",
        "/v1/actions/A11/lineage",
        "/v1/documents/guofa-2015-40/links",
    ],
)
def test_a_suffix_names_the_format_accept_would_ask_for(client: Client, bare: str) -> None:
    for suffix, media_type in FORMATS.items():
        explicit = client.get(bare + suffix)
        negotiated = client.get(bare, headers={"accept": media_type})
        assert explicit.status_code == 200, bare + suffix
        assert (explicit.headers["content-type"], explicit.content) == (
            negotiated.headers["content-type"],
            negotiated.content,
        )


@pytest.mark.parametrize(
    ("explicit", "bare"),
    [("/index.json", "/"), ("/v1.json", "/v1"), ("/v1/releases.json", "/v1/releases"), ("/problems.json", "/problems")],
)
def test_json_only_answers_have_a_json_url(client: Client, explicit: str, bare: str) -> None:
    assert client.get(explicit).content == client.get(bare).content


def test_a_format_an_answer_does_not_have_is_no_url(client: Client, assert_problem: Callable[..., Any]) -> None:
    assert_problem(client.get("/v1/releases/1.0.0.csv"), 404)
    assert_problem(client.get("/v1/releases.csv"), 404)
    assert_problem(client.get("/v1/tasks/A99.9.json"), 404, type="/problems/not-found")
    assert client.get("/v1/download/tasks.csv").headers["content-disposition"] == 'attachment; filename="tasks.csv"'


def test_pages_link_to_explicit_urls_not_queries(client: Client) -> None:
    page = client.get("/v1/tasks/A02.1", headers={"accept": "text/html"}).text
    assert 'href="/v1/tasks/A02.1.json"' in page and 'href="/v1/tasks/A02.1.csv"' in page
    assert "?id=" not in page
