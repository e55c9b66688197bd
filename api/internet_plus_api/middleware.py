"""What every answer gets beyond its handler, written as Litestar middleware and a before-send hook.

- ``fixed_headers``: a ``before_send`` hook (it sees every answer, errors and 404s included) adding the
  dataset version, the security headers and CORS for any origin; a CORS preflight is also told the
  methods that exist (Litestar's ``CORSConfig`` refuses a disallowed method with a ``text/plain`` 400).
- ``RequestChecks``: RFC 9112 §3.2 Host (missing on HTTP/1.1, twice, or malformed: 400) and the URI
  length limits (414), as problem documents. Behind nginx the same limits hold there first.
- ``NotModified``: the preconditions (RFC 9110 §13.1): ``If-Match`` naming no current ETag, or
  ``If-Unmodified-Since`` before the release, gives a 412 problem; ``If-None-Match`` naming the answer's
  ETag, or ``If-Modified-Since`` not before the release, a 304 (Litestar sets validators but does not
  evaluate them).
- ``Gzip``: Litestar's ``CompressionMiddleware`` (``CompressionConfig.middleware_class``) with two
  corrections: ``gzip;q=0`` refuses gzip (Litestar matches the substring), and the gzip body gets
  its own strong ETag (``…-gzip"``, as Apache does), since one ETag must name one byte sequence.
- ``cache_key``: the response cache's key; Accept and Accept-Encoding are part of it.

- ``Ranges``: one byte range of a complete 200 (206, or a 416 problem), so that readers that fetch
  ranges (polars, DuckDB) read a file from the app as from nginx; a ranged request is answered from
  the identity body, and a request without ``Range`` passes untouched (the before-send hook says
  ``Accept-Ranges: bytes`` on every identity 200).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.middleware.compression import CompressionMiddleware

from .coding import GZIP_SUFFIX, accepts_gzip
from .http import FixedHeaders, header
from .problems import ProblemError, host_problem, instance_of, render_problem
from .settings import MAX_PATH, MAX_QUERY_STRING
from .validators import Preconditions, byte_range

if TYPE_CHECKING:
    from litestar import Request
    from litestar.types import ASGIApp, HTTPScope, Message, Receive, Scope, Send

__all__ = ["Gzip", "NotModified", "Ranges", "RequestChecks", "cache_key", "cacheable", "fixed_headers"]

# RFC 3986 host (reg-name, IPv4, or a bracketed IPv6 literal) and an optional port
_NOT_ON_304 = frozenset(
    (b"content-length", b"content-type", b"content-encoding", b"content-disposition", b"accept-ranges")
)
_GZIP_TAG_END = (GZIP_SUFFIX + '"').encode()


def fixed_headers(version: str, last_modified: str | None = None) -> Callable[[Message, Scope], Awaitable[None]]:
    """The ``before_send`` hook that adds the headers every answer carries (``Last-Modified``: the release date,
    on every answer but an error)."""
    fixed = FixedHeaders(version, last_modified)

    async def add_fixed_headers(message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start":
            return
        preflight = scope.get("method") == "OPTIONS" and any(
            k.lower() == b"access-control-request-method" for k, _ in scope.get("headers", ())
        )
        # names as Litestar encodes them (lower-case bytes); a kept answer's come back from msgpack as lists
        named = [(k, v) for k, v in message.get("headers", ())]
        message["headers"] = fixed.add(named, preflight=preflight, status=message["status"])

    return add_fixed_headers


class RequestChecks(ASGIMiddleware):
    """Refuse, as problem documents, a request whose Host or URI length HTTP says is wrong."""

    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        http: HTTPScope = scope  # type: ignore[assignment]
        query = http["query_string"]
        if len(query) > MAX_QUERY_STRING:
            raise ProblemError(
                "uri-too-long", f"The query string is {len(query)} bytes long; at most {MAX_QUERY_STRING} are accepted."
            )
        if len(http["path"]) > MAX_PATH:
            raise ProblemError("uri-too-long", f"The path is longer than {MAX_PATH} characters.")
        problem = host_problem(http)
        if problem is not None:
            raise problem
        await next_app(scope, receive, send)


class NotModified(ASGIMiddleware):
    """A GET or HEAD whose preconditions fail gets a 412 problem; one whose copy is current, a 304 with the
    200's validators. Every 200's ``Last-Modified`` is ``released``, the release date."""

    scopes = (ScopeType.HTTP,)

    def __init__(self, released: datetime) -> None:
        self.released = released.replace(microsecond=0)  # as Last-Modified says it: to the second

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        asked = Preconditions({k: v for k, v in scope.get("headers", ()) if k.startswith(b"if-")})
        if not asked.any() or scope.get("method") not in ("GET", "HEAD"):
            await next_app(scope, receive, send)
            return
        outcome = 0  # 304 or 412 once the 200's start shows its ETag

        async def conditional(message: Message) -> None:
            nonlocal outcome
            if message["type"] == "http.response.start":
                etag = header(message.get("headers", ()), b"etag")
                if message["status"] == 200 and etag is not None:
                    outcome = asked.outcome(etag, self.released)
                if outcome == 412:
                    await _send_412(scope, send)
                    return
                if outcome == 304:
                    kept = [(k, v) for k, v in message.get("headers", ()) if bytes(k).lower() not in _NOT_ON_304]
                    message = {**message, "status": 304, "headers": kept}
            elif outcome and message["type"] == "http.response.body":
                if outcome == 412 or message.get("more_body", False):
                    return
                message = {**message, "body": b""}
            await send(message)

        await next_app(scope, receive, conditional)


async def _send_412(scope: Scope, send: Send) -> None:
    detail = "The resource is not as the request's If-Match or If-Unmodified-Since supposes; ask for it again."
    rendered = render_problem(ProblemError("precondition-failed", detail), instance_of(scope))
    body = rendered.body if scope.get("method") == "GET" else b""
    headers = [
        (b"cache-control", rendered.cache_control.encode()),
        (b"etag", rendered.etag.encode()),
        (b"content-type", rendered.media_type.encode()),
        (b"content-length", str(len(rendered.body)).encode()),
    ]
    await send({"type": "http.response.start", "status": 412, "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})


class Ranges(ASGIMiddleware):
    """A GET with one satisfiable byte ``Range`` (and an ``If-Range``, if any, naming the ETag) gets that
    part of the identity 200 as a 206; one past the end gets a 416 problem; any other range the 200."""

    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        headers = scope.get("headers", ())
        wanted = header(headers, b"range")
        if wanted is None or scope.get("method") != "GET":
            await next_app(scope, receive, send)  # Accept-Ranges: the before-send hook (http.FixedHeaders)
            return
        if_range = header(headers, b"if-range")
        identity: Any = {**scope, "headers": [(k, v) for k, v in headers if k != b"accept-encoding"]}
        start: Any = None  # the 200's start message, held until its body shows what part to send

        async def send_part(message: Any) -> None:
            nonlocal start
            if message["type"] == "http.response.start" and message["status"] == 200:
                start = message
                return
            if start is None or message["type"] != "http.response.body" or message.get("more_body", False):
                if start is not None:  # a stream: sent whole
                    await send(start)
                    start = None
                await send(message)
                return
            etag = header(start.get("headers", ()), b"etag")
            body = message.get("body", b"")
            stale = if_range is not None and if_range.strip() != etag  # the client's copy is another: all of it
            span = None if stale else byte_range(wanted.decode("latin-1"), len(body))
            if isinstance(span, str):
                await _send_416(scope, send, len(body), span)
            elif not isinstance(span, tuple):
                await send(start)
                await send(message)
            else:
                first, last = span
                part = body[first : last + 1]
                kept = [(k, v) for k, v in start.get("headers", ()) if bytes(k).lower() != b"content-length"]
                kept += [
                    (b"content-range", f"bytes {first}-{last}/{len(body)}".encode()),
                    (b"content-length", str(len(part)).encode()),
                ]
                partial: Any = {**start, "status": 206, "headers": kept}
                await send(partial)
                body_part: Any = {**message, "body": part}
                await send(body_part)

        await next_app(identity, receive, send_part)


async def _send_416(scope: Scope, send: Send, size: int, why: str) -> None:
    detail = f"Range not satisfiable: {why}."
    rendered = render_problem(ProblemError("range-not-satisfiable", detail), instance_of(scope))
    headers = [
        (b"cache-control", rendered.cache_control.encode()),
        (b"etag", rendered.etag.encode()),
        (b"content-type", rendered.media_type.encode()),
        (b"content-range", f"bytes */{size}".encode()),
        (b"content-length", str(len(rendered.body)).encode()),
    ]
    await send({"type": "http.response.start", "status": 416, "headers": headers})
    await send({"type": "http.response.body", "body": rendered.body, "more_body": False})


def _gzip_headers(send: Send) -> Send:
    """``send`` that gives a gzip body its own ETag (the identity body's, suffixed ``-gzip``) and
    names Accept-Encoding once in ``Vary`` (Litestar appends it to the one ``respond`` set)."""

    async def finished(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", ()))
            if header(headers, b"content-encoding") == b"gzip":
                message["headers"] = [_for_gzip(bytes(k).lower(), bytes(v)) for k, v in headers]
        await send(message)

    return finished


def _for_gzip(name: bytes, value: bytes) -> tuple[bytes, bytes]:
    if name == b"etag" and value.endswith(b'"') and not value.endswith(_GZIP_TAG_END):
        return name, value[:-1] + _GZIP_TAG_END
    if name == b"vary":
        return name, ", ".join(dict.fromkeys(v.strip() for v in value.decode("latin-1").split(","))).encode()
    return name, value


class Gzip(CompressionMiddleware):
    """Litestar's gzip, honouring ``q=0`` and giving the gzip body its own ETag."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        encodings = header(scope.get("headers", ()), b"accept-encoding")
        if encodings is None or not accepts_gzip(encodings.decode("latin-1")):
            await self.app(scope, receive, send)
            return
        await self.app(scope, receive, self.create_compression_send_wrapper(_gzip_headers(send), "gzip", scope))


def cacheable(scope: HTTPScope, status: int) -> bool:
    """What the response cache keeps: a GET's (or HEAD's) 200, never an error or an OPTIONS answer."""
    return status == 200 and scope["method"] in ("GET", "HEAD")


def cache_key(request: Request[Any, Any, Any]) -> str:
    """Path, raw query string, Accept and whether gzip is taken: all an answer depends on. Read from the
    raw headers (the first of each name, as ``request.headers.get``), which Litestar then need not parse.
    An OPTIONS request has a key of its own: its handler is the GET's (routing.read_only_route), and Litestar
    looks a cached answer up before it calls the handler, whatever the method; an OPTIONS answer is never kept."""
    scope = request.scope
    if scope["method"] == "OPTIONS":
        return "OPTIONS " + scope["path"]
    accept = encodings = b""
    found = 0
    for raw, value in scope["headers"]:
        name = raw.lower()
        if name == b"accept" and not found & 1:
            accept, found = value, found | 1
        elif name == b"accept-encoding" and not found & 2:
            encodings, found = value, found | 2
    gzip = "gzip" if encodings and accepts_gzip(encodings.decode("latin-1")) else ""
    return f"{scope['path']}?{scope['query_string'].decode('latin-1')}|{accept.decode('latin-1')}|{gzip}"
