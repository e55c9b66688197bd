"""RFC 9457 problem details: the catalogue of problem types, the one exception that carries them, and the
app's exception handlers that answer every failure with one.

Every 4xx/5xx the API sends is one of these types, so a client can branch on ``type`` and a human
can read ``detail``. Each type is documented at ``/problems/<slug>`` (the URI in ``type``).
Litestar's own exceptions (no route, method not allowed, its rate limit's 429) are translated into the
catalogued types with their useful extras (``allowed``, ``nearest``, ``Retry-After``); anything
unexpected becomes a bare 500 whose details go to the log, never to the client.

Why not Litestar's ``ProblemDetailsPlugin``: it converts only the exceptions it is given (an
unhandled error stays a ``text/plain`` 500), carries no catalogue of documented types with their
own URIs, and the OpenAPI document still declares ``application/json`` for errors (schemathesis
then reports an undocumented content type); the handlers here are the whole of that job.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException
from litestar.types import ExceptionHandlersMap

from internet_plus import NotFoundError
from internet_plus.nearest import nearest

from .http import respond
from .render import Rendered, json_bytes, render
from .settings import ALLOW, CACHE_ERROR, MAX_PATH, MAX_QUERY_STRING

__all__ = [
    "PROBLEM_MEDIA_TYPE",
    "PROBLEM_TYPES",
    "ProblemError",
    "ProblemType",
    "exception_handlers",
    "host_problem",
    "instance_of",
    "problem_body",
    "render_problem",
]

PROBLEM_MEDIA_TYPE = "application/problem+json"


@dataclass(frozen=True, slots=True)
class ProblemType:
    slug: str
    status: int
    title: str
    description: str

    @property
    def uri(self) -> str:
        """Where the type is documented; a type without a slug is RFC 9457's ``about:blank``."""
        return f"/problems/{self.slug}" if self.slug else "about:blank"

    @classmethod
    def blank(cls, status: int) -> ProblemType:
        """``about:blank``: the problem is just the HTTP status, so the title is the status phrase."""
        phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
        return cls("", status, phrase, "")


PROBLEM_TYPES: dict[str, ProblemType] = {
    p.slug: p
    for p in (
        ProblemType(
            "unknown-parameter",
            400,
            "Unknown query parameter",
            "The request names a query parameter this endpoint does not have. `allowed` lists the ones it has.",
        ),
        ProblemType(
            "invalid-parameter",
            400,
            "Invalid query parameter",
            "A query parameter's value is out of range, malformed, not one of the allowed values, or given "
            "twice. `invalid_params` names each parameter and the reason.",
        ),
        ProblemType(
            "malformed-query",
            400,
            "Malformed query string",
            "The query string cannot be decoded: a broken percent-escape or bytes that are not UTF-8.",
        ),
        ProblemType(
            "unsupported-combination",
            400,
            "Parameters that cannot be combined",
            "Each parameter is valid but together they ask for something the format cannot express, "
            "e.g. related rows (`include`) in CSV.",
        ),
        ProblemType(
            "malformed-request",
            400,
            "Malformed HTTP request",
            "The request cannot be read as HTTP/1.1: its request line or a header is broken. The server "
            "answers before any route is chosen and closes the connection.",
        ),
        ProblemType(
            "bad-host",
            400,
            "Bad Host header",
            "An HTTP/1.1 request must carry exactly one valid Host header (RFC 9112 §3.2).",
        ),
        ProblemType(
            "not-found", 404, "No such record", "No row of this table has that id. `nearest` lists ids that look alike."
        ),
        ProblemType(
            "unknown-route",
            404,
            "No such resource",
            "No endpoint has this path. `nearest` lists paths that look alike; `/` links every endpoint.",
        ),
        ProblemType(
            "method-not-allowed",
            405,
            "Method not allowed",
            "The API is read-only: GET, HEAD and OPTIONS only. The `Allow` header and `allowed` say what the "
            "path supports.",
        ),
        ProblemType(
            "not-acceptable",
            406,
            "Not acceptable",
            "None of the media types in the Accept header can be produced. `allowed` lists those that can.",
        ),
        ProblemType(
            "uri-too-long",
            414,
            "URI too long",
            "The path or the query string is longer than the API accepts (the limits are in the detail).",
        ),
        ProblemType(
            "precondition-failed",
            412,
            "Precondition failed",
            "The request's `If-Match` names no current representation of this resource, or its "
            "`If-Unmodified-Since` is before the release date (RFC 9110 §13.1): the client's copy is not this one.",
        ),
        ProblemType(
            "range-not-satisfiable",
            416,
            "Range not satisfiable",
            "The byte range asked for is malformed, ends before it starts, or selects no byte of the answer "
            "(`detail` says which). `Content-Range` gives the answer's length.",
        ),
        ProblemType(
            "rate-limited",
            429,
            "Too many requests",
            "This client has used up its request allowance. Retry after the number of seconds in `Retry-After`.",
        ),
        ProblemType(
            "internal-error",
            500,
            "Internal server error",
            "The server failed to answer. The error has been logged; the response carries no details.",
        ),
    )
}


class ProblemError(Exception):
    """Raised anywhere in a handler to answer with a problem document of a catalogued type."""

    def __init__(
        self,
        slug: str | ProblemType,
        detail: str,
        *,
        extensions: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.type = slug if isinstance(slug, ProblemType) else PROBLEM_TYPES[slug]
        self.detail = detail
        self.extensions = dict(extensions or {})
        self.headers = dict(headers or {})

    @property
    def status(self) -> int:
        return self.type.status


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


def instance_of(scope: Mapping[str, Any]) -> str:
    """The request target as a valid URI reference, for the ``instance`` member (an over-long query is left out)."""
    path = scope.get("path", "/")
    query = scope.get("query_string", b"")
    target = _escape(path.encode("utf-8")[:MAX_PATH], _PATH_SAFE)
    return target + ("?" + _escape(query, _QUERY_SAFE) if query and len(query) <= MAX_QUERY_STRING else "")


_HOST = re.compile(rb"(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~!$&'()*+,;=%-]+)(:[0-9]{0,5})?")


def host_problem(scope: Mapping[str, Any]) -> ProblemError | None:
    """What is wrong with the request's Host (RFC 9112 §3.2), if anything: checked by our middleware, and
    named the same way when Litestar's router refuses a Host before any middleware runs."""
    hosts = [v for k, v in scope["headers"] if k == b"host"]
    if len(hosts) > 1:
        return ProblemError("bad-host", "The request has more than one Host header (RFC 9112 §3.2).")
    version = scope.get("http_version", "1.1")
    if not hosts and version != "1.0":
        if version == "0.9":  # a request line alone, no headers
            return ProblemError("bad-host", "HTTP/0.9 is not served: send HTTP/1.1 with a Host header (RFC 9112 §3.2).")
        return ProblemError("bad-host", "An HTTP/1.1 request needs a Host header (RFC 9112 §3.2).")
    if hosts and not _HOST.fullmatch(hosts[0]):
        return ProblemError("bad-host", "The Host header is not a valid host[:port] (RFC 9112 §3.2).")
    return None


def problem_body(ptype: ProblemType, detail: str, instance: str, extensions: Mapping[str, Any]) -> dict[str, Any]:
    """The members in RFC 9457 order, then the extension members."""
    body: dict[str, Any] = {
        "type": ptype.uri,
        "title": ptype.title,
        "status": ptype.status,
        "detail": detail,
        "instance": instance,
    }
    body.update(extensions)
    return body


def render_problem(error: ProblemError, instance: str) -> Rendered:
    body = problem_body(error.type, error.detail, instance, error.extensions)
    return render(json_bytes(body), PROBLEM_MEDIA_TYPE, cache_control=CACHE_ERROR, headers=error.headers.items())


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
            allow = next((v for k, v in headers.items() if k.lower() == "allow"), ALLOW)
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
        if exc.status_code == 400 and (bad_host := host_problem(request.scope)) is not None:
            return _answer(request, bad_host)  # Litestar's router checks the Host before our middleware
        return _answer(request, ProblemError(ProblemType.blank(exc.status_code), str(exc.detail), headers=headers))

    def on_error(request: Request[Any, Any, Any], exc: Exception) -> Response[bytes]:
        log.error("unhandled error on %s %s", request.method, request.scope.get("path"), exc_info=exc)
        return _answer(request, ProblemError("internal-error", "The server could not answer this request."))

    return {ProblemError: on_problem, NotFoundError: on_not_found, HTTPException: on_http, Exception: on_error}
