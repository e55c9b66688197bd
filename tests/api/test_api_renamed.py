"""One name per table: a URL names ``document_links`` as its file and schema do, and the spelling before 3.2.0
(``/v1/document-links/…``) answers a 308 Permanent Redirect to it, the rest of the path and the query kept."""

from __future__ import annotations

import re
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from renamed_urls import OLD_URLS

from internet_plus.table_names import former_spellings

HYPHENATED = re.compile(r"\b(?:document-links|agency-changes|measure-groups)\b")


@pytest.mark.parametrize(("old", "new"), OLD_URLS)
def test_an_old_url_redirects_permanently_to_the_tables_own(client: TestClient[Litestar], old: str, new: str) -> None:
    for method in (client.get, client.head):
        moved = method(old, follow_redirects=False)
        assert (moved.status_code, moved.headers["location"]) == (308, new)
        assert moved.headers["x-dataset-version"]  # an answer of the app's, with its fixed headers
    assert client.get(new).status_code == 200


def test_every_table_with_an_underscore_had_a_hyphenated_spelling(client: TestClient[Litestar], ds: Any) -> None:
    renamed = former_spellings(ds.tables)
    assert set(renamed) == {"document-links", "measure-groups", "agency-changes"}
    for old, new in renamed.items():
        row = ds.rows(new)[0].id
        assert client.get(f"/v1/{old}/{row}", follow_redirects=False).headers["location"] == f"/v1/{new}/{row}"
    assert client.get("/v1/document-link/L001", follow_redirects=False).status_code == 404  # not a spelling of it


def test_the_openapi_document_and_the_sitemap_name_each_table_once(
    client: TestClient[Litestar], openapi: dict[str, Any]
) -> None:
    paths = list(openapi["paths"])
    assert "/v1/document_links/{id}" in paths and "/feeds/changes/{name}" in paths
    assert not [p for p in paths if HYPHENATED.search(p)]
    feeds = next(p for p in openapi["paths"]["/feeds/changes/{name}"]["get"]["parameters"] if p["name"] == "name")
    assert "document_links.atom" in feeds["schema"]["enum"] and not HYPHENATED.search(str(feeds["schema"]["enum"]))
    sitemap = client.get("/sitemap.xml").text
    assert "/v1/document_links/L001<" in sitemap and not HYPHENATED.search(sitemap)


def test_a_table_parameter_takes_either_spelling(client: TestClient[Litestar]) -> None:
    old, new = (client.get(f"/v1/changes?table={t}&limit=500").json() for t in ("agency-changes", "agency_changes"))
    assert old["data"] == new["data"] and {r["table_name"] for r in old["data"]} == {"agency_changes"}
