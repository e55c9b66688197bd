"""The front of the app: every request passes here before Litestar routes it, and most stop here.

The data never changes while the process runs, so a GET answer is a pure function of the path, the
raw query string, ``Accept`` and whether the client takes gzip. The first 200 for each such key is
finished (fixed headers, gzip) and kept within a byte budget; later requests are answered from it
without entering Litestar at all, and ``If-None-Match`` (304), ``Range`` (206/416) and HEAD are
derived from the kept 200 by ``http.conditional``, for kept and fresh answers alike. Errors are
finished but never kept: a client can mint endless distinct wrong requests.

Why not Litestar's ``ResponseCacheConfig``: it runs after routing and the middleware chain, which
cost more than the answer itself (measured: cached answers at 0.47-0.74x a bare ASGI app returning
the same bytes when replay ran as route middleware); its keys are the URL only (no Accept or
Accept-Encoding); and it keeps a response object, not the finished bytes. Running in front of the
router is what brings cached answers near the bare-ASGI ceiling.

Also here, because they must hold for every request, routed or not: the ``Host`` check (RFC 9112
§3.2: missing on HTTP/1.1 or given twice is a 400), the URI length limits (414), the optional rate
limit (ratelimit.py; it counts replayed answers too), and a client that goes away mid-answer,
which is logged as one INFO line instead of surfacing as errors.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, cast

from .http import (
    Finished,
    FixedHeaders,
    RawHeaders,
    accepts_gzip,
    conditional,
    finish_200,
    header,
    wire_headers,
)
from .kept import Kept, Key, ReplayCache
from .problems import ProblemError, instance_of, render_problem
from .ratelimit import RateLimiter
from .routing import Direct
from .settings import MAX_PATH, MAX_QUERY_STRING

if TYPE_CHECKING:
    from litestar.types import HTTPScope, Message, Receive, Scope, Send

__all__ = ["Front", "Kept", "ReplayCache"]

log = logging.getLogger("internet_plus_api")

Inner = Callable[["Scope", "Receive", "Send"], Awaitable[None]]

_REQUEST_HEADERS = frozenset((b"accept", b"accept-encoding", b"if-none-match", b"range", b"if-range"))
_EMPTY_BODY: Mapping[str, Any] = {"type": "http.response.body", "body": b"", "more_body": False}
_MAX_ACCEPT = 512  # bytes of Accept kept in a key; longer ones are answered but not kept
# RFC 3986 host (reg-name, IPv4, or a bracketed IPv6 literal) and an optional port
_HOST = re.compile(rb"(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~!$&'()*+,;=%-]*)(:[0-9]{0,5})?")


def _takes_gzip(accept_encoding: bytes) -> bool:
    if len(accept_encoding) > 128:  # not remembered: a client could otherwise make us hold long headers
        return accepts_gzip(accept_encoding.decode("latin-1"))
    return _takes_gzip_short(accept_encoding)


@functools.lru_cache(maxsize=256)  # a client sends the same Accept-Encoding on every request
def _takes_gzip_short(accept_encoding: bytes) -> bool:
    return accepts_gzip(accept_encoding.decode("latin-1"))


def _host_problem(scope: HTTPScope, hosts: list[bytes]) -> ProblemError | None:
    if len(hosts) > 1:
        return ProblemError("bad-host", "The request has more than one Host header (RFC 9112 §3.2).")
    if not hosts:
        if scope.get("http_version") == "1.0":
            return None
        return ProblemError("bad-host", "An HTTP/1.1 request needs a Host header (RFC 9112 §3.2).")
    if not _HOST.fullmatch(hosts[0]):
        return ProblemError("bad-host", "The Host header is not a valid host[:port] (RFC 9112 §3.2).")
    return None


def _uri_problem(scope: HTTPScope) -> ProblemError | None:
    query = scope["query_string"]
    if len(query) > MAX_QUERY_STRING:
        return ProblemError(
            "uri-too-long", f"The query string is {len(query)} bytes long; at most {MAX_QUERY_STRING} are accepted."
        )
    if len(scope["path"]) > MAX_PATH:
        return ProblemError("uri-too-long", f"The path is longer than {MAX_PATH} characters.")
    return None


class Front:
    """The ASGI front layer; ``app(scope, receive, send, inner)`` with ``inner`` the Litestar app."""

    def __init__(
        self,
        fixed: FixedHeaders,
        cache: ReplayCache,
        limiter: RateLimiter | None,
        direct: Mapping[str, Direct] | None = None,
    ) -> None:
        self.fixed = fixed
        self.cache = cache
        self.limiter = limiter
        self.direct = dict(direct or {})

    def problem(self, scope: HTTPScope, error: ProblemError, extra: Iterable[tuple[bytes, bytes]] = ()) -> Finished:
        rendered = render_problem(error, instance_of(scope))
        return Finished(error.status, tuple(self.fixed.add([*wire_headers(rendered), *extra])), rendered.body)

    async def __call__(self, any_scope: Scope, receive: Receive, send: Send, inner: Inner) -> None:
        if any_scope["type"] != "http":  # type: ignore[comparison-overlap]
            await inner(any_scope, receive, send)
            return
        scope = cast("HTTPScope", any_scope)
        hosts: list[bytes] = []
        request: dict[bytes, bytes] = {}
        for name, value in scope["headers"]:  # one pass over the request's headers
            if name == b"host":
                hosts.append(value)
            elif name in _REQUEST_HEADERS:
                request[name] = value
        method = scope["method"]
        head = method == "HEAD"
        plain = (
            len(hosts) == 1
            and _HOST.fullmatch(hosts[0]) is not None
            and len(scope["query_string"]) <= MAX_QUERY_STRING
            and len(scope["path"]) <= MAX_PATH
        )
        error = None if plain else _host_problem(scope, hosts) or _uri_problem(scope)
        if error is not None:
            await _emit(scope, send, self.problem(scope, error), head)
            return
        extra: RawHeaders = []
        if self.limiter is not None and scope["path"] != "/healthz":
            client = scope.get("client")
            allowed, extra = self.limiter.hit(client[0] if client else "")
            if not allowed:
                await _emit(scope, send, self.problem(scope, self.limiter.problem(), extra), head)
                return
        if method != "GET" and not head:
            await inner(scope, receive, self._finishing(scope, _guarded(scope, send), None, False, {}, extra))
            return
        ranged = b"range" in request and not head
        encodings = request.get(b"accept-encoding")
        gzip_ok = not ranged and encodings is not None and _takes_gzip(encodings)
        accept = request.get(b"accept")
        key: Key | None = (scope["path"], scope["query_string"], accept, gzip_ok)
        if accept is not None and len(accept) > _MAX_ACCEPT:
            key = None
        kept = self.cache.answers.get(key) if key is not None else None
        if kept is not None:
            inm = request.get(b"if-none-match")
            if not head and not extra and not ranged and (inm is None or inm == kept.etag):
                # the common cases: the kept answer as it is, or its 304, their messages built once
                if inm is None:
                    await _deliver(scope, send, kept.start, kept.body)
                else:
                    await _deliver(scope, send, kept.not_modified, _EMPTY_BODY)
                return
            answer = kept.answer
            await _emit(
                scope,
                send,
                self._conditional(scope, answer.status, [*answer.headers, *extra], answer.body, request),
                head,
            )
            return
        direct = self.direct.get(scope["path"])
        if direct is not None:  # a list or search: answered here, without entering Litestar
            try:
                rendered = direct(scope["query_string"], accept.decode("latin-1") if accept is not None else None)
            except ProblemError as problem:
                await _emit(scope, send, self.problem(scope, problem, extra), head)
                return
            headers, body = self.fixed.finished(rendered, gzip_ok, self.cache.gzip)
            if key is not None:
                self.cache.keep(key, headers, body)
            if not head and not extra and not ranged and b"if-none-match" not in request:
                start = {"type": "http.response.start", "status": 200, "headers": headers}
                await _deliver(scope, send, start, {"type": "http.response.body", "body": body, "more_body": False})
                return
            answer = self._conditional(scope, 200, [*headers, *extra], body, request)
            await _emit(scope, send, answer, head)
            return
        send = _guarded(scope, send)
        as_get = cast("Scope", scope if not head else {**scope, "method": "GET"})
        await inner(as_get, receive, self._finishing(scope, send, key, gzip_ok, request, extra))

    def _conditional(
        self, scope: HTTPScope, status: int, headers: RawHeaders, body: bytes, request: dict[bytes, bytes]
    ) -> Finished:
        def unsatisfiable(size: int) -> Finished:
            return self.problem(
                scope,
                ProblemError(
                    "range-not-satisfiable",
                    f"The range asked for starts past the end of the {size} bytes of this answer.",
                ),
                [(b"content-range", f"bytes */{size}".encode())],
            )

        return conditional(status, headers, body, request, scope["method"] == "HEAD", unsatisfiable)

    def _finishing(
        self,
        scope: HTTPScope,
        send: Send,
        key: Key | None,
        gzip_ok: bool,
        request: dict[bytes, bytes],
        extra: RawHeaders,
    ) -> Send:
        """A ``send`` that finishes Litestar's answer, keeps it under ``key`` (a 200 only), and sends what
        this request gets of it."""
        start: dict[str, Any] | None = None
        streaming = False
        preflight = scope["method"] == "OPTIONS" and any(
            k == b"access-control-request-method" for k, _ in scope["headers"]
        )

        async def finishing_send(message: Message) -> None:
            nonlocal start, streaming
            if message["type"] == "http.response.start":
                start = dict(message)
                named = [(k.lower(), v) for k, v in message.get("headers", ())]
                start["headers"] = self.fixed.add(named, preflight=preflight)
                return
            if message["type"] != "http.response.body" or start is None or streaming:
                await send(message)
                return
            if message.get("more_body", False):  # a stream: send it as it comes, keep nothing
                streaming = True
                await send(cast("Message", {**start, "headers": [*start["headers"], *extra]}))
                await send(message)
                return
            body: bytes = message.get("body", b"")
            await self._finish(scope, send, key, int(start["status"]), start["headers"], body, gzip_ok, request, extra)

        return finishing_send

    async def _finish(
        self,
        scope: HTTPScope,
        send: Send,
        key: Key | None,
        status: int,
        headers: RawHeaders,
        body: bytes,
        gzip_ok: bool,
        request: dict[bytes, bytes],
        extra: RawHeaders,
    ) -> None:
        """Send a complete answer (fixed headers added): a GET's 200 is finished for this client's
        coding and kept under ``key``, then this request gets its part of it (304, 206, HEAD)."""
        if status == 200 and scope["method"] in ("GET", "HEAD"):
            headers, body = finish_200(headers, body, gzip_ok, self.cache.gzip)
            if key is not None and header(headers, b"etag") is not None:
                self.cache.keep(key, headers, body)
        answer = self._conditional(scope, status, [*headers, *extra], body, request)
        await _emit(scope, send, answer, scope["method"] == "HEAD")


async def _deliver(scope: HTTPScope, send: Send, start: Mapping[str, Any], body: Mapping[str, Any]) -> None:
    """Send a complete answer's two messages; a client gone mid-answer is one INFO line, not an error."""
    try:
        await send(start)  # type: ignore[arg-type]
        await send(body)  # type: ignore[arg-type]
    except OSError as exc:  # uvicorn's ClientDisconnected is an OSError, as are resets and broken pipes
        _gone(scope, exc)


async def _emit(scope: HTTPScope, send: Send, answer: Finished, head: bool) -> None:
    start = {"type": "http.response.start", "status": answer.status, "headers": list(answer.headers)}
    body = {"type": "http.response.body", "body": b"" if head else answer.body, "more_body": False}
    await _deliver(scope, send, start, body)


def _gone(scope: HTTPScope, exc: OSError) -> None:
    client = scope.get("client")
    log.info(
        "client %s went away before the answer to %s %s was sent (%s)",
        f"{client[0]}:{client[1]}" if client else "-",
        scope["method"],
        scope["path"][:200],
        type(exc).__name__,
    )


def _guarded(scope: HTTPScope, send: Send) -> Send:
    """``send`` that turns a client gone mid-answer into one INFO line; later sends are dropped."""
    gone = False

    async def guarded_send(message: Message) -> None:
        nonlocal gone
        if gone:
            return
        try:
            await send(message)
        except OSError as exc:  # uvicorn's ClientDisconnected is an OSError, as are resets and broken pipes
            gone = True
            _gone(scope, exc)

    return guarded_send
