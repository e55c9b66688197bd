"""Substring search on a normalised key that keeps the text's length.

The key folds full-width ASCII to half-width, ASCII to lower case, and traditional characters to
simplified ones, each one character for one character, so an offset found in the key is the
offset in the original text. At a few hundred rows a linear scan takes microseconds; no index.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from ._t2s import SIMPLIFIED, TRADITIONAL

__all__ = ["Hit", "normalise", "search_rows"]

SNIPPET_CONTEXT = 20


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
    return ("…" if lo else "") + text[lo:start] + "【" + text[start:end] + "】" + text[end:hi] + ("…" if hi < len(text) else "")


def search_rows(query: str, rows: Iterable[tuple[str, str, str, str, str]]) -> list[Hit]:
    """``rows`` yields (table, id, field, value, normalised value); returns one Hit per matching field."""
    key = normalise(query.strip())
    if not key:
        return []
    hits: list[Hit] = []
    for table, rid, field, value, folded in rows:
        pos = folded.find(key)
        if pos < 0:
            continue
        hits.append(Hit(table, rid, field, pos, pos + len(key), folded.count(key), _snippet(value, pos, pos + len(key))))
    return hits
