"""Bytes on the wire: a rendered body with its strong ETag, and the three data formats.

A ``Rendered`` is computed once (at start-up for everything that can be) and then served as is:
the ETag is a hash of the exact bytes, so it changes exactly when the representation does.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import orjson

from internet_plus.csvfile import cell, csv_bytes

from .settings import CACHE_DATA

__all__ = [
    "Format",
    "Rendered",
    "cell",
    "csv_bytes",
    "etag_of",
    "json_bytes",
    "ndjson_bytes",
    "render",
]


class Format(Enum):
    """The data formats a collection or item can be served in; the value is the media type."""

    JSON = "application/json"
    CSV = "text/csv"
    NDJSON = "application/x-ndjson"

    @property
    def suffix(self) -> str:
        return {"application/json": "json", "text/csv": "csv", "application/x-ndjson": "ndjson"}[self.value]


@dataclass(frozen=True, slots=True)
class Rendered:
    """One response body, ready to send: bytes, media type, strong ETag, caching and extra headers."""

    body: bytes
    media_type: str
    etag: str
    cache_control: str = CACHE_DATA
    headers: tuple[tuple[str, str], ...] = field(default=())
    vary_accept: bool = False


def etag_of(body: bytes) -> str:
    """A strong validator: 128 bits of BLAKE2b over the exact bytes (quoted, as HTTP wants)."""
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


def render(
    body: bytes,
    media_type: str,
    *,
    cache_control: str = CACHE_DATA,
    headers: Iterable[tuple[str, str]] = (),
    vary_accept: bool = False,
) -> Rendered:
    return Rendered(body, media_type, etag_of(body), cache_control, tuple(headers), vary_accept)


def json_bytes(value: Any) -> bytes:
    """Compact UTF-8 JSON, keys in the order given (field order of the Table Schema)."""
    return orjson.dumps(value)


def ndjson_bytes(rows: Iterable[Any]) -> bytes:
    """One compact JSON document per line, each line ending in ``\\n``."""
    return b"".join(orjson.dumps(row) + b"\n" for row in rows)
