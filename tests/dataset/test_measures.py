"""The seven measure groups and their twenty-five measures, each with its own attribution."""

from __future__ import annotations

from collections import Counter
from typing import Any


def test_seven_groups_of_twenty_five_measures(ds: Any) -> None:
    per_group = Counter(m.group_id for m in ds.measures)
    assert [g.id for g in ds.measure_groups] == [f"S{i}" for i in range(1, 8)]
    assert [per_group[g.id] for g in ds.measure_groups] == [4, 4, 4, 3, 4, 3, 3]
    assert len(ds.measures) == 25


def test_every_measure_has_an_attribution_right_after_its_text(ds: Any, canonical_text: str) -> None:
    for m in ds.measures:
        assert m.attribution_zh.startswith("（") and m.attribution_zh.endswith("）"), m.id
        assert canonical_text[m.end :].startswith(m.attribution_zh), m.id


def test_sole_leads_named_with_qiantou(ds: Any) -> None:
    sole = {
        m.id: [r.agency_id for r in ds.responsible_for(m.id)]
        for m in ds.measures
        if m.attribution_zh.endswith("牵头）")
    }
    assert sole == {"S2.3": ["sipo"], "S6.1": ["ndrc"], "S7.1": ["ndrc"]}
    assert all(r.role == "lead" for sid in sole for r in ds.responsible_for(sid))


def test_collective_lists_name_no_lead(ds: Any) -> None:
    for sid in ("S7.2", "S7.3"):
        rows = ds.responsible_for(sid)
        assert [r.role for r in rows] == ["joint", "joint"]
        assert {ds.agency(r.agency_id).kind for r in rows} == {"collective"}
    assert [r.agency_id for r in ds.responsible_for("S7.2")] == ["all_relevant_departments", "all_local_governments"]
    assert [r.agency_id for r in ds.responsible_for("S7.3")] == ["all_departments", "all_local_governments"]


def test_s1_4_attribution_pushed_by_a_page_break_is_joined(ds: Any) -> None:
    m = ds.measure("S1.4")
    assert m.attribution_zh == "（网信办、发展改革委、科技部、工业和信息化部、公安部、安全部、质检总局等负责）"
    assert m.text_zh.endswith("完善数据跨境流动管理制度，确保数据安全。")
