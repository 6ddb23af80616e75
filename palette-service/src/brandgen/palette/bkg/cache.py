"""Query-result cache: an in-process LRU in front of an optional shared Redis cache.

The graph is read-mostly, so answers are kept until the dataset changes. Keys carry the dataset
checksum (read from the graph with the catalogue), so a re-seed with new data makes every old
entry unreachable at once; the seed command also deletes the shared entries outright.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import OrderedDict
from typing import Any, TypeVar

import redis
from pydantic import BaseModel

from brandgen.shared.keys import RedisKeys

ModelT = TypeVar("ModelT", bound=BaseModel)

PREFIX = RedisKeys().palette_cache
"""Where the shared entries live under the default key prefix (`QueryCache(prefix=...)` for another)."""


class LruCache:
    """A small thread-safe LRU with a per-entry time to live."""

    def __init__(self, size: int, ttl: float) -> None:
        self._size = size
        self._ttl = ttl
        self._entries: OrderedDict[str, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Any | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            expires, value = entry
            if expires < time.monotonic():
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return value

    def set(self, key: str, value: Any, ttl: float | None = None) -> None:
        with self._lock:
            self._entries[key] = (time.monotonic() + (ttl or self._ttl), value)
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


class QueryCache:
    def __init__(
        self, *, size: int = 512, ttl: float = 3600, redis_url: str | None = None, prefix: str = PREFIX
    ) -> None:
        self.local = LruCache(size, ttl)
        self._ttl = int(ttl)
        self.prefix = prefix
        self._redis = redis.Redis.from_url(redis_url, socket_timeout=1, socket_connect_timeout=1) if redis_url else None
        self.hits = 0
        self.misses = 0

    @property
    def shared(self) -> bool:
        return self._redis is not None

    def get(self, key: str, model: type[ModelT]) -> ModelT | None:
        """The cached model: parsed objects live in the LRU, JSON in Redis."""
        value = self.local.get(key)
        if value is None and self._redis is not None:
            try:
                raw = self._redis.get(self.prefix + key)
            except redis.RedisError:
                raw = None  # the shared cache is an optimisation; the graph still answers
            if raw is not None:
                value = model.model_validate_json(raw)
                self.local.set(key, value)
        if value is None:
            self.misses += 1
            return None
        self.hits += 1
        assert isinstance(value, model)
        return value

    def set(self, key: str, value: BaseModel) -> None:
        self.local.set(key, value)
        if self._redis is not None:
            with contextlib.suppress(redis.RedisError):  # the shared cache is an optimisation only
                self._redis.set(self.prefix + key, value.model_dump_json(), ex=self._ttl)

    def invalidate(self) -> int:
        """Forget every cached answer here and in the shared cache; returns the shared keys removed."""
        self.local.clear()
        removed = 0
        if self._redis is not None:
            batch: list[bytes] = []
            for key in self._redis.scan_iter(match=self.prefix + "*", count=500):
                batch.append(key)
                if len(batch) >= 500:
                    removed += int(self._redis.unlink(*batch))
                    batch.clear()
            if batch:
                removed += int(self._redis.unlink(*batch))
        return removed

    def close(self) -> None:
        if self._redis is not None:
            self._redis.close()


def cache_url(graph_cache_url: str | None, state_url: str) -> str | None:
    if graph_cache_url:
        return graph_cache_url
    return state_url if state_url.startswith(("redis://", "rediss://", "unix://")) else None
