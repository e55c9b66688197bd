"""The pages a reader reads a document on: which text is official, whether it is in force, what it implements and
what implements it, a way around a long text, and how to cite a row or report a mistake in it.

Each page is asked of the app as a browser asks (Accept: text/html) and read as HTML, here without a browser: the
browser tests (test_pages_browser.py) load the same pages in Chromium and check them for accessibility.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from internet_plus_api.app import create_app
from internet_plus_api.web.documents import STATUS_WORDS
from internet_plus_api.web.lineage import HEADINGS
from litestar import Litestar
from litestar.testing import TestClient

from internet_plus.citation import REPOSITORY, reference, render
from internet_plus.cli import main as cli

HTML = {"Accept": "text/html"}
ROOT = Path(__file__).parents[2]
HELD = ("guofa-2015-40", "guofa-2015-5")
# one page of each kind that shows English (the matrix and lists show agencies' and actions' English names)
ENGLISH_PAGES = (
    "/",
    "/v1/documents/guofa-2015-40",
    "/documents/guofa-2015-40/en",
    "/v1/documents/guofa-2015-5",
    "/v1/documents/fagai-gaoji-2016-1078",
    "/v1/actions/A11",
    "/v1/tasks/A02.1",
    "/v1/measures/S2.2",
    "/v1/agencies/aqsiq",
    "/v1/errata/E01",
    "/v1/terms",
    "/matrix",
    "/matrix/today",
    "/releases",
)


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient[Litestar]]:
    with TestClient(create_app()) as c:
        yield c


@pytest.fixture(scope="module")
def page(client: TestClient[Litestar]) -> Any:
    kept: dict[str, str] = {}

    def get(path: str) -> str:
        if path not in kept:
            response = client.get(path, headers=HTML)
            assert response.status_code == 200, path
            assert response.headers["content-type"].startswith("text/html")
            kept[path] = response.text
        return kept[path]

    return get


class _Tree(HTMLParser):
    """Each element's id, and the text inside elements of a given language (by the nearest lang= around it)."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.langs: list[str] = []
        self.text_by_lang: dict[str, list[str]] = {}
        self._void = {"meta", "link", "br", "img", "input", "hr"}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(str(a["id"]))
        if tag == "a" and a.get("href"):
            self.hrefs.append(str(a["href"]))
        if tag not in self._void:
            self.langs.append(str(a.get("lang") or (self.langs[-1] if self.langs else "en")))

    def handle_endtag(self, tag: str) -> None:
        if tag not in self._void and self.langs:
            self.langs.pop()

    def handle_data(self, data: str) -> None:
        if data.strip() and self.langs:
            self.text_by_lang.setdefault(self.langs[-1], []).append(data.strip())


def _tree(text: str) -> _Tree:
    t = _Tree()
    t.feed(text)
    return t


def _main(text: str) -> str:
    return text.split('<main id="main">', 1)[1].split("</main>", 1)[0]


def _section(text: str, heading_id: str) -> str:
    """The <section> whose heading has ``heading_id`` (empty if none)."""
    match = re.search(rf'<section aria-labelledby="{heading_id}"[^>]*>(.*?)</section>', text, re.S)
    return match.group(1) if match else ""


def _plain(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


# --- which text is official ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ENGLISH_PAGES)
def test_every_page_with_english_says_in_both_languages_that_the_chinese_is_official(page: Any, path: str) -> None:
    label = re.search(r'<aside class="official"[^>]*>(.*?)</aside>', page(path), re.S)
    assert label, path
    zh, en = re.findall(r'<p lang="(zh-Hans|en)">', label.group(1))
    assert (zh, en) == ("zh-Hans", "en")
    words = _plain(label.group(1))
    assert "中文为正式文本" in words and "非官方译文" in words
    assert "the Chinese is the official text" in words.replace("The Chinese", "the Chinese")
    assert "unofficial translation" in words
    if "; all held texts" in words or "; the passages of" in words or "; this passage" in words:
        assert "的译文审校" in words, path  # the Chinese says which passages the review counts, as the English does


def test_the_label_gives_the_review_status_of_the_passages_shown(page: Any, ds: Any) -> None:
    for doc in HELD:
        statuses = [p.translation_status for p in ds.provisions if getattr(p, "document_id", doc) == doc]
        words = _plain(re.search(r'<aside class="official".*?</aside>', page(f"/v1/documents/{doc}"), re.S).group(0))
        assert f"review: {statuses.count('reviewed')} passage" in words
        if statuses.count("draft"):
            assert f"{statuses.count('draft')} draft" in words
    task = ds.get("tasks", "A02.1")
    words = _plain(re.search(r'<aside class="official".*?</aside>', page("/v1/tasks/A02.1"), re.S).group(0))
    assert ("review: 1 passage reviewed" in words) == (task.translation_status == "reviewed")


# --- status --------------------------------------------------------------------------------------------------------


def test_every_document_page_carries_its_status_with_source_kind_and_date(page: Any, ds: Any) -> None:
    for doc in ds.documents:
        text = page(f"/v1/documents/{doc.id}")
        line = re.search(r'<p class="status status-([a-z_]+)" id="status">(.*?)</p>', text, re.S)
        assert line, doc.id
        assert line.group(1) == doc.status
        words = _plain(line.group(2))
        assert STATUS_WORDS[doc.status][0] in words and STATUS_WORDS[doc.status][1] in words
        assert f"release {ds.version}" in words
        if doc.status_source:
            assert f'href="{html.escape(doc.status_source)}"' in line.group(2), doc.id
            assert doc.status_source_kind.replace("_", " ") in words, doc.id
        if doc.status == "unknown" and (searched := re.search(r"\bdate (\d{4}-\d\d-\d\d)", doc.status_basis)):
            assert f"Searched for on {searched.group(1)}" in words
        assert doc.status_basis in html.unescape(text)  # the source's own words, one click away


def test_5_hao_is_shown_lapsed_and_40_hao_in_force(page: Any) -> None:
    assert 'class="status status-lapsed"' in page("/v1/documents/guofa-2015-5")
    assert 'class="status status-in_force"' in page("/v1/documents/guofa-2015-40")


# --- a family document --------------------------------------------------------------------------------------------

FIELD_NAMES = (
    "number_zh",
    "issuers_zh",
    "issuer_agency_ids",
    "status_source",
    "status_basis",
    "text_held",
    "unverified_fields",
    "gazette_url",
    "index_number",
    "subject_class",
    "id_prefix",
)


def test_every_family_document_page_is_written_for_people(page: Any, ds: Any) -> None:
    held = set(HELD)
    for doc in ds.documents:
        if doc.id in held:
            continue
        main = _main(page(f"/v1/documents/{doc.id}"))
        shown = _plain(main)
        for name in FIELD_NAMES:
            assert name not in shown, (doc.id, name)
        if doc.note:
            assert html.escape(doc.note, quote=False) not in main, (
                doc.id
            )  # the notes are the editors', not the reader's
        assert not re.search(r"<dd[^>]*>\s*</dd>", main), doc.id  # no empty fact
        if doc.url:
            assert f'<a href="{html.escape(doc.url)}">' in main, doc.id  # the official text as a link
        for aid in (doc.issuer_agency_ids or "").split():
            assert f'href="/v1/agencies/{aid}"' in main, (doc.id, aid)
        if doc.number_zh:
            assert doc.number_zh in shown


def _groups(section: str) -> dict[str, tuple[int, list[str]]]:
    """relation -> (the count its heading gives, the link ids listed under it)."""
    out = {}
    for relation, body in re.findall(
        r'<details class="relation-group relation-(\w+)"[^>]*>(.*?)</details>', section, re.S
    ):
        count = int(re.search(r'<span class="count">\((\d+)\)</span>', body).group(1))
        out[relation] = (count, re.findall(r'<li class="link relation-\w+" id="link-(L\d+)">', body))
    return out


def _expected(ds: Any, links: list[Any]) -> dict[str, list[str]]:
    docs = {d.id: d for d in ds.documents}
    out: dict[str, list[str]] = {}
    for relation in HEADINGS:
        mine = [x for x in links if x.relation == relation]
        if mine:
            out[relation] = [x.id for x in sorted(mine, key=lambda x: _order(x, docs))]
    return out


def _order(x: Any, docs: dict[str, Any]) -> tuple[int, str, str]:
    other = docs[x.from_document_id]  # the other document, on the page of the one linked to
    when = other.signed or other.published
    return x.evidence_rank, when.isoformat() if when else "9999", x.id


def test_a_family_document_shows_what_it_implements_each_relation_under_its_own_name(page: Any, ds: Any) -> None:
    doc = ds.document("fagai-gaoji-2016-1078")
    text = page(f"/v1/documents/{doc.id}")
    outgoing = [x for x in ds.document_links if x.from_document_id == doc.id]
    groups = _groups(_section(text, "links-from"))
    assert {r: ids for r, (_, ids) in groups.items()} == {
        r: [x.id for x in sorted((y for y in outgoing if y.relation == r), key=lambda y: (y.evidence_rank, y.id))]
        for r in HEADINGS
        if any(y.relation == r for y in outgoing)
    }
    assert all(count == len(ids) for count, ids in groups.values())
    assert "implements" in groups and "related" in groups  # two relations, each under its own heading
    for x in outgoing:
        item = re.search(rf'<li class="link relation-\w+" id="link-{x.id}">(.*?)</li>', text, re.S).group(1)
        if x.quote_zh:
            assert html.escape(x.quote_zh, quote=False) in item
        if x.quote_url:
            assert f'href="{html.escape(x.quote_url)}"' in item
            assert x.quote_source_kind.replace("_", " ") in _plain(item)
        assert f'href="/v1/documents/{x.to_document_id}"' in item
        if x.to_subject_id:
            assert f'href="/v1/{x.to_subject_table}/{x.to_subject_id}"' in item


def test_a_family_document_with_an_official_link_shows_it_and_who_links_to_it(page: Any, ds: Any) -> None:
    doc = next(
        d
        for d in ds.documents
        if d.id not in HELD and d.url and any(x.to_document_id == d.id for x in ds.document_links)
    )
    text = page(f"/v1/documents/{doc.id}")
    assert f'<a href="{html.escape(doc.url)}">' in text
    incoming = [x for x in ds.document_links if x.to_document_id == doc.id]
    assert {r: ids for r, (_, ids) in _groups(_section(text, "lineage")).items()} == _expected(ds, incoming)


# --- the held texts: text first, every link after it, a table of contents, one language at a time -----------------


def test_the_held_texts_start_with_their_text_and_list_every_link_after_it(page: Any, ds: Any) -> None:
    for doc in HELD:
        text = page(f"/v1/documents/{doc}")
        main = _main(text)
        assert main.index('<section class="prov') < main.index('<section aria-labelledby="lineage"'), doc
        incoming = [x for x in ds.document_links if x.to_document_id == doc]
        groups = _groups(_section(text, "lineage"))
        assert {r: ids for r, (_, ids) in groups.items()} == _expected(ds, incoming), doc
        assert all(count == len(ids) for count, ids in groups.values())
        heading = re.search(r'<h2 id="lineage">Links to it from other documents \((\d+)\)', text)
        assert heading and int(heading.group(1)) == len(incoming)
        assert f'<a href="#lineage">Links to it ({len(incoming)})</a>' in text  # a page, not raw JSON
    before = [x.id for x in ds.document_links if x.from_document_id == "guofa-2015-5" and x.relation == "precedes"]
    listed = _groups(_section(page("/v1/documents/guofa-2015-5"), "links-from"))
    assert before and listed["precedes"][1] == sorted(
        before, key=lambda i: (ds.get("document_links", i).evidence_rank, i)
    )
    assert "What it came before and fed into" in page("/v1/documents/guofa-2015-5")


@pytest.mark.parametrize("doc", HELD)
@pytest.mark.parametrize("view", ["both", "zh", "en"])
def test_the_table_of_contents_reaches_every_part(page: Any, ds: Any, doc: str, view: str) -> None:
    text = page(f"/v1/documents/{doc}" if view == "both" else f"/documents/{doc}/{view}")
    toc = re.search(r'<nav class="toc".*?</nav>', text, re.S)
    assert toc
    targets = re.findall(r'<a href="#([^"]+)">', toc.group(0))
    provisions = sorted((p for p in ds.provisions if getattr(p, "document_id", doc) == doc), key=lambda p: p.seq)
    kinds = {p.id: p.kind for p in provisions}
    parts = [p.id for p in provisions if p.heading_zh and kinds.get(p.parent_id or "", "part") == "part"]
    assert targets == parts
    assert {p.id for p in provisions if p.kind in ("part", "section", "action", "measure_group")} <= set(targets)
    assert len([p for p in provisions if p.kind == "part"]) == 3  # each text's three parts, and what is under them
    ids = _tree(text).ids
    assert set(targets) <= ids  # every anchor exists on the page


@pytest.mark.parametrize("doc", HELD)
def test_each_language_view_holds_only_its_language(page: Any, ds: Any, doc: str) -> None:
    both = page(f"/v1/documents/{doc}")
    provisions = [p for p in ds.provisions if getattr(p, "document_id", doc) == doc]
    sample = next(p for p in provisions if p.kind == "paragraph" and p.text_en)
    for view, lang, other in (("zh", "zh-Hans", "en"), ("en", "en", "zh-Hans")):
        path = f"/documents/{doc}/{view}"
        assert f'href="{path}"' in both  # the reading edition offers it
        text = page(path)
        sections = re.findall(r'<section class="prov.*?</section>', text, re.S)
        assert len(sections) == len(provisions)
        for section in sections:  # each paragraph in the one language, the other nowhere
            assert re.findall(r'<div class="(zh|en)" lang="([^"]+)">', section) == [(view, lang)]
            assert f'lang="{other}"' not in section
        toc = re.search(r'<nav class="toc".*?<ol>(.*?)</ol>', text, re.S).group(1)
        assert f'lang="{other}"' not in toc and f'lang="{lang}"' in toc
        title = re.search(r"<h1>(.*?)</h1>", text, re.S).group(1)
        assert f'lang="{other}"' not in title
        shown = " ".join(_tree("".join(sections)).text_by_lang.get(lang, []))
        assert (sample.text_zh if view == "zh" else sample.text_en)[:20] in shown
    assert 'lang="en"' in both and 'lang="zh-Hans"' in both


# --- cite this, suggest a correction --------------------------------------------------------------------------------

CITED = (
    ("documents", "guofa-2015-40", "/v1/documents/guofa-2015-40"),
    ("documents", "fagai-gaoji-2016-1078", "/v1/documents/fagai-gaoji-2016-1078"),
    ("tasks", "A02.1", "/v1/tasks/A02.1"),
    ("agencies", "ndrc", "/v1/agencies/ndrc"),
    ("errata", "E01", "/v1/errata/E01"),
    ("document_links", "L001", "/v1/document_links/L001"),
)


@pytest.mark.parametrize(("table", "key", "path"), CITED)
def test_cite_this_is_the_release_citation(
    page: Any, ds: Any, table: str, key: str, path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    text = page(path)
    section = _section(text, "cite")
    ref = reference(ds, key, table=table)
    assert _plain(re.search(r'<p class="citation">(.*?)</p>', section, re.S).group(1)) == render(ref, "text")
    assert _plain(re.search(r'<pre class="bibtex">(.*?)</pre>', section, re.S).group(1)) == render(ref, "bibtex")
    csl = _plain(re.search(r'<pre class="csl-json">(.*?)</pre>', section, re.S).group(1))
    assert json.loads(csl)[0]["version"] == ds.version and csl == render(ref, "csl-json")
    assert f"/v1/releases/{ds.version}/tables/{table}/{key}" in render(ref, "text")  # the row's URL
    assert cli(["cite", key, "--table", table]) == 0  # what `internet-plus cite ID` prints, word for word
    assert capsys.readouterr().out.strip() == render(ref, "text")


def test_suggest_a_correction_opens_an_issue_with_the_row_filled_in(page: Any) -> None:
    cff = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert f'repository-code: "{REPOSITORY}"' in cff
    for table, key, path in CITED:
        link = re.search(r'<p class="correct"><a href="([^"]+)">Suggest a correction</a>', page(path))
        assert link, path
        url = html.unescape(link.group(1))
        assert url.startswith(f"{REPOSITORY}/issues/new?")
        assert f"title=Correction%3A+{table}+{key}" in url.replace("%2F", "/")


# --- the matrix by today's bodies, its columns named ---------------------------------------------------------------


def test_the_matrix_by_todays_bodies_shows_each_duty_at_its_holder(page: Any, ds: Any) -> None:
    text = page("/matrix/today")
    cells = set(re.findall(r'<g class="cell" data-agency="([^"]+)" data-column="([^"]+)"', text))
    rows = set(re.findall(r'<g class="row" data-id="([^"]+)"', text))
    responsibilities = {r.id: r for r in ds.responsibilities if r.document_id == "guofa-2015-40"}
    expected = {
        (
            h.holder_agency_id,
            responsibilities[h.responsibility_id].action_id or responsibilities[h.responsibility_id].measure_id,
        )
        for h in ds.holders
        if h.responsibility_id in responsibilities and h.holder_agency_id
    }
    expected = {(a, c) for a, c in expected if c}
    assert cells == expected
    assert rows == {a for a, _ in expected}
    assert "aqsiq" not in rows and "samr" in rows  # 质检总局 is gone; 市场监管总局 holds its duties
    assert 'href="/matrix/today"' in page("/matrix")


def test_the_matrix_columns_are_named(page: Any, ds: Any) -> None:
    text = page("/matrix")
    for column in (*ds.actions, *ds.measures):
        if getattr(column, "document_id", "guofa-2015-40") != "guofa-2015-40":
            continue
        short = column.title_zh.removeprefix("“互联网+”")
        assert f'lang="zh-Hans">{html.escape(column.id)} {html.escape(short)}</text>' in text, column.id
        key = html.unescape(re.search(r'<details class="column-key">.*?</details>', text, re.S).group(0))
        assert column.title_en in key, column.id


# --- the glitches --------------------------------------------------------------------------------------------------


def test_every_agency_timeline_reads_in_date_order(page: Any, ds: Any) -> None:
    for agency in ds.agencies:
        timeline = re.search(r'<ol class="timeline">(.*?)</ol>', page(f"/v1/agencies/{agency.id}"), re.S)
        dates = re.findall(r'<span class="when">([0-9-]+)</span>', timeline.group(1) if timeline else "")
        assert dates == sorted(dates), (agency.id, dates)
    aqsiq = re.findall(r'<span class="when">([0-9-]+)</span>', page("/v1/agencies/aqsiq"))
    assert len(aqsiq) >= 3  # 质检总局: named in 2015, then three changes in 2018


def test_an_agencys_counts_agree_with_the_matrix(page: Any, ds: Any) -> None:
    matrix = page("/matrix")
    for agency in ("ndrc", "miit", "aqsiq"):
        facts = _plain(
            re.search(r"<dt>Named in attributions</dt><dd>(.*?)</dd>", page(f"/v1/agencies/{agency}"), re.S).group(1)
        )
        row = ds.get("agencies", agency)
        by_doc = {n: int(t) for t, n in re.findall(r"(\d+) in (\S+〔\d{4}〕\d+号)", facts)}
        assert sum(by_doc.values()) == row.mentions and facts.startswith(f"{row.mentions} time")
        columns = len(
            {
                r.action_id or r.measure_id
                for r in ds.responsibilities
                if r.agency_id == agency and r.document_id == "guofa-2015-40"
            }
        )
        assert f"{columns} of its 36 actions and measures" in facts
        tally = re.search(rf'<a href="/v1/agencies/{agency}">.*?</a></td><td class="num">(\d+)</td>', matrix)
        assert tally and int(tally.group(1)) == columns  # the matrix counts the same columns


# --- a reference to a row of one of several tables is a link too ----------------------------------------------------


def test_a_row_naming_its_subject_table_links_the_subject(page: Any, ds: Any) -> None:
    """``to_subject_id`` of a document link (and ``subject_id`` of a follow-up) names a row of the table named beside
    it, which no foreign key can say; the row page links it like a foreign key, for every such row."""
    checked = 0
    for table, stem in (("document_links", "to_subject"), ("followups", "subject")):
        rows = [r for r in getattr(ds, table) if getattr(r, f"{stem}_id")]
        assert rows, table
        for row in rows[:: max(1, len(rows) // 8)]:
            subject, subject_table = getattr(row, f"{stem}_id"), getattr(row, f"{stem}_table")
            assert ds.get(subject_table, subject) is not None
            text = page(f"/v1/{table}/{row.id}")
            dd = re.search(rf"<dt>{stem}_id</dt><dd>(.*?)</dd>", text, re.S)
            assert dd and f'href="/v1/{subject_table}/{subject}"' in dd.group(1), (table, row.id)
            checked += 1
    assert checked >= 2


def test_a_held_text_links_its_own_text_file_and_no_other(page: Any, ds: Any) -> None:
    for doc in HELD:
        own = ds.document(doc).text_path.rsplit("/", 1)[-1]
        links = set(re.findall(r'href="/v1/download/([^"]+\.txt)"', page(f"/v1/documents/{doc}")))
        assert links == {own}, doc


def test_a_quote_in_traditional_characters_is_tagged_zh_hant(page: Any, ds: Any) -> None:
    """A reprint's quote keeps its script, and the page says which (fonts and screen readers follow lang)."""
    from internet_plus.search import chinese_script

    text = page("/v1/documents/guofa-2015-40")
    quotes = re.findall(r'<blockquote lang="(zh-Han[st])"[^>]*><p>([^<]*)</p>', text)
    assert {lang for lang, _ in quotes} == {"zh-Hans", "zh-Hant"}
    for lang, quote in quotes:
        assert lang == chinese_script(html.unescape(quote)), quote
    assert chinese_script("根據《國務院關於積極推進“互聯網+”行動的指導意見》") == "zh-Hant"
    assert chinese_script("国务院关于积极推进“互联网+”行动的指导意见，（一）") == "zh-Hans"


LABELLED_BY = {  # a table with no title field, and the Chinese its list shows beside each id
    "responsibilities": ("name_as_printed",),
    "holders": ("holder_name_zh",),
    "agency_changes": ("successor_zh",),
    "document_links": ("quote_zh",),
    "provisions": ("heading_zh", "text_zh"),
}


@pytest.mark.parametrize("table", sorted(LABELLED_BY))
def test_a_list_page_labels_each_row_beside_its_id(page: Any, ds: Any, table: str) -> None:
    """A table with no title field lists each row with its searchable Chinese (a printed name, a holder, a
    quote), a provision with its heading or text: never a column of bare ids."""
    cells = re.findall(r'<td lang="zh-Han[st]">([^<]*)</td>', page(f"/v1/{table}"))
    assert len(cells) == len(ds.rows(table))
    labelled = [r for r in ds.rows(table) if any(getattr(r, f) for f in LABELLED_BY[table])]
    assert sum(1 for c in cells if c.strip()) == len(labelled) > 0


def test_each_page_title_names_the_site_once(page: Any) -> None:
    for path in ("/", "/v1/tasks", "/releases"):
        title = re.search(r"<title>([^<]*)</title>", page(path))
        assert title is not None and title[1].count("Internet Plus open data") == 1, path


def test_the_releases_page_gives_both_counts_of_changes_for_each_release(page: Any, ds: Any) -> None:
    """The count frozen with a release and its rows in the table of changes differ where rows were itemised
    later; the page says both, under names that say which."""
    import internet_plus

    text = page("/releases")
    rows = re.findall(
        r'data-label="Version"><a [^>]*>([0-9.]+)</a>.*?data-label="Changes when published">(\d+)</td>'
        r'<td class="num" data-label="Rows of changes">(\d+)</td>',
        text,
    )
    frozen = {r.version: r.changes for r in internet_plus.releases()}
    itemised = {v: sum(1 for c in ds.changes if c.release == v) for v in frozen}
    assert {v: (int(a), int(b)) for v, a, b in rows} == {v: (frozen[v], itemised[v]) for v in frozen}
    assert "<details><summary>" in text  # the family's documents folded, not a screen-long paragraph on a phone
