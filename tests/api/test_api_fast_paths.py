"""Each shortcut a query takes gives exactly what the general code gives.

A query string without escapes is split without ``parse_qsl``, and links are written without
``urlencode`` when nothing needs quoting. Each is checked here against the general path it stands
for, on generated inputs; and the served process keeps its start-up objects out of the collector.
"""

from __future__ import annotations

import gc
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from internet_plus_api.pagination import Page, page_links
from internet_plus_api.query import Param, parse_query

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


def test_the_served_process_leaves_its_start_up_objects_to_no_collection() -> None:
    from internet_plus_api.server import worker_app

    before = gc.get_freeze_count()
    try:
        app: Any = worker_app()
        assert gc.get_freeze_count() > before + 50_000  # the data and the answers rendered up front
        assert app.route_handler_method_map
    finally:
        gc.unfreeze()
