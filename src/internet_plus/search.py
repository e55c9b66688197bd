"""What is searched, and how: the one definition of each table's searchable text, and the search key.

``SEARCH_FIELDS`` is the only list of searchable fields, derived from the Table Schemas (a field's
``"searchable": true``): the library's ``Dataset.search``, the CLI, the API's ``q=`` and ``/v1/search``
all read it. Searchable means the edition's words: names, titles, texts, attributions, notes, the
glossary, the errata's evidence; not identifiers, codes, numbers, offsets, hashes, paths, URLs or
source citations (a search for "gov.cn" should not return every row whose source is a web page).

The key folds full-width ASCII to half-width, ASCII to lower case, and traditional characters to
simplified ones, each one character for one character, so an offset found in the key is the
offset in the original text. At a few hundred rows a linear scan takes microseconds; no index.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from ._t2s import SIMPLIFIED, TRADITIONAL
from .table_roles import SEARCHABLE, SEARCHED_BY_DEFAULT

__all__ = ["DEFAULT_TABLES", "SEARCH_FIELDS", "SPACE", "Hit", "matches", "normalise", "query_key", "search_rows"]

SNIPPET_CONTEXT = 20
SEARCH_FIELDS: Mapping[str, tuple[str, ...]] = SEARCHABLE
"""Table name -> its searchable fields, in schema order. Every table of the package has an entry: the
fields whose Table Schema says ``"searchable": true`` (written into ``internet_plus.table_roles`` by the build)."""
DEFAULT_TABLES: tuple[str, ...] = SEARCHED_BY_DEFAULT
"""What a search covers when no table is named: every table but those whose schema says
``"searchedByDefault": false``, because they restate text found elsewhere (provisions: the whole document
paragraph by paragraph; responsibilities: each attribution once per agency named in it; errata: fragments
of the raw extract; changes: earlier and later values of other rows)."""


@cache
def _table() -> dict[int, int]:
    table = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
    table[0x3000] = 0x20
    for cp in range(ord("A"), ord("Z") + 1):
        table[cp] = cp + 32
    for cp in range(0xFF21, 0xFF3B):  # full-width A-Z -> a-z
        table[cp] = cp - 0xFEE0 + 32
    table.update(str.maketrans(TRADITIONAL, SIMPLIFIED))
    return table


def normalise(text: str) -> str:
    """Same length as ``text``: width-, case- and script-folded."""
    return text.translate(_table())


@dataclass(frozen=True, slots=True)
class Hit:
    """One matching field: where the first match is, how many there are, and a snippet around it.

    ``start``/``end`` are offsets into the field's value (code points). In ``snippet`` the match is
    wrapped in 【 】.
    """

    table: str
    id: str
    field: str
    start: int
    end: int
    matches: int
    snippet: str


def _snippet(text: str, start: int, end: int) -> str:
    lo, hi = max(0, start - SNIPPET_CONTEXT), min(len(text), end + SNIPPET_CONTEXT)
    return (
        ("…" if lo else "")
        + text[lo:start]
        + "【"
        + text[start:end]
        + "】"
        + text[end:hi]
        + ("…" if hi < len(text) else "")
    )


SPACE = "\t\n\v\f\r \u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000\ufeff"
"""White space trimmed from a query: ECMA-262's (the dialect of the API's documented patterns), so the
API's contract and every search agree on which queries are blank. Python's ``str.strip()`` also trims
U+001C-U+001F and U+0085, which ECMA-262 counts as text."""


def query_key(query: str) -> str:
    """What a query looks for: trimmed of white space (``SPACE``) and normalised; empty for a blank query."""
    return normalise(query.strip(SPACE))


def matches(key: str, folded: Iterable[str]) -> bool:
    """Whether a row whose searchable values, normalised, are ``folded`` matches the query ``key``: the one
    rule of the library's search, the CLI and the API's ``q=``."""
    return bool(key) and any(key in value for value in folded)


def search_rows(query: str, rows: Iterable[tuple[str, str, str, str, str]]) -> list[Hit]:
    """``rows`` yields (table, id, field, value, normalised value); returns one Hit per matching field."""
    key = query_key(query)
    if not key:
        return []
    hits: list[Hit] = []
    for table, rid, field, value, folded in rows:
        pos = folded.find(key)
        if pos < 0:
            continue
        hits.append(
            Hit(table, rid, field, pos, pos + len(key), folded.count(key), _snippet(value, pos, pos + len(key)))
        )
    return hits
