"""HTTP semantics the handlers share: the headers every answer carries, and ``respond``.

Routes produce a ``Rendered`` and ``respond`` turns it into a Litestar ``Response`` with its strong
ETag, caching and ``Vary``; what depends on the request beyond ``Accept`` (gzip, ``If-None-Match``)
is Litestar middleware (middleware.py), and byte ranges are nginx's, on the static copy's files.

Why not Litestar's ``CORSConfig``: its preflight refuses a disallowed method with a ``text/plain``
400, which would break "every error is problem+json"; here a preflight lists the methods that exist.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

from litestar import Response

from .render import Rendered
from .settings import ALLOW, GZIP_MIN_SIZE

__all__ = [
    "API_CSP",
    "DOCS_CSP",
    "EXPOSED_HEADERS",
    "FixedHeaders",
    "RawHeaders",
    "accept_of",
    "header",
    "q_value",
    "respond",
    "vary_of",
]

RawHeaders = list[tuple[bytes, bytes]]

API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
DOCS_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
EXPOSED_HEADERS = (
    "ETag, Link, X-Total-Count, X-Dataset-Version, Content-Disposition, Retry-After, "
    "Content-Range, Accept-Ranges, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, "
    "RateLimit-Policy"
)
_VERSION = b"x-dataset-version"
_RANGES = (b"accept-ranges", b"bytes")
_PROBLEM = b"application/problem+json"
_VARY: dict[tuple[bool, bool], bytes | None] = {
    (True, True): b"Accept, Accept-Encoding",
    (True, False): b"Accept",
    (False, True): b"Accept-Encoding",
    (False, False): None,
}


def header(headers: Iterable[tuple[bytes, bytes]], name: bytes) -> bytes | None:
    """The first value of header ``name`` (lower-case bytes)."""
    return next((v for k, v in headers if k.lower() == name), None)


def q_value(params: Iterable[str]) -> float:
    """The q of a list member's parameters (RFC 9110 §12.4.2), for ``Accept`` and ``Accept-Encoding`` alike:
    1 when absent, the first ``q`` when given twice, clamped to 0..1; 0 when malformed (not a number, or
    ``nan`` or infinite, which ``float`` reads but no qvalue is)."""
    for p in params:
        name, _, value = p.partition("=")
        if name.strip().lower() == "q":
            try:
                q = float(value)
            except ValueError:
                return 0.0
            return max(0.0, min(1.0, q)) if math.isfinite(q) else 0.0
    return 1.0


def accept_of(scope: Mapping[str, Any]) -> str | None:
    """The request's first ``Accept``, as ``request.headers.get("accept")`` reads it, without making Litestar
    parse every header into its ``Headers`` (what a list answer needs of the request is this one)."""
    value = header(scope["headers"], b"accept")
    return value.decode("latin-1") if value is not None else None


class FixedHeaders:
    """The headers every response carries: dataset version, security headers, CORS for any origin;
    ``last_modified`` (an HTTP-date) on every answer that is not an error; and ``Accept-Ranges: bytes`` on
    every identity 200, whose bytes a ``Range`` may ask a part of (middleware.py ``Ranges``)."""

    def __init__(self, version: str, last_modified: str | None = None) -> None:
        common = (
            ("X-Dataset-Version", version),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "no-referrer"),
            ("X-Frame-Options", "DENY"),
            ("Cross-Origin-Resource-Policy", "cross-origin"),
            ("Access-Control-Allow-Origin", "*"),
            ("Access-Control-Expose-Headers", EXPOSED_HEADERS),
        )
        self._common = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in common]
        # Last-Modified: the release date on every answer but an error (nginx sends it so for its files)
        self._dated = [(b"last-modified", last_modified.encode("latin-1"))] if last_modified else []
        self._api_csp = (b"content-security-policy", API_CSP.encode())
        self._docs_csp = (b"content-security-policy", DOCS_CSP.encode())
        self._preflight = [
            (b"access-control-allow-methods", ALLOW.encode()),
            (b"access-control-allow-headers", b"*"),
            (b"access-control-max-age", b"86400"),
        ]

    def add(self, headers: Iterable[tuple[bytes, bytes]], *, preflight: bool = False, status: int = 0) -> RawHeaders:
        """``headers`` (of an answer with ``status``) with the fixed ones added (once: an answer that has
        them is left alone). Names are lower-case (Litestar encodes them so); one pass decides."""
        out = list(headers)
        has_version = has_csp = coded = False
        content_type: bytes | None = None
        for name, value in out:
            if name == _VERSION:
                has_version = True
            elif name == b"content-security-policy":
                has_csp = True
            elif name == b"content-type" and content_type is None:
                content_type = value
            elif name == b"content-encoding":
                coded = True
        if not has_version:  # a kept answer was finished here once: it has them all
            if status == 200 and not coded:
                out.append(_RANGES)
            out += self._common
            if content_type != _PROBLEM:
                out += self._dated
            if not has_csp:  # the reading edition's pages bring their own
                out.append(self._docs_csp if (content_type or b"").startswith(b"text/html") else self._api_csp)
        if preflight:
            out += self._preflight
        return out


def vary_of(rendered: Rendered) -> bytes | None:
    """What the answer varies by: Accept when it was negotiated, Accept-Encoding when it is big enough to gzip."""
    return _VARY[rendered.vary_accept, len(rendered.body) >= GZIP_MIN_SIZE]


def respond(rendered: Rendered, *, status: int = 200, extra: Mapping[str, str] | None = None) -> Response[bytes]:
    """The Litestar response for ``rendered``: body, validator, caching and Vary (the middleware then
    finishes it for the request: gzip, 304).

    ``extra`` headers are added first, so the rendered ones win.
    """
    headers: dict[str, str] = dict(extra) if extra else {}
    headers["Cache-Control"] = rendered.cache_control
    headers.update(rendered.headers)
    vary = vary_of(rendered)
    if vary is not None:
        headers["Vary"] = vary.decode()
    headers["ETag"] = rendered.etag
    return Response(rendered.body, status_code=status, media_type=rendered.media_type, headers=headers)
