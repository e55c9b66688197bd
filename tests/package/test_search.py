"""Search: Chinese (simplified and traditional), English, case- and width-insensitive, with offsets."""

from __future__ import annotations

from typing import Any

import pytest

from internet_plus.search import normalise


@pytest.mark.parametrize("query", ["大数据", "大數據", "ＢＩＧ ＤＡＴＡ", "Big Data"])
def test_big_data_is_found_in_every_spelling(ds: Any, query: str) -> None:
    hits = ds.search(query)
    assert hits
    ids = {(h.table, h.id) for h in hits}
    assert ("tasks", "A02.1") in ids or ("tasks", "A02.4") in ids


def test_simplified_and_traditional_find_the_same_rows(ds: Any) -> None:
    assert ds.search("大数据") == ds.search("大數據")
    assert ds.search("互联网金融") == ds.search("互聯網金融")


def test_two_character_word(ds: Any) -> None:
    hits = ds.search("金融")
    assert {"A05", "A05.1", "A05.2", "A05.3"} <= {h.id for h in hits}


def test_offsets_point_at_the_match(ds: Any) -> None:
    for h in ds.search("大數據"):
        value = getattr(ds.get(h.table, h.id), h.field)
        assert value[h.start:h.end] == "大数据"
        assert "【大数据】" in h.snippet


def test_english_search_is_case_insensitive(ds: Any) -> None:
    assert ds.search("BIG DATA") == ds.search("big data")
    assert all(h.field.endswith("_en") for h in ds.search("big data"))


def test_normalise_keeps_length() -> None:
    for text in ("Ｉｎｔｅｒｎｅｔ＋　大數據", "IPv6（互联网协议第6版）", "…①"):
        assert len(normalise(text)) == len(text)
    assert normalise("ＩＰｖ６") == "ipv6"


def test_search_can_be_limited_to_tables(ds: Any) -> None:
    assert {h.table for h in ds.search("金融", tables=["measures"])} == {"measures"}


def test_empty_query_finds_nothing(ds: Any) -> None:
    assert ds.search("   ") == ()


def test_traditional_characters_that_are_also_simplified_forms(ds: Any) -> None:
    """製 folds to 制 although 制 is itself used in traditional text: 智能製造 finds 智能制造."""
    assert ds.search("智能製造") == ds.search("智能制造") != ()
    assert ds.search("雲計算") == ds.search("云计算") != ()
