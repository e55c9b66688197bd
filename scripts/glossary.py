"""dataset/source/terms.csv -> the terms rows: one glossary shared by every held text."""

from __future__ import annotations

from typing import Any

from _common import SOURCE, BuildError, read_curated_csv

__all__ = ["term_rows"]

Record = dict[str, Any]


def term_rows(texts: list[str], provisions: list[Record]) -> list[Record]:
    """The shared glossary: each term occurs in at least one held text; counted over all of them."""
    rows = read_curated_csv(SOURCE / "terms.csv", ("id", "term_zh", "term_en", "note", "category"))
    out = []
    for t in rows:
        count = sum(text.count(t["term_zh"]) for text in texts)
        if count == 0:
            raise BuildError(f"{t.where} ({t['id']}): {t['term_zh']!r} occurs in no held text")
        where = [p["id"] for p in provisions if t["term_zh"] in p["text_zh"]]
        out.append(
            {
                "id": t["id"],
                "term_zh": t["term_zh"],
                "term_en": t["term_en"],
                "note": t["note"] or None,
                "category": t["category"],
                "occurrences": count,
                "provision_ids": " ".join(where),
            }
        )
    return sorted(out, key=lambda r: r["id"])
