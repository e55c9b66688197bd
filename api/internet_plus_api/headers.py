"""The headers every response carries: dataset version, security headers, and CORS for any origin.

They are encoded once per app. Responses of the routes get them in replay.py (which also covers
Litestar's automatic OPTIONS answers); the errors raised before a route is reached (no such path, a
method not allowed, the rate limit, an over-long URI) get them from their exception handlers, as
``for_errors``. Adding them is idempotent: a response that has them already is left alone.

CORS is done here rather than with Litestar's CORSConfig because its preflight rejects a
disallowed method with a ``text/plain`` 400, which would break the rule that every error is
problem+json. Here a preflight always succeeds and lists the methods that exist
(GET, HEAD, OPTIONS), which is what browsers check; a write then meets an honest 405.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["API_CSP", "DOCS_CSP", "EXPOSED_HEADERS", "RawHeaders", "ResponseHeaders"]

API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
DOCS_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
EXPOSED_HEADERS = (
    "ETag, Link, X-Total-Count, X-Dataset-Version, Content-Disposition, Retry-After, "
    "RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, RateLimit-Policy"
)

RawHeaders = list[tuple[bytes, bytes]]

_VERSION = b"x-dataset-version"


class ResponseHeaders:
    """The fixed headers for one dataset version, as ASGI byte pairs and as a dict for error responses."""

    def __init__(self, version: str) -> None:
        common = (
            ("X-Dataset-Version", version),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "no-referrer"),
            ("X-Frame-Options", "DENY"),
            ("Cross-Origin-Resource-Policy", "cross-origin"),
            ("Access-Control-Allow-Origin", "*"),
            ("Access-Control-Expose-Headers", EXPOSED_HEADERS),
        )
        self.for_errors: dict[str, str] = {**dict(common), "Content-Security-Policy": API_CSP}
        self._common = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in common]
        self._api_csp = (b"content-security-policy", API_CSP.encode())
        self._docs_csp = (b"content-security-policy", DOCS_CSP.encode())
        self._preflight = [
            (b"access-control-allow-methods", b"GET, HEAD, OPTIONS"),
            (b"access-control-allow-headers", b"*"),
            (b"access-control-max-age", b"86400"),
        ]

    def finish(self, headers: Iterable[tuple[bytes, bytes]], *, preflight: bool = False) -> RawHeaders:
        """``headers`` with the fixed ones added; the preflight headers too for a CORS preflight (an
        OPTIONS request with Access-Control-Request-Method)."""
        out = list(headers)
        if not any(k.lower() == _VERSION for k, _ in out):
            content_type = next((v for k, v in out if k.lower() == b"content-type"), b"")
            out += self._common
            out.append(self._docs_csp if content_type.startswith(b"text/html") else self._api_csp)
        if preflight:
            out += self._preflight
        return out
