"""A row's history: every release's value of each field, as each release published it, and the reason each
change was made; the same answer as JSON, CSV, a page and an Atom feed."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import feedparser
from litestar import Litestar
from litestar.testing import TestClient

import internet_plus
from internet_plus.history import row_history
from internet_plus.versions import release_files


def a_row_changed_in_two_releases(ds: Any) -> tuple[str, str]:
    """A row of tasks that two releases changed (found in the data, not named here)."""
    releases: dict[str, set[str]] = {}
    for c in ds.changes:
        if c.table_name == "tasks" and c.row_id and c.field:
            releases.setdefault(c.row_id, set()).add(c.release)
    return "tasks", next(row for row, seen in sorted(releases.items()) if len(seen) >= 2)


def test_a_history_is_each_release_as_published_with_each_change_and_its_reason(ds: Any) -> None:
    table, key = a_row_changed_in_two_releases(ds)
    history = row_history(ds, table, key)
    versions = [r.version for r in internet_plus.releases()]
    assert [s.release for s in history.states][: len(versions)] == versions
    for version in (versions[0], versions[-1]):  # the row exactly as each release's own JSON file has it
        published = json.loads(release_files(version)[f"dataset/{table}.json"])
        state = next(s for s in history.states if s.release == version)
        assert state.row == next(r for r in published if r["id"] == key)
    changed = [s for s in history.states if s.status == "modified"]
    assert len(changed) >= 2 and history.states[0].status == "first"
    for state in changed:
        expected = [c for c in ds.changes if (c.table_name, c.row_id, c.release) == (table, key, state.release)]
        assert list(state.changes) == expected and all(c.reason for c in expected)
    field = history.changes[0].field
    runs = history.spans(field)
    assert len(runs) >= 2 and runs[1]["change"] == history.changes[0]


def test_the_history_endpoint_json_csv_page_and_feed_agree(client: TestClient[Litestar], ds: Any) -> None:
    table, key = a_row_changed_in_two_releases(ds)
    history = row_history(ds, table, key)
    body = client.get(f"/v1/{table}/{key}/history").json()
    assert body == client.get(f"/v1/{table}/{key}/history.json").json()
    assert [r["release"] for r in body["releases"]] == [s.release for s in history.states]
    assert [c["id"] for r in body["releases"] for c in r["changes"]] == [c.id for c in history.changes]
    lines = list(csv.DictReader(io.StringIO(client.get(f"/v1/{table}/{key}/history.csv").text)))
    assert len(lines) == len(history.states) * len(history.fields)
    assert {(row["change_id"], row["reason"]) for row in lines if row["changed"] == "true"} == {
        (c.id, c.reason) for c in history.changes
    }
    page = client.get(f"/v1/{table}/{key}/history", headers={"accept": "text/html"})
    assert page.headers["content-type"].startswith("text/html")
    assert all(c.id in page.text for c in history.changes)
    assert "The Chinese is the official text" in page.text  # the label every page with English carries
    feed = feedparser.parse(client.get(f"/v1/{table}/{key}/history.atom").content)
    assert not feed.bozo and len(feed.entries) == len({c.release for c in history.changes})
    json_feed = client.get(f"/v1/{table}/{key}/history.feed.json").json()
    assert json_feed["version"] == "https://jsonfeed.org/version/1.1"
    assert json_feed["feed_url"] == f"/v1/{table}/{key}/history.feed.json"
    assert [i["id"] for i in json_feed["items"]] == [e.id for e in feed.entries]
    row_page = client.get(f"/v1/{table}/{key}", headers={"accept": "text/html"}).text
    for href, media in (("history.atom", "application/atom+xml"), ("history.feed.json", "application/feed+json")):
        assert f'type="{media}"' in row_page and f"/v1/{table}/{key}/{href}" in row_page, href


def test_a_removed_row_keeps_its_history_and_an_unknown_one_is_a_404(
    client: TestClient[Litestar], ds: Any, assert_problem: Any
) -> None:
    removed = next(c for c in ds.changes if c.kind == "removed" and c.row_id and not c.field)
    body = client.get(f"/v1/{removed.table_name}/{removed.row_id}/history").json()
    assert body["releases"][-1]["status"] in ("removed", "absent") and body["releases"][0]["row"] is not None
    assert_problem(client.get("/v1/tasks/A99.9/history"), 404, type="/problems/not-found")


def test_rows_of_a_new_table_are_itemised_as_added(ds: Any) -> None:
    """Each table a release added: one change for the table, and one per row it arrived with."""
    for new in [c for c in ds.changes if c.kind == "added" and c.row_id is None and c.field is None]:
        if new.table_name == "changes":
            continue  # the diffs leave the table of changes out
        arrived = internet_plus.load(version=new.release).rows(new.table_name)
        itemised = [
            c.row_id
            for c in ds.changes
            if (c.release, c.table_name, c.kind, c.field) == (new.release, new.table_name, "added", None) and c.row_id
        ]
        assert itemised == [r.id for r in arrived], new.table_name


def test_every_table_s_history_is_the_same_operation_answering_its_own_rows(client: TestClient[Litestar]) -> None:
    """One view answers every table's row history, so the contract run drives the tasks' only: here each table's
    documents the same answer as the tasks' and answers a row of its own as the library's history of it."""
    spec = client.get("/schema/openapi.json").json()
    paths = [p for p in spec["paths"] if p.endswith("/{id}/history")]
    assert "/v1/tasks/{id}/history" in paths and len(paths) > 1
    responses = spec["paths"]["/v1/tasks/{id}/history"]["get"]["responses"]
    ds = internet_plus.load()
    for path in paths:
        assert spec["paths"][path]["get"]["responses"] == responses, path
        listed = client.get(path.removesuffix("/{id}/history") + ".json", params={"limit": 1}).json()["data"]
        key = str(listed[0]["id"])
        body = client.get(path.replace("{id}", key)).json()
        table = body["table"]
        assert body["id"] == key
        assert [r["release"] for r in body["releases"]] == [s.release for s in row_history(ds, table, key).states]


def test_every_history_link_of_a_row_page_answers(client: TestClient[Litestar], ds: Any) -> None:
    """The copy leaves histories to the app, so its link check passes them over: here each table's row page
    links only histories the app answers (a row of changes has none, and links none)."""
    import re

    for table in ds.tables:
        row_id = ds.rows(table)[0].id
        page = client.get(f"/v1/{table}/{row_id}", headers={"accept": "text/html"})
        assert page.status_code == 200, table
        links = set(re.findall(r'href="(/v1/[^"?#]*/history[^"?#]*)"', page.text))
        assert bool(links) == (table != "changes"), table
        for link in sorted(links):
            assert client.get(link, headers={"accept": "text/html"}).status_code == 200, link
