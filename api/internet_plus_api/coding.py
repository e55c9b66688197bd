"""Content coding: whether a client takes gzip (RFC 9110 §12.5.3), and gzip bodies made once.

Part of the HTTP semantics in http.py (which re-exports these): gzip bodies are kept by the ETag of
the identity body, and their ETag ends in ``-gzip`` (as Apache does), so one resource has one
validator per coding.
"""

from __future__ import annotations

import gzip

from .cache import ByteBudgetCache
from .settings import GZIP_LEVEL

__all__ = ["GZIP_SUFFIX", "GzipCache", "accepts_gzip"]

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


class GzipCache(ByteBudgetCache[bytes, bytes]):
    """Compressed bodies by the ETag of the identity body, within a byte budget (one per app)."""

    def __init__(self, budget: int = 32 * 1024 * 1024) -> None:
        super().__init__(budget, len)

    def compressed(self, etag: bytes | None, body: bytes) -> bytes:
        """``body`` gzip-coded (deterministically: no timestamp), from the cache when ``etag`` is known."""
        if etag is None:
            return gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
        return self.get_or_make(etag, lambda: gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0))
