"""gzip for precomputed bodies: when a client gets it, and the compressed bytes kept by ETag.

Two rules the stock middleware lacks. Compressing the same precomputed body on every request would
waste the precomputation, so compressed bodies are kept by the ETag of the uncompressed body (a hash
of it) within a byte budget. And a strong ETag names one exact byte sequence: the gzip-coded body is a
different one, so its ETag gets a ``-gzip`` suffix (as Apache does). ``gzip;q=0`` is honoured (the
stock middleware looks for the substring "gzip"). The response side is in replay.py.
"""

from __future__ import annotations

import gzip

from .cache import ByteBudgetCache
from .settings import GZIP_LEVEL, GZIP_MIN_SIZE

__all__ = ["GZIP_SUFFIX", "GzipCache", "accepts_gzip", "will_gzip"]

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
    """Compressed bodies by the ETag of the uncompressed body, within a byte budget (one per app)."""

    def __init__(self, budget: int = 32 * 1024 * 1024) -> None:
        super().__init__(budget, len)

    def compressed(self, etag: str | None, body: bytes) -> bytes:
        """``body`` gzip-coded (deterministically: no timestamp), from the cache when ``etag`` is known."""
        if etag is None:
            return gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
        return self.get_or_make(etag, lambda: gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0))
