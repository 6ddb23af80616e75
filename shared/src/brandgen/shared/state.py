"""Job state: the record plus an append-only event history, on Redis or in memory.

Every change goes through `update(job_id, mutate)`, which applies `mutate` to the current record
and writes it with the events it returns in one atomic step: on Redis one Lua script that writes
only if the record's revision is still the one `mutate` saw (else it re-reads and applies again);
in memory under a lock. The mutations themselves are the job lifecycle's (`lifecycle`).
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import redis.asyncio as aioredis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from brandgen.shared.errors import TransientError
from brandgen.shared.keys import DEFAULT_PREFIX, RedisKeys
from brandgen.shared.models import STORED, JobEvent, JobRecord, utcnow
from brandgen.shared.redis_client import AutoPipeline, with_hiredis_packing

Mutation = Callable[[JobRecord], list[JobEvent] | None]
"""Changes the record in place and returns the events to append; raising aborts the update."""


class JobNotFoundError(KeyError):
    pass


class JobStore(ABC):
    @abstractmethod
    async def create(self, record: JobRecord, event: JobEvent | None = None) -> bool:
        """Store a new job; False when the id exists already."""

    @abstractmethod
    async def get(self, job_id: str) -> JobRecord: ...

    @abstractmethod
    async def update(self, job_id: str, mutate: Mutation, *, known: JobRecord | None = None) -> JobRecord:
        """Apply `mutate` atomically; `known` is a hint (the last record seen) that saves a read."""

    async def revision(self, job_id: str) -> int:
        """The record's revision alone (bumped by every write): what a reader checks its copy against."""
        return (await self.get(job_id)).revision

    @abstractmethod
    async def events(self, job_id: str, start: int = 0) -> list[JobEvent]: ...

    @abstractmethod
    async def list_jobs(self, owner: str | None, limit: int = 50) -> list[JobRecord]: ...

    @abstractmethod
    async def wait_for_events(self, job_id: str, seen: int, timeout: float) -> None:
        """Return when the job has more than `seen` events, or after `timeout` seconds."""

    async def follow(self, job_id: str, *, poll: float = 15.0) -> AsyncIterator[JobEvent]:
        """Yield the job's events as they are appended, ending after its final status."""
        seen = 0
        while True:
            new = await self.events(job_id, seen)
            for event in new:
                yield event
            seen += len(new)
            record = await self.get(job_id)
            if record.status.terminal and not await self.events(job_id, seen):
                return
            await self.wait_for_events(job_id, seen, poll)

    async def ping(self) -> None:
        return None

    async def close(self) -> None:
        return None

    @property
    def redis_backend(self) -> RedisBackend | None:
        """The Redis this store keeps its jobs on; None when it keeps them elsewhere (memory).

        For components that keep their own data beside the jobs (the API's keys, rate limits and
        webhook index) and scripts that join their writes to the store's in one round trip; where
        this is None they keep their data in memory too."""
        return None

    # Small key/value room for other components (idempotency keys, API keys, rate limits).
    @abstractmethod
    async def set_if_absent(self, key: str, value: str, ttl: int | None = None) -> bool: ...

    @abstractmethod
    async def get_value(self, key: str) -> str | None: ...

    @abstractmethod
    async def delete_value(self, key: str) -> None: ...


class MemoryJobStore(JobStore):
    def __init__(self) -> None:
        self._records: dict[str, str] = {}
        self._revisions: dict[str, int] = {}
        self._events: dict[str, list[str]] = defaultdict(list)
        self._values: dict[str, str] = {}
        self._lock = asyncio.Lock()
        self._changed: dict[str, asyncio.Event] = defaultdict(asyncio.Event)

    def _notify(self, job_id: str) -> None:
        if (changed := self._changed.pop(job_id, None)) is not None:
            changed.set()

    async def create(self, record: JobRecord, event: JobEvent | None = None) -> bool:
        async with self._lock:
            if record.job_id in self._records:
                return False
            self._records[record.job_id] = record.model_dump_json()
            self._revisions[record.job_id] = record.revision
            if event:
                self._events[record.job_id].append(event.model_dump_json())
            self._notify(record.job_id)
            return True

    async def get(self, job_id: str) -> JobRecord:
        try:
            return JobRecord.model_validate_json(self._records[job_id], context=STORED)
        except KeyError:
            raise JobNotFoundError(job_id) from None

    async def update(self, job_id: str, mutate: Mutation, *, known: JobRecord | None = None) -> JobRecord:
        async with self._lock:
            # `known` is the caller's to change; when nobody wrote since, it saves parsing the record.
            record = known if known is not None and known.revision == self._revisions.get(job_id) else None
            if record is None:
                record = await self.get(job_id)
            events = mutate(record) or []
            record.updated_at = utcnow()
            record.revision += 1
            self._records[job_id] = record.model_dump_json()
            self._revisions[job_id] = record.revision
            self._events[job_id].extend(event.model_dump_json() for event in events)
            self._notify(job_id)
            return record

    async def revision(self, job_id: str) -> int:
        try:
            return self._revisions[job_id]
        except KeyError:
            raise JobNotFoundError(job_id) from None

    async def events(self, job_id: str, start: int = 0) -> list[JobEvent]:
        return [JobEvent.model_validate_json(raw) for raw in self._events.get(job_id, [])[start:]]

    async def list_jobs(self, owner: str | None, limit: int = 50) -> list[JobRecord]:
        records = [JobRecord.model_validate_json(raw, context=STORED) for raw in self._records.values()]
        mine = [record for record in records if owner is None or record.owner == owner]
        return sorted(mine, key=lambda record: record.created_at, reverse=True)[:limit]

    async def wait_for_events(self, job_id: str, seen: int, timeout: float) -> None:
        if len(self._events.get(job_id, [])) > seen:
            return
        event = self._changed[job_id]
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), timeout)

    async def set_if_absent(self, key: str, value: str, ttl: int | None = None) -> bool:
        if key in self._values:
            return False
        self._values[key] = value
        return True

    async def get_value(self, key: str) -> str | None:
        return self._values.get(key)

    async def delete_value(self, key: str) -> None:
        self._values.pop(key, None)


# Every write carries a token stored beside the record (`wid`). The client may send a script again
# after a dropped connection although the first one ran; the token lets the repeat answer "done"
# instead of a conflict, so one change is never applied twice.

# Lifetimes: a live job's keys have no TTL and a finished job's keys expire `ttl` seconds after its
# last write. Redis runs with a `volatile-*` maxmemory policy, which evicts only keys with a TTL:
# under memory pressure it drops the oldest finished jobs, never a live job or an API key.

# KEYS: record hash, events list, notify channel, owner index.
# ARGV: write token, record JSON, owner-index ttl, created timestamp, job id, event JSON...
_CREATE = """
if redis.call('EXISTS', KEYS[1]) == 1 then
  if redis.call('HGET', KEYS[1], 'wid') == ARGV[1] then return 1 end
  return 0
end
redis.call('HSET', KEYS[1], 'rev', 1, 'json', ARGV[2], 'wid', ARGV[1])
if #ARGV > 5 then
  redis.call('RPUSH', KEYS[2], unpack(ARGV, 6))
end
redis.call('ZADD', KEYS[4], ARGV[4], ARGV[5])
redis.call('EXPIRE', KEYS[4], ARGV[3])
redis.call('PUBLISH', KEYS[3], '1')
return 1
"""

CREATE_SCRIPT = _CREATE
"""Creates a job (1; 0 when the id is taken): compose it after checks of your own, called with
`RedisJobStore.create_script_call`'s KEYS and ARGV."""

# KEYS: record hash, events list, notify channel.
# ARGV: expected revision, write token, record JSON, ttl (0: the job is live, no TTL), event JSON...
# Returns 1 when written (now or by an earlier send of the same write), 0 on a revision conflict,
# -1 when the job does not exist.
_UPDATE = """
local rev = redis.call('HGET', KEYS[1], 'rev')
if not rev then return -1 end
if tonumber(rev) ~= tonumber(ARGV[1]) then
  if tonumber(rev) == tonumber(ARGV[1]) + 1 and redis.call('HGET', KEYS[1], 'wid') == ARGV[2] then return 1 end
  return 0
end
redis.call('HSET', KEYS[1], 'rev', tonumber(rev) + 1, 'json', ARGV[3], 'wid', ARGV[2])
if #ARGV > 4 then
  redis.call('RPUSH', KEYS[2], unpack(ARGV, 5))
  redis.call('PUBLISH', KEYS[3], '1')
end
if tonumber(ARGV[4]) > 0 then
  redis.call('EXPIRE', KEYS[1], ARGV[4])
  redis.call('EXPIRE', KEYS[2], ARGV[4])
else
  redis.call('PERSIST', KEYS[1])
  redis.call('PERSIST', KEYS[2])
end
return 1
"""


@dataclass(frozen=True)
class RedisBackend:
    """A Redis-backed job store's connection and key names (`JobStore.redis_backend`)."""

    client: aioredis.Redis
    pipeline: AutoPipeline
    """Auto-pipelined commands and scripts on the store's connections: the one to share."""
    keys: RedisKeys
    create_call: Callable[[JobRecord, JobEvent | None], tuple[list[str], list[Any]]]
    """KEYS and ARGV of `CREATE_SCRIPT` for a record: `RedisJobStore.create_script_call`."""


class RedisJobStore(JobStore):
    """A job's record in a hash, its events in a list beside it (names: `RedisKeys`).

    Writes are compare-and-set on the revision in one Lua script, which also appends the events
    and notifies followers: one round trip per change. Owners' job ids live in a sorted set by
    creation time, for `GET /v1/jobs`. A live job's keys have no TTL; once it is final every write
    sets `ttl` on the record and its history, so they expire together `ttl` seconds after the last.
    """

    def __init__(
        self,
        client: aioredis.Redis,
        *,
        prefix: str = DEFAULT_PREFIX,
        ttl: int = 3 * 24 * 3600,
        pubsub_client: aioredis.Redis | None = None,
        max_subscriptions: int = 64,
    ) -> None:
        self.redis = client
        # Followers hold a subscription for seconds each: on a pool of their own, so a crowd of
        # SSE streams and webhook watchers never takes the connections requests need.
        self._pubsub_redis = pubsub_client if pubsub_client is not None else client
        # ...and at most this many at once (one connection each); the rest poll.
        self.max_subscriptions = max_subscriptions
        self._subscriptions = 0
        self.prefix = prefix
        self.keys = RedisKeys(prefix)
        # Bound once: key names are built on every read and write.
        self._key, self._events_key, self._channel = self.keys.job, self.keys.job_events, self.keys.job_notify
        self._owner_key = self.keys.owner_jobs
        self.ttl = ttl
        # The per-stage reads and writes of many jobs in hand share round trips.
        self.pipeline = AutoPipeline(client)
        self._create_script = self.pipeline.script(_CREATE)
        self._update_script = self.pipeline.script(_UPDATE)
        self._backend = RedisBackend(client, self.pipeline, self.keys, self.create_script_call)

    @property
    def redis_backend(self) -> RedisBackend:
        return self._backend

    @classmethod
    def from_url(cls, url: str, *, max_connections: int = 64, **kwargs: Any) -> RedisJobStore:
        """A store whose two pools (requests, followers) hold at most `max_connections` each."""
        # A blocking pool: bursts wait for a free connection instead of failing.
        pool = aioredis.BlockingConnectionPool.from_url(
            url,
            max_connections=max_connections,
            timeout=10,
            decode_responses=True,
            socket_timeout=5,
            socket_connect_timeout=3,
            health_check_interval=15,
            retry_on_timeout=True,
        )
        client = aioredis.Redis(connection_pool=pool)
        pubsub_pool = aioredis.ConnectionPool.from_url(
            url,
            max_connections=max_connections,  # never reached: max_subscriptions says who polls instead
            decode_responses=True,
            socket_connect_timeout=3,
            health_check_interval=15,
        )
        for made in (pool, pubsub_pool):  # TCP, TLS or Unix socket as the URL says, packed by hiredis
            made.connection_class = with_hiredis_packing(made.connection_class)
        pubsub_client = aioredis.Redis(connection_pool=pubsub_pool)
        return cls(client, pubsub_client=pubsub_client, max_subscriptions=max_connections, **kwargs)

    async def _guard(self, coro: Any) -> Any:
        try:
            return await coro
        except (RedisConnectionError, RedisTimeoutError, OSError) as error:
            raise TransientError(f"job state store unreachable: {error}") from error

    async def create(self, record: JobRecord, event: JobEvent | None = None) -> bool:
        keys, args = self.create_script_call(record, event)
        created = await self._guard(self.pipeline.evalsha(self._create_script, keys=keys, args=args))
        return bool(created)

    def create_script_call(self, record: JobRecord, event: JobEvent | None = None) -> tuple[list[str], list[Any]]:
        """KEYS and ARGV of `CREATE_SCRIPT` for `record` (its revision set to 1).

        For a script that runs its own checks and then creates the job in the same round trip (the
        API's submit: rate limit, idempotency claim, record), so the record's layout has one home.
        """
        record.revision = 1
        keys = [
            self._key(record.job_id),
            self._events_key(record.job_id),
            self._channel(record.job_id),
            self._owner_key(record.owner),
        ]
        args: list[Any] = [secrets.token_hex(16), record.model_dump_json(), self.ttl, record.created_at.timestamp()]
        return keys, [*args, record.job_id, *([event.model_dump_json()] if event else [])]

    async def get(self, job_id: str) -> JobRecord:
        raw = await self._guard(self.pipeline.execute("HGET", self._key(job_id), "json"))
        if raw is None:
            raise JobNotFoundError(job_id)
        return JobRecord.model_validate_json(raw, context=STORED)

    async def revision(self, job_id: str) -> int:
        # The `rev` field only: a few bytes, no record to parse (the API's poll path reads this).
        raw = await self._guard(self.pipeline.execute("HGET", self._key(job_id), "rev"))
        if raw is None:
            raise JobNotFoundError(job_id)
        return int(raw)

    async def update(self, job_id: str, mutate: Mutation, *, known: JobRecord | None = None) -> JobRecord:
        """Apply `mutate` and write it only if nobody wrote since the version it was applied to.

        With `known` (a record this process read or wrote last; it is changed in place and must
        not be used afterwards), the common case is one round trip; a conflict re-reads and
        re-applies.
        """
        record = known if known is not None else await self.get(job_id)
        while True:
            expected = record.revision
            events = mutate(record) or []
            record.updated_at = utcnow()
            record.revision = expected + 1
            written = await self._guard(
                self.pipeline.evalsha(
                    self._update_script,
                    keys=[self._key(job_id), self._events_key(job_id), self._channel(job_id)],
                    args=[
                        expected,
                        secrets.token_hex(16),
                        record.model_dump_json(),
                        self.ttl if record.status.terminal else 0,
                        *(event.model_dump_json() for event in events),
                    ],
                )
            )
            if written == -1:
                raise JobNotFoundError(job_id)
            if written:
                return record
            record = await self.get(job_id)  # someone wrote in between: re-read and re-apply

    async def events(self, job_id: str, start: int = 0) -> list[JobEvent]:
        raws = await self._guard(self.redis.lrange(self._events_key(job_id), start, -1))
        return [JobEvent.model_validate_json(raw) for raw in raws]

    async def list_jobs(self, owner: str | None, limit: int = 50) -> list[JobRecord]:
        ids = await self._guard(self.redis.zrevrange(self._owner_key(owner), 0, limit - 1))
        if not ids:
            return []
        async with self.redis.pipeline(transaction=False) as pipe:
            for job_id in ids:
                pipe.hget(self._key(job_id), "json")
            raws = await self._guard(pipe.execute())
        return [JobRecord.model_validate_json(raw, context=STORED) for raw in raws if raw]

    async def wait_for_events(self, job_id: str, seen: int, timeout: float) -> None:
        if self._subscriptions >= self.max_subscriptions:
            # Every follower connection is taken: this follower polls (its caller re-reads after a
            # short sleep) rather than opening one more connection to Redis.
            await asyncio.sleep(min(timeout, self.POLL_SECONDS))
            return
        self._subscriptions += 1
        try:
            await self._wait_subscribed(job_id, seen, timeout)
        finally:
            self._subscriptions -= 1

    POLL_SECONDS = 1.0

    async def _wait_subscribed(self, job_id: str, seen: int, timeout: float) -> None:
        pubsub = self._pubsub_redis.pubsub()
        try:
            await pubsub.subscribe(self._channel(job_id))
            # Subscribed first, then checked, so an append between the two is never missed.
            if await self.redis.llen(self._events_key(job_id)) > seen:
                return
            deadline = asyncio.get_running_loop().time() + timeout
            while (remaining := deadline - asyncio.get_running_loop().time()) > 0:
                message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=remaining)
                if message is not None:
                    return
        except (RedisConnectionError, RedisTimeoutError, OSError) as error:
            # Followers (SSE, webhook watchers) keep going through TransientError, like every call.
            raise TransientError(f"job state store unreachable: {error}") from error
        finally:
            with contextlib.suppress(Exception):
                await pubsub.aclose()  # type: ignore[no-untyped-call]

    async def delete_all(self) -> int:
        """Delete every key under this store's prefix (tests, benchmarks, tearing down a prefix)."""
        keys = [key async for key in self.redis.scan_iter(match=self.keys.everything, count=1000)]
        for start in range(0, len(keys), 500):
            await self.redis.unlink(*keys[start : start + 500])
        return len(keys)

    async def ping(self) -> None:
        await self._guard(self.redis.ping())

    async def close(self) -> None:
        await self.pipeline.close()
        if self._pubsub_redis is not self.redis:
            with contextlib.suppress(Exception):
                await self._pubsub_redis.aclose(close_connection_pool=True)
        await self.redis.aclose()

    async def set_if_absent(self, key: str, value: str, ttl: int | None = None) -> bool:
        return bool(await self._guard(self.redis.set(self.keys.value(key), value, nx=True, ex=ttl)))

    async def get_value(self, key: str) -> str | None:
        value = await self._guard(self.pipeline.execute("GET", self.keys.value(key)))
        return None if value is None else str(value)

    async def delete_value(self, key: str) -> None:
        await self._guard(self.redis.delete(self.keys.value(key)))


def job_store_from_url(
    url: str, *, prefix: str = DEFAULT_PREFIX, ttl: int = 3 * 24 * 3600, max_connections: int = 64
) -> JobStore:
    if url.startswith("memory://"):
        return MemoryJobStore()
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisJobStore.from_url(url, prefix=prefix, ttl=ttl, max_connections=max_connections)
    raise ValueError(f"unsupported state URL {url!r}: use redis://host:6379/0 or memory://")
