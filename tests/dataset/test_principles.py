"""The five basic principles, each introduced by 坚持."""

from __future__ import annotations

from typing import Any


def test_five_principles_in_print_order(ds: Any) -> None:
    assert [p.title_zh for p in ds.principles] == [
        "坚持开放共享",
        "坚持融合创新",
        "坚持变革转型",
        "坚持引领跨越",
        "坚持安全有序",
    ]
    assert [p.id for p in ds.principles] == ["P1", "P2", "P3", "P4", "P5"]


def test_p2_is_joined_across_its_page_break(ds: Any) -> None:
    assert "积极与“互联网+”相结合" in ds.principle("P2").text_zh
