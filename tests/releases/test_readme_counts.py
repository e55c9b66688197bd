"""The README's table of contents states each table's true row count, and the errata figures are the data's."""

from __future__ import annotations

import re
from collections import Counter
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


def test_the_readme_states_the_documents_facts_as_counted(ds: Any, root: Path) -> None:
    """The figures the README gives for dates and statuses are counted from the package and the 2.0.0 release."""
    import pyarrow.parquet as pq

    earlier = set(pq.read_table(root / "releases" / "2.0.0" / "documents.parquet").column("id").to_pylist())
    docs = ds.documents
    old = [d for d in docs if d.id in earlier]
    readme = " ".join((root / "README.md").read_text(encoding="utf-8").split())
    found = re.search(
        r"of the (\d+) documents of 2\.0\.0, (\d+) have a signing date seen in a source \(\d+ in 2\.0\.0\) and (\d+) "
        r"a status; of all (\d+), (\d+) have a signing date and (\d+) a status",
        readme,
    )
    assert found is not None
    assert [int(x) for x in found.groups()] == [
        len(old),
        sum(d.signed is not None for d in old),
        sum(d.status != "unknown" for d in old),
        len(docs),
        sum(d.signed is not None for d in docs),
        sum(d.status != "unknown" for d in docs),
    ]
    statuses = Counter(d.status for d in docs)
    for status in ("in_force", "lapsed", "abolished", "superseded", "expired"):
        assert (f"{statuses[status]} `{status}`" in readme) == (statuses[status] > 0), status
    assert f"other {statuses['unknown']} are `unknown`" in readme
    unsigned = sum(d.signed is None for d in docs)
    assert f"a signing date ({unsigned} of {len(docs)}) and a status ({statuses['unknown']} of {len(docs)}," in readme


def test_the_first_paragraph_counts_the_family_as_it_is(ds: Any, root: Path) -> None:
    """The first figures a reader meets: the family's documents and links, as the package holds them."""
    intro = " ".join((root / "README.md").read_text(encoding="utf-8").split("\n\n", 2)[1].split())
    found = re.search(r"policy family\*\*: (\d+) documents .*? and (\d+) links", intro)
    assert found is not None
    assert (int(found[1]), int(found[2])) == (len(ds.documents), len(ds.document_links))
