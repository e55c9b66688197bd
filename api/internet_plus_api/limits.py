"""Refuse oversized request targets before any work is done on them (414, problem+json).

A path or query string longer than anything the API can answer is either a mistake or an attack;
either way it should cost nothing. Parameter values have their own, tighter bounds (query.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from litestar.enums import ScopeType

from .problems import ProblemError
from .settings import MAX_PATH, MAX_QUERY_STRING

if TYPE_CHECKING:
    from litestar.types import ASGIApp, Receive, Scope, Send

__all__ = ["UriLimitMiddleware"]


class UriLimitMiddleware:
    """ASGI middleware for ``Litestar(middleware=[...])``: 414 past MAX_PATH or MAX_QUERY_STRING."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == ScopeType.HTTP:
            query = scope.get("query_string", b"")
            if len(query) > MAX_QUERY_STRING:
                raise ProblemError("uri-too-long", f"The query string is {len(query)} bytes long; "
                                                   f"at most {MAX_QUERY_STRING} are accepted.")
            if len(scope["path"]) > MAX_PATH:
                raise ProblemError("uri-too-long", f"The path is longer than {MAX_PATH} characters.")
        await self.app(scope, receive, send)
