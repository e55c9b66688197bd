"""Every task and measure of the held texts is followed up, and every province: found with its links, or none found
with what was searched."""

from __future__ import annotations

from typing import Any

from internet_plus.evidence import GRADES


def test_every_task_and_measure_has_one_row(family: Any) -> None:
    subjects = {t.id for t in family.tasks} | {m.id for m in family.measures}
    rows = {f.subject_id for f in family.followups if f.subject_id}
    assert rows == subjects
    assert len([f for f in family.followups if f.document_id == "guofa-2015-40" and f.subject_id]) == 65


def test_found_is_what_the_links_say(family: Any) -> None:
    for f in family.followups:
        if not f.subject_id:
            continue
        links = [x for x in family.document_links if x.to_subject_id == f.subject_id]
        assert (f.result == "found") == bool(links), f.id
        if links:
            assert set((f.link_ids or "").split()) == {x.id for x in links}, f.id
            assert f.best_grade == min((x.evidence_grade for x in links), key=GRADES.index), f.id
            implementing = {x.from_document_id for x in links if x.relation == "implements"}
            assert set((f.implemented_by or "").split()) == implementing, f.id


def test_none_found_says_what_was_searched(family: Any) -> None:
    for f in family.followups:
        if f.result == "none_found":
            assert f.searched and "corpus" in f.searched and "2026-12-06" in f.searched, f.id
            assert f.link_ids is None and f.best_grade is None, f.id
        else:
            assert f.searched is None, f.id


def test_the_31_provinces_each_have_a_row(family: Any) -> None:
    provinces = [f for f in family.followups if f.province_zh]
    assert len(provinces) == len({f.province_zh for f in provinces}) == 31
    for f in provinces:
        assert f.id.startswith("province-") and f.document_id == "guofa-2015-40", f.id
        if f.result == "found":
            (doc,) = f.implemented_by.split() if f.implemented_by else f.related.split()
            assert family.document(doc).province == f.province_zh, f.id
    zhejiang = family.get("followups", "province-zhejiang")
    assert zhejiang.implemented_by == "zhezhengfa-2016-2" and zhejiang.best_grade == "cites_number"
