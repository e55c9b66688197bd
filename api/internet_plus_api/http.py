"""HTTP semantics shared by every route: content negotiation, conditional requests, HEAD.

Routes produce a ``Rendered``; ``respond`` turns it into the answer this particular request
deserves: 304 when ``If-None-Match`` matches, headers without a body for HEAD, the full body
otherwise. The strong ETag of a gzip-coded body carries a ``-gzip`` suffix (see compression.py);
``If-None-Match`` is compared with the weak function (RFC 9110 §13.1.2), ignoring that suffix.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from litestar import Request, Response

from .compression import GZIP_SUFFIX, will_gzip
from .problems import ProblemError
from .render import Format, Rendered
from .settings import GZIP_MIN_SIZE

__all__ = ["negotiate", "not_modified", "respond"]

_NAMES: dict[Format, tuple[str, ...]] = {
    Format.JSON: ("application/json",),
    Format.CSV: ("text/csv",),
    Format.NDJSON: ("application/x-ndjson", "application/ndjson", "application/jsonl"),
}


def _q(params: list[str]) -> float:
    for p in params:
        name, _, value = p.partition("=")
        if name.strip().lower() == "q":
            try:
                return max(0.0, min(1.0, float(value)))
            except ValueError:
                return 0.0
    return 1.0


def _specificity(media_range: str, fmt: Format) -> int:
    names = _NAMES[fmt]
    if media_range in names:
        return 3
    if media_range.endswith("/*") and any(n.startswith(media_range[:-1]) for n in names):
        return 2
    return 1 if media_range == "*/*" else 0


def negotiate(accept: str | None) -> Format:
    """The format for an Accept header: the most specific matching range gives each format its q;
    the highest q wins and JSON wins ties. No usable header means JSON; nothing acceptable means 406."""
    ranges: list[tuple[str, float]] = []
    for item in (accept or "").split(",")[:32]:
        media, *params = item.split(";")
        media = media.strip().lower()
        if "/" in media:
            ranges.append((media, _q(params)))
    if not ranges:
        return Format.JSON
    best: tuple[float, Format] | None = None
    for fmt in _NAMES:
        matches = [(_specificity(m, fmt), q) for m, q in ranges]
        specific, quality = max(matches)
        if specific and quality > 0 and (best is None or quality > best[0]):
            best = (quality, fmt)
    if best is None:
        shown = (accept or "")[:200]
        raise ProblemError(
            "not-acceptable",
            f"None of the media types in Accept ({shown!r}) can be produced.",
            extensions={"allowed": [n for names in _NAMES.values() for n in names]},
        )
    return best[1]


def _tags(header: str) -> set[str]:
    tags = set()
    for tag in header.split(","):
        tag = tag.strip().removeprefix("W/")
        if tag.endswith(GZIP_SUFFIX + '"'):
            tag = tag[: -len(GZIP_SUFFIX) - 1] + '"'
        tags.add(tag)
    return tags


def not_modified(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    tags = _tags(if_none_match)
    return "*" in tags or etag in tags


def respond(
    request: Request[Any, Any, Any],
    rendered: Rendered,
    *,
    status: int = 200,
    extra: Mapping[str, str] | None = None,
) -> Response[bytes]:
    """The answer to this request: 304, a bodiless HEAD answer, or the body, with validators and caching.

    ``extra`` headers are added first, so the rendered ones win.
    """
    size = len(rendered.body)
    headers: dict[str, str] = dict(extra) if extra else {}
    headers["Cache-Control"] = rendered.cache_control
    headers.update(rendered.headers)
    # Vary as the 200 has it, also on 304 and HEAD: Accept where negotiated, Accept-Encoding where gzip may apply
    vary = [
        name
        for name, applies in (("Accept", rendered.vary_accept), ("Accept-Encoding", size >= GZIP_MIN_SIZE))
        if applies
    ]
    if vary:
        headers["Vary"] = ", ".join(vary)
    headers["ETag"] = rendered.etag
    if status == 200 and not_modified(request.headers.get("if-none-match"), rendered.etag):
        if will_gzip(request.headers.get("accept-encoding", ""), size):  # the validator of the coding it holds
            headers["ETag"] = rendered.etag[:-1] + GZIP_SUFFIX + '"'
        return Response(b"", status_code=304, headers=headers)
    if request.method == "HEAD":
        headers["Content-Length"] = str(size)
        return Response(b"", status_code=status, media_type=rendered.media_type, headers=headers)
    return Response(rendered.body, status_code=status, media_type=rendered.media_type, headers=headers)
