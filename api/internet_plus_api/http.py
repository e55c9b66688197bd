"""HTTP semantics: the fixed headers, gzip, validators and ranges (coding.py and validators.py hold the last two).

Routes produce a ``Rendered`` and ``respond`` turns it into a Litestar ``Response``; everything that
depends on the request's headers beyond ``Accept`` (gzip, ``If-None-Match``, ``Range``, HEAD) is
decided once per answer by ``finish``, which the front layer (replay.py) runs on every answer,
kept or fresh. So a HEAD gets exactly the headers of its GET, a replayed answer is the first one
byte for byte, and a 304 or 206 is derived from the very 200 it stands for.

Why not Litestar's own pieces (measured or checked on litestar 2.25):

- Content negotiation is in render.py (``negotiate``), with the reason Litestar's is not used.
- ``CompressionConfig`` compresses every response afresh (the precomputed bodies would be
  recompressed on each request), matches the substring "gzip" (so ``gzip;q=0`` gets gzip), keeps
  the identity ETag on the gzip body (a strong validator must name one byte sequence), and runs
  after routing, so HEAD and replayed answers would not match the GET. Here gzip bodies are kept by
  the ETag of the identity body, their ETag ends in ``-gzip`` (as Apache does), and HEAD is derived.
- CORS: ``CORSConfig``'s preflight refuses a disallowed method with a ``text/plain`` 400, which
  would break "every error is problem+json"; here a preflight lists the methods that exist.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from litestar import Response

from .coding import GZIP_SUFFIX, GzipCache, accepts_gzip
from .render import Rendered
from .settings import GZIP_MIN_SIZE
from .validators import base_tag, byte_range, not_modified

__all__ = [
    "API_CSP",
    "DOCS_CSP",
    "EXPOSED_HEADERS",
    "GZIP_SUFFIX",
    "Finished",
    "FixedHeaders",
    "GzipCache",
    "RawHeaders",
    "accepts_gzip",
    "byte_range",
    "conditional",
    "finish_200",
    "header",
    "not_modified",
    "respond",
    "vary_of",
    "wire_headers",
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
_PROBLEM = b"application/problem+json"
# a 304 repeats the 200's validators and caching headers but describes no body (RFC 9110 §15.4.5)
_GZIP_SUFFIX_BYTES = GZIP_SUFFIX.encode()
_GZIP_SETS = frozenset((b"content-encoding", b"etag", b"content-length"))  # what finish_200 sets, per coding
_IDENTITY_SETS = frozenset((b"accept-ranges", b"content-length"))
_VARY: dict[tuple[bool, bool], bytes | None] = {
    (True, True): b"Accept, Accept-Encoding",
    (True, False): b"Accept",
    (False, True): b"Accept-Encoding",
    (False, False): None,
}
_CONTENT_TYPES = {
    "application/json": b"application/json",
    "text/csv": b"text/csv; charset=utf-8",
    "application/x-ndjson": b"application/x-ndjson",
    "text/html": b"text/html; charset=utf-8",
}
_NOT_ON_304 = frozenset(
    (b"content-length", b"content-type", b"content-encoding", b"content-disposition", b"accept-ranges")
)


def header(headers: Iterable[tuple[bytes, bytes]], name: bytes) -> bytes | None:
    """The first value of header ``name`` (lower-case bytes)."""
    return next((v for k, v in headers if k.lower() == name), None)


def _replace(headers: RawHeaders, name: bytes, value: bytes) -> RawHeaders:
    return [*((k, v) for k, v in headers if k.lower() != name), (name, value)]


class FixedHeaders:
    """The headers every response carries: dataset version, security headers, CORS for any origin; and
    ``last_modified`` (an HTTP-date) on every answer that is not an error."""

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
            (b"access-control-allow-methods", b"GET, HEAD, OPTIONS"),
            (b"access-control-allow-headers", b"*"),
            (b"access-control-max-age", b"86400"),
        ]

    def add(self, headers: Iterable[tuple[bytes, bytes]], *, preflight: bool = False) -> RawHeaders:
        """``headers`` with the fixed ones added (once: an answer that has them is left alone). Names
        are lower-case here (Litestar and ``wire_headers`` both send them so); one pass decides."""
        out = list(headers)
        has_version = has_csp = False
        content_type: bytes | None = None
        for name, value in out:
            if name == _VERSION:
                has_version = True
            elif name == b"content-security-policy":
                has_csp = True
            elif name == b"content-type" and content_type is None:
                content_type = value
        if not has_version:
            out += self._common
            if content_type != _PROBLEM:
                out += self._dated
            if not has_csp:  # the reading edition's pages bring their own
                out.append(self._docs_csp if (content_type or b"").startswith(b"text/html") else self._api_csp)
        if preflight:
            out += self._preflight
        return out

    def finished(self, rendered: Rendered, gzip_ok: bool, cache: GzipCache) -> tuple[RawHeaders, bytes]:
        """``finish_200(self.add(wire_headers(rendered)), rendered.body, gzip_ok, cache)`` in one pass,
        for the answers the front layer renders itself (lists and search, the uncached path): the
        three steps touch every header three times (measured: 3.5 µs against 1.4 µs a call).
        tests/api/test_api_http.py checks that both give the same headers in the same order."""
        body = rendered.body
        big = len(body) >= GZIP_MIN_SIZE
        own = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in rendered.headers]
        names = {k for k, _ in own}
        etag = rendered.etag.encode()
        zipped = gzip_ok and big and b"content-encoding" not in names
        moved = zipped and etag.endswith(b'"')  # finish_200 moves the ETag last, with its -gzip suffix
        drop = (_GZIP_SETS if moved else _GZIP_SETS - {b"etag"}) if zipped else _IDENTITY_SETS
        out: RawHeaders = [(b"cache-control", rendered.cache_control.encode())]
        out += [(k, v) for k, v in own if k not in drop] if names & drop else own
        vary = vary_of(rendered)
        if vary is not None:
            out.append((b"vary", vary))
        if not moved:
            out.append((b"etag", etag))
        media = rendered.media_type
        content_type = _CONTENT_TYPES.get(media)
        if content_type is None:
            content_type = (media + ("; charset=utf-8" if media.startswith("text/") else "")).encode()
        out.append((b"content-type", content_type))
        if _VERSION not in names:
            out += self._common
            out += self._dated
            if b"content-security-policy" not in names:
                first_type = next((v for k, v in own if k == b"content-type"), content_type)
                out.append(self._docs_csp if first_type.startswith(b"text/html") else self._api_csp)
        if zipped:
            body = cache.compressed(etag, body)
            out.append((b"content-encoding", b"gzip"))
            if moved:
                out.append((b"etag", etag[:-1] + _GZIP_SUFFIX_BYTES + b'"'))
        else:
            out.append((b"accept-ranges", b"bytes"))
        out.append((b"content-length", str(len(body)).encode()))
        return out, body


@dataclass(frozen=True, slots=True)
class Finished:
    """An answer as it goes on the wire: status, headers, body (empty for HEAD and 304)."""

    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes


def finish_200(headers: RawHeaders, body: bytes, gzip_ok: bool, cache: GzipCache) -> tuple[RawHeaders, bytes]:
    """The complete 200 for a client that does (``gzip_ok``) or does not take gzip: the gzip body,
    its length and its ETag when the body is large enough; ``Accept-Ranges`` on the identity body.
    A header this sets replaces any of that name and goes last, in the order set."""
    etag: bytes | None = None
    encoded = False
    for name, value in headers:
        if name == b"etag" and etag is None:
            etag = value
        elif name == b"content-encoding":
            encoded = True
    if gzip_ok and len(body) >= GZIP_MIN_SIZE and not encoded:
        body = cache.compressed(etag, body)
        quoted = etag is not None and etag.endswith(b'"')
        drop = _GZIP_SETS if quoted else _GZIP_SETS - {b"etag"}
        out = [(k, v) for k, v in headers if k not in drop]
        out.append((b"content-encoding", b"gzip"))
        if quoted:
            assert etag is not None
            out.append((b"etag", etag[:-1] + _GZIP_SUFFIX_BYTES + b'"'))
    else:
        out = [(k, v) for k, v in headers if k not in _IDENTITY_SETS]
        out.append((b"accept-ranges", b"bytes"))
    out.append((b"content-length", str(len(body)).encode()))
    return out, body


def conditional(
    status: int, headers: RawHeaders, body: bytes, request: Mapping[bytes, bytes], head: bool, range_problem: Any
) -> Finished:
    """What this request gets from a complete answer: a 304 when ``If-None-Match`` matches, a 206 for
    a satisfiable single ``Range`` on a GET (``If-Range`` must name this ETag), the answer itself
    otherwise; HEAD gets the same headers without the body. ``range_problem(size)`` builds the 416."""
    inm = request.get(b"if-none-match")
    wanted = request.get(b"range")
    if status != 200 or (inm is None and wanted is None):
        return Finished(status, tuple(headers), b"" if head else body)
    etag = header(headers, b"etag")
    if inm is not None and etag is not None and not_modified(inm.decode("latin-1"), base_tag(etag)):
        return Finished(304, tuple((k, v) for k, v in headers if k not in _NOT_ON_304), b"")
    if wanted is not None and not head and header(headers, b"content-encoding") is None:
        if_range = request.get(b"if-range")
        if if_range is None or (etag is not None and if_range.strip() == etag):
            span = byte_range(wanted.decode("latin-1"), len(body))
            if span is False:
                return range_problem(len(body))  # type: ignore[no-any-return]
            if isinstance(span, tuple):
                first, last = span
                part = body[first : last + 1]
                out = _replace(headers, b"content-range", f"bytes {first}-{last}/{len(body)}".encode())
                return Finished(206, tuple(_replace(out, b"content-length", str(len(part)).encode())), part)
    return Finished(200, tuple(headers), b"" if head else body)


def vary_of(rendered: Rendered) -> bytes | None:
    """What the answer varies by: Accept when it was negotiated, Accept-Encoding when it is big enough to gzip."""
    return _VARY[rendered.vary_accept, len(rendered.body) >= GZIP_MIN_SIZE]


def wire_headers(rendered: Rendered) -> RawHeaders:
    """The headers Litestar sends for ``respond(rendered)``, for answers the front layer makes itself
    (the same names and values: a ``text/*`` type gets ``charset=utf-8`` as Litestar gives it)."""
    media = rendered.media_type + ("; charset=utf-8" if rendered.media_type.startswith("text/") else "")
    out: RawHeaders = [(b"cache-control", rendered.cache_control.encode())]
    out += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in rendered.headers]
    vary = vary_of(rendered)
    if vary is not None:
        out.append((b"vary", vary))
    out += [
        (b"etag", rendered.etag.encode()),
        (b"content-type", media.encode()),
        (b"content-length", str(len(rendered.body)).encode()),
    ]
    return out


def respond(rendered: Rendered, *, status: int = 200, extra: Mapping[str, str] | None = None) -> Response[bytes]:
    """The Litestar response for ``rendered``: body, validator, caching and Vary. The front layer
    (replay.py) then finishes it for the request (gzip, 304, 206, HEAD).

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
