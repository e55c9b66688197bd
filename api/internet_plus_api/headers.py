"""Headers every response carries, added in one ``before_send`` hook that sees every response.

The hook runs outside routing, so it also covers the router's own 404/405 answers and the
automatic OPTIONS answers: dataset version, security headers, and CORS for any origin.

CORS is done here rather than with Litestar's CORSConfig because its preflight rejects a
disallowed method with a ``text/plain`` 400, which would break the rule that every error is
problem+json. Here a preflight always succeeds and lists the methods that exist
(GET, HEAD, OPTIONS), which is what browsers check; a write then meets an honest 405.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from litestar.datastructures import Headers, MutableScopeHeaders

if TYPE_CHECKING:
    from litestar.types import Message, Scope

__all__ = ["API_CSP", "DOCS_CSP", "EXPOSED_HEADERS", "before_send_hook"]

API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
DOCS_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
            "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
EXPOSED_HEADERS = ("ETag, Link, X-Total-Count, X-Dataset-Version, Content-Disposition, Retry-After, "
                   "RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, RateLimit-Policy")


def before_send_hook(version: str) -> Callable[[Message, Scope], None]:
    """The hook for ``Litestar(before_send=[...])``, closed over the dataset version."""

    def add_headers(message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start":
            return
        headers = MutableScopeHeaders(message)
        if "server" in headers:
            del headers["server"]
        headers["X-Dataset-Version"] = version
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "no-referrer"
        headers["X-Frame-Options"] = "DENY"
        headers["Cross-Origin-Resource-Policy"] = "cross-origin"
        if "content-security-policy" not in headers:
            html = (headers.get("content-type") or "").startswith("text/html")
            headers["Content-Security-Policy"] = DOCS_CSP if html else API_CSP
        headers["Access-Control-Allow-Origin"] = "*"
        headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        request = Headers.from_scope(scope)
        if scope.get("method") == "OPTIONS" and "access-control-request-method" in request:
            headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            headers["Access-Control-Allow-Headers"] = "*"
            headers["Access-Control-Max-Age"] = "86400"

    return add_headers
