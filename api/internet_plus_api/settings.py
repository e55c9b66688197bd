"""The API's fixed limits and its runtime settings (the rate limit, the public base URL), in one place.

Every bound here is also written into the OpenAPI document, so the contract and the validator
can never disagree: change a number here and both move together.
"""

from __future__ import annotations

import os
import re
from typing import Literal

__all__ = [
    "ALLOW",
    "ANSWER_CACHE_BYTES",
    "BASE_URL_ENV",
    "CACHE_DATA",
    "CACHE_ERROR",
    "CACHE_IMMUTABLE",
    "CACHE_NONE",
    "DEFAULT_BASE_URL",
    "DEFAULT_LIMIT",
    "GZIP_LEVEL",
    "GZIP_MIN_SIZE",
    "MAX_ID_LENGTH",
    "MAX_LIMIT",
    "MAX_LIST_ITEMS",
    "MAX_OFFSET",
    "MAX_PATH",
    "MAX_Q",
    "MAX_QUERY_STRING",
    "MAX_VALUE_LENGTH",
    "PACKAGE_ENV",
    "RATE_LIMIT_BYTES",
    "RATE_LIMIT_ENV",
    "RateLimit",
    "base_url_setting",
    "local_base_url",
    "parse_rate_limit",
    "rate_limit_setting",
]

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
MAX_OFFSET = 100_000
MAX_Q = 200
MAX_QUERY_STRING = 2048
MAX_PATH = 512
MAX_ID_LENGTH = 64
MAX_VALUE_LENGTH = 200
MAX_LIST_ITEMS = 50

GZIP_MIN_SIZE = 500
ALLOW = "GET, HEAD, OPTIONS"
"""The methods every path answers: the API is read-only (``Allow``, a preflight's allowed methods, a 405)."""
GZIP_LEVEL = 6

ANSWER_CACHE_BYTES = 64 * 1024 * 1024  # finished answers kept by the response cache (least recently used out)
RATE_LIMIT_BYTES = 16 * 1024 * 1024  # the rate limit's counts: ~100,000 clients; past that the oldest are forgotten

CACHE_DATA = "public, max-age=3600"
CACHE_IMMUTABLE = "public, max-age=31536000, immutable"
CACHE_ERROR = "no-store"
CACHE_NONE = "no-store"

RATE_LIMIT_ENV = "INTERNET_PLUS_RATE_LIMIT"
PACKAGE_ENV = "INTERNET_PLUS_PACKAGE"

Unit = Literal["second", "minute", "hour", "day"]
RateLimit = tuple[Unit, int]
_RATE = re.compile(r"\s*([0-9]{1,9})\s*/\s*(second|minute|hour|day)\s*")


def parse_rate_limit(text: str) -> RateLimit:
    """``"100/minute"`` -> ``("minute", 100)``; a malformed setting fails at start-up, not at the first request."""
    match = _RATE.fullmatch(text)
    if match is None or int(match.group(1)) < 1:
        raise ValueError(f"rate limit {text!r} is not of the form N/second, N/minute, N/hour or N/day with N >= 1")
    unit: Unit = match.group(2)  # type: ignore[assignment]
    return unit, int(match.group(1))


def rate_limit_setting(explicit: str | None) -> RateLimit | None:
    """The explicit argument wins; else the environment variable; else no limit (off by default)."""
    text = explicit if explicit is not None else os.environ.get(RATE_LIMIT_ENV, "")
    if not text.strip():
        return None
    return parse_rate_limit(text)


BASE_URL_ENV = "INTERNET_PLUS_BASE_URL"
DEFAULT_BASE_URL = "http://127.0.0.1:8000"
_BASE_URL = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*)?")


def local_base_url(host: str, port: int) -> str:
    """The address a local server answers at, as its sitemap names it: a wildcard address (all interfaces) is
    named by the loopback one, an IPv6 literal by ``localhost`` (the base URL takes a host name or IPv4)."""
    if host in ("", "0.0.0.0", "::"):
        host = "127.0.0.1"
    elif ":" in host:
        host = "localhost"
    return f"http://{host}:{port}"


def base_url_setting(explicit: str | None) -> str:
    """Where the site is published (``https://example.org`` or ``https://example.org/edition``), for the
    few answers that must give absolute URLs (the sitemap, robots.txt). The explicit argument wins; else
    the environment variable; else the local server's address. Returned without a trailing slash."""
    text = explicit if explicit is not None else os.environ.get(BASE_URL_ENV, "")
    text = text.strip() or DEFAULT_BASE_URL
    if _BASE_URL.fullmatch(text) is None:
        raise ValueError(
            f"base URL {text[:200]!r} is not an absolute http or https URL without a query or fragment "
            "(such as https://example.org)"
        )
    return text.rstrip("/")
