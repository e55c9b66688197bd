"""Search: Chinese (simplified and traditional), English, case- and width-insensitive, with offsets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from internet_plus.search import DEFAULT_TABLES, SEARCH_FIELDS, normalise


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
    hits = ds.search("大數據")
    assert hits
    for h in hits:  # a value may be simplified or traditional (a quote seen on a big5 page): the match is either
        value = getattr(ds.get(h.table, h.id), h.field)
        assert normalise(value[h.start : h.end]) == "大数据"
        assert f"【{value[h.start : h.end]}】" in h.snippet


def test_english_search_is_case_insensitive(ds: Any) -> None:
    assert ds.search("BIG DATA") == ds.search("big data")
    assert all(h.field.endswith("_en") or h.field == "note" for h in ds.search("big data"))  # notes are English


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


def test_every_table_has_its_searchable_fields_and_they_are_text(root: Path) -> None:
    """The one list of searchable text covers every table in schemas/, with free-text fields of its schema only."""
    schemas = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in (root / "schemas").glob("*.json")}
    assert set(SEARCH_FIELDS) == set(schemas)
    for table, fields in SEARCH_FIELDS.items():
        by_name = {f["name"]: f for f in schemas[table]["fields"]}
        assert fields, table
        assert list(fields) == [f for f in by_name if f in fields], f"{table}: fields not in schema order"
        for name in fields:
            spec = by_name[name]
            constraints = spec.get("constraints", {})
            assert spec["type"] == "string" and "enum" not in constraints and "pattern" not in constraints, (
                table,
                name,
            )
    assert set(DEFAULT_TABLES) < set(SEARCH_FIELDS)


def test_default_search_reaches_attributions(ds: Any) -> None:
    hits = ds.search("共同牵头")
    assert {(h.table, h.field) for h in hits} == {("actions", "attribution_zh")}
    assert sorted(h.id for h in hits) == ["A02", "A09"]


def test_a_source_url_is_not_searchable_text(ds: Any) -> None:
    cited = {a.id for a in ds.agencies if "gov.cn" in a.source}
    hits = ds.search("gov.cn", tables=["agencies"])
    assert cited and {h.field for h in hits} <= {"note"}
    assert cited - {h.id for h in hits}, "rows that only cite a gov.cn page are not hits"
