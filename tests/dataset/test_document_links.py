"""The policy family: the documents before 40号 and those that implement it, and the evidence for each link."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from internet_plus.evidence import GRADES

SIGNED_40 = dt.date(2015, 7, 1)
FIELDS = ("number_zh", "title_zh", "issuers_zh", "signed", "published", "url", "gazette_url")


def when(doc: Any) -> dt.date | None:
    return doc.signed or doc.published


def content_id(url: str | None) -> str | None:
    m = re.search(r"content_(\d+)\.htm", url or "")
    return m.group(1) if m else None


def test_the_family_holds_at_least_25_documents_and_the_texts_of_its_folders(family: Any, root: Path) -> None:
    assert len(family.documents) >= 25
    held = {d.id: d.text_held for d in family.documents if d.text_held != "metadata"}
    assert held["guofa-2015-40"] == "full" and held["guofa-2015-5"] == "abridged"
    assert set(held) == {p.parent.name for p in (root / "dataset" / "source").glob("*/document.toml")}
    assert set(family.texts) == set(held)


def test_every_fact_names_its_source_and_unverified_facts_are_marked(family: Any) -> None:
    for d in family.documents:
        assert d.sources.strip(), d.id
        for name in (d.unverified_fields or "").split():
            assert name in FIELDS, (d.id, name)
        for agency in (d.issuer_agency_ids or "").split():
            assert family.get("agencies", agency) is not None, (d.id, agency)
    doc = family.document("fagai-gaoji-2016-1078")
    assert doc.url is None and "url" in (doc.unverified_fields or "")  # no official location seen: empty, marked


def test_every_action_has_linked_documents_and_implements_only_where_one_cites_40(family: Any) -> None:
    """A05 (普惠金融) is linked to documents on its subject, none of which was seen citing 40号: none implements it."""
    for action in family.rows("actions", document="guofa-2015-40"):
        entries = family.lineage(action.id)
        assert entries, action.id
        for e in entries:
            if e.link.relation == "implements":
                cited = [
                    x
                    for x in family.document_links
                    if x.from_document_id == e.document.id
                    and x.to_document_id == "guofa-2015-40"
                    and x.evidence_grade in ("cites_number", "cites_title")
                ]
                assert cited, (action.id, e.link.id)
    assert not [e for e in family.lineage("A05") if e.link.relation == "implements"]


def test_task_links_where_a_heading_repeats_the_task_title(family: Any) -> None:
    matched = {x.to_subject_id: x for x in family.document_links if x.evidence_grade == "title_match"}
    assert {"A10.1", "A11.1"} <= set(matched)
    for subject, link in matched.items():
        row = family.get(link.to_subject_table, subject)
        assert row.title_zh in link.quote_zh, (subject, link.quote_zh)  # the heading repeats the title


def test_a11_lineage_answers_with_1078_and_its_evidence(family: Any) -> None:
    (first, *_rest) = family.lineage("A11")
    assert first.document.number_zh == "发改高技〔2016〕1078号"
    assert first.link.relation == "implements" and first.link.evidence_grade == "cites_number"
    assert "国发[2015]40号" in (first.link.quote_zh or "") and first.link.verified and first.link.quote_url
    assert family.lineage("artificial-intelligence") == family.lineage("A11")  # the slug works too


def test_quotes_are_in_the_texts_they_cite_or_the_link_is_unverified(family: Any) -> None:
    """A quote seen in a text the edition holds is checked against it; any other verified quote names its URL."""
    pages = [(d.url, d.id) for d in family.documents if d.id in family.texts]
    pages += [(d.gazette_url, d.id) for d in family.documents if d.id in family.texts]
    held = {content_id(url): doc for url, doc in pages if content_id(url)}
    checked = 0
    for link in family.document_links:
        if not link.verified:
            continue
        assert link.quote_zh and link.quote_url, link.id
        doc = held.get(content_id(link.quote_url))
        if doc is not None:
            assert link.quote_zh in family.texts[doc], link.id
            checked += 1
    assert checked >= 4  # 5号's sentences, and 40号's own words where a link rests on them


def test_dates_are_consistent(family: Any) -> None:
    """Nothing implements 40号 before it was signed; what precedes it came before it."""
    docs = {d.id: d for d in family.documents}
    for link in family.document_links:
        source, target = docs[link.from_document_id], docs[link.to_document_id]
        if link.relation == "implements" and when(source) and when(target):
            assert when(source) >= when(target), link.id  # type: ignore[operator]
        if link.relation == "precedes" and when(source) and target.id == "guofa-2015-40":
            assert when(source) <= SIGNED_40, link.id  # type: ignore[operator]


def test_a_linked_subject_belongs_to_the_linked_document(family: Any) -> None:
    for link in family.document_links:
        if link.to_subject_id:
            row = family.get(link.to_subject_table, link.to_subject_id)
            assert row is not None and row.document_id == link.to_document_id, link.id
        assert link.evidence_rank == GRADES.index(link.evidence_grade) + 1


def test_1x_ids_still_answer(family: Any) -> None:
    assert family.action("A02").document_id == "guofa-2015-40"
    assert family.task("A02.1").action_id == "A02" and family.measure("S1.2").group_id == "S1"
    assert family.provision("title").text_zh == "国务院关于积极推进“互联网+”行动的指导意见"
    assert family.text == family.texts["guofa-2015-40"]
