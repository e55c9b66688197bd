"""When the release was made: the one date behind ``Last-Modified``, the sitemap's ``lastmod`` and the
static copy's file times.

The answers change only with a release, so the release's date (``created`` in datapackage.json, the
``release-date`` fixed in pyproject.toml) is when each of them last changed. Taking it from the package,
never from the clock, keeps the headers and the files the same on every start and every build.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

__all__ = ["http_date", "released", "w3c_date"]


def released(package: Mapping[str, Any]) -> datetime:
    """The package's ``created`` time (UTC); a package without one is refused, not dated today."""
    created = package.get("created")
    if not isinstance(created, str):
        raise ValueError("datapackage.json has no created date: the answers' Last-Modified cannot be known")
    moment = datetime.fromisoformat(created.replace("Z", "+00:00"))
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def http_date(moment: datetime) -> str:
    """RFC 9110's IMF-fixdate: ``Sun, 06 Dec 2026 00:00:00 GMT``."""
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def w3c_date(moment: datetime) -> str:
    """The W3C date the sitemap protocol asks for (the day: a release has no meaningful hour)."""
    return moment.astimezone(UTC).date().isoformat()
