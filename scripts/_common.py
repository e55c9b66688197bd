"""Shared plumbing for the build scripts: paths from this file's location, deterministic writers.

Every script writes through these helpers so that a rebuild is byte-identical: rows in a fixed
order, JSON keys sorted (or, for table rows, in schema field order), ``\\n`` line ends, UTF-8 without BOM.
CSV is written by the library's one writer (internet_plus.csvfile): importing this module puts this
checkout's src/ first on the path, so the build uses the library modules beside it, never an
installed copy.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = [
    "DATASET",
    "ROOT",
    "SCHEMAS",
    "SOURCE",
    "TABLES",
    "BuildError",
    "CuratedRow",
    "by_id",
    "document_folders",
    "json_bytes",
    "load_schema",
    "project_version",
    "read_curated_csv",
    "read_curated_with_folders",
    "read_text",
    "relative",
    "table_inventory",
    "unescape",
]

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))
DATASET = ROOT / "dataset"
SOURCE = DATASET / "source"
SCHEMAS = ROOT / "schemas"
# The table inventory, in package order: table name (= dataset/<name>.csv, schemas/<name>.json) -> model class.
# The one hand-kept list of tables; everything else (datapackage.json, models.py's MODELS and the Dataset's
# attributes, the data dictionary, the API's collections) is generated from it, and table_inventory()
# refuses it unless it names exactly the schemas in schemas/.
TABLES: dict[str, str] = {
    "documents": "Document",
    "document_links": "DocumentLink",
    "provisions": "Provision",
    "principles": "Principle",
    "targets": "Target",
    "actions": "Action",
    "tasks": "Task",
    "measure_groups": "MeasureGroup",
    "measures": "Measure",
    "agencies": "Agency",
    "agency_changes": "AgencyChange",
    "responsibilities": "Responsibility",
    "holders": "Holder",
    "followups": "Followup",
    "errata": "Erratum",
    "terms": "Term",
    "changes": "Change",
}


class BuildError(Exception):
    """A curated input or the source text does not say what the build expects; the message names it."""


def unescape(value: str) -> str:
    """Curated CSVs write a line break as the two characters ``\\n`` so each row stays on one line."""
    out: list[str] = []
    it = iter(value)
    for ch in it:
        if ch == "\\":
            nxt = next(it, "")
            out.append({"n": "\n", "\\": "\\"}.get(nxt, "\\" + nxt))
        else:
            out.append(ch)
    return "".join(out)


class CuratedRow(dict[str, str]):
    """One row of a curated CSV, remembering where it is so an error can name the file and line."""

    __slots__ = ("line", "path")

    def __init__(self, values: dict[str, str], path: Path, line: int) -> None:
        super().__init__(values)
        self.path, self.line = path, line

    @property
    def where(self) -> str:
        """``dataset/source/agencies.csv: line 7``, the prefix of every message about this row."""
        return f"{relative(self.path)}: line {self.line}"


def relative(path: Path) -> str:
    """A path as messages name it: relative to the repository root."""
    try:
        return path.relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # every C0 control but tab and line feed, and DEL


def read_text(path: Path) -> str:
    """A UTF-8 input file; missing, undecodable or holding a control character stops the build naming the file.

    A control character is never text: it would pass into every table and break the formats that
    refuse it (XML in the workbook), far from its cause.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BuildError(f"{relative(path)}: file not found") from None
    except UnicodeDecodeError as exc:
        raise BuildError(f"{relative(path)}: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    if bad := CONTROL.search(text):
        line = text.count("\n", 0, bad.start()) + 1
        what = "a carriage return (save it with \\n line ends)" if bad.group() == "\r" else "a control character"
        raise BuildError(f"{relative(path)}: line {line}: {what}, U+{ord(bad.group()):04X}")
    return text


def read_curated_csv(path: Path, required: Sequence[str]) -> list[CuratedRow]:
    """Read a hand-edited CSV, refusing a missing column or a ragged row with its line number."""
    rel = relative(path)
    text = read_text(path)
    if text.startswith("\ufeff"):
        raise BuildError(f"{rel}: starts with a byte-order mark; save it as UTF-8 without BOM")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise BuildError(f"{rel}: empty file") from None
    except csv.Error as exc:
        raise BuildError(f"{rel}: line 1: {exc}") from None
    missing = [c for c in required if c not in header]
    if missing:
        raise BuildError(f"{rel}: missing column(s) {', '.join(missing)} (header: {', '.join(header)})")
    rows: list[CuratedRow] = []
    start = reader.line_num + 1
    try:
        for values in reader:
            if values and len(values) != len(header):
                raise BuildError(
                    f"{rel}: line {start}: {len(values)} values for {len(header)} columns "
                    f"(row {_clip(','.join(values))!r})"
                )
            if values:
                rows.append(CuratedRow(dict(zip(header, values, strict=True)), path, start))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise BuildError(f"{rel}: line {start}: {exc}") from None
    return rows


def document_folders(source: Path | None = None) -> list[Path]:
    """The folders of the held documents: each folder of the source tree with a document.toml, by name."""
    return [p.parent for p in sorted((source or SOURCE).glob("*/document.toml"))]


def read_curated_with_folders(name: str, required: Sequence[str]) -> list[CuratedRow]:
    """``dataset/source/<name>`` and then each document folder's own ``<name>``, if it has one, in folder order.

    A document brings its curated rows (its documents row, its links) in its folder, so adding it is
    copying one folder; each row keeps the file and line it came from for the build's messages.
    """
    rows = read_curated_csv(SOURCE / name, required)
    for folder in document_folders():
        if (folder / name).is_file():
            rows += read_curated_csv(folder / name, required)
    return rows


def _clip(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def project_version() -> str:
    """The release's version: pyproject.toml's [project] version is its only written form."""
    try:
        version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    except (OSError, tomllib.TOMLDecodeError, KeyError) as exc:
        raise BuildError(f"pyproject.toml: cannot read [project] version ({exc})") from None
    if not isinstance(version, str) or not version:
        raise BuildError(f"pyproject.toml: [project] version must be a non-empty string, not {version!r}")
    return version


def by_id(rows: list[CuratedRow]) -> dict[str, CuratedRow]:
    """Curated rows keyed by their id column; a repeated id stops the build with its line."""
    out: dict[str, CuratedRow] = {}
    for row in rows:
        if row["id"] in out:
            raise BuildError(f"{row.where}: duplicate id {row['id']!r} (first at line {out[row['id']].line})")
        out[row["id"]] = row
    return out


def table_inventory() -> list[str]:
    """The tables, in package order, after checking that TABLES and schemas/ name the same ones."""
    on_disk = {p.stem for p in SCHEMAS.glob("*.json")}
    if missing := sorted(on_disk - set(TABLES)):
        raise BuildError(f"schemas/{missing[0]}.json: a table not in the inventory (scripts/_common.py TABLES)")
    if extra := sorted(set(TABLES) - on_disk):
        raise BuildError(
            f"schemas/{extra[0]}.json: file not found (the inventory, scripts/_common.py TABLES, names it)"
        )
    return list(TABLES)


def load_schema(table: str) -> dict[str, Any]:
    """schemas/<table>.json, parsed by the library's one schema reader; any fault stops the build naming it."""
    from internet_plus.errors import DataIntegrityError
    from internet_plus.tableschema import parse_schema

    path = SCHEMAS / f"{table}.json"
    try:
        return parse_schema(path.read_bytes(), relative(path))
    except FileNotFoundError:
        raise BuildError(f"{relative(path)}: file not found (every table needs its Table Schema)") from None
    except DataIntegrityError as exc:
        raise BuildError(str(exc)) from None


def json_bytes(value: Any, *, sort_keys: bool = True) -> bytes:
    """``sort_keys=False`` keeps the keys in insertion order: table rows list their fields as the schema does."""
    return (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=sort_keys) + "\n").encode("utf-8")
