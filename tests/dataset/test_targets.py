"""Development targets: the 2018 headline with four dimensions, and the 2025 goal; no numeric targets."""

from __future__ import annotations

from typing import Any


def test_target_tree(ds: Any) -> None:
    assert [(t.id, t.year, t.parent_id, t.dimension) for t in ds.targets] == [
        ("G2018", 2018, None, None),
        ("G2018.1", 2018, "G2018", "economy"),
        ("G2018.2", 2018, "G2018", "society"),
        ("G2018.3", 2018, "G2018", "infrastructure"),
        ("G2018.4", 2018, "G2018", "environment"),
        ("G2025", 2025, None, None),
    ]


def test_headlines_start_with_their_horizon(ds: Any) -> None:
    assert ds.target("G2018").title_zh == "到2018年"
    assert ds.target("G2025").title_zh == "到2025年"
    assert ds.target("G2018.1").title_zh == "经济发展进一步提质增效"


def test_no_numeric_targets(ds: Any) -> None:
    digits = [t.id for t in ds.targets if any(ch.isdigit() for ch in t.text_zh)]
    assert digits == []
