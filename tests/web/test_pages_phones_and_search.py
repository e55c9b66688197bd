"""Every page type at a phone's, a large phone's and a desktop's width, in headless Chromium.

The page types are not a hand list: they are the app's page routes, read from its OpenAPI document
(every GET that answers ``text/html``), each filled with a row of its collection; the documents
table gives one page per design its rows get (the reading edition of a held text, a family
document), and the search page is opened with a query as well as without. Each page is loaded once
and laid out at 320 px (the WCAG reflow width), 390 px and 1280 px: the page must never scroll
sideways (``scrollWidth <= innerWidth``), log no console error, fail no request and trip no
Content-Security-Policy. axe-core runs in full at 320 px on one page of each structure (the pages
of one template differ only in their words) and, at the other widths, the rules whose outcome
depends on the layout. On /docs, the first operation of each section is opened first (docs.js draws an
operation when it is first opened).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from browsing import Watched, watch
from playwright.sync_api import Browser

from internet_plus.search import normalise

HERE = Path(__file__).parent
AXE = HERE / "vendor" / "axe.min.js"
WIDTHS = (320, 390, 1280)
LAYOUT_RULES = ["scrollable-region-focusable", "target-size"]  # what a narrower layout can break
HTML = {"accept": "text/html"}
_MAIN = re.compile(r'<main id="main">\s*(?:<aside class="official".*?</aside>\s*)?(<[^>]*>)', re.S)
_HREF = re.compile(r'href="(/[^"#?]*)')


def _html_routes(openapi: dict[str, Any]) -> list[str]:
    out = []
    for path, operations in openapi["paths"].items():
        responses = (operations.get("get") or {}).get("responses", {})
        if any("text/html" in (r.get("content") or {}) for r in responses.values()):
            out.append(path)
    return out


def _design(page_html: str) -> str:
    """What tells one page design from another: the opening tag of the page's content (after the label that
    every page with English carries)."""
    found = _MAIN.search(page_html)
    return found[1] if found else ""


@pytest.fixture(scope="module")
def page_types(live_server: str) -> dict[str, str]:
    """Page type -> a path showing it, from the app's own routes."""
    with httpx.Client(base_url=live_server, headers=HTML, timeout=30) as client:
        routes = _html_routes(client.get("/schema/openapi.json", headers={"accept": "application/json"}).json())
        types: dict[str, str] = {}
        seen: list[str] = []  # the pages fetched, for the links that fill the other path parameters
        for route in routes:
            row_route = re.fullmatch(r"/v1/([a-z_]+)/\{id\}", route)
            if "{" not in route:
                types[route] = route
            elif row_route:
                ids = [r["id"] for r in client.get(f"/v1/{row_route[1]}.json", params={"limit": 500}).json()["data"]]
                # the documents' rows get different designs (a held text, a family document): one page each
                designs: dict[str, str] = {}
                for key in ids if row_route[1] == "documents" else ids[:1]:
                    path = f"/v1/{row_route[1]}/{quote(key, safe='')}"
                    text = client.get(path).text
                    seen.append(text)
                    designs.setdefault(_design(text), path)
                for n, path in enumerate(designs.values()):
                    types[f"{route} ({n + 1})" if len(designs) > 1 else route] = path
        for route in routes:  # other parameters (an Akoma Ntoso work's path): a link some page makes
            if "{" in route and route not in types and not re.fullmatch(r"/v1/([a-z_]+)/\{id\}", route):
                pattern = re.compile("^" + re.sub(r"\\\{[a-z_]+\\\}", "[^/]+", re.escape(route)) + "$")
                found = next((h for text in seen for h in _HREF.findall(text) if pattern.match(h)), None)
                assert found, f"no page links to {route}: the test cannot open it"
                types[route] = found
    types["/search?q="] = "/search?q=" + quote("大数据")
    return types


def test_the_page_types_are_every_page_route(page_types: dict[str, str]) -> None:
    """The derived list covers what a reader meets: home, lists, each kind of row, a held and a family
    document, the matrix, search with and without hits, releases and the API reference."""
    paths = set(page_types.values())
    for path in ("/", "/matrix", "/search", "/releases", "/docs", "/v1/errata", "/v1/tasks", "/v1/agencies"):
        assert path in paths, path
    for route in ("/v1/tasks/{id}", "/v1/measures/{id}", "/v1/agencies/{id}", "/v1/errata/{id}"):
        assert route in page_types, route
    documents = [p for t, p in page_types.items() if t.startswith("/v1/documents/{id}")]
    assert "/v1/documents/guofa-2015-40" in documents and len(documents) >= 2, documents  # and a family document
    assert any(t.startswith("/akn/") for t in page_types)


@pytest.fixture
def watched(browser: Browser, live_server: str) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 800}, locale="en-GB")
    context.set_default_timeout(30_000)
    try:
        yield watch(context, live_server)
    finally:
        context.close()


def _fonts_used(w: Watched, selector: str) -> list[str]:
    """The platform fonts Chromium drew the first ``selector`` node's text with."""
    session = w.page.context.new_cdp_session(w.page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument")["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"] if node else []
    session.detach()
    return [f["familyName"] for f in fonts]


def _reads_as_edition_page(w: Watched, path: str) -> list[str]:
    """A page of the reading edition (all but the API reference, which has its own stylesheet and script):
    English, one heading, its stylesheet applied, its Chinese drawn in a CJK font."""
    page = w.page
    if path == "/docs":
        return []
    wrong = []
    if page.locator("html").get_attribute("lang") != "en":
        wrong.append("not lang=en")
    if page.locator("main h1").count() != 1:
        wrong.append("not one main h1")
    if page.evaluate("getComputedStyle(document.querySelector('header.site')).display") != "flex":
        wrong.append("the stylesheet did not apply")
    if page.locator('main [lang="zh-Hans"]').count() and not any(
        "CJK" in f or "Noto Sans SC" in f for f in _fonts_used(w, 'main [lang="zh-Hans"]')
    ):
        wrong.append("Chinese drawn without a CJK font: install fonts-noto-cjk")
    return wrong


DOCS_OPENED = 1
"""Operations of each section of /docs opened before the page is checked. docs.js draws an operation's tables
and form when it is first opened, all from one template; the first of each of the 25 sections bring every kind
of parameter and form control (path and query inputs, enumerations' and Accept's selects): 8,071 elements, where
all 246 drawn are 44,714, over which axe took 22 of this test's 43 s (2026-12-07)."""


def _open_docs_operations(w: Watched) -> None:
    w.page.wait_for_selector("details.op")
    opened = w.page.evaluate(
        "[...document.querySelectorAll('#reference section')].flatMap(s => [...s.querySelectorAll('details.op')]"
        f".slice(0, {DOCS_OPENED})).map(d => {{ d.open = true; return d.id; }}).length"
    )
    w.page.wait_for_function(f"document.querySelectorAll('details.op form.try').length === {opened}")


def _axe(w: Watched, rules: list[str] | None) -> list[str]:
    options = "{resultTypes: ['violations']" + (f", runOnly: {rules}" if rules else "") + "}"
    found: list[str] = w.page.evaluate(
        f"axe.run(document, {options}).then(r => r.violations"
        ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        ".map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')))"
    )
    return found


@pytest.mark.heavy(60)
def test_every_page_type_fits_every_width_cleanly_and_accessibly(
    page_types: dict[str, str], watched: Watched, live_server: str
) -> None:
    page = watched.page
    axe = AXE.read_text(encoding="utf-8") + "\n;0"
    failures: list[str] = []
    structures: set[str] = set()
    for name, path in page_types.items():
        page.set_viewport_size({"width": WIDTHS[0], "height": 800})
        answer = page.goto(live_server + path)
        assert answer is not None and answer.status == 200, path
        page.wait_for_load_state("load")
        if path == "/docs":
            _open_docs_operations(watched)
        structure = page.evaluate(  # the template, near enough: what the page's content is made of
            "[...new Set([...document.querySelector('main').children].map(e => e.tagName + '.' + e.classList))].join(' ')"
        )
        new_structure = structure not in structures
        structures.add(structure)
        if new_structure:
            page.evaluate(axe)
            failures.extend(f"{name} ({path}): {f}" for f in _reads_as_edition_page(watched, path))
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            wide = page.evaluate("document.documentElement.scrollWidth")
            if wide > width:
                failures.append(f"{name} ({path}) at {width} px is {wide} px wide")
            if new_structure:
                found = _axe(watched, None if width == WIDTHS[0] else LAYOUT_RULES)
                failures.extend(f"{name} ({path}) at {width} px: {v}" for v in found)
        failures.extend(f"{name} ({path}): CSP blocked {v}" for v in watched.violations())
        failures.extend(f"{name} ({path}): {p}" for p in watched.problems)
        watched.problems.clear()
    assert watched.elsewhere() == [], "the pages must work offline"
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize(
    ("query", "first", "marked"),
    [
        ("市场监管总局", "/v1/agencies/samr", {"国家市场监督管理总局"}),  # the usual short name finds the full one
        ("大數據", "/v1/documents/guobanfa-2015-51", {"大数据"}),  # traditional finds simplified
        ("ecommerce", None, {"电子商务", "e-commerce"}),  # a spelling variant finds both languages
    ],
)
def test_search_answers_people_with_titled_entries(
    query: str, first: str | None, marked: set[str], watched: Watched, live_server: str, ds: Any
) -> None:
    page = watched.page
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(live_server + "/search")
    page.fill("#q", query)
    page.click("button[type=submit]")  # a GET form: no script
    page.wait_for_load_state()
    entries = page.locator("ol.hits > li")
    shown = entries.evaluate_all(
        """els => els.map(li => ({
            href: li.querySelector('h2 a').getAttribute('href'),
            title: li.querySelector('h2').textContent,
            place: [...li.querySelectorAll('.place a')].map(a => a.getAttribute('href')),
            marks: [...li.querySelectorAll('.snippet mark')].map(m => m.textContent),
            snippet: li.querySelector('.snippet').textContent}))"""
    )
    hits = ds.search(query)
    rows = list(dict.fromkeys(f"/v1/{h.table}/{h.id}" for h in hits))
    hrefs = [s["href"] for s in shown]
    assert sorted(hrefs) == sorted(rows) and len(hrefs) == len(set(hrefs)), "one entry per matching row, every row"
    if first:
        assert hrefs[0] == first
    assert {normalise(m) for s in shown for m in s["marks"]} >= {normalise(m) for m in marked}
    for s in shown:
        assert len(s["marks"]) == 1 and normalise(s["marks"][0]) in {normalise(k) for k in _keys(query)}, s
        assert s["title"].strip()
    # a task names its document and its place in it
    located = [s for s in shown if s["href"].startswith(("/v1/tasks/", "/v1/actions/", "/v1/measures/"))]
    assert all(s["place"][0].startswith("/v1/documents/") and len(s["place"]) >= 2 for s in located)
    count = page.locator("p.count").inner_text()
    assert count.startswith(f"{len(rows)} result")
    if len(hits) != len(rows):  # a row whose several fields hold the text: the API counts fields, and the page says so
        assert count.endswith(f"/v1/search counts {len(hits)}: one per field that holds it.")
    assert normalise(query) == query.lower() or f"read as “{normalise(query)}”" in count  # 大數據: 大数据
    assert watched.problems == [] and watched.violations() == []


def _keys(query: str) -> tuple[str, ...]:
    from internet_plus.search import query_keys

    return query_keys(query)


def test_the_screenshots_are_each_page_at_each_width(browser: Browser, live_server: str, tmp_path: Path) -> None:
    """scripts/screenshots.py, with the session's browser and server, for one page; and the committed set."""
    import screenshots

    written = screenshots.shoot(browser, live_server, tmp_path, {"search": screenshots.PAGES["search"]})
    assert [p.name for p in written] == [f"search-{w}.png" for w in screenshots.WIDTHS]
    assert [screenshots.png_size(p) for p in written] == list(screenshots.WIDTHS.items())
    assert screenshots.main(["--check"]) == 0  # docs/screenshots/: every page at every width, nothing else
    assert screenshots.main(["--check", "--out", str(tmp_path)]) == 1  # the other pages are missing there


def test_the_matrix_reads_on_a_phone_agency_by_agency(watched: Watched, live_server: str) -> None:
    """At 320 px the drawing keeps its size (labels of 11-12 px, not 3 px) inside its own scrolling frame, and
    the list agency by agency gives every mark of the drawing, each role in words, each column by name."""
    from internet_plus_api.web.base import ROLES

    page = watched.page
    page.goto(live_server + "/matrix")
    drawn = page.evaluate(
        "(s => [s.getBoundingClientRect().width, s.width.baseVal.value])(document.querySelector('svg.matrix'))"
    )
    assert drawn[0] == drawn[1] > 320
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    cells = page.locator("svg.matrix g.cell").evaluate_all(
        "els => els.map(e => [e.dataset.agency, e.dataset.column, e.dataset.role])"
    )
    listed = page.locator("ul.by-agency > li").evaluate_all(
        """els => els.flatMap(li => {
            const agency = li.querySelector('details > p a').getAttribute('href').split('/').pop();
            return [...li.querySelectorAll('dt')].flatMap(dt => [...dt.nextElementSibling.querySelectorAll('a')]
                .map(a => [agency, a.getAttribute('href').split('/').pop(), dt.textContent, a.textContent]));
        })"""
    )
    words = {w: r for r, w in ROLES.items()}
    assert sorted([a, c, words[w]] for a, c, w, _ in listed) == sorted(cells) and cells
    assert all(len(text.split()) > 1 for *_, text in listed)  # a column's id and its title, not a bare code
