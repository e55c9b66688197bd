"""What the static copy asks the app for: every fixed URL, each in every variant the app tells apart.

``fixed_urls`` fills each path of the OpenAPI document that needs no query with its path parameters
from the data (every row, every download, every problem type); ``answers`` asks for each URL with the
four ``Accept`` headers the app tells apart (none, a browser's, CSV, NDJSON), keeps a variant only
where it differs from the default, and follows every link a page makes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from html import unescape
from typing import Any
from urllib.parse import urlsplit

from ..routes.history import APP_ONLY
from .site import Site

__all__ = ["ACCEPTS", "Answer", "answers", "app_only", "candidate_urls", "fixed_urls", "links_of"]

# The Accept headers the static copy tells apart, by variant name; nginx maps a request's header onto them.
ACCEPTS: dict[str, str | None] = {
    "default": None,
    "html": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "csv": "text/csv",
    "ndjson": "application/x-ndjson",
}


# Our pages are Jinja templates with autoescape: every attribute is double-quoted and its text escaped, so
# one expression finds every href. html.parser found the same links at a quarter of the speed (10 s of the
# copy's 72 under a profiler, measured on 3.2.0); tests/web/test_static_copy.py follows every link of every
# page with html.parser and checks that each leads to a file.
_HREF = re.compile(r'\shref="([^"]*)"')


def links_of(html: str) -> list[str]:
    """The internal URLs a page links to (path and query, no fragment)."""
    out = []
    for href in _HREF.findall(html):
        parts = urlsplit(unescape(href))
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        out.append(parts.path + ("?" + parts.query if parts.query else ""))
    return out


def app_only(url: str) -> bool:
    """A URL the app answers but the copy leaves out: a row's history (routes/history.py says why)."""
    return url.startswith("/v1/") and url.endswith(APP_ONLY)


def _values(name: str, schema: Mapping[str, Any], template: str, prefix: str, site: Site, client: Any) -> list[str]:
    """The values of path parameter ``name``: its enum; a collection's ids and slugs; else the ids the
    answer at ``prefix`` (the path up to the parameter) lists, as a release's table lists its rows."""
    if "enum" in schema:
        return [str(v) for v in schema["enum"]]
    match = re.match(r"^/v1/([a-z_]+)/\{", template)
    if match and (coll := site.catalog.collections.get(match.group(1))) is not None:
        return [*coll.index, *coll.aliases]
    listing = client.get(prefix)
    if listing.status_code == 404:
        return []  # an enum combination that does not exist (a table one release does not have)
    if listing.status_code == 200 and listing.headers["content-type"] == "application/json":
        rows = listing.json().get("data", [])
        return [str(r["id"]) for r in rows if isinstance(r, dict) and "id" in r]
    raise ValueError(f"no values known for {{{name}}} in {template}: {prefix} answers {listing.status_code}")


def candidate_urls(openapi: Mapping[str, Any], site: Site, client: Any) -> list[tuple[str, bool]]:
    """Every URL of the OpenAPI document that needs no query, path parameters filled from the data, each
    with whether it is a combination (a path parameter filled in) that the app may not answer: a file one
    release does not have."""
    urls: dict[str, bool] = {}
    for template, item in openapi["paths"].items():
        params = item["get"].get("parameters", [])
        if any(p["in"] == "query" and p.get("required") for p in params) or app_only(template):
            continue
        paths = [template]
        for p in (p for p in params if p["in"] == "path"):
            key = "{" + p["name"] + "}"
            expanded = []
            for path in paths:
                prefix = path.split(key, 1)[0].rstrip("/")
                expanded += [
                    path.replace(key, v) for v in _values(p["name"], p["schema"], template, prefix, site, client)
                ]
            paths = expanded
        for path in paths:
            urls.setdefault(path, paths != [template])
    return list(urls.items())


def fixed_urls(openapi: Mapping[str, Any], site: Site, client: Any) -> list[str]:
    """Every URL of the OpenAPI document that needs no query and that the app answers with 200."""
    candidates = candidate_urls(openapi, site, client)
    return [u for u, maybe in candidates if not maybe or client.head(u).status_code == 200]


@dataclass(frozen=True)
class Answer:
    url: str
    variant: str
    content_type: str
    body: bytes
    headers: Mapping[str, str]


def _one_representation(answer: Answer) -> bool:
    """Whether the other variants can be skipped: the answer does not vary with Accept (a URL that names
    its format, ``…/A02.json``, says so too). Asking those URLs once instead of four times, and asking a
    combination of path parameters directly instead of HEAD first, took the copy from 118,490 requests
    to 56,081 (measured on 3.1.0)."""
    return "accept" not in {v.strip().lower() for v in answer.headers.get("vary", "").split(",")}


def _ask(client: Any, url: str, maybe: bool) -> Iterator[Answer]:
    """The answers of ``url`` that differ; none if ``maybe`` (a combination of path parameters) and the
    app does not answer it with 200. Asking it directly instead of asking HEAD first spared 17,637
    requests on 3.1.0."""
    default: Answer | None = None
    for variant, accept in ACCEPTS.items():
        if default is not None and _one_representation(default):
            return
        response = client.get(url, headers={"accept": accept} if accept else {})
        if response.status_code == 406 and variant != "default":
            continue  # a format this URL does not have
        if response.status_code != 200 and maybe and variant == "default":
            return
        if response.status_code != 200:
            raise ValueError(f"{url} answers {response.status_code} for {variant}, not 200: it cannot be copied")
        answer = Answer(url, variant, response.headers["content-type"], response.content, response.headers)
        if default is None:
            default = answer
            yield answer
        elif (answer.content_type, answer.body) != (default.content_type, default.body):
            yield answer


def answers(client: Any, site: Site, skip: frozenset[str]) -> tuple[list[Answer], list[str]]:
    """Every answer of every fixed URL but ``skip``, following the pages' links (no query: a static host
    has none); and the URLs copied, in the order asked."""
    openapi = client.get("/schema/openapi.json").json()
    candidates = {u: maybe for u, maybe in candidate_urls(openapi, site, client) if u not in skip}
    queue = list(candidates)
    seen = set(queue)
    found: list[Answer] = []
    copied: list[str] = []
    i = 0
    while i < len(queue):
        url = queue[i]
        i += 1
        for answer in _ask(client, url, candidates.get(url, False)):
            if answer.variant == "default":
                copied.append(url)
            found.append(answer)
            if answer.content_type.startswith("text/html"):
                for link in links_of(answer.body.decode("utf-8")):
                    if link not in seen and "?" not in link and link not in skip and not app_only(link):
                        seen.add(link)
                        queue.append(link)
    return found, copied
