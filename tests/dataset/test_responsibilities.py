"""Responsibilities: one row per agency per attribution, in printed order, roles by the document's rule."""

from __future__ import annotations

import re
from typing import Any


def test_thirty_six_attributions(ds: Any) -> None:
    subjects = {r.action_id or r.measure_id for r in ds.responsibilities}
    assert len(subjects) == 36
    assert subjects == {a.id for a in ds.actions} | {m.id for m in ds.measures}


def test_agencies_in_printed_order_with_the_rule_roles(ds: Any) -> None:
    for subject in [*ds.actions, *ds.measures]:
        body = re.fullmatch(
            r"（(.+?)(等负责|共同牵头|牵头|负责)(，列第一位者为牵头部门，下同)?）", subject.attribution_zh
        )
        assert body, subject.id
        names, verb = body.group(1).split("、"), body.group(2)
        rows = ds.responsible_for(subject.id)
        assert [r.name_as_printed for r in rows] == names
        assert [r.position for r in rows] == list(range(1, len(names) + 1))
        expected = {
            "等负责": ["lead"] + ["participant"] * (len(names) - 1),
            "共同牵头": ["co-lead"] * len(names),
            "牵头": ["lead"] * len(names),
            "负责": ["joint"] * len(names),
        }[verb]
        assert [r.role for r in rows] == expected, subject.id


def test_the_rule_is_stated_once_in_action_one(ds: Any) -> None:
    stating = [a.id for a in [*ds.actions, *ds.measures] if "列第一位者为牵头部门" in a.attribution_zh]
    assert stating == ["A01"]


def test_a06_lists_thirteen_agencies(ds: Any) -> None:
    assert [r.agency_id for r in ds.responsible_for("A06")][:3] == ["ndrc", "moe", "miit"]
    assert len(ds.responsible_for("A06")) == 13
