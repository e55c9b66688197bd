"""Changes you can follow: the feeds parse with a real feed parser and list the releases and the changes,
the JSON Feeds have the fields JSON Feed 1.1 requires, the pages announce them, and /v1/changes answers
since=, table= and id= with the changes computed by diffing two published releases."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from itertools import pairwise
from typing import Any

import feedparser
import pytest
from litestar import Litestar
from litestar.testing import TestClient

import internet_plus
from internet_plus.feeds import TAG

TAG_URI = re.compile(r"^tag:[a-z0-9.-]+,[0-9]{4}(-[0-9]{2}){0,2}:\S+$")  # RFC 4151


def groups(changes: Any) -> set[tuple[str, str, str]]:
    """The (release, table, row or *) a change entry stands for."""
    return {(c.release, c.table_name, c.row_id or "*") for c in changes}


def entry_key(entry_id: str) -> tuple[str, str, str]:
    release, table, row = entry_id.removeprefix(f"{TAG}change/").split("/", 2)
    return release, table, row


def parse_atom(client: TestClient[Litestar], url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def check_json_feed(body: dict[str, Any], url: str) -> None:
    """JSON Feed 1.1: version, title and items required; each item an id (a string) and content_text or
    content_html; dates RFC 3339; extensions only under names starting with an underscore."""
    assert body["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(body["title"], str) and body["title"]
    assert body["feed_url"] == url
    known = {"version", "title", "home_page_url", "feed_url", "description", "authors", "language", "items"}
    assert all(k in known or re.match(r"^_[a-z]", k) for k in body), body.keys()
    assert all(isinstance(a.get("name"), str) for a in body["authors"])
    for item in body["items"]:
        assert isinstance(item["id"], str) and TAG_URI.match(item["id"]), item["id"]
        assert isinstance(item.get("content_text") or item.get("content_html"), str)
        assert re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T00:00:00Z", item["date_published"])
        assert isinstance(item["tags"], list)


def test_the_releases_feed_lists_every_published_release(client: TestClient[Litestar]) -> None:
    published = internet_plus.releases()
    feed = parse_atom(client, "/feeds/releases.atom")
    assert [e.id for e in feed.entries] == [f"{TAG}release/{r.version}" for r in reversed(published)]
    assert [e.updated[:10] for e in feed.entries] == [r.date for r in reversed(published)]
    assert feed.feed.updated[:10] == max(r.date for r in published)
    body = client.get("/feeds/releases.json").json()
    check_json_feed(body, "/feeds/releases.json")
    assert [i["id"] for i in body["items"]] == [e.id for e in feed.entries]


def test_the_changes_feed_has_an_entry_per_release_and_changed_row_naming_every_change(
    client: TestClient[Litestar], ds: Any
) -> None:
    feed = parse_atom(client, "/feeds/changes.atom")
    assert {entry_key(e.id) for e in feed.entries} == groups(ds.changes)
    assert len(feed.entries) == len(groups(ds.changes))
    text = "\n".join(e.content[0].value for e in feed.entries)
    assert set(re.findall(r"change ([0-9.]+-[0-9]{4,})\)", text)) == {c.id for c in ds.changes}
    dates = {r.version: r.date for r in internet_plus.releases()}
    assert all(e.updated[:10] == dates.get(entry_key(e.id)[0], e.updated[:10]) for e in feed.entries)
    body = client.get("/feeds/changes.json").json()
    check_json_feed(body, "/feeds/changes.json")
    assert [i["id"] for i in body["items"]] == [e.id for e in feed.entries]


def test_a_table_feed_is_that_tables_entries(client: TestClient[Litestar], ds: Any) -> None:
    feed = parse_atom(client, "/feeds/changes/document_links.atom")
    assert {entry_key(e.id) for e in feed.entries} == groups(c for c in ds.changes if c.table_name == "document_links")
    check_json_feed(client.get("/feeds/changes/document_links.json").json(), "/feeds/changes/document_links.json")
    assert client.get("/feeds/changes/documents-links.atom").status_code == 404


def test_feeds_are_the_same_bytes_in_a_second_app(client: TestClient[Litestar]) -> None:
    """No clock: a feed is a function of the data (the static copy and every server agree)."""
    from internet_plus_api.app import create_app

    with TestClient(create_app()) as other:
        for url in ("/feeds/releases.atom", "/feeds/changes.json", "/feeds/changes/tasks.atom"):
            assert other.get(url).content == client.get(url).content


class _Alternates(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "link" and a.get("rel") == "alternate":
            self.links.append((str(a.get("type")), str(a.get("href"))))


def alternates(client: TestClient[Litestar], url: str) -> list[tuple[str, str]]:
    parser = _Alternates()
    parser.feed(client.get(url, headers={"accept": "text/html"}).text)
    return parser.links


def test_pages_announce_the_feeds_and_a_row_page_its_own_first(client: TestClient[Litestar]) -> None:
    site = [("application/atom+xml", "/feeds/releases.atom"), ("application/atom+xml", "/feeds/changes.atom")]
    assert set(site) <= set(alternates(client, "/"))
    row = alternates(client, "/v1/tasks/A02.1")
    atoms = [href for kind, href in row if kind == "application/atom+xml"]
    assert atoms[0] == "/v1/tasks/A02.1/history.atom" and set(dict(site).values()) <= set(atoms)
    page = client.get("/v1/tasks/A02.1", headers={"accept": "text/html"}).text
    assert 'href="/v1/tasks/A02.1/history"' in page


# --- /v1/changes?since=&table=&id= ---------------------------------------------------------------------------


def all_rows(client: TestClient[Litestar], query: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    while True:
        page = client.get(f"/v1/changes?{query}&limit=500&offset={len(rows)}")
        assert page.status_code == 200, page.text
        rows += page.json()["data"]
        if len(rows) >= page.json()["meta"]["total"]:
            return rows


def test_since_a_release_is_what_the_diff_of_two_published_releases_gives(client: TestClient[Litestar]) -> None:
    """The newest pair of releases, and the newest pair with changes (a release may change no row: 3.2.0)."""
    from changes import diff_snapshots, snapshot_of

    from releases import published_members

    versions = [r.version for r in internet_plus.releases()]
    checked_a_change = False
    for before, after in reversed(list(pairwise(versions))):
        expected = [
            (c["table_name"], c["row_id"], c["field"], c["kind"], c["old_value"], c["new_value"])
            for c in diff_snapshots(
                snapshot_of(before, published_members(before)), snapshot_of(after, published_members(after))
            )
        ]
        since = all_rows(client, f"since={before}")
        got = [
            (r["table_name"], r["row_id"], r["field"], r["kind"], r["old_value"], r["new_value"])
            for r in since
            if r["release"] == after
        ]
        assert sorted(got, key=str) == sorted(expected, key=str), (before, after)
        assert all(r["release"] not in versions[: versions.index(before) + 1] for r in since)
        checked_a_change = bool(expected)
        if checked_a_change:
            break
    assert checked_a_change


def test_since_table_and_id_narrow_the_changes(client: TestClient[Litestar], ds: Any) -> None:
    rows = all_rows(client, "since=1.1.0&table=document-links")
    assert [r["id"] for r in rows] == [
        c.id for c in ds.changes if c.table_name == "document_links" and c.release not in ("1.0.0", "1.1.0")
    ]
    one = rows[-1]["row_id"] or "L001"
    assert [r["id"] for r in all_rows(client, f"table=document_links&id={one}")] == [
        c.id for c in ds.changes if c.table_name == "document_links" and c.row_id == one
    ]
    first = ds.changes[0].id
    assert [r["id"] for r in all_rows(client, f"id={first}")] == [first]
    csv = client.get("/v1/changes.csv?since=2.0.0&table=holders&limit=1")
    assert csv.status_code == 200 and csv.text.startswith("id,release,")


@pytest.mark.parametrize(
    ("query", "name"), [("since=9.9.9", "since"), ("since=", "since"), ("table=nope", "table"), ("id=", "id")]
)
def test_a_bad_since_table_or_id_is_a_400_naming_it(
    client: TestClient[Litestar], assert_problem: Any, query: str, name: str
) -> None:
    body = assert_problem(client.get(f"/v1/changes?{query}"), 400, type="/problems/invalid-parameter")
    assert [p["name"] for p in body["invalid_params"]] == [name]
    if query == "since=9.9.9":
        assert all(r.version in body["detail"] for r in internet_plus.releases())
