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
from internet_plus.holders import holders_of

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
    as_of = succession_as_of()
    by_id = {a["id"]: m.Agency.model_validate(a) for a in agencies}
    typed = [m.AgencyChange.model_validate(c) for c in changes]
    rows: list[Record] = []
    cache: dict[str, list[Record]] = {}
    for r in responsibilities:
        agency = r["agency_id"]
        if agency not in cache:
            cache[agency] = [_fields(h, by_id) for h in holders_of(agency, by_id, typed, as_of)]
        for n, fields in enumerate(cache[agency], 1):
            rid = f"{r['id']}.{n}"
            if fields["outcome"] == "unresolved":
                raise BuildError(
                    f"holders: {rid}: the chain of {agency} ends at change {fields['path'].split()[-1]}, whose"
                    " successor has no row in agencies.csv; add the body or correct the change"
                )
            rows.append({"id": rid, "responsibility_id": r["id"], "document_id": r["document_id"], **fields})
    return rows


def _fields(h: Any, agencies: dict[str, m.Agency]) -> Record:
    holder = agencies[h.holder_id] if h.holder_id else None
    return {
        "agency_id": h.agency_id,
        "holder_agency_id": h.holder_id,
        "holder_name_zh": holder.name_zh_full if holder else None,
        "outcome": h.outcome,
        "path": " ".join(c.id for c in h.path) or None,
        "path_changes": " ".join(c.change for c in h.path) or None,
        "caveats": " ".join(c.id for c in h.caveats) or None,
        "as_of": h.as_of.isoformat(),
    }
