"""Evidence says what it is: every link's grade and relation follow the written rule (internet_plus.evidence), every
source's kind follows the host rule (internet_plus.sources), and every document's status is sourced or says what was
searched."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from internet_plus.evidence import CITES, expected_grades, genre_of, relation_problem
from internet_plus.sources import OFFICIAL, source_kind


def rows_of(links: Any) -> list[dict[str, Any]]:
    return [x.model_dump() for x in links]


SEARCHED_ON = re.compile(r"\bdate 20\d\d-[01]\d-[0-3]\d\b")
"""A search record says when it was made (``date 2026-12-06``)."""


def test_every_grade_is_what_its_quote_gives(family: Any) -> None:
    titles = {d.id: d.title_zh for d in family.documents}
    for x in family.document_links:
        subject = family.get(x.to_subject_table, x.to_subject_id) if x.to_subject_id else None
        allowed = expected_grades(
            x.quote_zh, x.to_document_id, titles[x.to_document_id], subject and subject.title_zh, family.citations
        )
        assert x.evidence_grade in allowed, (x.id, x.evidence_grade, allowed)


def test_implements_rests_on_a_citation_never_on_a_topic(family: Any) -> None:
    links = rows_of(family.document_links)
    for x in links:
        assert relation_problem(x, links) is None, x["id"]
        if x["relation"] == "implements" and x["evidence_grade"] not in CITES:
            assert x["to_subject_id"], x["id"]  # a subject-level link, backed by its document's citing link
    assert not [
        x
        for x in family.document_links
        if x.relation == "implements" and x.evidence_grade == "topical" and not x.to_subject_id
    ]


def test_the_rule_refuses_what_the_issue_found(family: Any) -> None:
    """A same-topic link typed implements, and cites_title for a quote that does not cite: both refused by the rule."""
    links = rows_of(family.document_links)
    topical = {**next(x for x in links if x["relation"] == "related" and x["evidence_grade"] == "topical")}
    topical["relation"] = "implements"
    topical["from_document_id"] = "no-such-document"
    assert relation_problem(topical, links) is not None
    titles = {d.id: d.title_zh for d in family.documents}
    assert expected_grades(
        "协调制定“互联网+”行动等数字经济重点领域规划", "guofa-2015-40", titles["guofa-2015-40"], None, family.citations
    ) == ("passage", "topical")
    assert expected_grades(
        "为贯彻落实《国务院关于积极推进“互联网+”行动的指导意见》(国发[2015]40号)",
        "guofa-2015-40",
        titles["guofa-2015-40"],
        None,
        family.citations,
    ) == ("cites_number",)


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("http://www.gov.cn/zhengce/content/2015-07/04/content_10002.htm", "central_government"),
        (
            "http://big5.www.gov.cn/gate/big5/www.gov.cn/zhengce/content/2016-04/26/content_5068058.htm",
            "central_government",
        ),
        ("http://www.gov.cn/gongbao/content/2015/content_2897187.htm", "gazette"),
        ("https://www.ndrc.gov.cn/xxgk/zcfb/tz/201607/t20160729.html", "ministry"),
        ("http://www.moe.gov.cn/jyb_xxgk/xxgk_jyta/", "ministry"),
        ("https://jrj.wuhan.gov.cn/ztzl_57/xyrd/bxy/202012/t20201215_1557498.shtml", "local_government"),
        ("https://zh.wikisource.org/wiki/x", "reprint"),
        ("http://en.pkulaw.cn/display.aspx?cgid=273088&lib=law", "third_party_index"),
        ("dataset/guofa-2015-40.zh.txt", "project"),
    ],
)
def test_the_kind_of_a_source_is_read_from_its_host(url: str, kind: str) -> None:
    assert source_kind(url) == kind


def test_every_quote_and_status_source_carries_its_kind(family: Any) -> None:
    for x in family.document_links:
        assert x.quote_source_kind == (source_kind(x.quote_url) if x.quote_url else None), x.id
    for d in family.documents:
        assert d.status_source_kind == (source_kind(d.status_source) if d.status_source else None), d.id


def test_the_readme_reports_the_quotes_by_kind(family: Any, root: Path) -> None:
    counts = Counter(x.quote_source_kind for x in family.document_links)
    readme = (root / "README.md").read_text(encoding="utf-8")
    table = dict(re.findall(r"^\| quotes: `([a-z_]+)` \| (\d+) \|", readme, re.M))
    assert {k: int(v) for k, v in table.items()} == {k: v for k, v in counts.items() if k is not None}
    assert f"| no quote yet (`quote_source_kind` empty) | {counts[None]} |" in readme
    assert sum(counts[k] for k in OFFICIAL) >= 20


def test_a_status_is_sourced_or_says_what_was_searched(family: Any) -> None:
    for d in family.documents:
        assert d.status_basis.strip(), d.id
        if d.status == "unknown":
            assert d.status_source is None and "searched" in d.status_basis and SEARCHED_ON.search(d.status_basis), d.id
        else:
            assert d.status_source and d.status_source_kind, d.id
    assert family.document("guofa-2015-5").status == "lapsed"
    assert family.document("guofa-2015-5").status_source_kind == "central_government"


def test_a_missing_date_says_what_was_searched(family: Any) -> None:
    """A signing or publication date nobody found is a result: the row says, under the field's name, what was searched."""
    for d in family.documents:
        missing = [f for f in ("signed", "published") if getattr(d, f) is None]
        if not missing:
            assert d.dates_searched is None, d.id
        for field in missing:
            assert d.dates_searched and f"{field}:" in d.dates_searched and SEARCHED_ON.search(d.dates_searched), (
                d.id,
                field,
            )


def test_an_expired_status_quotes_a_term_that_has_ended(family: Any) -> None:
    """expired means the stated term ended: the basis quotes the term, and its last year is before the as-of date."""
    as_of = family.succession_as_of
    expired = [d for d in family.documents if d.status == "expired"]
    assert expired
    for d in expired:
        years = [int(y) for y in re.findall(r"(?<!\d)(20\d\d)(?!\d)", d.status_basis)]
        assert years and max(years) < as_of.year, (d.id, years)


def test_the_genre_is_read_from_the_title(family: Any) -> None:
    for d in family.documents:
        assert d.genre == genre_of(d.title_zh), d.id
    assert family.document("guofa-2015-40").genre == "意见"
    assert family.document("guofa-2015-50").genre == "纲要"  # 关于印发促进大数据发展行动纲要的通知 issues an outline
    assert family.document("guofa-2015-28").genre == "通知"  # 《中国制造2025》 names no genre: the notice's own
    assert genre_of("广东省“互联网+”行动计划(2015—2020年)") == "计划"


def test_the_source_kinds_are_the_schemas(root: Path) -> None:
    """One vocabulary: the kinds the host rule gives are the enum the schemas publish."""
    import json

    from internet_plus.sources import KINDS

    for table, field in (("document_links", "quote_source_kind"), ("documents", "status_source_kind")):
        schema = json.loads((root / "schemas" / f"{table}.json").read_text(encoding="utf-8"))
        assert tuple(next(f for f in schema["fields"] if f["name"] == field)["constraints"]["enum"]) == KINDS


ENDED_STATUSES = {"expired", "lapsed", "abolished", "superseded"}
TERM_IN_TITLE = re.compile(r"[(（](20\d\d)\s*[-—–－]\s*(20\d\d)年?[)）]")


def test_a_plan_whose_title_states_a_term_that_has_ended_is_not_unknown_or_in_force(family: Any) -> None:
    """The rule for expired, applied to every row alike: a title's (2017-2020年) that ended before the as-of date
    makes the plan expired, whatever a label seen while it ran said, unless a source gives a later status."""
    as_of = family.succession_as_of
    ended = [d for d in family.documents if (t := TERM_IN_TITLE.search(d.title_zh)) and int(t.group(2)) < as_of.year]
    assert len(ended) >= 9
    assert [(d.id, d.status) for d in ended if d.status not in ENDED_STATUSES] == []


def test_a_status_says_what_its_quote_says(family: Any) -> None:
    """A quote that says 废止 makes a document abolished, and one that says 失效 lapsed: the schema's words."""
    for d in family.documents:
        quote = d.status_basis.split("”", 1)[0] if d.status_basis.startswith("“") else ""
        if "废止" in quote or "廢止" in quote:
            assert d.status == "abolished", d.id
        elif "失效" in quote:
            assert d.status == "lapsed", d.id
    assert family.document("baojianfa-2015-69").status == "abolished"


def test_a_link_s_quote_is_the_linking_document_s_words(family: Any) -> None:
    """from_document_id is the document whose text is the evidence: a quote seen on the target's own page (its
    gov.cn content id) is the target's words, evidence of nothing but for precedes, where the later text speaks."""
    content = re.compile(r"content_(\d+)")
    for x in family.document_links:
        target = family.document(x.to_document_id)
        pages = {m[1] for url in (target.url, target.gazette_url) if url and (m := content.search(url))}
        seen = content.search(x.quote_url or "")
        if x.relation != "precedes" and seen is not None:
            assert seen[1] not in pages, (x.id, x.quote_url)
    assert family.get("document_links", "L047").quote_url.endswith("content_10137.htm")
