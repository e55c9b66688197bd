"""The command-line tool, run as a real process: output on success, one clear line on error."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from internet_plus.dataset import TABLE_MODELS as TABLES


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "internet_plus.cli", *args], capture_output=True, text=True, check=False, cwd=cwd
    )


def assert_one_line_error(out: subprocess.CompletedProcess[str], code: int, *needles: str) -> None:
    assert out.returncode == code
    assert out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in out.stderr, out.stderr
    for needle in needles:
        assert needle in lines[0]


def test_info(tmp_path: Path, csv_rows: Any) -> None:
    out = run("info", cwd=tmp_path)
    assert out.returncode == 0
    assert "国发〔2015〕40号" in out.stdout and "国发〔2015〕5号" in out.stdout and "tasks" in out.stdout
    assert f" {len(csv_rows('tasks'))} rows" in out.stdout  # every held document's tasks


def test_show_table_and_row(csv_rows: Any) -> None:
    table = run("show", "actions")
    lines = table.stdout.strip().splitlines()
    assert table.returncode == 0 and lines[0].split() == ["id", "title_zh", "title_en"]
    assert [line.split()[0] for line in lines[1:]] == [r["id"] for r in csv_rows("actions")]
    row = run("show", "tasks", "A02.1")
    assert row.returncode == 0 and "大力发展智能制造" in row.stdout and "action_id: A02" in row.stdout


def test_show_unknown_row_and_table() -> None:
    assert_one_line_error(run("show", "tasks", "A2.1"), 1, "no tasks row with id 'A2.1'", "nearest")
    assert_one_line_error(run("show", "taks"), 1, "no table named 'taks'", "tasks")


def test_search_traditional() -> None:
    out = run("search", "大數據")
    assert out.returncode == 0 and "【大数据】" in out.stdout


def test_search_nothing_found_exits_1() -> None:
    out = run("search", "量子纠缠")
    assert out.returncode == 1 and "(0 matching fields)" in out.stderr


def test_usage_errors_are_one_line() -> None:
    assert_one_line_error(run("bogus"), 2, "invalid choice: 'bogus'")
    assert_one_line_error(run("export", "--format", "pdf", "--out", "x"), 2, "invalid choice: 'pdf'")
    assert_one_line_error(run("search", "x", "--limit", "0"), 2, "--limit must be at least 1")
    assert_one_line_error(run("export", "--format", "json", "--out", "x", "--bom"), 2, "--bom applies to --format csv")


@pytest.mark.parametrize("command", ["info", "show", "search", "count", "export", "validate", "serve"])
def test_every_command_has_help(command: str) -> None:
    out = run(command, "--help")
    assert out.returncode == 0 and "usage: internet-plus" in out.stdout


def test_export_csv_is_byte_identical_and_bom_variant(tmp_path: Path, root: Path) -> None:
    package = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    assert run("export", "--format", "csv", "--out", str(tmp_path / "plain")).returncode == 0
    assert run("export", "--format", "csv", "--out", str(tmp_path / "excel"), "--bom").returncode == 0
    for r in package["resources"]:
        name = Path(r["path"]).name
        data = (tmp_path / "plain" / name).read_bytes()
        assert "sha256:" + hashlib.sha256(data).hexdigest() == r["hash"]
        assert (tmp_path / "excel" / name).read_bytes() == b"\xef\xbb\xbf" + data


def test_export_json_and_xlsx(tmp_path: Path, csv_rows: Any) -> None:
    assert run("export", "--format", "json", "--out", str(tmp_path)).returncode == 0
    exported = json.loads((tmp_path / "tasks.json").read_text(encoding="utf-8"))
    assert [t["id"] for t in exported] == [t["id"] for t in csv_rows("tasks")]
    assert run("export", "--format", "xlsx", "--out", str(tmp_path)).returncode == 0
    from openpyxl import load_workbook

    book = load_workbook(tmp_path / "internet-plus.xlsx", read_only=True)
    rows = list(book["tasks"].iter_rows(values_only=True))
    assert rows[0][0] == "id" and rows[1][0] == "任务编号" and len(rows) == 48 and rows[2][0] == "A01.1"


@pytest.mark.parametrize(("fmt", "count"), [("sqlite", 2), ("parquet", len(TABLES)), ("xlsx", 1)])
def test_export_of_a_distribution_is_the_published_file(tmp_path: Path, root: Path, fmt: str, count: int) -> None:
    result = run("export", "--format", fmt, "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    written = [Path(line) for line in result.stdout.splitlines()]
    assert len(written) == count
    for path in written:
        assert path.read_bytes() == (root / "dataset" / path.name).read_bytes()


def test_export_into_a_file_is_an_error(tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("x")
    assert_one_line_error(run("export", "--format", "csv", "--out", str(target)), 1, "is not a directory")


def test_validate_bundled_and_broken(tmp_path: Path, root: Path) -> None:
    assert run("validate").returncode == 0
    (tmp_path / "datapackage.json").write_text("{}", encoding="utf-8")
    out = run("validate", "--package", str(tmp_path / "datapackage.json"))
    assert out.returncode == 1


def test_csv_export_opens_with_csv_module(tmp_path: Path) -> None:
    run("export", "--format", "csv", "--out", str(tmp_path))
    rows = list(csv.DictReader(io.StringIO((tmp_path / "agencies.csv").read_text(encoding="utf-8"), newline="")))
    assert {r["id"] for r in rows} >= {"ndrc", "miit", "aqsiq"}


def test_lineage_of_a11_names_1078_in_every_format() -> None:
    table = run("lineage", "A11")
    assert table.returncode == 0 and "发改高技〔2016〕1078号" in table.stdout.splitlines()[1]
    rows = json.loads(run("lineage", "A11", "--format", "json").stdout)
    assert rows[0]["number_zh"] == "发改高技〔2016〕1078号" and rows[0]["evidence_grade"] == "cites_number"
    assert rows[0]["quote_zh"] and rows[0]["verified"] is True
    missing = run("lineage", "A12")
    assert missing.returncode != 0 and missing.stderr.count("\n") == 1 and "A11" in missing.stderr


def test_holders_names_todays_body_and_the_reforms_on_the_way(ds: Any) -> None:
    result = run("holders", "cbrc", "--format", "json")
    assert result.returncode == 0, result.stderr
    (row,) = json.loads(result.stdout)
    (holding,) = ds.holders_of("cbrc")
    assert row["holder_agency_id"] == holding.holder_id == "nfra"
    assert row["path_changes"] == "merged_into merged_into" and row["as_of"] == str(ds.succession_as_of)
    then = json.loads(run("holders", "cbrc", "--as-of", "2020-01-01", "--format", "json").stdout)
    assert [r["holder_agency_id"] for r in then] == ["cbirc"]


def test_holders_refuses_a_bad_date_and_an_unknown_body_in_one_line() -> None:
    for args, words in ((("cbrc", "--as-of", "2019-13-01"), "--as-of must be a date"), (("aqsic",), "aqsic")):
        result = run("holders", *args)
        assert result.returncode == 1 and words in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_cite_finds_and_resolves_every_citation_in_a_file(tmp_path: Path) -> None:
    text = tmp_path / "notice.txt"
    text.write_text(
        "根据《国务院关于积极推进“互联网+”行动的指导意见》（国发[2015]40号）和国发〔2015〕4号", encoding="utf-8"
    )
    result = run("cite", str(text), "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [(r["kind"], r["document_id"]) for r in rows] == [
        ("title", "guofa-2015-40"),
        ("number", "guofa-2015-40"),
        ("number", None),
    ]
    assert rows[1]["citation"] == "国发[2015]40号" and rows[1]["number_zh"] == "国发〔2015〕40号"
    missing = run("cite", str(tmp_path / "nope.txt"))
    assert missing.returncode == 1 and "nope.txt" in missing.stderr and "Traceback" not in missing.stderr
