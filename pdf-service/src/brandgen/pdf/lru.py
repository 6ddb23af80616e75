"""A small thread-safe least-recently-used map for what the pdf stage keeps between jobs.

Its caches (deflated zip entries, contents pages, logo print files and rasters) are read and
filled from the stage's threads and the background thread at once; each is bounded by the total
weight of its values (bytes, or one per entry).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def _one(_: object) -> int:
    return 1


class Lru(Generic[K, V]):
    """Keeps values by key up to `limit` in total `weigh`t, dropping the least recently used first."""

    def __init__(self, limit: int, weigh: Callable[[V], int] = _one) -> None:
        self.limit = limit
        self._weigh = weigh
        self._lock = threading.Lock()
        self._values: OrderedDict[K, V] = OrderedDict()
        self._weight = 0
        self.made_count = 0
        """How many values `made` had to make (a cache miss each)."""

    def get(self, key: K) -> V | None:
        with self._lock:
            found = self._values.get(key)
            if found is not None:
                self._values.move_to_end(key)
            return found

    def put(self, key: K, value: V) -> None:
        with self._lock:
            old = self._values.pop(key, None)
            if old is not None:
                self._weight -= self._weigh(old)
            self._values[key] = value
            self._weight += self._weigh(value)
            while self._weight > self.limit and self._values:
                self._weight -= self._weigh(self._values.popitem(last=False)[1])

    def made(self, key: K | None, make: Callable[[], V]) -> V:
        """The value kept for `key`, or `make()` (kept unless `key` is None: nothing to key it by).
        Two threads missing at once both make it; the values are equal."""
        if key is not None and (found := self.get(key)) is not None:
            return found
        value = make()
        self.made_count += 1
        if key is not None:
            self.put(key, value)
        return value

    def keys(self) -> list[K]:
        with self._lock:
            return list(self._values)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
            self._weight = 0

    def __len__(self) -> int:
        return len(self._values)
