"""Validators and ranges: the preconditions of RFC 9110 §13.1 in the order of §13.2.2 and a single byte ``Range``
(§14.2), applied by the ``NotModified`` and ``Ranges`` middleware (middleware.py)."""

from __future__ import annotations

import re
from datetime import datetime
from email.utils import parsedate_to_datetime

from .coding import GZIP_SUFFIX

__all__ = ["Preconditions", "base_tag", "byte_range", "matches", "not_modified"]


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


def _date(value: bytes | None) -> datetime | None:
    """An HTTP-date, or None for anything else (§13.1.3, §13.1.4: an invalid date is ignored)."""
    try:
        moment = parsedate_to_datetime(value.decode("latin-1")) if value else None
    except (TypeError, ValueError):
        return None
    return moment if moment is not None and moment.tzinfo is not None else None


class Preconditions:
    """A request's four preconditions, judged against an answer's ETag and the release date (every 200's
    ``Last-Modified``) in RFC 9110 §13.2.2's order: 412, 304, or 0 for the answer itself."""

    def __init__(self, headers: dict[bytes, bytes]) -> None:
        self.match = headers.get(b"if-match")
        self.none_match = headers.get(b"if-none-match")
        self.unmodified_since = None if self.match is not None else _date(headers.get(b"if-unmodified-since"))
        self.modified_since = None if self.none_match is not None else _date(headers.get(b"if-modified-since"))

    def any(self) -> bool:
        return any(v is not None for v in (self.match, self.none_match, self.unmodified_since, self.modified_since))

    def outcome(self, etag: bytes, last_modified: datetime) -> int:
        if self.match is not None and not matches(self.match.decode("latin-1"), etag.decode("latin-1")):
            return 412
        if self.unmodified_since is not None and last_modified > self.unmodified_since:
            return 412
        if self.none_match is not None:
            return 304 if not_modified(self.none_match.decode("latin-1"), base_tag(etag)) else 0
        return 304 if self.modified_since is not None and last_modified <= self.modified_since else 0


def base_tag(etag: bytes) -> str:
    """The ETag of the identity body for a gzip ETag (ours end in ``-gzip``); any other as it is."""
    tag = etag.decode("latin-1")
    return tag[: -len(GZIP_SUFFIX) - 1] + '"' if tag.endswith(GZIP_SUFFIX + '"') else tag


_SPEC = re.compile(r" *([0-9]{0,19}) *- *([0-9]{0,19}) *")  # nginx's grammar: ASCII digits, spaces around


def _span(spec: str, size: int) -> tuple[int, int] | str | None:
    """One range-spec as (first, last inclusive); None when it selects no byte; why, when it is malformed."""
    found = _SPEC.fullmatch(spec)
    if found is None or not (found[1] or found[2]):
        return f"{spec.strip()[:40]!r} is not a byte range (first-last, first- or -length, in ASCII digits)"
    if not found[1]:  # the last N bytes
        suffix = int(found[2])
        return (max(0, size - suffix), size - 1) if suffix > 0 and size > 0 else None
    first = int(found[1])
    if found[2] and int(found[2]) < first:
        return f"the range {spec.strip()!r} ends before it starts"
    return (first, min(int(found[2]) if found[2] else size - 1, size - 1)) if first < size else None


def byte_range(value: str, size: int) -> tuple[int, int] | str | None:
    """The one byte range of a ``Range`` header as (first, last inclusive), judged as the generated nginx
    configuration judges it (``max_ranges 1``), so a file answers alike from either: None to ignore the
    header and send the whole body (another unit, or several ranges: RFC 9110 §14.2); for 416, why (a
    range that is malformed or backwards, or none that selects a byte of the file)."""
    if value[:6].lower() != "bytes=":
        return None
    spans = [_span(spec, size) for spec in value[6:].split(",")]
    wrong = next((s for s in spans if isinstance(s, str)), None)
    if wrong is not None:
        return wrong
    chosen = [s for s in spans if isinstance(s, tuple)]
    if not chosen:
        return f"the range asked for selects none of the {size} bytes of this answer"
    return chosen[0] if len(chosen) == 1 else None
