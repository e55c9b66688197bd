"""Full validation of a data package: Frictionless (schemas, keys, hashes) plus the edition's own checks.

Frictionless knows Table Schema; it cannot know that an offset must point at its text, that the
plan has 40 tasks (each document's counts are in datapackage.json, from its document.toml), or that an
attribution's first agency leads. Those checks read the published
CSV files themselves, so a broken copy is caught whichever file was edited.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import MissingExtraError
from .expectations import count_problems
from .resources import text_entries
from .roles import parse_attribution, roles
from .table_roles import TEXT_TABLES
from .tableschema import parse_schema

__all__ = ["Problem", "check_package", "validate"]

MIN_DOCUMENTS = 25


@dataclass(frozen=True)
class Problem:
    table: str
    row: str
    field: str
    message: str

    def __str__(self) -> str:
        where = ":".join(p for p in (self.table, self.row, self.field) if p)
        return f"{where}: {self.message}"


def _read_table(folder: Path, resource: dict[str, Any]) -> list[dict[str, Any]]:
    schema = parse_schema((folder / resource["schema"]).read_bytes(), resource["schema"])
    types = {f["name"]: f["type"] for f in schema["fields"]}
    text = (folder / resource["path"]).read_text(encoding="utf-8")
    rows = []
    for raw in csv.DictReader(io.StringIO(text, newline="")):
        row: dict[str, Any] = {}
        for k, v in raw.items():
            if v == "" or v is None:
                row[k] = None
            elif types.get(k) == "integer":
                row[k] = int(v) if v.lstrip("-").isascii() and v.lstrip("-").isdigit() else v
            elif types.get(k) == "boolean":
                row[k] = {"true": True, "false": False}.get(v, v)
            else:
                row[k] = v
        rows.append(row)
    return rows


class _Unreadable(Exception):
    """A file the checks cannot read: its one problem replaces every other."""


def check_package(folder: Path, package: dict[str, Any]) -> list[Problem]:
    """The edition's own checks on the CSV files of a package that Frictionless has read."""
    resources = {r["name"]: r for r in package.get("resources", [])}
    try:
        tables = {name: _read_table(folder, r) for name, r in resources.items()}
    except (OSError, KeyError, csv.Error, json.JSONDecodeError, UnicodeDecodeError) as exc:
        return [Problem("", "", "", f"cannot read the package's tables: {exc}")]
    try:
        texts, problems = _texts(folder, package)
    except _Unreadable as exc:
        return [Problem("", "", "", str(exc))]
    if not texts:
        return [Problem("", "", "", "datapackage.json lists no canonical text")]
    problems += _counts(package, tables)
    problems += _offsets(texts, tables)
    for doc, text in texts.items():
        problems += _coverage(text, [p for p in tables.get("provisions", []) if p.get("document_id") == doc])
    problems += _attributions(tables)
    problems += _json_matches_csv(folder, resources, tables)
    return problems


def _texts(folder: Path, package: dict[str, Any]) -> tuple[dict[str, str], list[Problem]]:
    """Each document's canonical text, and the texts whose sha256 is not the one datapackage.json records."""
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    for text_entry in text_entries(package):
        try:
            text_bytes = (folder / text_entry["path"]).read_bytes()
        except (OSError, KeyError) as exc:
            raise _Unreadable(f"cannot read the canonical text: {exc}") from None
        try:
            texts[str(text_entry.get("document_id"))] = text_bytes.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _Unreadable(f"{text_entry['path']}: not UTF-8 (byte {exc.start}: {exc.reason})") from None
        if "sha256:" + hashlib.sha256(text_bytes).hexdigest() != text_entry.get("hash"):
            problems.append(Problem("", "", "", f"{text_entry['path']}: sha256 does not match datapackage.json"))
    return texts, problems


def _counts(package: dict[str, Any], tables: dict[str, list[dict[str, Any]]]) -> list[Problem]:
    """The family's size, and each document's counts (from its document.toml)."""
    problems: list[Problem] = []
    if len(tables.get("documents", [])) < MIN_DOCUMENTS:
        problems.append(Problem("documents", "", "", f"{len(tables.get('documents', []))} rows; the family has more"))
    for text_entry in text_entries(package):
        expected = text_entry.get("expected")
        if isinstance(expected, dict):
            doc = str(text_entry.get("document_id"))
            problems += [Problem(t, "", f, m) for t, f, m in count_problems(doc, expected, tables)]
    return problems


def _offsets(texts: dict[str, str], tables: dict[str, list[dict[str, Any]]]) -> list[Problem]:
    """Every row of a text table quotes its document's text at its own offsets."""
    problems: list[Problem] = []
    for name in TEXT_TABLES:
        for row in tables.get(name, []):
            text = texts.get(str(row.get("document_id")), "")
            start, end = row.get("start"), row.get("end")
            if not isinstance(start, int) or not isinstance(end, int) or text[start:end] != row.get("text_zh"):
                problems.append(
                    Problem(name, str(row.get("id")), "start", f"text_zh is not the canonical text at [{start}:{end}]")
                )
    return problems


def _coverage(text: str, provisions: list[dict[str, Any]]) -> list[Problem]:
    out: list[Problem] = []
    spans = sorted((p["start"], p["end"], p["id"]) for p in provisions if isinstance(p.get("start"), int))
    pos, prev = 0, "the start"
    for start, end, pid in spans:
        if start < pos:
            out.append(Problem("provisions", pid, "start", f"overlaps {prev}"))
        elif text[pos:start].strip():
            out.append(
                Problem("provisions", pid, "start", f"text {text[pos:start]!r} before it belongs to no provision")
            )
        pos, prev = max(pos, end), pid
    if text[pos:].strip():
        out.append(Problem("provisions", "", "", f"text {text[pos:]!r} at the end belongs to no provision"))
    return out


def _attributions(tables: dict[str, list[dict[str, Any]]]) -> list[Problem]:
    out, by_subject = _by_subject(tables.get("responsibilities", []))
    subjects = [s for s in (*tables.get("actions", []), *tables.get("measures", [])) if s.get("attribution_zh")]
    for subject in subjects:
        rows = sorted(by_subject.pop(subject["id"], []), key=lambda r: r["position"])
        out += _attribution_problems(subject["id"], subject.get("attribution_zh") or "", rows)
    for sid in by_subject:
        out.append(Problem("responsibilities", sid, "", "names a subject that is neither an action nor a measure"))
    return out


def _by_subject(
    responsibilities: list[dict[str, Any]],
) -> tuple[list[Problem], dict[str, list[dict[str, Any]]]]:
    """The responsibilities grouped by the action or measure they name; a closing paragraph's duty, which
    names neither, is checked here against the sentence it cites."""
    out: list[Problem] = []
    by_subject: dict[str, list[dict[str, Any]]] = {}
    for r in responsibilities:
        if r.get("action_id") is None and r.get("measure_id") is None:
            if r["name_as_printed"] not in (r.get("attribution_zh") or ""):
                out.append(Problem("responsibilities", r["id"], "name_as_printed", "not in the sentence it cites"))
            continue
        by_subject.setdefault(r.get("action_id") or r.get("measure_id") or "", []).append(r)
    return out, by_subject


def _attribution_problems(sid: str, printed: str, rows: list[dict[str, Any]]) -> list[Problem]:
    """A subject's agencies are the printed list, in order, with the roles its verb gives them."""
    parsed = parse_attribution(printed.strip("（）"))
    listed = list(parsed.names) if parsed else []
    names = [r["name_as_printed"] for r in rows]
    if parsed is None or names != listed:
        message = f"agencies {names} differ from the printed list {listed}"
        return [Problem("responsibilities", sid, "name_as_printed", message)]
    expected = [role for role, _ in roles(parsed.verb, len(rows))]
    if [r["role"] for r in rows] != expected:
        return [
            Problem("responsibilities", sid, "role", f"roles {[r['role'] for r in rows]}, the rule gives {expected}")
        ]
    return []


def _json_matches_csv(
    folder: Path, resources: dict[str, Any], tables: dict[str, list[dict[str, Any]]]
) -> list[Problem]:
    out = []
    for name, r in resources.items():
        entry = r.get("json", {})
        try:
            data = (folder / entry["path"]).read_bytes()
        except (OSError, KeyError):
            out.append(Problem(name, "", "", "the JSON file is missing"))
            continue
        if "sha256:" + hashlib.sha256(data).hexdigest() != entry.get("hash"):
            out.append(Problem(name, "", "", f"{entry['path']}: sha256 does not match datapackage.json"))
        try:
            rows = json.loads(data)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:  # truncated, or not UTF-8: one line, no traceback
            reason = exc.msg if isinstance(exc, json.JSONDecodeError) else f"not UTF-8 (byte {exc.start}: {exc.reason})"
            out.append(Problem(name, "", "", f"{entry['path']}: cannot be read as JSON: {reason}"))
            continue
        if rows != tables[name]:
            out.append(Problem(name, "", "", f"{entry['path']} does not hold the same rows as {r['path']}"))
    return out


def _integrity(folder: Path, package: dict[str, Any]) -> list[Problem]:
    """Every file datapackage.json lists (tables, their JSON, their schemas, the text) has its recorded sha256."""
    from .errors import DataIntegrityError
    from .loader import read_verified, schema_entry

    problems: list[Problem] = []
    resources = [r for r in package.get("resources", []) if isinstance(r, dict)]
    for resource in resources:
        try:
            json_entry = resource.get("json")
            if not isinstance(json_entry, dict):
                raise DataIntegrityError(f"datapackage.json: resource {resource.get('name')!r} lists no JSON file")
            for entry in (resource, json_entry, schema_entry(resource)):
                read_verified(folder, entry)
        except DataIntegrityError as exc:
            problems.append(Problem("", "", "", str(exc)))
    for text in text_entries(package) or [{}]:
        try:
            read_verified(folder, text).decode("utf-8")
        except DataIntegrityError as exc:
            problems.append(Problem("", "", "", str(exc)))
        except UnicodeDecodeError as exc:
            problems.append(Problem("", "", "", f"{text['path']}: not UTF-8 (byte {exc.start}: {exc.reason})"))
    return problems


def validate(descriptor: str | Path) -> list[Problem]:
    """Every problem in the package at ``descriptor``; an empty list means valid."""
    try:
        import frictionless
    except ImportError:
        raise MissingExtraError("validation needs frictionless: pip install 'internet-plus[validate]'") from None
    path = Path(descriptor)
    try:
        package = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return [Problem("", "", "", f"{path}: no such file")]
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return [Problem("", "", "", f"{path}: not valid JSON: {exc}")]
    if not isinstance(package, dict):
        return [Problem("", "", "", f"{path}: not a JSON object")]
    tampered = _integrity(path.parent, package)
    if tampered:  # a schema that differs from the published one would change what Frictionless checks
        return tampered
    report = frictionless.validate(str(path))
    problems: list[Problem] = []
    for task in report.tasks:
        for err in task.errors:
            row = getattr(err, "row_number", None)
            field = getattr(err, "field_name", None)
            cell = getattr(err, "cell", None)
            value = f" (value {cell!r})" if cell not in (None, "") else ""
            problems.append(
                Problem(task.name or "", f"row {row}" if row else "", field or "", f"{err.type}{value}: {err.message}")
            )
    for err in report.errors:
        problems.append(Problem("", "", "", f"{err.type}: {err.message}"))
    if problems:  # our checks assume tables that Frictionless could read
        return problems
    return check_package(path.parent, package)
