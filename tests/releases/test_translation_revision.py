"""The translation revision rule: a row's translation_revision counts at least the releases in which its English
changed; for English the build generates (attributions), exactly that count."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import internet_plus


def history(table: str) -> list[dict[str, Any]]:
    versions = sorted((r.version for r in internet_plus.releases()), key=lambda v: tuple(map(int, v.split("."))))
    current = internet_plus.load()
    olds = [internet_plus.load(version=v) for v in versions if v != current.version]
    return [{r.id: r for r in ds.rows(table)} for ds in (*olds, current)]


def changes_of(rows: list[dict[str, Any]], row_id: str) -> int:
    values = [(r[row_id].heading_en, r[row_id].text_en) for r in rows if row_id in r]
    return sum(1 for a, b in pairwise(values) if a != b)


def test_every_provision_counts_the_releases_its_english_changed_in() -> None:
    rows = history("provisions")
    current = rows[-1]
    for row_id, row in current.items():
        changed = changes_of(rows, row_id)
        if row.kind == "attribution":
            assert row.translation_revision == changed, row_id
        else:
            assert row.translation_revision >= changed, row_id
    assert current["S7.2.attr"].translation_revision == current["S7.3.attr"].translation_revision == 1
