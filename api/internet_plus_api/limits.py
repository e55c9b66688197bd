"""Refuse oversized request targets before any work is done on them (414, problem+json).

A path or query string longer than anything the API can answer is either a mistake or an attack;
either way it should cost nothing. Parameter values have their own, tighter bounds (query.py).
The check runs first thing in replay.py, for every route.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .problems import ProblemError
from .settings import MAX_PATH, MAX_QUERY_STRING

if TYPE_CHECKING:
    from litestar.types import HTTPScope

__all__ = ["check_uri"]


def check_uri(scope: HTTPScope) -> None:
    """Raise a 414 problem past MAX_QUERY_STRING bytes of query or MAX_PATH characters of path."""
    query = scope["query_string"]
    if len(query) > MAX_QUERY_STRING:
        raise ProblemError(
            "uri-too-long", f"The query string is {len(query)} bytes long; at most {MAX_QUERY_STRING} are accepted."
        )
    if len(scope["path"]) > MAX_PATH:
        raise ProblemError("uri-too-long", f"The path is longer than {MAX_PATH} characters.")
