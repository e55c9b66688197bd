"""The SQLite distribution: the package's tables, typed and keyed, searchable in Chinese and English,
and served by Datasette itself with its metadata."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from browsing import free_port, running
from formats_sqlite import SEARCH_SQL, index_fields, spaced

DB = "dataset/internet-plus.db"
META = "dataset/internet-plus.datasette.json"
SQL_TYPE = {"string": "TEXT", "date": "TEXT", "integer": "INTEGER", "boolean": "INTEGER"}


@pytest.fixture(scope="module")
def db(root: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(f"file:{root / DB}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    yield conn
    conn.close()


def _schemas(root: Path) -> dict[str, dict[str, Any]]:
    package = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    return {r["name"]: json.loads((root / r["schema"]).read_text(encoding="utf-8")) for r in package["resources"]}


def test_every_table_has_the_schema_columns_types_and_keys(root: Path, db: sqlite3.Connection) -> None:
    for name, schema in _schemas(root).items():
        columns = db.execute(f"pragma table_info('{name}')").fetchall()
        assert [(c["name"], c["type"]) for c in columns] == [
            (f["name"], SQL_TYPE[f["type"]]) for f in schema["fields"]
        ], name
        assert [c["name"] for c in columns if c["pk"]] == schema["primaryKey"], name
        required = {f["name"] for f in schema["fields"] if f.get("constraints", {}).get("required")}
        assert {c["name"] for c in columns if c["notnull"]} == required, name
        fks = {(fk["from"], fk["table"], fk["to"]) for fk in db.execute(f"pragma foreign_key_list('{name}')")}
        assert fks == {
            (fk["fields"], fk["reference"]["resource"] or name, fk["reference"]["fields"])
            for fk in schema.get("foreignKeys", [])
        }, name


def test_rows_are_the_published_rows(root: Path, db: sqlite3.Connection) -> None:
    for name, schema in _schemas(root).items():
        published = json.loads((root / "dataset" / f"{name}.json").read_text(encoding="utf-8"))
        booleans = {f["name"] for f in schema["fields"] if f["type"] == "boolean"}
        rows = [
            {k: (bool(v) if k in booleans and v is not None else v) for k, v in dict(r).items()}
            for r in db.execute(f"select * from {name} order by rowid")
        ]
        assert rows == published, name
    assert db.execute("pragma foreign_key_check").fetchall() == []
    assert db.execute("pragma integrity_check").fetchone()[0] == "ok"


def test_every_api_filter_field_is_indexed(root: Path, db: sqlite3.Connection) -> None:
    from internet_plus_api.catalog import FieldSpec

    for name, schema in _schemas(root).items():
        indexed = {
            db.execute(f"pragma index_info('{i['name']}')").fetchone()["name"]
            for i in db.execute(f"pragma index_list('{name}')")
        }
        filtered = {f["name"] for f in schema["fields"] if FieldSpec.from_table_schema(f).filter_name}
        assert filtered - set(schema["primaryKey"]) <= indexed, (name, filtered - indexed)
        assert set(index_fields(schema)) == filtered - set(schema["primaryKey"]), name


def _library_hits(ds: Any, query: str) -> set[tuple[str, str, str]]:
    from internet_plus.search import SEARCH_FIELDS

    return {(h.table, h.id, h.field) for h in ds.search(query, tables=list(SEARCH_FIELDS))}


@pytest.mark.parametrize("query", ["金融", "电商", "质检总局", "互联网", "大數據", "ＮＤＲＣ"])
def test_the_search_query_finds_what_the_library_finds(db: sqlite3.Connection, ds: Any, query: str) -> None:
    """Chinese words of any length, as the library's substring search finds them (its query folded first,
    as the library folds it: SQL cannot fold traditional characters; and asked for each of the library's keys,
    a usual name's other forms included: 电商 is also 电子商务)."""
    from internet_plus.search import query_keys

    got = {
        (r["table_name"], r["row_id"], r["field"])
        for key in query_keys(query)
        for r in db.execute(SEARCH_SQL, {"q": key})
    }
    assert got and got == _library_hits(ds, query)


def test_punctuation_is_not_part_of_a_phrase(db: sqlite3.Connection) -> None:
    """unicode61 drops punctuation: 互联网+ is searched as 互联网 (documented in the metadata)."""
    assert db.execute(SEARCH_SQL, {"q": "互联网+"}).fetchall() == db.execute(SEARCH_SQL, {"q": "互联网"}).fetchall()


def test_english_words_are_found_whole(db: sqlite3.Connection) -> None:
    got = {(r["table_name"], r["row_id"]) for r in db.execute(SEARCH_SQL, {"q": "Big Data"})}
    assert {rid for table, rid in got if table == "actions"} == {"A07"}
    assert all(re.search(r"\bbig\W+data\b", r["value"], re.I) for r in db.execute(SEARCH_SQL, {"q": "Big Data"}))
    assert db.execute(SEARCH_SQL, {"q": "dat"}).fetchall() == []  # a word, not a substring


def test_spacing_makes_each_cjk_character_a_token() -> None:
    assert spaced("互联网+big data") == " 互  联  网 +big data"


def test_table_search_boxes_use_trigrams(db: sqlite3.Connection) -> None:
    """Each table's FTS finds what LIKE finds, for 3 characters or more; 2 characters find nothing there."""
    matched = [
        r[0]
        for r in db.execute(
            "select tasks.id from tasks join tasks_fts on tasks.rowid = tasks_fts.rowid "
            "where tasks_fts match '大数据' order by tasks.id"
        )
    ]
    liked = [
        r[0]
        for r in db.execute(
            "select id from tasks where title_zh || text_zh || coalesce(title_en, '') || coalesce(text_en, '') "
            "like '%大数据%' order by id"
        )
    ]
    assert len(matched) == 18 and matched == liked  # 15 tasks of 40号, 3 of 5号
    assert db.execute("select count(*) from tasks_fts where tasks_fts match '金融'").fetchone()[0] == 0


@pytest.fixture(scope="module")
def datasette(root: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``datasette serve`` on the published file and metadata, on a free port of 127.0.0.1."""
    port = free_port()
    log = tmp_path_factory.mktemp("datasette") / "server.log"
    command = [
        *(sys.executable, "-m", "datasette", "serve", str(root / DB), "-m", str(root / META)),
        *("--host", "127.0.0.1", "--port", str(port)),
    ]
    base = f"http://127.0.0.1:{port}"
    with running("datasette", command, root, dict(os.environ), base + "/-/versions.json", log):
        yield base


def test_datasette_answers_sql(datasette: str) -> None:
    response = httpx.get(
        datasette + "/internet-plus.json",
        params={
            "sql": "select agency_id, count(*) as n from responsibilities where role = 'lead' "
            "group by agency_id order by n desc, agency_id limit 3",
            "_shape": "array",
        },
    )
    assert response.status_code == 200, response.text
    assert response.json()[0] == {"agency_id": "ndrc", "n": response.json()[0]["n"]}
    rows = httpx.get(datasette + "/internet-plus/actions.json", params={"id": "A02", "_shape": "array"}).json()
    assert [(r["id"], r["title_zh"]) for r in rows] == [("A02", "“互联网+”协同制造")]


def test_datasette_facets_the_enum_fields(datasette: str, ds: Any) -> None:
    body = httpx.get(datasette + "/internet-plus/responsibilities.json").json()
    roles = {r["value"]: r["count"] for r in body["facet_results"]["role"]["results"]}
    assert roles == {
        role: sum(r.role == role for r in ds.responsibilities) for role in {r.role for r in ds.responsibilities}
    }


def test_datasette_chinese_full_text_search(datasette: str, ds: Any) -> None:
    rows = httpx.get(datasette + "/internet-plus/search.json", params={"q": "金融", "_shape": "array"}).json()
    assert {(r["table_name"], r["row_id"], r["field"]) for r in rows} == _library_hits(ds, "金融")
    assert ("actions", "A05", "title_zh") in {(r["table_name"], r["row_id"], r["field"]) for r in rows}
    boxed = httpx.get(datasette + "/internet-plus/tasks.json", params={"_search": "大数据", "_shape": "array"}).json()
    assert boxed and all("大数据" in (r["text_zh"] + r["title_zh"]) for r in boxed)


def test_datasette_shows_the_metadata(datasette: str, root: Path) -> None:
    meta = httpx.get(datasette + "/-/metadata.json").json()
    package = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    assert meta["license"] == package["licenses"][0]["name"]
    tables = meta["databases"]["internet-plus"]["tables"]
    for resource in package["resources"]:
        entry = tables[resource["name"]]
        assert entry["title"] and entry["description"] and entry["source_url"] == package["sources"][0]["path"]
    page = httpx.get(datasette + "/internet-plus/agencies").text
    assert package["licenses"][0]["name"] in page and tables["agencies"]["description"][:40] in page
