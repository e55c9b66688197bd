"""The one "did you mean" rule: the ids (or names) nearest to one that does not exist.

Every not-found message of the library, the CLI and the API names its nearest candidates with this
function, so a typo gets the same hint everywhere.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["nearest"]

MAX_KEY = 100  # a hostile or accidental long key is compared by its start only


def nearest(key: str, candidates: Iterable[str], n: int = 3) -> tuple[str, ...]:
    """Up to ``n`` candidates like ``key``, best first.

    A match ignoring case comes first (``NDRC`` -> ``ndrc``), then difflib's closest (cutoff 0.6, then
    0.5 ignoring case), and when nothing is close, the candidates that share the first two characters
    (``A1`` -> ``A10``, ``A11``).
    """
    key = key[:MAX_KEY]
    options = list(dict.fromkeys(candidates))
    folded = {c.lower(): c for c in reversed(options)}
    exact = [c for c in options if c.lower() == key.lower() and c != key]
    close = difflib.get_close_matches(key, options, n=n, cutoff=0.6)
    if not close:
        close = [folded[c] for c in difflib.get_close_matches(key.lower(), list(folded), n=n, cutoff=0.5)]
    if not close and key:
        close = [c for c in options if c.lower().startswith(key[:2].lower())][:n]
    return tuple(dict.fromkeys([*exact, *close]))[:n]
