"""internet_plus.releases(), load(version=...) and the CLI's releases and diff commands."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

import internet_plus
from internet_plus.cli_releases import DIFF_COLUMNS


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "internet_plus.cli", *args], capture_output=True, text=True, check=False
    )


def test_releases_lists_1_0_0_first_with_its_zip_and_citation() -> None:
    first = internet_plus.releases()[0]
    assert (first.version, first.date, first.previous) == ("1.0.0", "2026-11-25", None)
    assert first.zip.path == "internet-plus-1.0.0.zip"
    assert first.zip.sha256 == "c24d336c586a7a7906664ea319f637f1f3d59d9b2eebdfe6eb97c33359c02795"
    assert first.citation == (
        "Internet Plus open data contributors (2026). Internet Plus action plan (国发〔2015〕40号): structured "
        "bilingual edition, version 1.0.0 (2026-11-25) [data set]. "
        "https://github.com/internet-plus-data/internet-plus/raw/main/releases/1.0.0/internet-plus-1.0.0.zip "
        "(sha256 c24d336c586a7a7906664ea319f637f1f3d59d9b2eebdfe6eb97c33359c02795)."
    )


def test_load_version_gives_the_published_1_0_0(root: Path) -> None:
    old = internet_plus.load(version="1.0.0")
    assert old.version == "1.0.0"
    assert len(old.errata) == 51 and len(old.agencies) == 37 and old.changes == ()
    assert old.action("A02").title_en == '"Internet Plus" collaborative manufacturing'
    from internet_plus.versions import release_files

    files = release_files("1.0.0")
    assert hashlib.sha256(files["datapackage.json"]).hexdigest() == (
        "e5d837fc0a54621dcaff6a82d0c6a25307a6b80eb4d0b009049227120004cfb0"
    )
    current = internet_plus.load()
    assert internet_plus.load(version=current.version).tables == current.tables


def test_load_unknown_version_names_the_published_ones() -> None:
    with pytest.raises(internet_plus.NotFoundError, match=r"^no release '0\.9\.0'; published: "):
        internet_plus.load(version="0.9.0")


def test_cli_releases_prints_one_line_per_release() -> None:
    out = run("releases")
    assert out.returncode == 0
    lines = out.stdout.splitlines()
    assert lines[0] == "version\tdate\tchanges\tfile\tsha256"
    assert lines[1] == (
        "1.0.0\t2026-11-25\t0\tinternet-plus-1.0.0.zip\t"
        "c24d336c586a7a7906664ea319f637f1f3d59d9b2eebdfe6eb97c33359c02795"
    )
    assert len(lines) == 1 + len(internet_plus.releases())


def test_cli_diff_lists_every_change_with_its_reason() -> None:
    ds = internet_plus.load()
    newest = ds.changes[-1]  # the newest release that changed anything (the one being prepared may not yet)
    previous, release = newest.previous_release, newest.release
    out = run("diff", previous, release)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "release\ttable_name\trow_id\tfield\tkind\told_value\tnew_value\treason"
    assert len(lines) - 1 == sum(c.release == release for c in ds.changes) > 0
    assert all(line.split("\t")[-1] not in ("", "-") for line in lines[1:])
    assert out.stderr.strip() == f"({len(lines) - 1} changes from {previous} to {release})"


def test_cli_diff_one_table() -> None:
    ds = internet_plus.load()
    out = run("diff", "1.0.0", ds.version, "--table", "errata")
    assert out.returncode == 0
    assert {line.split("\t")[1] for line in out.stdout.splitlines()[1:]} <= {"errata"}
    assert len(out.stdout.splitlines()) - 1 == sum(c.table_name == "errata" for c in ds.changes)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("diff", "1.0.0", "7.0.0"), "no release '7.0.0'; published:"),
        (("diff", "1.1.0", "1.0.0"), "diff: 1.1.0 is not older than 1.0.0"),
        (("diff", "1.0.0", "1.1.0", "--table", "taks"), "no table named 'taks'; nearest: tasks"),
    ],
)
def test_cli_diff_errors_are_one_line(args: tuple[str, ...], needle: str) -> None:
    out = run(*args)
    assert out.returncode == 1 and out.stdout == ""
    assert out.stderr == f"internet-plus: error: {needle}" + out.stderr.split(needle, 1)[1]
    assert len(out.stderr.strip().splitlines()) == 1 and needle in out.stderr


def test_cli_diff_1_0_0_to_1_1_0_exact_rows() -> None:
    lines = set(run("diff", "1.0.0", "1.1.0").stdout.splitlines())
    for expected in (
        "1.1.0\tprovisions\tS7.2.attr\ttext_en\tmodified\t"
        "(All relevant departments and All local governments are responsible)\t"
        "(All relevant departments and all local governments are responsible)\t"
        'English: a collective designation inside a list is lower case ("all local governments"), as in the '
        "translators' note",
        "1.1.0\ttasks\tA02.1\tstart\tmodified\t2912\t2925\tE52",
        "1.1.0\terrata\tE52\t-\tadded\t-\t-\tE52",
        "1.1.0\tagency_changes\taqsiq-2018-1\tsuccessor_agency_id\tmodified\t-\tsamr\t"
        "successor_agency_id filled wherever the successor is a row of agencies",
        "1.1.0\terrata\t-\tconfidence\tadded\t-\t-\terrata grade their evidence (high / medium / low); every "
        "correction resting on one witness was reviewed",
    ):
        assert expected in lines, expected


def test_library_changes_say_what_changed_and_why() -> None:
    from internet_plus.versions import changes_between

    rows = {(c.table_name, c.row_id, c.field): c for c in changes_between("1.0.0", "1.1.0")}
    a104 = rows[("tasks", "A10.4", "text_en")]
    assert "existing major recyclable" in a104.old_value and "existing backbone recyclable" in a104.new_value
    assert a104.reason == "English: 骨干 rendered 'backbone', as in the glossary (not 'major')"
    assert rows[("agencies", "nfra", None)].kind == "added"
    assert rows[("provisions", "number", None)].reason == "E52"
    assert {c.table_name for c in changes_between("1.0.0", "1.1.0", "errata")} == {"errata"}


def test_cli_releases_in_each_format_carries_the_library_s_releases() -> None:
    published = internet_plus.releases()
    as_json = json.loads(run("releases", "--format", "json").stdout)
    assert as_json == [
        {"version": r.version, "date": r.date, "changes": r.changes, "file": r.zip.path, "sha256": r.zip.sha256}
        for r in published
    ]
    as_csv = list(csv.DictReader(io.StringIO(run("releases", "--format", "csv").stdout)))
    assert [row["sha256"] for row in as_csv] == [r.zip.sha256 for r in published]
    assert [json.loads(line)["version"] for line in run("releases", "--format", "ndjson").stdout.splitlines()] == [
        r.version for r in published
    ]


def test_cli_diff_as_json_csv_and_ndjson_holds_every_change_with_nulls_kept() -> None:
    ds = internet_plus.load()
    expected = [c for c in ds.changes if c.release == "1.1.0" and c.table_name == "errata"]
    as_json = json.loads(run("diff", "1.0.0", "1.1.0", "--table", "errata", "--format", "json").stdout)
    assert as_json == [{f: getattr(c, f) for f in DIFF_COLUMNS} for c in expected]
    assert any(row["row_id"] is None for row in as_json)  # a field added to the table: no row, a null
    as_csv = list(
        csv.DictReader(io.StringIO(run("diff", "1.0.0", "1.1.0", "--table", "errata", "--format", "csv").stdout))
    )
    assert [(r["row_id"] or None, r["field"] or None) for r in as_csv] == [(c.row_id, c.field) for c in expected]
    lines = run("diff", "1.0.0", "1.1.0", "--format", "ndjson").stdout.splitlines()
    assert len(lines) == sum(c.release == "1.1.0" for c in ds.changes)


def test_cli_diff_one_row_of_a_table_added_since() -> None:
    """--table and --id give one row's changes; a row that came with a new table is itemised as added."""
    ds = internet_plus.load()
    arrival = next(c for c in ds.changes if c.table_name == "document_links" and c.row_id and not c.field)
    out = run("diff", "1.0.0", ds.version, "--table", "document_links", "--id", arrival.row_id, "--format", "json")
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert [(r["release"], r["kind"], r["field"]) for r in rows] == [
        (c.release, c.kind, c.field)
        for c in ds.changes
        if (c.table_name, c.row_id) == ("document_links", arrival.row_id)
    ]
    assert rows[0]["kind"] == "added" and rows[0]["release"] == arrival.release
    assert f"changes to document_links {arrival.row_id} from 1.0.0" in out.stderr
