"""gzip through Litestar's CompressionConfig, with two fixes the stock middleware lacks.

1. Compressing the same precomputed body again on every request wastes the precomputation:
   compressed bodies are cached by their ETag (a hash of the uncompressed bytes) within a byte budget.
2. A strong ETag names one exact byte sequence, and the gzip-coded body is a different one: its
   ETag gets a ``-gzip`` suffix (as Apache does), and ``Vary: Accept-Encoding`` is sent on every
   response large enough to be compressed, whether or not this client asked for gzip.

It also honours ``gzip;q=0`` (the stock middleware looks for the substring "gzip").
"""

from __future__ import annotations

import gzip
from typing import TYPE_CHECKING, ClassVar

from litestar.config.compression import CompressionConfig
from litestar.datastructures import Headers, MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.middleware.compression import CompressionMiddleware

from .cache import ByteBudgetCache
from .settings import GZIP_LEVEL, GZIP_MIN_SIZE

if TYPE_CHECKING:
    from litestar.types import HTTPResponseStartEvent, Message, Receive, Scope, Send

__all__ = ["GZIP_SUFFIX", "GzipCache", "PrecomputedGzipMiddleware", "accepts_gzip", "compression_config", "will_gzip"]

GZIP_SUFFIX = "-gzip"


def accepts_gzip(accept_encoding: str) -> bool:
    """RFC 9110 §12.5.3: gzip (or x-gzip, or ``*``) listed with a q above zero."""
    explicit: float | None = None
    star: float | None = None
    for item in accept_encoding.lower().split(",")[:32]:
        coding, *params = item.split(";")
        coding = coding.strip()
        q = 1.0
        for p in params:
            name, _, value = p.partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if coding in ("gzip", "x-gzip"):
            explicit = q if explicit is None else max(explicit, q)
        elif coding == "*":
            star = q
    if explicit is not None:
        return explicit > 0
    return star is not None and star > 0


def will_gzip(accept_encoding: str, size: int) -> bool:
    """Whether a body of ``size`` bytes is sent gzip-coded to a client with this Accept-Encoding."""
    return size >= GZIP_MIN_SIZE and accepts_gzip(accept_encoding)


class GzipCache(ByteBudgetCache[str, bytes]):
    """Compressed bodies by the ETag of the uncompressed body (a hash of it), within a byte budget."""

    def __init__(self, budget: int = 32 * 1024 * 1024) -> None:
        super().__init__(budget, len)

    def get(self, etag: str, body: bytes) -> bytes:
        return self.get_or_make(etag, lambda: gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0))


def _add_vary(headers: MutableScopeHeaders, token: str) -> None:
    current = headers.get("vary")
    if current is None:
        headers["Vary"] = token
    elif token.lower() not in (t.strip().lower() for t in current.split(",")):
        headers["Vary"] = f"{current}, {token}"


class PrecomputedGzipMiddleware(CompressionMiddleware):
    """Used through ``CompressionConfig(middleware_class=...)``; see the module docstring."""

    cache: ClassVar[GzipCache] = GzipCache()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP or scope.get("method") == "HEAD":
            await self.app(scope, receive, send)
            return
        gzip_ok = accepts_gzip(Headers.from_scope(scope).get("accept-encoding", ""))
        start: HTTPResponseStartEvent | None = None
        streaming = False

        async def wrapped(message: Message) -> None:
            nonlocal start, streaming
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] != "http.response.body" or start is None or streaming:
                await send(message)
                return
            if message.get("more_body", False):  # a stream: send it as it comes
                streaming = True
                await send(start)
                await send(message)
                return
            body = message["body"]
            headers = MutableScopeHeaders(start)
            if len(body) >= self.config.minimum_size and "content-encoding" not in headers:
                _add_vary(headers, "Accept-Encoding")
                if gzip_ok:
                    etag = headers.get("etag")
                    data = self.cache.get(etag, body) if etag else gzip.compress(body, GZIP_LEVEL, mtime=0)
                    headers["Content-Encoding"] = "gzip"
                    headers["Content-Length"] = str(len(data))
                    if etag and etag.endswith('"'):
                        headers["ETag"] = etag[:-1] + GZIP_SUFFIX + '"'
                    message = {"type": "http.response.body", "body": data, "more_body": False}
            await send(start)
            await send(message)

        await self.app(scope, receive, wrapped)


def compression_config() -> CompressionConfig:
    """A fresh cache per app, so two apps in one process (tests) never share compressed bodies."""
    middleware = type("AppGzipMiddleware", (PrecomputedGzipMiddleware,), {"cache": GzipCache()})
    return CompressionConfig(backend="gzip", minimum_size=GZIP_MIN_SIZE, gzip_compress_level=GZIP_LEVEL,
                             middleware_class=middleware)
