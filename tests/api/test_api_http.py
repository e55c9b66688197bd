"""HTTP done right: validators and 304, HEAD, OPTIONS and CORS, 405, gzip, caching and security headers."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from importlib.metadata import version
from typing import Any

import pytest
from internet_plus_api.stores import ByteBudgetCache
from litestar import Litestar
from litestar.testing import TestClient

VERSION = version("internet-plus")  # the release being served: pyproject's, via the installed metadata

Client = TestClient[Litestar]
IDENTITY = {"Accept-Encoding": "identity"}
GZIP = {"Accept-Encoding": "gzip"}


def test_strong_etag_and_304(client: Client) -> None:
    first = client.get("/v1/tasks/A02.1", headers=IDENTITY)
    etag = first.headers["etag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    again = client.get("/v1/tasks/A02.1", headers={**IDENTITY, "If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    assert again.headers["cache-control"] == "public, max-age=3600"
    assert again.headers["x-dataset-version"] == VERSION


@pytest.mark.parametrize("header", ['"nope", {etag}', "W/{etag}", "*"])
def test_if_none_match_forms(client: Client, header: str) -> None:
    etag = client.get("/v1/actions", headers=IDENTITY).headers["etag"]
    response = client.get("/v1/actions", headers={**IDENTITY, "If-None-Match": header.format(etag=etag)})
    assert response.status_code == 304


@pytest.mark.parametrize("path", ["/v1/tasks/A02.1", "/v1/tasks?action=A02", "/v1/download/tasks.csv"])
def test_if_match_naming_no_current_etag_is_a_412_problem(client: Client, assert_problem: Any, path: str) -> None:
    """RFC 9110 §13.1.1: a server that would answer 200 MUST evaluate If-Match: a current tag or ``*`` gets the
    answer, anything else (another tag, a weak one) a 412 problem, with no body for HEAD; If-Match first."""
    first = client.get(path, headers=IDENTITY)
    etag = first.headers["etag"]
    for current in (etag, f'"other", {etag}', "*"):
        assert client.get(path, headers={**IDENTITY, "If-Match": current}).content == first.content
    for stale in ('"0123456789abcdef0123456789abcdef"', f"W/{etag}"):
        refused = client.get(path, headers={**IDENTITY, "If-Match": stale, "If-None-Match": etag})
        body = assert_problem(refused, 412, type="/problems/precondition-failed")
        assert refused.headers["etag"] != etag  # the problem's own validator, not the resource's
        assert body["instance"] == path
        head = client.head(path, headers={**IDENTITY, "If-Match": stale})
        assert head.status_code == 412 and head.content == b""
    assert client.get(path, headers={**IDENTITY, "If-Match": etag, "If-None-Match": etag}).status_code == 304


def test_dates_as_preconditions_are_judged_against_the_release_date(client: Client, assert_problem: Any) -> None:
    """Every 200's Last-Modified is the release date: a copy of that date or later is current (304), one asked
    unmodified since an earlier date fails (412); a date that is not an HTTP-date is ignored, and the tag-based
    fields take precedence over the dates (RFC 9110 §13.1.3, §13.1.4, §13.2.2)."""
    first = client.get("/v1/tasks/A02.1", headers=IDENTITY)
    released = first.headers["last-modified"]
    earlier = "Mon, 02 Jan 2006 00:00:00 GMT"
    assert client.get("/v1/tasks/A02.1", headers={"If-Modified-Since": released}).status_code == 304
    assert client.get("/v1/tasks/A02.1", headers={"If-Modified-Since": earlier}).status_code == 200
    assert client.get("/v1/tasks/A02.1", headers={"If-Modified-Since": "yesterday"}).status_code == 200
    stale_tag = {"If-None-Match": '"0123456789abcdef0123456789abcdef"', "If-Modified-Since": released}
    assert client.get("/v1/tasks/A02.1", headers=stale_tag).status_code == 200
    assert client.get("/v1/tasks/A02.1", headers={"If-Unmodified-Since": released}).content == first.content
    assert_problem(
        client.get("/v1/tasks/A02.1", headers={"If-Unmodified-Since": earlier}),
        412,
        type="/problems/precondition-failed",
    )
    current = {"If-Match": first.headers["etag"], "If-Unmodified-Since": earlier}
    assert client.get("/v1/tasks/A02.1", headers={**IDENTITY, **current}).status_code == 200


def test_a_stale_etag_gets_the_body(client: Client) -> None:
    response = client.get("/v1/actions", headers={"If-None-Match": '"0123456789abcdef0123456789abcdef"'})
    assert response.status_code == 200 and response.json()["meta"]["total"] == 11


def test_etags_of_dynamic_answers_are_stable_and_distinct(client: Client) -> None:
    one = client.get("/v1/tasks?action=A02&fields=id", headers=IDENTITY).headers["etag"]
    assert client.get("/v1/tasks?action=A02&fields=id", headers=IDENTITY).headers["etag"] == one
    assert client.get("/v1/tasks?action=A03&fields=id", headers=IDENTITY).headers["etag"] != one
    as_csv = client.get("/v1/tasks?action=A02&fields=id", headers={**IDENTITY, "Accept": "text/csv"})
    assert as_csv.headers["etag"] != one
    assert client.get("/v1/tasks?action=A02&fields=id", headers={**IDENTITY, "If-None-Match": one}).status_code == 304


def test_gzip_representation_has_its_own_etag_and_revalidates(client: Client) -> None:
    plain = client.get("/v1/tasks", headers=IDENTITY)
    zipped = client.get("/v1/tasks", headers=GZIP)
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.content == plain.content  # httpx decodes the body
    assert zipped.headers["etag"] == plain.headers["etag"][:-1] + '-gzip"'
    assert "Accept-Encoding" in plain.headers["vary"] and "Accept-Encoding" in zipped.headers["vary"]
    revalidated = client.get("/v1/tasks", headers={**GZIP, "If-None-Match": zipped.headers["etag"]})
    assert revalidated.status_code == 304
    assert revalidated.headers["etag"] == zipped.headers["etag"]


def test_gzip_only_above_the_threshold_and_never_when_refused(client: Client) -> None:
    assert "content-encoding" not in client.get("/healthz", headers=GZIP).headers
    refused = client.get("/v1/tasks", headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert "content-encoding" not in refused.headers
    stream = client.get("/v1/provisions?limit=500", headers=GZIP)
    assert int(stream.headers["content-length"]) < len(stream.content)
    assert gzip.compress(stream.content) != stream.content  # the body really was larger than it travelled


@pytest.mark.parametrize("q", ["nan", "NaN", "inf", "-inf", "x", ""])
def test_a_q_that_is_no_number_refuses_in_accept_as_in_accept_encoding(
    client: Client, q: str, assert_problem: Callable[..., dict[str, Any]]
) -> None:
    """One reading of a qvalue (http.q_value) for both headers: a malformed one (``float`` reads nan and
    inf, no qvalue is either) counts as 0, a refusal."""
    assert "content-encoding" not in client.get("/v1/tasks", headers={"Accept-Encoding": f"gzip;q={q}"}).headers
    refused = client.get("/v1/principles", headers={"Accept": f"application/json;q={q}, image/png"})
    assert_problem(refused, 406, type="/problems/not-acceptable")
    csv = client.get("/v1/principles", headers={"Accept": f"application/json;q={q}, text/csv;q=0.1"})
    assert csv.headers["content-type"].startswith("text/csv")


def test_head_on_every_documented_path(client: Client, concrete_paths: list[str]) -> None:
    for path in concrete_paths:
        get = client.get(path, headers=IDENTITY)
        head = client.head(path, headers=IDENTITY)
        assert get.status_code == head.status_code == 200, path
        assert head.content == b"", path
        for name in ("content-type", "etag", "cache-control", "vary", "x-dataset-version", "x-total-count"):
            assert head.headers.get(name) == get.headers.get(name), (path, name)
        assert head.headers["content-length"] == str(len(get.content)), path


def test_write_methods_are_405_with_allow_on_every_path(
    client: Client, concrete_paths: list[str], assert_problem: Callable[..., dict[str, Any]]
) -> None:
    for path in concrete_paths:
        for method in ("POST", "PUT", "PATCH", "DELETE"):
            response = client.request(method, path, content=b"{}")
            body = assert_problem(response, 405, type="/problems/method-not-allowed")
            assert set(response.headers["allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}
            assert sorted(body["allowed"]) == ["GET", "HEAD", "OPTIONS"]


def test_options_lists_the_methods(client: Client) -> None:
    """Even where the GET's answer is kept: one handler answers both, and the response cache never gives
    the GET's answer to an OPTIONS request."""
    for path in ("/v1/tasks", "/v1/tasks/A02.1", "/v1/document-links/L001", "/"):
        assert client.get(path).status_code in (200, 308)  # kept (a redirect is not)
        response = client.options(path)
        assert response.status_code == 204 and response.content == b"", path
        assert set(response.headers["allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}


def test_cors_for_any_origin(client: Client) -> None:
    simple = client.get("/v1/tasks/A02.1", headers={"Origin": "https://example.org"})
    assert simple.headers["access-control-allow-origin"] == "*"
    assert "ETag" in simple.headers["access-control-expose-headers"]
    assert "Link" in simple.headers["access-control-expose-headers"]
    preflight = client.options(
        "/v1/tasks",
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "If-None-Match",
        },
    )
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert preflight.headers["access-control-allow-methods"] == "GET, HEAD, OPTIONS"
    assert preflight.headers["access-control-max-age"] == "86400"
    refused = client.options(
        "/v1/tasks", headers={"Origin": "https://example.org", "Access-Control-Request-Method": "DELETE"}
    )
    assert "DELETE" not in refused.headers["access-control-allow-methods"]


def test_security_headers_everywhere(client: Client) -> None:
    for response in (client.get("/v1/tasks"), client.get("/nope"), client.get("/docs"), client.options("/v1")):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-dataset-version"] == VERSION
        assert response.headers["x-frame-options"] == "DENY"
        assert "server" not in response.headers
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    api_csp = client.get("/v1/tasks").headers["content-security-policy"]
    assert api_csp.startswith("default-src 'none'")
    html_csp = client.get("/docs").headers["content-security-policy"]
    assert "script-src 'self'" in html_csp and "unsafe" not in html_csp and "http" not in html_csp


def test_cache_control_by_kind_of_answer(client: Client) -> None:
    assert client.get("/v1/tasks").headers["cache-control"] == "public, max-age=3600"
    assert client.get("/v1/datapackage.json").headers["cache-control"] == "public, max-age=3600"
    assert client.get("/healthz").headers["cache-control"] == "no-store"
    assert client.get("/v1/tasks/nope").headers["cache-control"] == "no-store"


def test_rendered_answers_are_kept_within_a_byte_budget() -> None:
    made: list[str] = []

    def make(key: str) -> Callable[[], bytes]:
        def build() -> bytes:
            made.append(key)
            return key.encode() * 10

        return build

    cache: ByteBudgetCache[str, bytes] = ByteBudgetCache(25, len)
    assert cache.get_or_make("a", make("a")) == b"a" * 10
    assert cache.get_or_make("a", make("a")) == b"a" * 10 and made == ["a"]
    cache.get_or_make("b", make("b"))
    cache.get_or_make("a", make("a"))  # a is now the most recently used
    cache.get_or_make("c", make("c"))  # over budget: b goes
    assert len(cache) == 2 and cache.held == 20
    cache.get_or_make("a", make("a"))
    cache.get_or_make("b", make("b"))
    assert made == ["a", "b", "c", "b"]
    assert cache.get_or_make("big", make("x" * 3)) == b"xxx" * 10  # larger than the budget: served, not kept
    assert len(cache) == 2 and cache.held == 20


def test_putting_a_key_again_replaces_its_value_and_its_size() -> None:
    cache: ByteBudgetCache[str, bytes] = ByteBudgetCache(25, len)
    cache.put("a", b"a" * 10)
    cache.put("a", b"a" * 4)
    assert cache.get("a") == b"aaaa" and cache.held == 4 and len(cache) == 1
    cache.put("b", b"b" * 21)  # fits beside a (25 bytes)
    cache.put("c", b"c")  # does not: the least recently used (a) goes
    assert cache.get("a") is None and cache.held == 22 and len(cache) == 2
    cache.put("huge", b"x" * 26)  # alone over the budget: not kept, nothing evicted
    assert cache.get("huge") is None and len(cache) == 2
