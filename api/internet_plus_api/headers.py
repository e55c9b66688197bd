"""Headers every response carries, added in one ``before_send`` hook that sees every response.

The hook runs outside routing, so it also covers the router's own 404/405 answers and the
automatic OPTIONS answers: dataset version, security headers, and CORS for any origin.

CORS is done here rather than with Litestar's CORSConfig because its preflight rejects a
disallowed method with a ``text/plain`` 400, which would break the rule that every error is
problem+json. Here a preflight always succeeds and lists the methods that exist
(GET, HEAD, OPTIONS), which is what browsers check; a write then meets an honest 405.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from litestar.datastructures import Headers

if TYPE_CHECKING:
    from litestar.types import Message, Scope

__all__ = ["API_CSP", "DOCS_CSP", "EXPOSED_HEADERS", "before_send_hook"]

API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
DOCS_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
            "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
EXPOSED_HEADERS = ("ETag, Link, X-Total-Count, X-Dataset-Version, Content-Disposition, Retry-After, "
                   "RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, RateLimit-Policy")


def before_send_hook(version: str) -> Callable[[Message, Scope], Awaitable[None]]:
    """The hook for ``Litestar(before_send=[...])``, closed over the dataset version.

    The fixed headers are encoded once; per response the hook only appends them (and drops any
    ``Server`` header), so it costs next to nothing on the hot path.
    """
    fixed = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in (
        ("X-Dataset-Version", version), ("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "no-referrer"),
        ("X-Frame-Options", "DENY"), ("Cross-Origin-Resource-Policy", "cross-origin"),
        ("Access-Control-Allow-Origin", "*"), ("Access-Control-Expose-Headers", EXPOSED_HEADERS),
    )]
    api_csp = (b"content-security-policy", API_CSP.encode())
    docs_csp = (b"content-security-policy", DOCS_CSP.encode())
    preflight = [(b"access-control-allow-methods", b"GET, HEAD, OPTIONS"), (b"access-control-allow-headers", b"*"),
                 (b"access-control-max-age", b"86400")]

    async def add_headers(message: Message, scope: Scope) -> None:  # async: Litestar runs sync hooks in a thread
        if message["type"] != "http.response.start":
            return
        headers = [(k, v) for k, v in message.get("headers", ()) if k.lower() != b"server"]
        content_type = next((v for k, v in headers if k.lower() == b"content-type"), b"")
        headers += fixed
        headers.append(docs_csp if content_type.startswith(b"text/html") else api_csp)
        if scope.get("method") == "OPTIONS" and "access-control-request-method" in Headers.from_scope(scope):
            headers += preflight
        message["headers"] = headers

    return add_headers
