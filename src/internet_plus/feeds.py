"""Feeds of the releases and of the changes: Atom 1.0 (RFC 4287) and JSON Feed 1.1, from one list of entries.

An entry's id is a ``tag:`` URI (RFC 4151) made of the release and the changed table and row, so it
is the same in every build and every copy; its time is the release's date, never the clock, so a
rebuild writes the same bytes. A change entry is one row (or one table) in one release, with every
field that release changed and each change's reason. Links are path-absolute, like every URL of the
API: a reader resolves them against the feed's own URL.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any

import orjson

from .citation import AUTHOR, REPOSITORY, TITLE
from .versions import Release

__all__ = [
    "ATOM_TYPE",
    "JSON_FEED_TYPE",
    "TAG",
    "Entry",
    "Feed",
    "atom_bytes",
    "change_entries",
    "json_feed_bytes",
    "release_entries",
]

ATOM_TYPE = "application/atom+xml"
JSON_FEED_TYPE = "application/feed+json"
TAG = "tag:internet-plus-data.github.io,2026:"
"""The prefix of every feed and entry id (RFC 4151: the project's own domain and a date it held it)."""
ATOM_NS = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True, slots=True)
class Entry:
    """One item of a feed: ``date`` is the release's date (YYYY-MM-DD); ``url`` its page or answer."""

    id: str
    title: str
    date: str
    url: str
    text: str
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Feed:
    """``atom`` and ``json`` are the feed's own URLs in each format; ``home`` the page it follows."""

    id: str
    title: str
    description: str
    atom: str
    json: str | None
    home: str
    entries: tuple[Entry, ...]

    @property
    def updated(self) -> str:
        """The newest entry's date (a feed with no entries: the epoch of the edition's first release)."""
        return max((e.date for e in self.entries), default="2026-11-01")


def _time(date: str) -> str:
    return f"{date}T00:00:00Z"


def release_entries(published: Sequence[Release], url: Callable[[str], str]) -> tuple[Entry, ...]:
    """One entry per published release, newest first; ``url(version)`` is its page or answer."""
    return tuple(
        Entry(
            id=f"{TAG}release/{r.version}",
            title=f"Release {r.version}",
            date=r.date,
            url=url(r.version),
            text=f"Release {r.version} of the edition ({r.date}): {r.changes} rows of changes"
            + (f" since {r.previous}" if r.previous else "")
            + f". Its files: {r.zip.path} (sha256 {r.zip.sha256}). Cite it as: {r.citation}",
        )
        for r in sorted(published, key=lambda r: tuple(int(p) for p in r.version.split(".")), reverse=True)
    )


def _line(c: Any) -> str:
    what = c.field or "the row" if c.row_id else f"field {c.field}" if c.field else "the table"
    values = ""
    if c.kind == "modified":
        values = f": {_short(c.old_value)} → {_short(c.new_value)}"
    return f"{what} {c.kind}{values} (reason: {c.reason}; change {c.id})"


def _short(value: str | None, limit: int = 200) -> str:
    if value is None:
        return "(empty)"
    return value if len(value) <= limit else value[: limit - 1] + "…"


def change_entries(
    changes: Iterable[Any], dates: dict[str, str], url: Callable[[str, str | None], str]
) -> tuple[Entry, ...]:
    """One entry per release and changed row (or table), newest release first, in the order of ``changes``
    within a release. ``dates`` maps a release to its date; ``url(table, row_id)`` links the row's history
    (or, for a table-level change, the table)."""
    ordered = sorted(changes, key=lambda c: tuple(int(p) for p in c.release.split(".")), reverse=True)
    out: list[Entry] = []
    for release, in_release in groupby(ordered, key=lambda c: c.release):
        groups: dict[tuple[str, str | None], list[Any]] = {}
        for c in in_release:
            groups.setdefault((c.table_name, c.row_id), []).append(c)
        for (table, row_id), group in groups.items():
            what = f"{table} {row_id}" if row_id else f"table {table}"
            kinds = sorted({c.kind for c in group})
            fields = [c.field for c in group if c.field]
            title = f"{release}: {what} " + "/".join(kinds) + (f" ({', '.join(fields[:6])}" if fields else "")
            title += ("…)" if len(fields) > 6 else ")") if fields else ""
            out.append(
                Entry(
                    id=f"{TAG}change/{release}/{table}/{row_id or '*'}",
                    title=title,
                    date=dates.get(release, ""),
                    url=url(table, row_id),
                    text="\n".join(_line(c) for c in group),
                    tags=(release, table),
                )
            )
    return tuple(out)


def atom_bytes(feed: Feed, alternate_type: str = "text/html") -> bytes:
    """The feed as Atom 1.0: deterministic bytes (attribute and element order fixed, no clock)."""
    ET.register_namespace("", ATOM_NS)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    root = ET.Element(f"{{{ATOM_NS}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "en"})
    sub(root, "id", feed.id)
    sub(root, "title", feed.title)
    sub(root, "subtitle", feed.description)
    sub(root, "updated", _time(feed.updated))
    sub(root, "link", rel="self", type=ATOM_TYPE, href=feed.atom)
    if feed.json is not None:
        sub(root, "link", rel="alternate", type=JSON_FEED_TYPE, href=feed.json)
    sub(root, "link", rel="alternate", type=alternate_type, href=feed.home)
    author = sub(root, "author")
    sub(author, "name", AUTHOR)
    sub(author, "uri", REPOSITORY)
    sub(root, "generator", "internet_plus.feeds", uri=REPOSITORY)
    for e in feed.entries:
        entry = sub(root, "entry")
        sub(entry, "id", e.id)
        sub(entry, "title", e.title)
        sub(entry, "updated", _time(e.date))
        sub(entry, "published", _time(e.date))
        sub(entry, "link", rel="alternate", href=e.url)
        for tag in e.tags:
            sub(entry, "category", term=tag)
        sub(entry, "content", e.text, type="text")
    ET.indent(root)
    xml: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return xml + b"\n"


def json_feed_bytes(feed: Feed) -> bytes:
    """The feed as JSON Feed 1.1 (its fields as the specification names them; ours under ``_internet_plus``)."""
    if feed.json is None:
        raise ValueError(f"{feed.id} has no JSON Feed URL")
    body: dict[str, Any] = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "home_page_url": feed.home,
        "feed_url": feed.json,
        "description": feed.description,
        "authors": [{"name": AUTHOR, "url": REPOSITORY}],
        "language": "en",
        "_internet_plus": {"id": feed.id, "edition": TITLE, "atom": feed.atom},
        "items": [
            {
                "id": e.id,
                "url": e.url,
                "title": e.title,
                "content_text": e.text,
                "date_published": _time(e.date),
                "tags": list(e.tags),
            }
            for e in feed.entries
        ],
    }
    data: bytes = orjson.dumps(body)
    return data + b"\n"
