"""Each shortcut the uncached and kept paths take gives exactly what the general code gives.

The front layer answers lists, searches and kept answers with code paths made for speed (see
docs/architecture.md, "Performance"): the headers of a rendered answer built in one pass, a query
string without escapes split without ``parse_qsl``, links without ``urlencode`` when nothing needs
quoting, a kept answer's 200 and 304 sent as messages built once. Each is checked here against
the general path it stands for, on generated inputs as well as the app's own answers.
"""

from __future__ import annotations

import gc
import itertools
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from internet_plus_api.app import create_app
from internet_plus_api.http import FixedHeaders, GzipCache, finish_200, wire_headers
from internet_plus_api.pagination import Page, page_links
from internet_plus_api.query import Param, parse_query
from internet_plus_api.render import Rendered, render
from internet_plus_api.settings import GZIP_MIN_SIZE
from litestar import Litestar
from litestar.testing import TestClient

Client = TestClient[Litestar]

_MEDIA = ("application/json", "text/csv", "application/x-ndjson", "text/html", "text/plain", "application/zip")
_OWN_HEADERS = (
    (),
    (("Link", '</v1/tasks?limit=1&offset=1>; rel="next"'), ("X-Total-Count", "46")),
    (("Content-Security-Policy", "default-src 'self'"),),
    (("Content-Disposition", 'attachment; filename="tasks.csv"'),),
    (("Content-Encoding", "gzip"),),
    (("X-Dataset-Version", "0.0.0"),),
    (("Accept-Ranges", "none"), ("Content-Length", "1")),
)


def _cases() -> list[Rendered]:
    small, big = b'{"a":1}', b"x" * (GZIP_MIN_SIZE + 10)
    out = []
    for media, own, body, vary in itertools.product(_MEDIA, _OWN_HEADERS, (small, big), (True, False)):
        out.append(render(body, media, headers=own, vary_accept=vary))
    out.append(Rendered(big, "application/json", 'W/"weak"'))  # not a strong quoted tag
    out.append(Rendered(big, "application/json", "unquoted"))
    return out


@pytest.mark.parametrize("gzip_ok", [False, True])
def test_one_pass_headers_equal_the_three_steps(gzip_ok: bool) -> None:
    fixed = FixedHeaders("9.9.9")
    for rendered in _cases():
        expected = finish_200(fixed.add(wire_headers(rendered)), rendered.body, gzip_ok, GzipCache())
        assert fixed.finished(rendered, gzip_ok, GzipCache()) == expected, rendered


def test_the_app_s_own_answers_take_the_same_headers_either_way() -> None:
    """Lists answered in the front layer (one pass) and by Litestar's route (three steps) agree, in order."""
    fast, routed_app = create_app(), create_app()
    routed_app.front.direct = {}  # type: ignore[attr-defined]
    with TestClient(fast) as a, TestClient(routed_app) as b:
        asked = [
            (path, headers)
            for path in ("/v1/tasks?limit=2", "/v1/tasks.csv", "/v1/agencies?limit=3", "/v1/search?q=data")
            for headers in ({}, {"Accept-Encoding": "gzip"}, {"Accept": "application/x-ndjson"})
        ]
        for path, headers in [*asked, ("/v1/agencies?facet=kind", {"Accept-Encoding": "gzip"})]:
            x, y = a.get(path, headers=headers), b.get(path, headers=headers)
            assert x.status_code == y.status_code == 200
            assert [h for h in x.headers.multi_items() if h[0] != "date"] == [
                h for h in y.headers.multi_items() if h[0] != "date"
            ], (path, headers)
            assert x.content == y.content


_PLAIN = st.text(alphabet="abcxyz019=&,-._~", max_size=40)  # no '%' and no '+': the split-only path


@settings(max_examples=400, deadline=None)
@given(_PLAIN)
def test_a_query_without_escapes_is_split_as_parse_qsl_splits_it(text: str) -> None:
    params = tuple(Param(name, "x", max_length=None) for name in ("a", "b", "c", "x", "y", "z"))
    expected = parse_qsl(text, keep_blank_values=True)
    names = [n for n, _ in expected]
    if any(n not in {"a", "b", "c", "x", "y", "z"} for n in names) or len(set(names)) != len(names):
        with pytest.raises(Exception, match="parameter"):
            parse_query(text.encode(), params)
        return
    query = parse_query(text.encode(), params)
    assert {k: v for k, v in query.raw} == dict(expected)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["q", "fields", "sort"]), st.text(max_size=12)), max_size=3))
def test_links_are_encoded_as_urlencode_encodes_them(raw: list[tuple[str, str]]) -> None:
    page = Page((), 46, 10, 10, None, ())
    prefix = f"/v1/tasks?{urlencode(raw, quote_via=quote, safe=',')}&" if raw else "/v1/tasks?"
    assert page_links("/v1/tasks", raw, page)["self"] == f"{prefix}limit=10&offset=10"


def test_a_kept_304_is_the_304_of_the_general_path(client: Client) -> None:
    etag = client.get("/v1/tasks/A02.1").headers["etag"]
    exact = [client.get("/v1/tasks/A02.1", headers={"If-None-Match": etag}) for _ in range(3)]  # kept, then fast
    listed = client.get("/v1/tasks/A02.1", headers={"If-None-Match": f'"other", {etag}'})  # the general path
    assert {r.status_code for r in [*exact, listed]} == {304}
    wire = [[h for h in r.headers.multi_items() if h[0] != "date"] for r in [*exact, listed]]
    assert wire[0] == wire[1] == wire[2] == wire[3]
    assert dict(wire[0])["etag"] == etag  # a 304 carries the validator of the 200 it stands for


def test_the_served_process_leaves_its_start_up_objects_to_no_collection() -> None:
    from internet_plus_api.server import worker_app

    before = gc.get_freeze_count()
    try:
        app: Any = worker_app()
        assert gc.get_freeze_count() > before + 50_000  # the data and the answers rendered up front
        assert app.front is not None
    finally:
        gc.unfreeze()
