"""Validators and ranges: ``If-Match`` (RFC 9110 §13.1.1), ``If-None-Match`` (§13.1.2) and a single byte ``Range``
(§14.2), applied by the ``NotModified`` and ``Ranges`` middleware (middleware.py)."""

from __future__ import annotations

from .coding import GZIP_SUFFIX

__all__ = ["base_tag", "byte_range", "matches", "not_modified"]


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


def matches(if_match: str, etag: str) -> bool:
    """RFC 9110 §13.1.1: ``*``, or a tag equal to the answer's by the strong comparison (a weak tag never is)."""
    tags = {t.strip() for t in if_match.split(",")}
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


def base_tag(etag: bytes) -> str:
    """The ETag of the identity body for a gzip ETag (ours end in ``-gzip``); any other as it is."""
    tag = etag.decode("latin-1")
    return tag[: -len(GZIP_SUFFIX) - 1] + '"' if tag.endswith(GZIP_SUFFIX + '"') else tag
