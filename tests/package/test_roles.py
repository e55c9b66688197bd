"""The one role rule (internet_plus.roles): what each form of attribution makes of the names it lists."""

from __future__ import annotations

from typing import Any

import pytest

from internet_plus.roles import parse_attribution, roles


def test_the_four_forms() -> None:
    assert roles("等负责", 3) == [("lead", "listed first"), ("participant", "等负责"), ("participant", "等负责")]
    assert roles("共同牵头", 2) == [("co-lead", "共同牵头")] * 2
    assert roles("牵头", 1) == [("lead", "牵头")]
    assert roles("负责", 2) == [("joint", "负责")] * 2
    with pytest.raises(ValueError, match="not an attribution verb"):
        roles("协助", 1)


def test_parsing_the_printed_attribution() -> None:
    first = parse_attribution("发展改革委、科技部等负责，列第一位者为牵头部门，下同")
    assert (
        first is not None and first.names == ("发展改革委", "科技部") and first.verb == "等负责" and first.states_rule
    )
    assert parse_attribution("知识产权局牵头") == (("知识产权局",), "牵头", False)
    assert parse_attribution("发展改革委、科技部") is None


def test_every_published_role_follows_it(ds: Any) -> None:
    for subject in (*ds.actions, *ds.measures):
        if subject.attribution_zh is None:  # 5号's measures: no per-item attribution (its closing paragraph names)
            continue
        printed = parse_attribution(subject.attribution_zh.strip("（）"))
        assert printed is not None, subject.id
        rows = ds.responsible_for(subject.id)
        assert [r.name_as_printed for r in rows] == list(printed.names)
        assert [(r.role, r.basis) for r in rows] == roles(printed.verb, len(rows)), subject.id
