"""The optional rate limit: N requests per client per fixed window, in memory that stays bounded.

Why not Litestar's ``RateLimitMiddleware``: its in-memory store evicts an expired key only when that
key is read again, so every client ever seen stays in memory (measured: RSS 71 -> 120 MB under
140k identities, never falling back); and it runs after routing, so it could not count the answers
the front layer (replay.py) gives without entering Litestar. Here the counts live for one window:
when the window ends the whole table is dropped at once (O(1) per request, no sweep), and within a
window at most ``max_clients`` are tracked; past that, new clients are refused (fail closed) until
the window ends, rather than letting a flood of addresses reset everyone's allowance.

The client is ``scope["client"]``: the socket's peer unless the server was told to trust a proxy's
forwarding headers (``--trusted-proxies``; off by default, see server.py).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from .problems import ProblemError
from .settings import RateLimit

__all__ = ["RateLimiter"]

_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


class RateLimiter:
    """``hit(client)`` -> (allowed, the RateLimit-* and Retry-After headers for the answer)."""

    def __init__(
        self, limit: RateLimit, *, max_clients: int = 100_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        unit, self.limit = limit
        self.window = _SECONDS[unit]
        self.max_clients = max_clients
        self._clock = clock
        self._current = -1
        self.counts: dict[str, int] = {}
        self._policy = f"{self.limit};w={self.window}".encode()
        self._limit = str(self.limit).encode()

    def hit(self, client: str) -> tuple[bool, list[tuple[bytes, bytes]]]:
        now = self._clock()
        window = int(now // self.window)
        if window != self._current:
            self._current, self.counts = window, {}  # every expired entry goes at once
        reset = max(1, math.ceil((window + 1) * self.window - now))
        used = self.counts.get(client)
        if used is None and len(self.counts) >= self.max_clients:
            used = self.limit  # full: new clients wait for the next window
        elif used is None or used < self.limit:
            used = self.counts[client] = (used or 0) + 1
        else:
            used = self.limit + 1
        allowed = used <= self.limit and client in self.counts
        headers = [
            (b"ratelimit-limit", self._limit),
            (b"ratelimit-remaining", str(max(0, self.limit - used)).encode()),
            (b"ratelimit-reset", str(reset).encode()),
            (b"ratelimit-policy", self._policy),
        ]
        if not allowed:
            headers.append((b"retry-after", str(reset).encode()))
        return allowed, headers

    def problem(self) -> ProblemError:
        return ProblemError(
            "rate-limited",
            f"Too many requests from this client: at most {self.limit} per "
            f"{self.window} s. Retry after the seconds in Retry-After.",
        )
