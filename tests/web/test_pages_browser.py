"""What the pages do in headless Chromium against the real server: the reading edition, the matrix, search,
focus, print, lineage. Every page type's layout at three widths, its cleanliness and accessibility are in
test_pages_widths.py; screenshots for a person to look at are written by scripts/screenshots.py.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browsing import Watched, watch
from playwright.sync_api import Browser

HERE = Path(__file__).parent
SHOTS = HERE / "screenshots"
AXE = HERE / "vendor" / "axe.min.js"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"


@pytest.fixture
def opened(browser: Browser, live_server: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(15_000)
    watched = watch(context, live_server)

    def go(path: str) -> Watched:
        answer = watched.page.goto(live_server + path)
        assert answer is not None and answer.status == 200, path
        assert answer.headers["content-type"] == "text/html; charset=utf-8"
        return watched

    try:
        yield go
    finally:
        context.close()


def test_the_vendored_axe_core_is_the_one_recorded() -> None:
    assert hashlib.sha256(AXE.read_bytes()).hexdigest() == AXE_SHA256


def test_focus_is_visible(opened: Any) -> None:
    page = opened("/").page
    page.keyboard.press("Tab")  # the skip link comes first, and shows itself
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to the content"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    assert page.evaluate("document.activeElement.getBoundingClientRect().left") >= 0


def test_the_reading_edition_shows_every_provision_in_both_languages(opened: Any, ds: Any) -> None:
    page = opened("/v1/documents/guofa-2015-40").page
    shown = page.evaluate(
        """() => Array.from(document.querySelectorAll('section.prov')).map(s => {
            const zh = s.querySelector('.zh').cloneNode(true);
            zh.querySelectorAll('.erratum-ref').forEach(a => a.remove());
            const en = s.querySelector('.en > :first-child');
            return {id: s.id, zh: zh.textContent, en: en.textContent,
                    zhLang: s.querySelector('.zh').lang, enLang: s.querySelector('.en').lang};
        })"""
    )
    doc = "guofa-2015-40"
    provisions = sorted((p for p in ds.provisions if getattr(p, "document_id", doc) == doc), key=lambda p: p.seq)
    text = getattr(ds, "texts", {}).get(doc, ds.text)
    assert [s["id"] for s in shown] == [p.id for p in provisions]
    for s, p in zip(shown, provisions, strict=True):
        assert (s["zh"], s["zhLang"], s["enLang"]) == (p.text_zh, "zh-Hans", "en"), p.id
        assert s["en"] == (p.text_en or "No English translation yet."), p.id
    # each erratum is marked where it applies, and its mark is the text we read
    marks = page.evaluate(
        "Array.from(document.querySelectorAll('mark.erratum')).map(m => "
        "[m.closest('section').id, m.nextElementSibling.textContent, m.textContent])"
    )
    by_id = {p.id: p for p in provisions}

    def overlap(e: Any) -> str:  # "" where a join; a restored line is marked inside its paragraph
        p = by_id[e.provision_id]
        return str(text[max(p.start, e.start) : min(p.end, e.end)])

    applied = {(e.provision_id, e.id): overlap(e) for e in ds.errata if e.provision_id in by_id}
    assert {(sec, eid): text for sec, eid, text in marks} == applied
    # an anchor takes the reader to its paragraph
    page.goto(page.url.split("#")[0] + "#A02.1")
    assert page.evaluate("document.querySelector(':target').id") == "A02.1"


def test_the_matrix_has_every_action_and_measure_and_the_right_marks(opened: Any, ds: Any) -> None:
    page = opened("/matrix").page
    assert page.locator('svg.matrix g.col[data-table="actions"]').count() == 11
    assert page.locator('svg.matrix g.col[data-table="measures"]').count() == 25

    def role(agency: str, column: str) -> str | None:
        cell = page.locator(f'svg.matrix g.cell[data-agency="{agency}"][data-column="{column}"]')
        return cell.get_attribute("data-role") if cell.count() else None

    assert [role(a, "A02") for a in ("miit", "ndrc", "most")] == ["co-lead"] * 3
    assert role("ndrc", "A01") == "lead"
    assert role("most", "A01") == "participant"
    assert role("cac", "A02") is None
    columns = {
        c.id for c in (*ds.actions, *ds.measures) if getattr(c, "document_id", "guofa-2015-40") == "guofa-2015-40"
    }
    mine = [r for r in ds.responsibilities if (r.action_id or r.measure_id) in columns]
    cells = {(r.agency_id, r.action_id or r.measure_id) for r in mine}
    assert page.locator("svg.matrix g.cell").count() == len(cells)
    # the sorted views are pages: by leads puts the agency with the most leads first
    page.goto(page.url + "/by-leads")
    first = page.locator("svg.matrix g.row").first.get_attribute("data-id")
    leads: dict[str, int] = {}
    for r in mine:
        leads[r.agency_id] = leads.get(r.agency_id, 0) + (r.role == "lead")
    assert leads[str(first)] == max(leads.values())


def test_an_agency_page_shows_its_duties_and_successors(opened: Any, ds: Any) -> None:
    page = opened("/v1/agencies/cbrc").page
    duties = ds.responsibilities_of("cbrc")
    assert page.locator("table.duties tbody tr").count() == len(duties) > 0
    timeline = page.locator("ol.timeline").inner_text()
    for change in ds.successors("cbrc"):
        assert change.successor_zh in timeline
    assert "国家金融监督管理总局" in timeline and "2023" in timeline and "2018" in timeline
    assert page.locator("h1 [lang=zh-Hans]").inner_text() == "银监会"


def test_search_finds_traditional_simplified_and_english(opened: Any) -> None:
    w = opened("/search")
    page = w.page
    for query, expect in (("製造", "制造"), ("制造", "制造"), ("Manufacturing", "manufacturing")):
        page.fill("#q", query)
        page.click("button[type=submit]")  # a GET form: works without script
        page.wait_for_load_state()
        assert "q=" in page.url
        hits = page.locator("ol.hits li")
        assert hits.count() > 0, query
        assert expect in page.locator("ol.hits mark").first.inner_text().lower()
    w.assert_clean()


def test_pages_need_no_script_and_print_without_navigation(browser: Browser, live_server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        w = watch(context, live_server)
        page = w.page
        page.goto(live_server + "/search")
        assert page.locator("script:not([type='application/ld+json'])").count() == 0
        page.fill("#q", "大数据")
        page.click("button[type=submit]")
        page.wait_for_load_state()
        assert page.locator("ol.hits li").count() > 0  # the form works with scripting off
        page.goto(live_server + "/v1/documents/guofa-2015-40")
        assert page.locator("script:not([type='application/ld+json'])").count() == 0  # JSON-LD is data, not script
        assert page.locator("script[type='application/ld+json']").count() == 1
        assert page.evaluate("getComputedStyle(document.querySelector('header.site nav')).display") != "none"
        page.emulate_media(media="print")
        assert page.evaluate("getComputedStyle(document.querySelector('header.site nav')).display") == "none"
        # the ids stay in print (a printed page is cited by paragraph), the links beside them go
        assert page.evaluate("getComputedStyle(document.querySelector('.prov .refs')).display") != "none"
        assert page.evaluate("getComputedStyle(document.querySelector('.prov .refs .anchor')).display") != "none"
        pdf = page.pdf(format="A4")  # the print stylesheet really prints
        assert pdf.startswith(b"%PDF") and len(pdf) > 50_000
    finally:
        context.close()


def test_a_successor_body_shows_what_it_took_over(opened: Any, ds: Any) -> None:
    later = next(
        a for a in ds.agencies if not a.named_in_text and any(c.successor_agency_id == a.id for c in ds.agency_changes)
    )
    page = opened(f"/v1/agencies/{later.id}").page
    assert "Not named" in page.locator("dl.facts").inner_text()
    timeline = page.locator("ol.timeline")
    for c in ds.agency_changes:
        if c.successor_agency_id == later.id and c.agency_id != later.id:
            assert timeline.get_by_role("link", name=c.agency_id, exact=True).count() == 1


def test_an_action_page_says_what_implements_it_with_the_evidence(opened: Any, ds: Any) -> None:
    from internet_plus_api.web.lineage import HEADINGS

    page = opened("/v1/actions/A11").page
    section = page.locator("section.lineage")
    expected = ds.lineage("A11")
    assert section.locator("h2").inner_text() == f"Documents linked to it ({len(expected)}) · 与之关联的文件"
    assert section.locator('h2 [lang="zh-Hans"]').inner_text() == "与之关联的文件"
    assert section.locator("details.relation-implements summary").inner_text().startswith("Documents that implement it")
    shown = [el.get_attribute("id") for el in section.locator("li.link").all()]
    grouped = [
        e for r in HEADINGS for e in expected if e.link.relation == r
    ]  # by relation, the library's order in each
    assert shown == [f"link-{e.link.id}" for e in grouped] and len(shown) > 1
    plan = next(
        e for e in expected if e.document.number_zh == "发改高技〔2016〕1078号" and e.link.to_subject_id == "A11"
    )
    item = section.locator(f"#link-{plan.link.id}")
    doc = item.locator("p.doc a")
    assert doc.get_attribute("href") == f"/v1/documents/{plan.document.id}"
    assert doc.locator('[lang="zh-Hans"]').all_inner_texts() == [plan.document.number_zh, plan.document.title_zh]
    assert item.locator('p.doc > [lang="en"]').inner_text() == plan.document.title_en
    meta = item.locator("p.meta").inner_text()
    assert (
        "2016-05-18" in meta
        and item.locator(".issuers").inner_text() == "国家发展改革委、科技部、工业和信息化部、中央网信办"
    )
    assert item.locator(".relation").inner_text() == "Carries it out"
    assert (
        item.locator(".grade").inner_text()
        == "the quote cites the target document's number, in any spelling the citation resolver reads"
    )
    assert item.locator(".verified").inner_text() == "The quote was seen at its source."
    quote = item.locator('blockquote[lang="zh-Hans"]')
    assert quote.inner_text() == plan.link.quote_zh and "国发[2015]40号" in plan.link.quote_zh
    assert item.locator("p.source a").get_attribute("href") == plan.link.quote_url
    # a link to one of the action's tasks says which, and links to it
    task = next(e for e in expected if e.link.to_subject_id == "A11.1")
    via = section.locator(f"#link-{task.link.id} .meta a")
    assert (
        via.inner_text() == f"A11.1 {ds.get('tasks', 'A11.1').title_en}"
        and via.get_attribute("href") == "/v1/tasks/A11.1"
    )
    assert (
        section.locator(f"#link-{task.link.id} .grade").inner_text()
        == "a heading of the later document repeats the subject's title"
    )
    # an unverified lead says so, and shows no quote
    lead = next(e for e in expected if not e.link.verified)
    assert section.locator(f"#link-{lead.link.id} .verified").inner_text() == "A lead not yet checked."
    assert section.locator(f"#link-{lead.link.id} blockquote").count() == 0
    # the document's own page, and what the reading edition of 40号 says is linked to it as a whole
    doc.click()
    assert page.locator("main h1 .en").inner_text() == plan.document.title_en
    page.goto(page.url.rsplit("/", 1)[0] + "/guofa-2015-40")
    whole = [el.get_attribute("id") for el in page.locator("section.lineage:has(h2#lineage) li.link").all()]
    every = {f"link-{x.id}" for x in ds.document_links if x.to_document_id == "guofa-2015-40"}
    assert set(whole) == every and len(whole) == len(every)  # every link to it, to the whole or to a part


def test_a_page_with_no_links_says_so(opened: Any, ds: Any) -> None:
    quiet = [
        next(f"/v1/measures/{m.id}" for m in ds.measures if not ds.lineage(m.id)),
        next(f"/v1/documents/{d.id}" for d in ds.documents if not ds.lineage(d.id)),
    ]
    words = (
        "No document is recorded as implementing it, or as linked to it, yet.",
        "No document is recorded as linked to it yet.",
    )
    for path, said in zip(quiet, words, strict=True):
        section = opened(path).page.locator("section.lineage:has(h2#lineage)")
        assert section.locator("li.link").count() == 0, path
        assert section.locator("p.empty").inner_text() == said


def test_every_relation_and_evidence_grade_has_words_in_the_schema() -> None:
    import json

    from internet_plus_api.web.lineage import enum_words

    schema = json.loads((HERE.parents[1] / "schemas" / "document_links.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for f in schema["fields"]}
    for name in ("relation", "evidence_grade"):
        words = enum_words(fields[name])
        assert set(words) == set(fields[name]["constraints"]["enum"]) and words
        assert all(w != v.replace("_", " ") for v, w in words.items()), words
