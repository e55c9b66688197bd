"""Search: Chinese (simplified and traditional), English, case- and width-insensitive, with offsets."""

from __future__ import annotations

import json
import re
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


def test_a_usual_short_name_finds_the_full_name_and_the_reverse(ds: Any) -> None:
    """市场监管总局 is what people type; the data says 国家市场监督管理总局 (search_synonyms.csv)."""
    short = ds.search("市场监管总局")
    assert ("agencies", "samr") in {(h.table, h.id) for h in short}
    assert {(h.table, h.id) for h in ds.search("国家市场监督管理总局")} <= {(h.table, h.id) for h in short}
    assert ds.search("市場監管總局") == short  # and in traditional characters


def test_a_spelling_variant_finds_both_languages(ds: Any) -> None:
    hits = ds.search("ecommerce")
    assert {"A08", "A08.1"} <= {h.id for h in hits}
    assert {h.field for h in hits} >= {"title_zh", "title_en"}
    assert {(h.table, h.id) for h in hits} == {(h.table, h.id) for h in ds.search("电子商务")}


def test_a_match_of_a_longer_form_is_counted_once(ds: Any) -> None:
    """国家发展改革委 contains 发展改革委: where the longer form is printed, it is one match, not two."""
    from internet_plus.search import search_rows

    value = "国家发展改革委、发展改革委"
    (hit,) = search_rows("发改委", [("t", "x", "f", value, normalise(value))])
    assert (hit.start, hit.end, hit.matches) == (0, 7, 2)


def test_the_synonym_list_is_unambiguous() -> None:
    import csv
    import io
    from importlib.resources import files

    from internet_plus.search import query_key

    text = files("internet_plus").joinpath("search_synonyms.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert rows and set(rows[0]) == {"group", "form", "note"}
    groups: dict[str, str] = {}
    for r in rows:
        key = query_key(r["form"])
        assert key and groups.setdefault(key, r["group"]) == r["group"], f"{r['form']} is in two groups"


@pytest.mark.parametrize("query", ["manufacturing", "data", "e-commerce", "market"])
def test_snippets_are_cut_between_words(ds: Any, query: str) -> None:
    from internet_plus.search import snippet_window

    word = re.compile(r"[0-9A-Za-z]")
    hits = [h for h in ds.search(query) if h.field.endswith("_en")]
    assert hits
    for h in hits:
        value = getattr(ds.get(h.table, h.id), h.field)
        lo, hi = snippet_window(value, h.start, h.end)
        assert lo == h.start or lo == 0 or not (word.match(value[lo - 1]) and word.match(value[lo])), h
        assert hi == h.end or hi == len(value) or not (word.match(value[hi - 1]) and word.match(value[hi])), h
        assert h.snippet.strip("…") == value[lo : h.start] + "【" + value[h.start : h.end] + "】" + value[h.end : hi]
