"""One definition of searchable text: ``q=`` on a collection, ``/v1/search``, the library and the CLI
find the same rows for the same query (all of them read ``internet_plus.search.SEARCH_FIELDS``)."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from internet_plus.search import DEFAULT_TABLES, SEARCH_FIELDS

Client = TestClient[Litestar]

QUERIES = [
    "gov.cn",
    "大數據",
    "ndrc",
    "发展改革委",
    "共同牵头",
    "big data",
    "Ministry",
    "制造",
    "ＭＩＩＴ",
    "2018",
    "市场监管总局",
    "ecommerce",
]


def _collection(table: str) -> str:
    return "/v1/" + table


def _cli(query: str, tables: list[str]) -> dict[str, set[str]]:
    """Ids per table that ``internet-plus search`` prints (one process for all the tables)."""
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "internet_plus.cli",
            "search",
            query,
            *(f"--table={t}" for t in tables),
            "--format",
            "ndjson",
            "--limit",
            "100000",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode in (0, 1), out.stderr  # 1: nothing found
    found: dict[str, set[str]] = {t: set() for t in tables}
    for line in out.stdout.splitlines():
        if line.startswith("{"):
            hit = json.loads(line)
            found[hit["table"]].add(hit["id"])
    return found


@pytest.mark.parametrize("query", QUERIES)
def test_q_search_library_and_cli_find_the_same_rows(client: Client, ds: Any, query: str) -> None:
    found_any = False
    for table in SEARCH_FIELDS:
        library = {h.id for h in ds.search(query, tables=[table])}
        by_q = {
            json.loads(line)["id"]
            for line in client.get(_collection(table) + ".ndjson", params={"q": query}).content.splitlines()
        }
        hits = client.get("/v1/search", params={"q": query, "table": table}, headers={"Accept": "application/x-ndjson"})
        by_search = {json.loads(line)["id"] for line in hits.content.splitlines()}
        assert library == by_q == by_search, (query, table, library ^ by_q, library ^ by_search)
        found_any = found_any or bool(library)
    assert found_any, query


@pytest.mark.parametrize("query", ["gov.cn", "共同牵头", "ndrc", "市场监管总局"])
def test_the_cli_agrees_too(ds: Any, query: str) -> None:
    tables = ["agencies", "actions", "responsibilities", "measures"]
    found = _cli(query, tables)
    for table in tables:
        assert found[table] == {h.id for h in ds.search(query, tables=[table])}, (query, table)


def test_default_search_tables_are_the_same_everywhere(client: Client, ds: Any) -> None:
    hits = client.get("/v1/search", params={"q": "共同牵头"}, headers={"Accept": "application/x-ndjson"})
    tables = {json.loads(line)["table"] for line in hits.content.splitlines()}
    assert tables == {h.table for h in ds.search("共同牵头")} and tables <= set(DEFAULT_TABLES)
    assert "actions" in tables  # attributions are reached by the default search
