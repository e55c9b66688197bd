"""A Litestar ``Store`` bounded in bytes: the response cache and the rate limit keep their entries here.

Every answer of the API is a pure function of the request (the data never changes while the process
runs), so an answer rendered once can be served again as is; what must be bounded is the memory.

Litestar's ``MemoryStore`` forgets an expired key only when that key is read again, so a stream of
distinct queries (or of client addresses) grows it without end (measured: 71 -> 120 MB under 140k
identities). This store holds at most ``budget`` bytes; past that the least recently used entries go.
For the rate limit that is the safe direction: a flood of new addresses can only make the limiter
forget old counts (those clients start afresh), never refuse a client it has not seen.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import timedelta
from typing import Generic, TypeVar

from litestar.stores.base import Store

__all__ = ["BoundedStore", "ByteBudgetCache"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class ByteBudgetCache(Generic[K, V]):
    """``get_or_make(key, make)``: the cached value, or ``make()`` kept while within ``budget`` bytes."""

    def __init__(self, budget: int, size: Callable[[V], int]) -> None:
        self.budget = budget
        self.held = 0
        self._size = size
        self._items: OrderedDict[K, V] = OrderedDict()

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: K) -> V | None:
        value = self._items.get(key)
        if value is not None:
            self._items.move_to_end(key)
        return value

    def put(self, key: K, value: V) -> None:
        """Keep ``value`` unless it alone exceeds the budget; the least recently used go to make room."""
        size = self._size(value)
        if size > self.budget:
            return
        previous = self._items.pop(key, None)
        if previous is not None:
            self.held -= self._size(previous)
        self._items[key] = value
        self.held += size
        while self.held > self.budget:
            self.held -= self._size(self._items.popitem(last=False)[1])

    def pop(self, key: K) -> None:
        """Forget ``key`` (nothing happens when it is not held)."""
        previous = self._items.pop(key, None)
        if previous is not None:
            self.held -= self._size(previous)

    def clear(self) -> None:
        self._items.clear()
        self.held = 0

    def get_or_make(self, key: K, make: Callable[[], V]) -> V:
        value = self.get(key)
        if value is None:
            value = make()
            self.put(key, value)
        return value


_ENTRY = 96  # bytes a kept entry costs beyond its key and value (tuple, floats, table slot)


def _seconds(expires_in: int | timedelta | None) -> float | None:
    if expires_in is None:
        return None
    return expires_in.total_seconds() if isinstance(expires_in, timedelta) else float(expires_in)


class BoundedStore(Store):
    """Values by key, each with an optional expiry, within ``budget`` bytes (least recently used out)."""

    def __init__(self, budget: int) -> None:
        self._items: ByteBudgetCache[str, tuple[bytes, float | None, int]] = ByteBudgetCache(
            budget, lambda item: item[2]
        )

    @property
    def held(self) -> int:
        """Bytes held now (never above the budget)."""
        return self._items.held

    @property
    def entries(self) -> int:
        """Entries held now. (Not ``__len__``: Litestar's registry replaces a store that is falsy.)"""
        return len(self._items)

    async def set(self, key: str, value: str | bytes, expires_in: int | timedelta | None = None) -> None:
        data = value.encode() if isinstance(value, str) else value
        seconds = _seconds(expires_in)
        expiry = time.monotonic() + seconds if seconds is not None else None
        self._items.put(key, (data, expiry, len(key) + len(data) + _ENTRY))

    async def get(self, key: str, renew_for: int | timedelta | None = None) -> bytes | None:
        item = self._items.get(key)
        if item is None:
            return None
        data, expiry, size = item
        if expiry is not None and expiry <= time.monotonic():
            self._items.pop(key)
            return None
        renew = _seconds(renew_for)
        if renew is not None and expiry is not None:
            self._items.put(key, (data, time.monotonic() + renew, size))
        return data

    async def delete(self, key: str) -> None:
        self._items.pop(key)

    async def delete_all(self) -> None:
        self._items.clear()

    async def exists(self, key: str) -> bool:
        return await self.get(key) is not None

    async def expires_in(self, key: str) -> int | None:
        item = self._items.get(key)
        if item is None or item[1] is None:
            return None
        return max(0, int(item[1] - time.monotonic()))
