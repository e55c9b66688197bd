"""Each answer is finished once and then replayed: the data never changes while the process runs.

A GET or HEAD answer is a pure function of the method, the path, the raw query string and three
request headers (Accept, Accept-Encoding, If-None-Match). The first answer to each such key is
*finished* here (the headers every response carries, gzip where the client accepts it) and kept as
the two ASGI messages that send it, within a byte budget; a later request with the same key is
answered from them without running Litestar's handler machinery. Only 200 and 304 answers are kept:
errors are finished but rendered afresh, since a client can mint endless distinct wrong requests.

This is the innermost of the app's middleware layers that every route has, outside only the
optional rate limit (which must count every request, replayed or not), so it also enforces the URI
length limits and finishes Litestar's automatic OPTIONS answers, with the CORS preflight headers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from litestar.enums import ScopeType

from .cache import ByteBudgetCache
from .compression import GZIP_SUFFIX, GzipCache, accepts_gzip
from .headers import RawHeaders, ResponseHeaders
from .limits import check_uri
from .settings import GZIP_MIN_SIZE

if TYPE_CHECKING:
    from litestar.types import ASGIApp, HTTPScope, Message, Receive, Scope, Send

__all__ = ["Kept", "ReplayCache", "ReplayMiddleware"]

Kept = tuple[int, tuple[tuple[bytes, bytes], ...], bytes]  # status, finished headers, body
Key = tuple[Any, ...]

_KEY_HEADERS = frozenset((b"accept", b"accept-encoding", b"if-none-match"))
_KEPT_STATUSES = frozenset((200, 304))
_MAX_KEY_HEADERS = 1024  # bytes of the three headers; longer ones are answered but not kept


def _size(kept: Kept) -> int:
    return len(kept[2]) + sum(len(k) + len(v) for k, v in kept[1]) + 512


class ReplayCache:
    """What one app keeps: finished answers by request key, and gzip-coded bodies by ETag."""

    def __init__(self, headers: ResponseHeaders, budget: int = 32 * 1024 * 1024) -> None:
        self.headers = headers
        self.answers: ByteBudgetCache[Key, Kept] = ByteBudgetCache(budget, _size)
        self.gzip = GzipCache(budget)


def _header(headers: RawHeaders, name: bytes) -> bytes | None:
    return next((v for k, v in headers if k.lower() == name), None)


def _replace(headers: RawHeaders, name: bytes, value: bytes) -> RawHeaders:
    return [*((k, v) for k, v in headers if k.lower() != name), (name, value)]


class ReplayMiddleware:
    """ASGI middleware for ``Litestar(middleware=[DefineMiddleware(ReplayMiddleware, cache=...)])``.

    Litestar builds one instance per route; they share the app's ``ReplayCache``.
    """

    def __init__(self, app: ASGIApp, cache: ReplayCache) -> None:
        self.app = app
        self.cache = cache

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        check_uri(scope)
        method = scope["method"]
        key: Key | None = None
        if method == "GET" or method == "HEAD":
            parts: list[Any] = [method, scope["path"], scope["query_string"]]
            for name, value in scope["headers"]:
                if name in _KEY_HEADERS:
                    parts += (name, value)
            key = tuple(parts)
            kept = self.cache.answers.get(key)
            if kept is not None:  # a fresh start message each time: an outer layer may add headers to it
                await send({"type": "http.response.start", "status": kept[0], "headers": list(kept[1])})
                await send({"type": "http.response.body", "body": kept[2], "more_body": False})
                return
            if sum(len(p) for p in parts[3:]) > _MAX_KEY_HEADERS:
                key = None
        await self.app(scope, receive, self._finishing(scope, send, key))

    def _finishing(self, scope: HTTPScope, send: Send, key: Key | None) -> Send:
        """A ``send`` that finishes the answer, sends it, and keeps it under ``key`` if it may be kept."""
        start: dict[str, Any] | None = None
        streaming = False
        request_headers = scope["headers"]
        preflight = scope["method"] == "OPTIONS" and any(
            k == b"access-control-request-method" for k, _ in request_headers
        )

        async def finishing_send(message: Message) -> None:
            nonlocal start, streaming
            if message["type"] == "http.response.start":
                start = dict(message)
                start["headers"] = self.cache.headers.finish(message.get("headers", ()), preflight=preflight)
                return
            if message["type"] != "http.response.body" or start is None or streaming:
                await send(message)
                return
            if message.get("more_body", False):  # a stream: send it as it comes, keep nothing
                streaming = True
                await send(start)  # type: ignore[arg-type]
                await send(message)
                return
            headers: RawHeaders = start["headers"]
            body: bytes = message.get("body", b"")
            # Vary: Accept-Encoding is already there: respond() sets it on every body this large (http.py)
            if (
                len(body) >= GZIP_MIN_SIZE
                and scope["method"] != "HEAD"
                and _header(headers, b"content-encoding") is None
            ):
                encoding = next((v for k, v in request_headers if k == b"accept-encoding"), b"")
                if accepts_gzip(encoding.decode("latin-1")):
                    etag = _header(headers, b"etag")
                    body = self.cache.gzip.compressed(etag.decode("latin-1") if etag else None, body)
                    headers = _replace(headers, b"content-encoding", b"gzip")
                    headers = _replace(headers, b"content-length", str(len(body)).encode())
                    if etag and etag.endswith(b'"'):
                        headers = _replace(headers, b"etag", etag[:-1] + GZIP_SUFFIX.encode() + b'"')
            status = int(start["status"])
            if key is not None and status in _KEPT_STATUSES:
                self.cache.answers.put(key, (status, tuple(headers), body))
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body, "more_body": False})

        return finishing_send
