"""HTTP semantics, in one place: the fixed headers, content negotiation, gzip, validators and ranges.

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

import gzip
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from litestar import Response

from .cache import ByteBudgetCache
from .render import Rendered
from .settings import GZIP_LEVEL, GZIP_MIN_SIZE

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
GZIP_SUFFIX = "-gzip"
_VERSION = b"x-dataset-version"
# a 304 repeats the 200's validators and caching headers but describes no body (RFC 9110 §15.4.5)
_NOT_ON_304 = frozenset(
    (b"content-length", b"content-type", b"content-encoding", b"content-disposition", b"accept-ranges")
)


def header(headers: Iterable[tuple[bytes, bytes]], name: bytes) -> bytes | None:
    """The first value of header ``name`` (lower-case bytes)."""
    return next((v for k, v in headers if k.lower() == name), None)


def _replace(headers: RawHeaders, name: bytes, value: bytes) -> RawHeaders:
    return [*((k, v) for k, v in headers if k.lower() != name), (name, value)]


class FixedHeaders:
    """The headers every response carries: dataset version, security headers, CORS for any origin."""

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
        self._common = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in common]
        self._api_csp = (b"content-security-policy", API_CSP.encode())
        self._docs_csp = (b"content-security-policy", DOCS_CSP.encode())
        self._preflight = [
            (b"access-control-allow-methods", b"GET, HEAD, OPTIONS"),
            (b"access-control-allow-headers", b"*"),
            (b"access-control-max-age", b"86400"),
        ]

    def add(self, headers: Iterable[tuple[bytes, bytes]], *, preflight: bool = False) -> RawHeaders:
        """``headers`` with the fixed ones added (once: an answer that has them is left alone)."""
        out = list(headers)
        if header(out, _VERSION) is None:
            content_type = header(out, b"content-type") or b""
            out += self._common
            if header(out, b"content-security-policy") is None:  # the reading edition's pages bring their own
                out.append(self._docs_csp if content_type.startswith(b"text/html") else self._api_csp)
        if preflight:
            out += self._preflight
        return out


# -- gzip ---------------------------------------------------------------------------------------------


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


# -- validators and ranges ----------------------------------------------------------------------------


def _tags(value: str) -> set[str]:
    tags = set()
    for tag in value.split(","):
        tag = tag.strip().removeprefix("W/")
        if tag.endswith(GZIP_SUFFIX + '"'):
            tag = tag[: -len(GZIP_SUFFIX) - 1] + '"'
        tags.add(tag)
    return tags


def not_modified(if_none_match: str | None, etag: str) -> bool:
    """RFC 9110 §13.1.2: the weak comparison, ignoring our ``-gzip`` suffix (one resource, two codings)."""
    if not if_none_match:
        return False
    tags = _tags(if_none_match)
    return "*" in tags or etag in tags


def byte_range(value: str, size: int) -> tuple[int, int] | bool | None:
    """The one byte range of a ``Range`` header as (first, last inclusive); None to ignore the header
    (not bytes, several ranges, malformed: RFC 9110 §14.2 lets a server send the whole body); False
    when the range cannot be satisfied (416)."""
    unit, _, spec = value.partition("=")
    if unit.strip().lower() != "bytes" or "," in spec:
        return None
    first_text, dash, last_text = spec.strip().partition("-")
    if not dash or not (first_text.isdigit() or last_text.isdigit()) or len(spec) > 40:
        return None
    if not first_text:  # the last N bytes
        suffix = int(last_text)
        return (max(0, size - suffix), size - 1) if suffix > 0 and size > 0 else False
    first = int(first_text)
    if last_text and not last_text.isdigit():
        return None
    if first >= size:
        return False
    last = int(last_text) if last_text else size - 1
    if last < first:
        return None
    return first, min(last, size - 1)


@dataclass(frozen=True, slots=True)
class Finished:
    """An answer as it goes on the wire: status, headers, body (empty for HEAD and 304)."""

    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes


def finish_200(headers: RawHeaders, body: bytes, gzip_ok: bool, cache: GzipCache) -> tuple[RawHeaders, bytes]:
    """The complete 200 for a client that does (``gzip_ok``) or does not take gzip: the gzip body,
    its length and its ETag when the body is large enough; ``Accept-Ranges`` on the identity body."""
    if gzip_ok and len(body) >= GZIP_MIN_SIZE and header(headers, b"content-encoding") is None:
        etag = header(headers, b"etag")
        body = cache.compressed(etag, body)
        headers = _replace(headers, b"content-encoding", b"gzip")
        if etag and etag.endswith(b'"'):
            headers = _replace(headers, b"etag", etag[:-1] + GZIP_SUFFIX.encode() + b'"')
    else:
        headers = _replace(headers, b"accept-ranges", b"bytes")
    return _replace(headers, b"content-length", str(len(body)).encode()), body


def conditional(
    status: int, headers: RawHeaders, body: bytes, request: Mapping[bytes, bytes], head: bool, range_problem: Any
) -> Finished:
    """What this request gets from a complete answer: a 304 when ``If-None-Match`` matches, a 206 for
    a satisfiable single ``Range`` on a GET (``If-Range`` must name this ETag), the answer itself
    otherwise; HEAD gets the same headers without the body. ``range_problem(size)`` builds the 416."""
    if status != 200:
        return Finished(status, tuple(headers), b"" if head else body)
    etag = header(headers, b"etag")
    inm = request.get(b"if-none-match")
    if inm is not None and etag is not None and not_modified(inm.decode("latin-1"), _base_tag(etag)):
        return Finished(304, tuple((k, v) for k, v in headers if k not in _NOT_ON_304), b"")
    wanted = request.get(b"range")
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


def _base_tag(etag: bytes) -> str:
    tag = etag.decode("latin-1")
    return tag[: -len(GZIP_SUFFIX) - 1] + '"' if tag.endswith(GZIP_SUFFIX + '"') else tag


def wire_headers(rendered: Rendered) -> RawHeaders:
    """The headers Litestar sends for ``respond(rendered)``, for answers the front layer makes itself
    (the same names and values: a ``text/*`` type gets ``charset=utf-8`` as Litestar gives it)."""
    media = rendered.media_type + ("; charset=utf-8" if rendered.media_type.startswith("text/") else "")
    out: RawHeaders = [(b"cache-control", rendered.cache_control.encode())]
    out += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in rendered.headers]
    vary = [
        name
        for name, applies in (
            ("Accept", rendered.vary_accept),
            ("Accept-Encoding", len(rendered.body) >= GZIP_MIN_SIZE),
        )
        if applies
    ]
    if vary:
        out.append((b"vary", ", ".join(vary).encode()))
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
    vary = [
        name
        for name, applies in (
            ("Accept", rendered.vary_accept),
            ("Accept-Encoding", len(rendered.body) >= GZIP_MIN_SIZE),
        )
        if applies
    ]
    if vary:
        headers["Vary"] = ", ".join(vary)
    headers["ETag"] = rendered.etag
    return Response(rendered.body, status_code=status, media_type=rendered.media_type, headers=headers)
