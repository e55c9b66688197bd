"""Every failure becomes an RFC 9457 problem document: the exception handlers of the app.

Litestar's own exceptions (no route, method not allowed, too many requests) are translated into
the catalogued problem types with their useful extras (``allowed``, ``nearest``, ``Retry-After``);
anything unexpected becomes a bare 500 whose details go to the log, never to the client.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException
from litestar.types import ExceptionHandlersMap

from internet_plus import NotFoundError

from .catalog import nearest
from .http import respond
from .problems import ProblemError, ProblemType, render_problem
from .settings import MAX_PATH, MAX_QUERY_STRING

__all__ = ["exception_handlers", "instance_of"]

log = logging.getLogger("internet_plus_api")

_QUERY_SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/?")
_PATH_SAFE = _QUERY_SAFE - {ord("?")}
_HEX = frozenset(bytes([b]) for b in b"0123456789ABCDEFabcdef")


def _escape(raw: bytes, safe: frozenset[int]) -> str:
    """Percent-encode what a URI may not contain; keep valid %XX escapes, escape a stray %."""
    out = []
    for i, byte in enumerate(raw):
        if byte in safe or (byte == 0x25 and raw[i + 1 : i + 2] in _HEX and raw[i + 2 : i + 3] in _HEX):
            out.append(chr(byte))
        else:
            out.append(f"%{byte:02X}")
    return "".join(out)


def instance_of(request: Request[Any, Any, Any]) -> str:
    """The request target as a valid URI reference, for the ``instance`` member (an over-long query is left out)."""
    path = request.scope.get("path", "/")
    query = request.scope.get("query_string", b"")
    target = _escape(path.encode("utf-8")[:MAX_PATH], _PATH_SAFE)
    return target + ("?" + _escape(query, _QUERY_SAFE) if query and len(query) <= MAX_QUERY_STRING else "")


def exception_handlers(known_paths: Sequence[str], fixed_headers: Mapping[str, str]) -> ExceptionHandlersMap:
    """Handlers for ``Litestar(exception_handlers=...)``; ``known_paths`` feed the 404 suggestions.

    ``fixed_headers`` are the headers every response carries: errors raised before a route is reached
    never pass the middleware that adds them to the routes' answers (replay.py).
    """

    def _answer(request: Request[Any, Any, Any], error: ProblemError) -> Response[bytes]:
        return respond(request, render_problem(error, instance_of(request)), status=error.status, extra=fixed_headers)

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
            headers["Retry-After"] = str(max(1, int(reset))) if reset.isdigit() else "1"
            return _answer(
                request,
                ProblemError(
                    "rate-limited",
                    f"Too many requests from this client; retry in {headers['Retry-After']} s.",
                    headers=headers,
                ),
            )
        if exc.status_code >= 500:
            return on_error(request, exc)
        return _answer(request, ProblemError(ProblemType.blank(exc.status_code), str(exc.detail), headers=headers))

    def on_error(request: Request[Any, Any, Any], exc: Exception) -> Response[bytes]:
        log.error("unhandled error on %s %s", request.method, request.scope.get("path"), exc_info=exc)
        return _answer(request, ProblemError("internal-error", "The server could not answer this request."))

    return {ProblemError: on_problem, NotFoundError: on_not_found, HTTPException: on_http, Exception: on_error}
