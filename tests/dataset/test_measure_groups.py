"""The seven groups of supporting measures (保障支撑): their headings and the measures under each."""

from __future__ import annotations

from typing import Any


def test_group_headings(ds: Any) -> None:
    assert [g.title_zh for g in ds.measure_groups] == [
        "夯实发展基础",
        "强化创新驱动",
        "营造宽松环境",
        "拓展海外合作",
        "加强智力建设",
        "加强引导支持",
        "做好组织实施",
    ]


def test_each_group_is_its_heading_followed_by_its_measures(ds: Any, canonical_text: str) -> None:
    for group in ds.measure_groups:
        assert canonical_text[group.start : group.end] == group.title_zh
        measures = ds.measures_of(group.id)
        assert [m.position for m in measures] == list(range(1, len(measures) + 1))
        assert all(group.end < m.start for m in measures)
        assert all(m.id.startswith(group.id + ".") for m in measures)
