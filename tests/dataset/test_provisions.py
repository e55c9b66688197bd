"""The document tree covers the whole canonical text, in reading order, without overlaps."""

from __future__ import annotations

from collections import Counter
from typing import Any

TEXT_TABLES = ("provisions", "principles", "targets", "actions", "tasks", "measure_groups", "measures")


def test_every_row_text_is_the_canonical_text_at_its_offsets(ds: Any, canonical_text: str) -> None:
    for table in TEXT_TABLES:
        for row in ds.rows(table):
            assert canonical_text[row.start : row.end] == row.text_zh, (table, row.id)


def test_provisions_cover_every_non_whitespace_character_once(ds: Any, canonical_text: str) -> None:
    covered = [0] * len(canonical_text)
    for p in ds.provisions:
        for i in range(p.start, p.end):
            covered[i] += 1
    assert max(covered) == 1, "two provisions overlap"
    uncovered = [i for i, n in enumerate(covered) if n == 0 and not canonical_text[i].isspace()]
    assert uncovered == []


def test_reading_order_is_text_order(ds: Any) -> None:
    starts = [p.start for p in sorted(ds.provisions, key=lambda p: p.seq)]
    assert starts == sorted(starts)
    assert [p.seq for p in ds.provisions] == list(range(1, len(ds.provisions) + 1))


def test_tree_shape(ds: Any) -> None:
    kinds = Counter(p.kind for p in ds.provisions)
    assert kinds["part"] == 3 and kinds["action"] == 11 and kinds["task"] == 40
    assert kinds["measure_group"] == 7 and kinds["measure"] == 25 and kinds["attribution"] == 36
    assert kinds["principle"] == 5 and kinds["target"] == 6
    by_id = {p.id: p for p in ds.provisions}
    for p in ds.provisions:
        if p.parent_id is None:
            assert p.level == 1
        else:
            assert p.level == by_id[p.parent_id].level + 1
            assert by_id[p.parent_id].seq < p.seq


def test_65_numbered_items(ds: Any) -> None:
    assert sum(1 for p in ds.provisions if p.kind in ("task", "measure")) == 65


def test_closing_lines(ds: Any) -> None:
    assert ds.provision("signature").text_zh == "国务院"
    assert ds.provision("date").text_zh == "2015年7月1日"
    assert ds.provision("title").text_zh == "国务院关于积极推进“互联网+”行动的指导意见"
