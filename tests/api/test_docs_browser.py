"""The /docs page in a real browser: headless Chromium, driven by Playwright, against the real server.

test_api_meta.py checks the page's files over HTTP; only a browser shows that the script really runs
under the page's strict CSP, renders the OpenAPI document, asks nothing of any other origin (the page
must work offline: no CDN), and lets a user send a request and read the answer. The server is uvicorn
in a subprocess, as deployed; the browser is the system Chromium (Debian package ``chromium``, or the
executable named by ``CHROMIUM``). A missing browser fails the suite: it is never skipped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from browsing import Watched, watch
from playwright.sync_api import Browser, Locator, Page, expect


@pytest.fixture(scope="module")
def server(live_server: str) -> str:
    """The session's uvicorn (conftest.py): one server and one browser for every browser test."""
    return live_server


@dataclass
class DocsPage(Watched):
    """/docs loaded and rendered in a fresh browser context, with everything the context did recorded."""

    csp: str = ""  # the Content-Security-Policy the page was served with


@pytest.fixture
def docs(browser: Browser, server: str) -> Iterator[DocsPage]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    try:
        watched = watch(context, server)
        page, problems = watched.page, watched.problems
        answer = page.goto(server + "/docs")
        assert answer is not None and answer.status == 200
        page.locator("#toc a, #status.error").first.wait_for()  # rendered from the OpenAPI document, or failed
        assert page.locator("#status.error").count() == 0, (page.locator("#status").inner_text(), problems)
        csp = answer.headers["content-security-policy"]
        yield DocsPage(page, server, watched.requests, problems, csp=csp)
    finally:
        context.close()


def _open(page: Page, path: str) -> Locator:
    """Follow the table of contents to ``path``'s operation and unfold it, as a reader would."""
    link = page.locator("#toc").get_by_role("link", name=path, exact=True)
    anchor = link.get_attribute("href")
    assert anchor and anchor.startswith("#op-"), anchor
    link.click()
    expect(page).to_have_url(re.compile(re.escape(anchor) + "$"))
    operation = page.locator(f"details.op{anchor}")
    operation.locator("summary").click()
    expect(operation).to_have_attribute("open", "")
    return operation


def _answer(operation: Locator) -> tuple[str, str, str]:
    """Once a request is sent from ``operation``'s form: the status line, the headers and the body shown."""
    result = operation.locator(".result")
    expect(result.locator("pre")).to_have_count(2)
    heads, body = (text or "" for text in (pre.text_content() for pre in result.locator("pre").all()))
    return result.locator("p").nth(1).inner_text(), heads, body


def _plain(markdown: str) -> str:
    """What a reader sees of the description's CommonMark: its words, without the marks."""
    text = re.sub(r"^\* ", "", markdown, flags=re.M).replace("**", "").replace("`", "")
    return " ".join(re.sub(r"\*([^*\s][^*]*)\*", r"\1", text).split())


def test_the_page_renders_every_operation_cleanly_and_offline(docs: DocsPage, server: str, tmp_path: Path) -> None:
    openapi: dict[str, Any] = httpx.get(server + "/schema/openapi.json").json()
    operations = [(method, path, op) for path, item in openapi["paths"].items() for method, op in item.items()]
    page = docs.page
    title = page.locator("h1").inner_text()
    assert title == f"{openapi['info']['title']} {openapi['info']['version']}" and "国发〔2015〕40号" in title
    described = openapi["info"]["description"]
    summary = page.locator("#summary")  # CommonMark read into elements: no asterisk or backtick left showing
    assert " ".join(summary.inner_text().split()) == _plain(described)
    assert summary.locator("li").count() == len(re.findall(r"^\* ", described, re.M)) > 0
    assert summary.locator("code").all_inner_texts() == re.findall(r"`([^`]+)`", described)
    assert summary.locator("strong").count() == described.count("**") // 2 > 0
    assert page.locator("#status").count() == 0  # "Loading…" is gone
    assert sorted(page.locator("#toc a").all_inner_texts()) == sorted(path for _, path, _ in operations)
    assert page.locator("details.op").count() == len(operations)
    unresolved = page.evaluate(
        "[...document.querySelectorAll('#toc a')]"
        ".filter((a) => !document.querySelector('details.op' + a.getAttribute('href')))"
        ".map((a) => a.textContent)"
    )
    assert unresolved == []  # every entry of the table of contents leads to its operation
    tags = list(dict.fromkeys(op["tags"][0] for _, _, op in operations))
    assert page.locator("section > h2").all_inner_texts() == tags
    assert page.locator("details.op form.try").count() == 0  # an operation is drawn when first opened
    page.evaluate("document.querySelectorAll('details.op').forEach((d) => { d.open = true; })")
    expect(page.locator("details.op form.try")).to_have_count(len(operations))
    ids = page.evaluate("[...document.querySelectorAll('[id]')].map((e) => e.id)")
    assert len(ids) == len(set(ids))  # one id per form control: labels point at the right input
    colour = page.evaluate("getComputedStyle(document.querySelector('.method')).backgroundColor")
    assert colour == "rgb(19, 115, 51)"  # docs.css was loaded and applied
    assert "default-src 'none'" in docs.csp and "script-src 'self'" in docs.csp and "connect-src 'self'" in docs.csp
    fetched = {urlsplit(url).path for url in docs.requests}
    assert fetched == {"/docs", "/docs/docs.js", "/docs/docs.css", "/schema/openapi.json"}
    page.screenshot(path=tmp_path / "docs-top.png")
    docs.assert_clean()


def test_a_reader_can_try_endpoints_and_read_the_answers(docs: DocsPage, tmp_path: Path) -> None:
    page = docs.page
    one = _open(page, "/v1/actions/{id}")
    one.get_by_label("id (path)").fill("A02")
    one.get_by_role("button", name="Send GET").click()
    status, heads, body = _answer(one)
    assert one.locator(".result p").first.inner_text() == "GET /v1/actions/A02"
    assert status == "200 OK" and "content-type: application/json" in heads.splitlines()
    action = json.loads(body)
    assert action["id"] == "A02" and action["title_en"] == '"Internet Plus" collaborative manufacturing'
    assert action["title_zh"] == "“互联网+”协同制造"
    one.locator(".result").scroll_into_view_if_needed()
    shot = tmp_path / "docs-try-it.png"
    page.screenshot(path=shot)
    assert shot.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")

    listing = _open(page, "/v1/actions")
    listing.get_by_label("Accept").select_option("text/csv")
    listing.get_by_label("fields (query)").fill("id")
    listing.get_by_label("fields (query)").press("Enter")  # submits the form: the script sends it, no navigation
    status, heads, body = _answer(listing)
    assert listing.locator(".result p").first.inner_text() == "GET /v1/actions?fields=id"
    assert status == "200 OK"
    assert {"content-type: text/csv; charset=utf-8", "x-total-count: 11"} <= set(heads.splitlines())
    assert body.split() == ["id", *(f"A{n:02}" for n in range(1, 12))]

    assert [urlsplit(url).path for url in docs.requests[4:]] == ["/v1/actions/A02", "/v1/actions"]  # no reload
    docs.assert_clean()


def test_the_watch_would_see_a_csp_violation(docs: DocsPage) -> None:
    """A control: the checks above pass because the page is clean, not because nothing is watched."""
    with docs.page.expect_console_message(lambda message: "Content Security Policy" in message.text):
        docs.page.evaluate(
            "document.head.append(Object.assign(document.createElement('style'), {textContent: 'p {}'}))"
        )
    docs.page.wait_for_function("window.__csp.length > 0")
    assert [v.split()[0] for v in docs.violations()] == ["style-src-elem"]
    assert len(docs.problems) == 1 and "style-src 'self'" in docs.problems[0]
