"""Text search over the loaded dataset: the Dataset's ``search`` and what it needs, kept apart from
dataset.py so that each stays a small module. The rule itself (what is searched, how a query matches) is
internet_plus.search's."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from . import models as m
from .errors import NotFoundError
from .nearest import nearest
from .search import DEFAULT_TABLES, SEARCH_FIELDS, Hit, normalise, search_rows

__all__ = ["Searching"]


class Searching:
    """Mixed into Dataset; relies on its tables (``_tables``, ``get``, ``document``) and ``_search_cache``."""

    __slots__ = ()
    _tables: Mapping[str, tuple[Any, ...]]
    _search_cache: tuple[tuple[str, str, str, str, str], ...] | None

    if TYPE_CHECKING:

        def get(self, table: str, key: str, default: Any = None) -> Any: ...
        def document(self, key: str) -> m.Document: ...

    @property
    def _search_index(self) -> tuple[tuple[str, str, str, str, str], ...]:
        """Every searchable value with its normalised key, built on the first search and kept."""
        cached = self._search_cache
        if cached is None:
            cached = self._build_search_index()
            object.__setattr__(self, "_search_cache", cached)
        return cached

    def _build_search_index(self) -> tuple[tuple[str, str, str, str, str], ...]:
        out = []
        for table, fields in SEARCH_FIELDS.items():
            for row in self._tables.get(table, ()):
                for field in fields:
                    value = getattr(row, field)
                    if value:
                        out.append((table, row.id, field, value, normalise(value)))
        return tuple(out)

    def search(self, query: str, tables: Iterable[str] | None = None, document: str | None = None) -> tuple[Hit, ...]:
        """Find ``query`` in Chinese (simplified or traditional) or English, ignoring case and width;
        ``document`` (its id or number) keeps the rows of that document: its own row and the rows whose
        ``document_id`` it is."""
        wanted = tuple(tables) if tables is not None else DEFAULT_TABLES
        for t in wanted:
            if t not in SEARCH_FIELDS:
                raise NotFoundError("searchable table", t, nearest(t, SEARCH_FIELDS))
        rows = (r for r in self._search_index if r[0] in wanted)
        hits = tuple(search_rows(query, rows))
        if document is None:
            return hits
        doc = self.document(document).id
        return tuple(h for h in hits if self.document_of(h.table, h.id) == doc)

    def document_of(self, table: str, key: str) -> str | None:
        """The document a row belongs to: a document's own id, else the row's ``document_id`` (None if none)."""
        if table == "documents":
            return key
        return getattr(self.get(table, key), "document_id", None)
