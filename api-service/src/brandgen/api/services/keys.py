"""API keys: created by `brandgen keys create`, stored as SHA-256 hashes, verified per request.

Keys are `bgk_<id>_<secret>` with a 256-bit random secret, so a fast hash is the right tool (a
password hash would only slow every request). On Redis they live in two hashes under the queue
prefix; the memory store serves `serve --embedded` and tests in one process.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import hmac
import secrets
import time
from abc import ABC, abstractmethod
from typing import Any

from brandgen.api.models.keys import ApiKeyRecord
from brandgen.shared.errors import TransientError
from brandgen.shared.state import JobStore, RedisBackend


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> tuple[str, str]:
    """A fresh (id, key) pair."""
    key_id = secrets.token_hex(6)
    return key_id, f"bgk_{key_id}_{secrets.token_urlsafe(32)}"


class ApiKeyStore(ABC):
    async def create(
        self, name: str, *, rate_limit_per_minute: int | None = None, with_webhook_secret: bool = True
    ) -> tuple[str, ApiKeyRecord]:
        """Store a new key; returns the key (shown once) and its record."""
        key_id, key = new_key()
        record = ApiKeyRecord(
            id=key_id,
            name=name,
            hash=hash_key(key),
            rate_limit_per_minute=rate_limit_per_minute,
            webhook_secret=secrets.token_urlsafe(24) if with_webhook_secret else None,
        )
        await self._save(record)
        return key, record

    async def verify(self, key: str) -> ApiKeyRecord | None:
        record = await self._by_hash(hash_key(key))
        # The lookup is by hash already; compare again in constant time so a store that matched
        # loosely could never let a different key through.
        if record is None or not hmac.compare_digest(record.hash, hash_key(key)):
            return None
        return record

    @abstractmethod
    async def _save(self, record: ApiKeyRecord) -> None: ...

    @abstractmethod
    async def _by_hash(self, digest: str) -> ApiKeyRecord | None: ...

    @abstractmethod
    async def list(self) -> list[ApiKeyRecord]: ...

    @abstractmethod
    async def revoke(self, key_id: str) -> bool: ...


class MemoryApiKeyStore(ApiKeyStore):
    def __init__(self) -> None:
        self._records: dict[str, ApiKeyRecord] = {}

    async def _save(self, record: ApiKeyRecord) -> None:
        self._records[record.hash] = record

    async def _by_hash(self, digest: str) -> ApiKeyRecord | None:
        return self._records.get(digest)

    async def list(self) -> list[ApiKeyRecord]:
        return sorted(self._records.values(), key=lambda record: record.created_at)

    async def revoke(self, key_id: str) -> bool:
        for digest, record in list(self._records.items()):
            if record.id == key_id:
                del self._records[digest]
                return True
        return False


class RedisApiKeyStore(ApiKeyStore):
    """Two hashes: key hash -> record JSON, key id -> key hash (`RedisKeys.api_keys_by_*`)."""

    def __init__(self, backend: RedisBackend) -> None:
        self.redis = backend.client
        self.pipeline = backend.pipeline  # the per-request lookup shares the job store's connection
        self.by_hash = backend.keys.api_keys_by_hash
        self.by_id = backend.keys.api_keys_by_id

    async def _save(self, record: ApiKeyRecord) -> None:
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hset(self.by_hash, record.hash, record.model_dump_json())
            pipe.hset(self.by_id, record.id, record.hash)
            await _guard(pipe.execute())

    async def _by_hash(self, digest: str) -> ApiKeyRecord | None:
        raw = await _guard(self.pipeline.execute("HGET", self.by_hash, digest))
        return None if raw is None else ApiKeyRecord.model_validate_json(raw)

    async def list(self) -> list[ApiKeyRecord]:
        raws = await _guard(self.redis.hvals(self.by_hash))
        return sorted((ApiKeyRecord.model_validate_json(raw) for raw in raws), key=lambda record: record.created_at)

    async def revoke(self, key_id: str) -> bool:
        digest = await _guard(self.redis.hget(self.by_id, key_id))
        if digest is None:
            return False
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hdel(self.by_hash, digest)
            pipe.hdel(self.by_id, key_id)
            await _guard(pipe.execute())
        return True


async def _guard(awaitable: Any) -> Any:
    # redis-py types each command as sync-or-async (`Awaitable[T] | T`), which cannot be awaited as
    # typed; on the asyncio client every command is awaitable.
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    try:
        return await awaitable
    except (RedisConnectionError, RedisTimeoutError, OSError) as error:
        raise TransientError(f"key store unreachable: {error}") from error


def api_key_store(store: JobStore) -> ApiKeyStore:
    """Keys kept beside the store's jobs: on its Redis, else in this process."""
    backend = store.redis_backend
    return MemoryApiKeyStore() if backend is None else RedisApiKeyStore(backend)


class CachedKeyVerifier:
    """Remembers verified keys for a few seconds so most requests skip the Redis round trip.

    A revoked key stops working within `ttl` seconds; unknown keys are not cached, so a new key
    works at once. Requests that find the same key unverified at the same moment (a busy client
    when its entry expires, or at start) share one lookup instead of each making their own.
    """

    def __init__(self, keys: ApiKeyStore, ttl: float) -> None:
        self.keys, self.ttl = keys, ttl
        self._cache: dict[str, tuple[float, ApiKeyRecord]] = {}
        self._lookups: dict[str, asyncio.Future[ApiKeyRecord | None]] = {}

    def cached(self, key: str) -> ApiKeyRecord | None:
        """The key's record if verified less than `ttl` seconds ago (no I/O), else None."""
        cached = self._cache.get(key)
        return cached[1] if cached and cached[0] > time.monotonic() else None

    async def verify(self, key: str) -> ApiKeyRecord | None:
        record = self.cached(key)
        if record is not None:
            return record
        lookup = self._lookups.get(key)
        if lookup is None:
            lookup = self._lookups[key] = asyncio.ensure_future(self._look_up(key))
            lookup.add_done_callback(functools.partial(self._looked_up, key))
        # Shielded: one waiter giving up (its client went away) leaves the lookup to the others.
        return await asyncio.shield(lookup)

    async def _look_up(self, key: str) -> ApiKeyRecord | None:
        record = await self.keys.verify(key)
        if record is not None and self.ttl > 0:
            if len(self._cache) > 10_000:
                self._cache.clear()
            self._cache[key] = (time.monotonic() + self.ttl, record)
        else:
            self._cache.pop(key, None)
        return record

    def _looked_up(self, key: str, lookup: asyncio.Future[ApiKeyRecord | None]) -> None:
        if self._lookups.get(key) is lookup:
            del self._lookups[key]
        if not lookup.cancelled():
            lookup.exception()  # seen here, so a failure every waiter left is not reported as unretrieved
