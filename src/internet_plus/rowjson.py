"""A row as JSON answers give it: each list field an array, every other value as the model dumps it.

Table Schema v1 has no list type, so a list is published as one string of values joined by a
separator (the CSV cell); the field's ``listSeparator`` in its schema says so (``LIST_FIELDS``). The
API's JSON answers and the agent interface give such a field as an array, ``[]`` for an empty cell;
CSV keeps the published string.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from .table_roles import LIST_FIELDS

__all__ = ["as_json", "split_list"]


def split_list(value: Any, separator: str) -> list[str]:
    """A list field's cell as its items: ``"ndrc miit"`` -> ``["ndrc", "miit"]``, an empty cell -> ``[]``."""
    return str(value).split(separator) if value else []


def as_json(table: str, row: BaseModel | Mapping[str, Any]) -> dict[str, Any]:
    """``row`` of ``table`` (a model or its JSON dump) with its list fields as arrays."""
    out: dict[str, Any] = row.model_dump(mode="json") if isinstance(row, BaseModel) else dict(row)
    for name, separator in LIST_FIELDS.get(table, {}).items():
        if name in out:
            out[name] = split_list(out[name], separator)
    return out
