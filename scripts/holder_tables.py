"""agencies + agency_changes + responsibilities -> the holders rows: who holds each duty on the as-of date.

The rule is the library's one computation (internet_plus.holders.holders_of), applied to the rows this build
has just made, so the table, ``ds.holders``, the CLI, the API and the pages cannot disagree.
"""

from __future__ import annotations

import tomllib
from datetime import date
from typing import Any

from _common import SOURCE, BuildError

from internet_plus import models as m
from internet_plus.holders import holder_records

__all__ = ["SUCCESSION", "holder_rows", "succession_as_of"]

Record = dict[str, Any]
SUCCESSION = SOURCE / "succession.toml"


def succession_as_of() -> date:
    """The as-of date of the succession data, from dataset/source/succession.toml."""
    try:
        value = tomllib.loads(SUCCESSION.read_text(encoding="utf-8")).get("as_of")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise BuildError(f"{SUCCESSION.name}: cannot be read as TOML: {exc}") from None
    if not isinstance(value, date):
        raise BuildError(f"{SUCCESSION.name}: as_of must be a date (as_of = 2026-12-06), not {value!r}")
    return value


def holder_rows(agencies: list[Record], changes: list[Record], responsibilities: list[Record]) -> list[Record]:
    """The library's rows (internet_plus.holders.holder_records) for the succession data's date; an
    unresolved chain stops the build, naming the change where it ends."""
    by_id = {a["id"]: m.Agency.model_validate(a) for a in agencies}
    typed = [m.AgencyChange.model_validate(c) for c in changes]
    duties = [m.Responsibility.model_validate(r) for r in responsibilities]
    rows = holder_records(duties, by_id, typed, succession_as_of())
    for row in rows:
        if row["outcome"] == "unresolved":
            raise BuildError(
                f"holders: {row['id']}: the chain of {row['agency_id']} ends at change {row['path'].split()[-1]},"
                " whose successor has no row in agencies.csv; add the body or correct the change"
            )
    return rows
