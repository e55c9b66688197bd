"""The ``.gz`` beside a file of the static copy, for nginx's gzip_static and any host that serves
pre-compressed files."""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Collection
from dataclasses import dataclass, field

from ..settings import GZIP_MIN_SIZE

__all__ = ["Precompressed"]


@dataclass
class Precompressed:
    """``of(data, media)``: the gzip of ``data`` when it saves bytes (level 9, no time in its header, so a
    rebuild is byte-identical), else None; None too below the size the app compresses from (``GZIP_MIN_SIZE``),
    so that a file is sent compressed where the app's answer is. Below 500 bytes a gzip saves a hundred bytes or
    two; the copy of 3.3.1 held 16,663 such files (row answers, most of them the releases' rows).

    A large body is compressed once: a release's files repeat under several URLs and releases (the 10 MB
    SQLite file three times). The copy of 3.3.0 compressed 195 MB in about 10 s before, 118 MB in 6 s now."""

    already_compressed: Collection[str]  # media types whose bodies are compressed already (zip, Parquet, xlsx)
    _large: dict[bytes, bytes | None] = field(default_factory=dict)

    def of(self, data: bytes, media: str) -> bytes | None:
        if len(data) < 4096:
            return self._compress(data, media)
        digest = hashlib.blake2b(data, digest_size=16).digest() + media.encode()
        if digest not in self._large:
            self._large[digest] = self._compress(data, media)
        return self._large[digest]

    def _compress(self, data: bytes, media: str) -> bytes | None:
        if media in self.already_compressed or len(data) < GZIP_MIN_SIZE:
            return None
        packed = gzip.compress(data, compresslevel=9, mtime=0)
        return None if len(packed) >= len(data) * 0.95 else packed
