"""Every failure inside Litestar becomes an RFC 9457 problem document: the app's exception handlers.

Litestar's own exceptions (no route, method not allowed) are translated into the catalogued problem
types with their useful extras (``allowed``, ``nearest``); anything unexpected becomes a bare 500
whose details go to the log, never to the client. The middleware (middleware.py: Host, URI length)
raises the same ``ProblemError``; Litestar's rate limit raises its 429, answered here as
``rate-limited`` with ``Retry-After``.

Why not Litestar's ``ProblemDetailsPlugin``: it converts only the exceptions it is given (an
unhandled error stays a ``text/plain`` 500), carries no catalogue of documented types with their
own URIs, and the OpenAPI document still declares ``application/json`` for errors (schemathesis
then reports an undocumented content type); the handlers here are the whole of that job.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException
from litestar.types import ExceptionHandlersMap

from internet_plus import NotFoundError

from .catalog import nearest
from .http import respond
from .problems import ProblemError, ProblemType, instance_of, render_problem
from .settings import MAX_PATH

__all__ = ["exception_handlers"]

log = logging.getLogger("internet_plus_api")


def exception_handlers(known_paths: Sequence[str]) -> ExceptionHandlersMap:
    """Handlers for ``Litestar(exception_handlers=...)``; ``known_paths`` feed the 404 suggestions."""

    def _answer(request: Request[Any, Any, Any], error: ProblemError) -> Response[bytes]:
        return respond(render_problem(error, instance_of(request.scope)), status=error.status)

    def on_problem(request: Request[Any, Any, Any], exc: ProblemError) -> Response[bytes]:
        return _answer(request, exc)

    def on_not_found(request: Request[Any, Any, Any], exc: NotFoundError) -> Response[bytes]:
        return _answer(
            request,
            ProblemError(
                "not-found", f"No {exc.table} row has the id {exc.key!r}.", extensions={"nearest": list(exc.nearest)}
            ),
        )

    def on_http(request: Request[Any, Any, Any], exc: HTTPException) -> Response[bytes]:
        headers = dict(exc.headers or {})
        path = request.scope.get("path", "/")
        if exc.status_code == 404:
            if len(path) > MAX_PATH:
                return _answer(request, ProblemError("uri-too-long", f"The path is longer than {MAX_PATH} characters."))
            return _answer(
                request,
                ProblemError(
                    "unknown-route",
                    f"No endpoint has the path {path[:200]!r}. GET / lists every endpoint.",
                    extensions={"nearest": nearest(path, known_paths)},
                ),
            )
        if exc.status_code == 405:
            allow = next((v for k, v in headers.items() if k.lower() == "allow"), "GET, HEAD, OPTIONS")
            return _answer(
                request,
                ProblemError(
                    "method-not-allowed",
                    f"{request.method} is not allowed on {path[:200]!r}; the API is read-only.",
                    extensions={"allowed": [m.strip() for m in allow.split(",")]},
                    headers={"Allow": allow},
                ),
            )
        if exc.status_code == 429:
            reset = next((v for k, v in headers.items() if k.lower() == "ratelimit-reset"), "1")
            return _answer(
                request,
                ProblemError(
                    "rate-limited",
                    "Too many requests from this client. Retry after the seconds in Retry-After.",
                    headers={**headers, "Retry-After": str(max(1, int(reset)))},
                ),
            )
        if exc.status_code >= 500:
            return on_error(request, exc)
        return _answer(request, ProblemError(ProblemType.blank(exc.status_code), str(exc.detail), headers=headers))

    def on_error(request: Request[Any, Any, Any], exc: Exception) -> Response[bytes]:
        log.error("unhandled error on %s %s", request.method, request.scope.get("path"), exc_info=exc)
        return _answer(request, ProblemError("internal-error", "The server could not answer this request."))

    return {ProblemError: on_problem, NotFoundError: on_not_found, HTTPException: on_http, Exception: on_error}
