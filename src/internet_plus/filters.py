"""Row conditions as people write them: ``agency_id=ndrc``, ``signed__gte=2016-01-01``, ``issuer_agency_ids=ndrc``.

One syntax for the API's list filters, the CLI's ``--where`` and the library (``Dataset.where_rows``): a
field named like its column, ``=`` a value; a date or number field also takes ``__gt``, ``__gte``,
``__lt`` or ``__lte`` before the ``=`` (Datasette's column filters, which need no escaping in a URL or
a shell). A list field (its schema's ``listSeparator``) keeps the rows that list the value. The names
before 3.1.0 (``agency`` for ``agency_id``) are kept as aliases. Which field takes what comes from
its type in the schema (through the model), so a comparison on text is refused, naming the field.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .errors import DatasetError
from .nearest import nearest
from .table_roles import LIST_FIELDS

__all__ = ["COMPARISONS", "Condition", "FilterError", "comparable", "keep", "parse_condition"]

COMPARISONS: Mapping[str, Callable[[Any, Any], bool]] = {
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}
"""The suffixes ``field__<op>=value`` a date or number field takes, and their meaning."""

_COMPARABLE = (int, float, dt.date)


class FilterError(DatasetError, ValueError):
    """A condition that cannot apply: an unknown field, a comparison on text, a value of the wrong type."""


@dataclass(frozen=True, slots=True)
class Condition:
    """``field`` compared by ``op`` (``eq``, ``has`` for a list field, or a key of COMPARISONS) with ``value``
    (typed as the column: int, float, date, bool or str; None for an empty value)."""

    field: str
    op: str
    value: Any
    separator: str = " "  # for ``has``: the list field's separator

    def test(self, row: Any) -> bool:
        """Whether ``row`` (a model: typed values) meets the condition."""
        have = getattr(row, self.field, None)
        if self.op == "eq":
            return bool(have == self.value)
        if self.op == "has":
            return self.value in (str(have).split(self.separator) if have else ())
        return have is not None and COMPARISONS[self.op](have, self.value)


def comparable(types: Mapping[str, type]) -> tuple[str, ...]:
    """The fields of a table (name -> column type) that take comparisons: dates and numbers."""
    return tuple(name for name, kind in types.items() if kind in _COMPARABLE and kind is not bool)


def _typed(value: str, kind: type, field: str) -> Any:
    if value == "":
        return None
    try:
        if kind is bool:
            if value not in ("true", "false"):
                raise ValueError
            return value == "true"
        if kind is int:
            return int(value)
        if kind is float:
            return float(value)
        if kind is dt.date:
            return dt.date.fromisoformat(value)
    except ValueError:
        what = {bool: "true or false", int: "an integer", float: "a number", dt.date: "a date (YYYY-MM-DD)"}[kind]
        raise FilterError(f"{field}: {value!r} is not {what}") from None
    return value


def parse_condition(table: str, clause: str, types: Mapping[str, type]) -> Condition:
    """``FIELD=VALUE`` or ``FIELD__op=VALUE`` on ``table``, whose columns have ``types`` (name -> type)."""
    name, sep, value = clause.partition("=")
    if not sep or not name:
        raise FilterError(f"{clause!r} is not FIELD=VALUE or FIELD__gte=VALUE (also __gt, __lt, __lte)")
    field, _, op = name.rpartition("__") if name.rpartition("__")[2] in COMPARISONS else (name, "", "eq")
    if field not in types and f"{field}_id" in types:
        field = f"{field}_id"  # the name before 3.1.0 (agency for agency_id), kept as an alias
    if field not in types:
        near = nearest(field, types)
        hint = f"; nearest: {', '.join(near)}" if near else f"; fields: {', '.join(types)}"
        raise FilterError(f"{table} has no field {field!r}{hint}")
    kind = types[field]
    if op != "eq":
        if field not in comparable(types):
            ops = ", ".join(f"__{o}" for o in COMPARISONS)
            fields = ", ".join(comparable(types)) or "none"
            raise FilterError(
                f"{field!r} cannot be compared: comparisons ({ops}) work on the date and number fields "
                f"of {table} only: {fields}"
            )
        if value == "":
            raise FilterError(f"{name}: a comparison needs a value")
        return Condition(field, op, _typed(value, kind, name))
    if (separator := LIST_FIELDS.get(table, {}).get(field)) is not None:
        return Condition(field, "has", value, separator)
    return Condition(field, "eq", _typed(value, kind, name))


def keep(rows: Iterable[Any], conditions: Sequence[Condition]) -> list[Any]:
    """The rows (models) that meet every condition, in their order."""
    return [r for r in rows if all(c.test(r) for c in conditions)]
