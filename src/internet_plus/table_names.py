"""A table has one name everywhere: its files, its schema, its model's table, SQL, Parquet and its URLs.

``document_links`` is ``dataset/document_links.csv``, ``schemas/document_links.json`` and
``/v1/document_links/L001``. Before 3.2.0 the API and the pages spelled the URL segment with hyphens
(``/v1/document-links/L001``); URLs and IRIs of that form are out in the world, so the spelling is still
understood: the library, the CLI and a ``table=`` parameter read it as the name, and the API and its nginx
configuration answer its URLs with a permanent redirect (308) to the table's own. This module is the one
place that knows the old spelling.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["former_spellings", "table_key"]


def former_spellings(tables: Iterable[str]) -> dict[str, str]:
    """The URL spelling each table had before 3.2.0 (``document-links``), mapped to its name; only the tables
    whose name has an underscore had another spelling."""
    return {t.replace("_", "-"): t for t in tables if "_" in t}


def table_key(name: str) -> str:
    """The table name a spelling stands for, either form (``measure-groups`` or ``measure_groups``), blanks
    around it ignored; whether such a table exists is the caller's question."""
    return name.strip().replace("-", "_")
