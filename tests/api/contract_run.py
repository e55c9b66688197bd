"""Property-based: schemathesis drives the app from its own OpenAPI document.

Every documented operation is called with generated valid and invalid input; schemathesis's
default checks then demand: no 5xx, every status and content type documented, every body and
documented header conforming to its schema, invalid input refused, valid input accepted, and 405
with ``Allow`` for undocumented methods.

Three settings are deliberate. The seed makes the run reproducible (the same cases every time).
414 counts as a refusal of invalid input (schemathesis lists 400/404/… but not 414, which is the
right status when generated values make the query string too long), and as an answer to valid input
too: every parameter can be valid while all of them together exceed the documented 2048 bytes of a
query string (a list has its filters and their old names), which no schema of one parameter can say. And the ``.csv``/``.ndjson``
twins of each list skip the coverage phase: they take exactly the parameters of the negotiated
list, which gets it, so running it three times per table would only triple the run time. Likewise a row's
history: one view serves every table's, so only the tasks' is driven (tests/api/test_api_history.py holds every table's
entry equal to the tasks' and reads a row of each).

The explicit-format twins of the tables' lists (``/v1/tasks.csv``) and of every URL with a path parameter
(``/v1/tasks/{id}/lineage.json``, ``/v1/documents/{id}/links.csv`` …: 76 of the 171 operations) skip the
fuzzing phase too, for the same reason: each is its negotiated URL's view with a fixed ``Accept``, and that
URL is fuzzed; the examples phase still calls every twin and checks its status, content type, headers and
body. That took the run from 62–66 s to 50 s (2026-12-07). A twin with no parameters (``/v1.json``,
``/v1/datapackage.json`` …) keeps its one fuzzed case: the examples phase has none to give it.

The coverage phase (each parameter's boundary and invalid values, ~0.3 s an operation) runs on every
operation but the lists and items of tables whose kinds of field another table already brings: the list
and item views are one view each, typed from the schemas, so the tables chosen by ``coverage_tables``
(the fewest whose fields have every kind a filter parses: each type and format, enums, lists, and an
``as_of``) drive every parser those views have. Every table's list and item still runs the other phases.
It took the run from 74 s to 62 s (2026-12-07).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from internet_plus_api.app import create_app
from schemathesis.config import SchemathesisConfig

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"


def _kinds(table: str, paths: dict[str, Any]) -> set[tuple[Any, ...]]:
    fields = json.loads((SCHEMAS / f"{table}.json").read_text(encoding="utf-8"))["fields"]
    kinds = {
        (f["type"], f.get("format", "default"), "enum" in f.get("constraints", {}), "listSeparator" in f)
        for f in fields
    }
    names = {p["name"] for p in paths.get(f"/v1/{table}", {}).get("get", {}).get("parameters", [])}
    return kinds | ({("as_of",)} if "as_of" in names else set())


def coverage_tables(paths: dict[str, Any]) -> list[str]:
    """The fewest tables (greedily, the one bringing most new kinds first; ties by name) whose fields and
    list parameters have every kind any table has."""
    left = {p.stem: _kinds(p.stem, paths) for p in sorted(SCHEMAS.glob("*.json"))}
    wanted = set().union(*left.values())
    chosen: list[str] = []
    while wanted:
        best = max(sorted(left), key=lambda t: len(left[t] & wanted))
        chosen.append(best)
        wanted -= left.pop(best)
    return sorted(chosen)


def _others(paths: dict[str, Any]) -> str:
    """A path regex of the lists and items of the tables ``coverage_tables`` leaves out."""
    covered = set(coverage_tables(paths))
    others = sorted(p.stem for p in SCHEMAS.glob("*.json") if p.stem not in covered)
    return "^/v1/(" + "|".join(others) + ")(/[{]id[}])?$"


def _fuzzed_elsewhere() -> str:
    """A path regex of the explicit-format twins of every table's list (``/v1/tasks.csv``) and of every URL
    with a path parameter (``/v1/tasks/{id}/lineage.json``): their negotiated URLs are fuzzed."""
    tables = sorted(p.stem for p in SCHEMAS.glob("*.json"))
    return "^/v1/(" + "|".join(tables) + ")[.](json|csv|ndjson)$|[{].*[.](json|csv|ndjson)$"


APP = create_app()
PATHS: dict[str, Any] = schemathesis.openapi.from_asgi("/schema/openapi.json", APP).raw_schema["paths"]
CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": 20150704,
        "checks": {
            "negative_data_rejection": {"expected-statuses": ["400", "404", "405", "406", "414", "429"]},
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "3xx", "401", "403", "404", "409", "414", "429", "5xx"]
            },
        },
        "operations": [
            {"include-path-regex": "[.](json|csv|ndjson)$", "phases": {"coverage": {"enabled": False}}},
            {"include-path-regex": _others(PATHS), "phases": {"coverage": {"enabled": False}}},
            {  # the last entry that matches an operation is the one it gets
                "include-path-regex": _fuzzed_elsewhere(),
                "phases": {"coverage": {"enabled": False}, "fuzzing": {"enabled": False}},
            },
        ],
    }
)
# one view answers every table's row history: the tasks' is driven, the other tables' are left out of the run
schema = schemathesis.openapi.from_asgi("/schema/openapi.json", APP, config=CONFIG).exclude(
    path_regex=r"^/v1/(?!tasks/)[a-z_]+/[{]id[}]/history"
)


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_its_contract(case: schemathesis.Case[Any]) -> None:
    case.call_and_validate()
