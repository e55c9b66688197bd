"""One typed table, generic over its model: the rows in order and lookups by id (as pycountry's databases).

Every table of the package is a ``Table``: ``ds.table("tasks").get("A02.1")`` never raises,
``.lookup("A02.1")`` raises NotFoundError naming the id and the nearest ids, ``.where(document_id=...)``
filters on fields. The rows are frozen models and the index is read-only, so a Table is immutable.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any, Generic, TypeVar, overload

from .errors import NotFoundError
from .nearest import nearest

__all__ = ["Table"]

R = TypeVar("R")
D = TypeVar("D")


class Table(Generic[R]):
    __slots__ = ("index", "name", "rows")

    def __init__(self, name: str, rows: Iterable[R]) -> None:
        self.name = name
        self.rows: tuple[R, ...] = tuple(rows)
        self.index: Mapping[str, R] = MappingProxyType({getattr(r, "id"): r for r in self.rows})  # noqa: B009

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[R]:
        return iter(self.rows)

    def __contains__(self, key: object) -> bool:
        return key in self.index

    @overload
    def get(self, key: str) -> R | None: ...
    @overload
    def get(self, key: str, default: D) -> R | D: ...
    def get(self, key: str, default: Any = None) -> Any:
        """The row with id ``key``, or ``default``; never raises."""
        return self.index.get(key, default)

    def lookup(self, key: str) -> R:
        """The row with id ``key``; NotFoundError names the id and the nearest ids."""
        row = self.index.get(key)
        if row is None:
            raise NotFoundError(self.name, key, nearest(key, self.index))
        return row

    def where(self, **fields: Any) -> tuple[R, ...]:
        """The rows whose fields equal the values given, in table order: ``where(document_id="guofa-2015-5")``."""
        return tuple(r for r in self.rows if all(getattr(r, k) == v for k, v in fields.items()))

    def filter(self, *conditions: str) -> tuple[R, ...]:
        """The rows meeting every condition, written as in the API's query string and the CLI's ``--where``:
        ``filter("signed__gte=2016-01-01", "signed__lt=2017-01-01")``, ``filter("issuer_agency_ids=ndrc")``
        (see :mod:`internet_plus.filters`); a bad condition raises FilterError naming the field."""
        from .dataset import column_types  # the types come from the model, as the schema gives them
        from .filters import keep, parse_condition

        types = column_types(self.name)
        return tuple(keep(self.rows, [parse_condition(self.name, c, types) for c in conditions]))

    def __repr__(self) -> str:
        return f"<Table {self.name}: {len(self.rows)} rows>"
