"""A least-recently-used cache bounded by the bytes it holds, not by its number of entries.

Every answer of the API is a pure function of the request (the data never changes while the
process runs), so an answer rendered once can be served again as is. What must be bounded is the
memory: a client can ask for endless distinct queries, so the oldest answers go once the budget
is spent. Handlers run on the event loop thread, so no lock is needed.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

__all__ = ["ByteBudgetCache"]

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
