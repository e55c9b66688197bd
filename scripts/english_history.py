"""The English of a row across the published releases: the revision rule for English the build generates.

Curated English carries its own ``translation_revision`` in english.csv (raised by hand when a reviewed text
changes). English the build composes from the agencies' names (an attribution's ``text_en``) has no file to
raise it in, so its revision is counted here instead: the number of published releases, and this build, whose
English for the row differs from the release before. The rule is one for both kinds, and
tests/releases/test_translation_revision.py holds every row of every release to it.
"""

from __future__ import annotations

import csv
import io
from functools import cache
from itertools import pairwise

from releases import published_members, read_index, version_key

__all__ = ["english_history", "generated_revision"]


@cache
def english_history(table: str = "provisions") -> tuple[dict[str, str | None], ...]:
    """``id -> text_en`` of every published release, oldest first."""
    out: list[dict[str, str | None]] = []
    for version in sorted((r["version"] for r in read_index()), key=version_key):
        data = published_members(version).get(f"dataset/{table}.csv")
        if data is None:
            continue
        rows = csv.DictReader(io.StringIO(data.decode("utf-8")))
        out.append({r["id"]: (r.get("text_en") or None) for r in rows})
    return tuple(out)


def generated_revision(row_id: str, text_en: str | None, table: str = "provisions") -> int:
    """How many times the row's English changed from one release to the next, this build included."""
    values = [h[row_id] for h in english_history(table) if row_id in h] + [text_en]
    return sum(1 for a, b in pairwise(values) if a != b)
