"""What the front layer keeps: finished 200 answers by request key, with the messages that send them.

Apart from replay.py (the front layer itself) so that each stays one job: this module decides what is
kept and how it is sent again; replay.py decides which path a request takes.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .cache import ByteBudgetCache
from .http import Finished, GzipCache, RawHeaders, conditional, header

__all__ = ["Kept", "Key", "ReplayCache"]

Key = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class Kept:
    """A kept 200 and the two ASGI messages that send it as it is, built once: a plain GET of a kept
    answer (no validator, no range, no rate-limit headers) only hands these to the server."""

    answer: Finished
    start: Mapping[str, Any]
    body: Mapping[str, Any]
    etag: bytes | None  # an If-None-Match of exactly this gets the 304 below, built once too
    not_modified: Mapping[str, Any]

    @classmethod
    def of(cls, answer: Finished) -> Kept:
        etag = header(answer.headers, b"etag")
        nm = conditional(200, list(answer.headers), answer.body, {b"if-none-match": etag or b""}, False, None)
        return cls(
            answer,
            {"type": "http.response.start", "status": answer.status, "headers": answer.headers},
            {"type": "http.response.body", "body": answer.body, "more_body": False},
            etag if nm.status == 304 else None,
            {"type": "http.response.start", "status": 304, "headers": nm.headers},
        )


def _size(kept: Kept) -> int:
    return len(kept.answer.body) + sum(len(k) + len(v) for k, v in kept.answer.headers) + 512


class ReplayCache:
    """What one app keeps: finished 200 answers by request key, and gzip-coded bodies by ETag.

    An answer is kept on the second request for its key, not the first: under a stream of distinct
    queries nothing is kept, so nothing churns (measured: the churn of keeping every first answer
    caused garbage-collection pauses of 100-300 ms and a p99 of 45-100 ms). The keys seen once are
    remembered in a bounded, oldest-out table.
    """

    def __init__(self, budget: int = 32 * 1024 * 1024, seen: int = 4096) -> None:
        self.answers: ByteBudgetCache[Key, Kept] = ByteBudgetCache(budget, _size)
        self.gzip = GzipCache(budget)
        self._seen: OrderedDict[int, None] = OrderedDict()
        self._seen_max = seen

    def keep(self, key: Key, headers: RawHeaders, body: bytes) -> None:
        """Keep the 200 answer ``headers`` + ``body`` if ``key`` was seen before."""
        h = hash(key)
        if h in self._seen:
            del self._seen[h]
            self.answers.put(key, Kept.of(Finished(200, tuple(headers), body)))
            return
        self._seen[h] = None
        if len(self._seen) > self._seen_max:
            self._seen.popitem(last=False)
