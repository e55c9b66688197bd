"""What is searched, and how: the one definition of each table's searchable text, and the search key.

``SEARCH_FIELDS`` is the only list of searchable fields, derived from the Table Schemas (a field's
``"searchable": true``): the library's ``Dataset.search``, the CLI, the API's ``q=`` and ``/v1/search``
all read it. Searchable means the edition's words: names, titles, texts, attributions, notes, the
glossary, the errata's evidence; not identifiers, codes, numbers, offsets, hashes, paths, URLs or
source citations (a search for "gov.cn" should not return every row whose source is a web page).

The key folds full-width ASCII to half-width, ASCII to lower case, and traditional characters to
simplified ones, each one character for one character, so an offset found in the key is the
offset in the original text. At a few hundred rows a linear scan takes microseconds; no index.

A query that is one of the forms in ``search_synonyms.csv`` (kept beside this module, as data) also
finds every other form of its group: the usual short name of a body (市场监管总局) finds its full name
(国家市场监督管理总局) and the reverse, "ecommerce" finds 电子商务 and "e-commerce". The list is small
and exact (the whole query must be a form): it names what people type, not a thesaurus.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from ._t2s import SIMPLIFIED, TRADITIONAL
from .table_roles import SEARCHABLE, SEARCHED_BY_DEFAULT

__all__ = [
    "DEFAULT_TABLES",
    "SEARCH_FIELDS",
    "SPACE",
    "Hit",
    "chinese_script",
    "matches",
    "normalise",
    "query_key",
    "query_keys",
    "search_rows",
    "snippet",
    "snippet_window",
    "synonyms",
]

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


def chinese_script(text: str) -> str:
    """``zh-Hant`` for text in traditional characters (two or more that the edition's table folds, so that one
    character shared by both scripts does not decide it), else ``zh-Hans``: the ``lang`` a page gives a quote."""
    traditional = _traditional()
    return "zh-Hant" if sum(1 for ch in text if ch in traditional) >= 2 else "zh-Hans"


@cache
def _traditional() -> frozenset[str]:
    return frozenset(TRADITIONAL)


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


_WORD = re.compile(r"[0-9A-Za-z\u00c0-\u024f'\u2019_-]")


def _inside_word(text: str, at: int) -> bool:
    """Whether a cut before ``text[at]`` would split a Latin word (Chinese has a boundary at every character)."""
    return 0 < at < len(text) and bool(_WORD.match(text[at - 1])) and bool(_WORD.match(text[at]))


def snippet_window(text: str, start: int, end: int, context: int = SNIPPET_CONTEXT) -> tuple[int, int]:
    """Where a snippet of about ``context`` characters either side of ``text[start:end]`` begins and ends:
    never inside a Latin word or before a combining mark, and trimmed of white space at its edges."""
    lo, hi = max(0, start - context), min(len(text), end + context)
    while lo < start and (_inside_word(text, lo) or unicodedata.combining(text[lo])):
        lo += 1  # forward to the end of the cut word; the snippet starts at the next one
    while lo < start and text[lo].isspace():
        lo += 1
    while hi > end and (_inside_word(text, hi) or (hi < len(text) and unicodedata.combining(text[hi]))):
        hi -= 1
    while hi > end and text[hi - 1].isspace():
        hi -= 1
    return lo, hi


def snippet(text: str, start: int, end: int, context: int = SNIPPET_CONTEXT) -> str:
    """The match with its context (``snippet_window``), wrapped in 【 】, with … where text was left out."""
    lo, hi = snippet_window(text, start, end, context)
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


@cache
def synonyms() -> Mapping[str, tuple[str, ...]]:
    """Each normalised form of ``search_synonyms.csv`` -> every form of its group, itself first."""
    text = files("internet_plus").joinpath("search_synonyms.csv").read_text(encoding="utf-8")
    groups: dict[str, list[str]] = {}
    for row in csv.DictReader(io.StringIO(text, newline="")):
        form = query_key(row["form"])
        if form and form not in groups.setdefault(row["group"], []):
            groups[row["group"]].append(form)
    return {f: (f, *(g for g in forms if g != f)) for forms in groups.values() for f in forms}


def query_keys(query: str) -> tuple[str, ...]:
    """Every key a query looks for: its own (``query_key``) and, when it is a form of the synonym list, the
    other forms of its group. Empty for a blank query."""
    key = query_key(query)
    return synonyms().get(key, (key,)) if key else ()


def _pattern(keys: Sequence[str]) -> re.Pattern[str]:
    """The keys as one pattern, longest first, so that 国家发展改革委 wins over 发展改革委 where both match."""
    return re.compile("|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True)))


def matches(key: str | Sequence[str], folded: Iterable[str]) -> bool:
    """Whether a row whose searchable values, normalised, are ``folded`` matches the query ``key`` (or any of
    ``query_keys``): the one rule of the library's search, the CLI and the API's ``q=``."""
    keys = (key,) if isinstance(key, str) else tuple(key)
    return any(k and k in value for value in folded for k in keys)


def search_rows(query: str, rows: Iterable[tuple[str, str, str, str, str]]) -> list[Hit]:
    """``rows`` yields (table, id, field, value, normalised value); returns one Hit per matching field: where
    the first match of any of the query's keys is, and how many (non-overlapping) matches there are."""
    keys = query_keys(query)
    if not keys:
        return []
    pattern = _pattern(keys)
    hits: list[Hit] = []
    for table, rid, field, value, folded in rows:
        if not any(k in folded for k in keys):
            continue
        found = [m.span() for m in pattern.finditer(folded)]
        start, end = found[0]
        hits.append(Hit(table, rid, field, start, end, len(found), snippet(value, start, end)))
    return hits
