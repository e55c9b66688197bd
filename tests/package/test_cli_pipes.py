"""The CLI in pipes: every format gives the library's rows back, values whole off a terminal, slugs,
counts, quiet on a closed pipe, and a listening address checked before anything binds."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from internet_plus import cli
from internet_plus._output import render_rows

TABLES = [p.stem for p in sorted((Path(__file__).resolve().parents[2] / "schemas").glob("*.json"))]


def out(capsysbinary: pytest.CaptureFixture[bytes], *args: str) -> bytes:
    assert cli.main(list(args)) == 0
    captured: bytes = capsysbinary.readouterr().out
    return captured


def _library(ds: Any, table: str) -> list[dict[str, Any]]:
    return [r.model_dump(mode="json") for r in ds.rows(table)]


@pytest.mark.parametrize("table", TABLES)
def test_every_format_round_trips_to_the_library_rows(
    ds: Any, root: Path, capsysbinary: pytest.CaptureFixture[bytes], table: str
) -> None:
    rows = _library(ds, table)
    assert json.loads(out(capsysbinary, "show", table, "--format", "json")) == rows
    ndjson = out(capsysbinary, "show", table, "--format", "ndjson").decode("utf-8")
    assert [json.loads(line) for line in ndjson.splitlines()] == rows
    data = out(capsysbinary, "show", table, "--format", "csv")
    assert data == (root / "dataset" / f"{table}.csv").read_bytes()  # the published file, byte for byte
    text = {k: ("" if v is None else str(v).lower() if isinstance(v, bool) else str(v)) for k, v in rows[0].items()}
    assert next(csv.DictReader(io.StringIO(data.decode("utf-8"), newline=""))) == text


def test_info_counts_in_every_format(ds: Any, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    expected = [{"table": t, "rows": len(ds.rows(t))} for t in ds.tables]
    assert json.loads(out(capsysbinary, "info", "--format", "json")) == expected
    assert out(capsysbinary, "info", "--format", "csv").decode().splitlines()[1:] == [
        f"{e['table']},{e['rows']}" for e in expected
    ]


def test_a_table_without_titles_shows_every_field(capsysbinary: pytest.CaptureFixture[bytes], csv_rows: Any) -> None:
    """``show responsibilities`` used to print ids alone."""
    lines = out(capsysbinary, "show", "responsibilities").decode("utf-8").splitlines()
    assert lines[0].split()[:4] == ["id", "document_id", "action_id", "measure_id"]
    assert len(lines) == 1 + len(csv_rows("responsibilities"))
    assert lines[1].split()[:4] == ["A01-01", "guofa-2015-40", "A01", "ndrc"]


def test_one_row_by_id_or_slug(ds: Any, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    by_slug = json.loads(out(capsysbinary, "show", "actions", "collaborative-manufacturing", "--format", "json"))
    assert by_slug == ds.action("A02").model_dump(mode="json")
    assert json.loads(out(capsysbinary, "show", "actions", "A02", "--format", "json")) == by_slug
    fields = json.loads(out(capsysbinary, "show", "agencies", "ndrc", "--format", "json", "--fields", "id,name_en"))
    assert fields == {"id": "ndrc", "name_en": ds.agency("ndrc").name_en}


def test_search_formats_are_the_library_hits(
    ds: Any, capsysbinary: pytest.CaptureFixture[bytes], csv_rows: Any
) -> None:
    hits = [dataclasses.asdict(h) for h in ds.search("质检总局")]
    got = json.loads(out(capsysbinary, "search", "质检总局", "--format", "json"))
    attributions = [r["id"] for t in ("actions", "measures") for r in csv_rows(t) if "质检总局" in r["attribution_zh"]]
    assert got == hits and len(hits) == 1 + len(attributions)  # the agency, and the attributions that name it
    assert sorted(h["id"] for h in hits if h["field"] == "attribution_zh") == sorted(attributions)
    in_40 = ds.of("guofa-2015-40").search("质检总局", tables=["actions", "measures"])
    assert sum(h.field == "attribution_zh" for h in in_40) == 9  # 40号 names it in 9 attributions
    lines = out(capsysbinary, "search", "质检总局", "--format", "ndjson").decode("utf-8").splitlines()
    assert [json.loads(line) for line in lines] == hits


def test_count_by_field_where(ds: Any, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    got = json.loads(
        out(capsysbinary, "count", "responsibilities", "--by", "agency_id", "--where", "role=lead", "--format", "json")
    )
    leads = [r.agency_id for r in ds.responsibilities if r.role == "lead"]
    assert sum(g["count"] for g in got) == len(leads)
    assert {g["agency_id"]: g["count"] for g in got} == {a: leads.count(a) for a in set(leads)}
    assert got[0] == {"agency_id": "ndrc", "count": leads.count("ndrc")}
    assert [g["count"] for g in got] == sorted((g["count"] for g in got), reverse=True)
    total = out(capsysbinary, "count", "agency_changes", "--where", "verified=true", "--format", "csv")
    assert total == f"count\n{sum(c.verified for c in ds.agency_changes)}\n".encode()


def test_count_names_a_wrong_field(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["count", "responsibilities", "--by", "agncy_id"]) == 1
    assert capsys.readouterr().err == (
        "internet-plus: error: responsibilities has no field 'agncy_id'; nearest: agency_id\n"
    )


def test_off_a_terminal_values_are_whole(ds: Any, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    text = out(capsysbinary, "show", "provisions", "--fields", "id,text_zh").decode("utf-8")
    longest = max(ds.provisions, key=lambda p: len(p.text_zh))
    assert longest.text_zh.replace("\n", " ") in text and "…" not in text.replace(longest.text_zh, "")


def test_on_a_terminal_lines_fit_the_width(ds: Any) -> None:
    rows = _library(ds, "tasks")
    text = render_rows("table", ["id", "title_zh", "title_en"], rows, tty=True, width=80).decode("utf-8")
    widths = [sum(2 if ord(c) >= 0x2E80 else 1 for c in line) for line in text.splitlines()]
    assert max(widths) <= 80 and "…" in text and text.splitlines()[1].startswith("A01.1 ")


def test_a_closed_pipe_ends_quietly() -> None:
    """``internet-plus show provisions --format json | head -1``: no traceback, no 'Broken pipe'.

    The reader closes its end before the tool writes: a pipe here can buffer the whole output, so a reader
    that first read a line would not make the write fail."""
    process = subprocess.Popen(
        [sys.executable, "-m", "internet_plus.cli", "show", "provisions", "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    assert process.wait(timeout=30) == 141
    assert process.stderr.read() == b""


@pytest.mark.parametrize(
    "pipeline",
    [
        "internet-plus search 大數據 --format ndjson | head -3",
        "internet-plus show provisions --format ndjson | head -1",
    ],
)
def test_a_reader_that_leaves_early_gets_its_lines_and_the_status_says_whether_a_write_failed(
    root: Path, tmp_path: Path, pipeline: str
) -> None:
    """The README's ``| head`` cases, run as a shell runs them: 0 when the pipe took every byte before the
    reader left (the usual case), 141 when a write found the reader gone; never a traceback or a 'Broken
    pipe' message, and the reader gets its lines."""
    assert f"`{pipeline}`" in (root / "README.md").read_text(encoding="utf-8")
    writer, reader = pipeline.replace("internet-plus", f"{sys.executable} -m internet_plus.cli").split(" | ")
    lines = int(reader.rsplit("-", 1)[1])
    for run in range(5):
        err = tmp_path / f"{run}.err"
        script = f'{writer} 2>{err} | {reader} >{tmp_path / "out"}; echo "${{PIPESTATUS[0]}}"'
        status = subprocess.run(["bash", "-c", script], capture_output=True, text=True, check=False, timeout=60)
        assert status.stdout.strip() in ("0", "141"), status
        assert len((tmp_path / "out").read_text(encoding="utf-8").splitlines()) == lines
        assert "Traceback" not in err.read_text() and "Broken pipe" not in err.read_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--port", "99999"], "port must be a whole number from 1 to 65535, not '99999'"),
        (["--port", "0"], "port must be a whole number from 1 to 65535, not '0'"),
        (["--port", "80a"], "not '80a'"),
        (["--host", "bad host"], "host must be an IP address or a host name, not 'bad host'"),
        (["--workers", "0"], "workers must be a whole number from 1 to 64"),
    ],
)
@pytest.mark.parametrize("command", [["internet_plus.cli", "serve"], ["internet_plus_api.server"]])
def test_a_bad_listening_address_is_one_line_and_binds_nothing(
    command: list[str], args: list[str], message: str
) -> None:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", *command, *args],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and message in result.stderr and "Traceback" not in result.stderr
    assert time.monotonic() - started < 30  # it never reached a server that would run until stopped
