"""The README's table of contents states each table's true row count, and the errata figures are the data's."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any


def test_readme_row_counts_are_the_tables(root: Path, ds: Any) -> None:
    text = (root / "README.md").read_text(encoding="utf-8")
    stated = {m[1]: int(m[2].replace(",", "")) for m in re.finditer(r"^\| `([a-z_]+)` \| ([0-9,]+) \|", text, re.M)}
    assert set(stated) == set(ds.tables)
    assert stated == {t: len(ds.rows(t)) for t in ds.tables}


def test_readme_errata_figures_are_the_data(root: Path, ds: Any) -> None:
    text = (root / "README.md").read_text(encoding="utf-8")
    status = {s: sum(e.status == s for e in ds.errata) for s in ("applied", "declined", "open")}
    assert f"`status` ({status['applied']} applied, {status['declined']} declined, {status['open']} open)" in text
    assert f"The {status['applied']} applied errata" in text
    unverified = [c.id for c in ds.agency_changes if not c.verified]
    assert unverified == ["sat-2018-2"] and "marks the one fact not seen in any source (`sat-2018-2`" in text
    for m in re.finditer(r"^\| (E[0-9]+) \| (.+?) \| (.+?) \|$", text, re.M):
        e = ds.get("errata", m[1])
        assert e is not None and e.raw_text in m[2].replace("**", "") and e.corrected_text in m[3].replace("**", ""), m[
            1
        ]
