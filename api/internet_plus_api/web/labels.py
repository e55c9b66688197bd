"""The label beside a row's id wherever a page lists rows: the list of a table, a row's neighbours and
children, search results."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from internet_plus.search import SEARCH_FIELDS

__all__ = ["row_label"]

_NAMED = (("title_en", "title_zh"), ("name_en", "name_zh"), ("term_en", "term_zh"), ("heading_en", "heading_zh"))
_CHARS = 60  # a passage's text or a quote is clipped (a title or a name never is)


def _clip(text: str) -> str:
    return text if len(text) <= _CHARS else text[: _CHARS - 1].rstrip() + "…"


def row_label(table: str, row: Mapping[str, Any]) -> tuple[str, str]:
    """(English, Chinese): the row's title, name, term, heading or text; for a row with none of these (a duty,
    a holder, a link), its first searchable Chinese and English fields (the schema's ``searchable``)."""
    for en, zh in _NAMED:
        if row.get(en) or row.get(zh):
            return str(row.get(en) or ""), str(row.get(zh) or "")
    if row.get("text_en") or row.get("text_zh"):
        return _clip(str(row.get("text_en") or "")), _clip(str(row.get("text_zh") or ""))
    searchable = SEARCH_FIELDS.get(table, ())
    zh = next((str(row[f]) for f in searchable if f.endswith(("_zh", "_as_printed")) and row.get(f)), "")
    en = next((str(row[f]) for f in searchable if f.endswith("_en") and row.get(f)), "")
    return _clip(en), _clip(zh)
