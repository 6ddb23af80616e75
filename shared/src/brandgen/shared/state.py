"""Job state: the record plus an append-only event history, on Redis or in memory.

Every change goes through `update(job_id, mutate)`, which applies `mutate` to the current record
atomically (Redis WATCH/MULTI; a lock in memory) and appends the events it returns in the same
transaction. Terminal statuses are final: `transition` refuses to leave them.
"""

from __future__ import annotations

import asyncio
import contextlib
from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import AsyncIterator, Callable
from typing import Any

import redis.asyncio as aioredis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.exceptions import WatchError

from brandgen.shared.errors import TransientError
from brandgen.shared.models import JobEvent, JobRecord, JobStatus, utcnow

Mutation = Callable[[JobRecord], list[JobEvent] | None]
"""Changes the record in place and returns the events to append; raising aborts the update."""


class JobNotFoundError(KeyError):
    pass


class InvalidTransitionError(Exception):
    """The job is already in a final status and cannot move."""

    def __init__(self, job_id: str, current: JobStatus, wanted: JobStatus) -> None:
        super().__init__(f"job {job_id} is {current.value}; it cannot become {wanted.value}")
        self.current = current


def transition(record: JobRecord, status: JobStatus) -> None:
    if record.status.terminal and record.status != status:
        raise InvalidTransitionError(record.job_id, record.status, status)
    record.status = status


class JobStore(ABC):
    @abstractmethod
    async def create(self, record: JobRecord, event: JobEvent | None = None) -> bool:
        """Store a new job; False when the id exists already."""

    @abstractmethod
    async def get(self, job_id: str) -> JobRecord: ...

    @abstractmethod
    async def update(self, job_id: str, mutate: Mutation) -> JobRecord: ...

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
        self._events: dict[str, list[str]] = defaultdict(list)
        self._values: dict[str, str] = {}
        self._lock = asyncio.Lock()
        self._changed: dict[str, asyncio.Event] = defaultdict(asyncio.Event)

    def _notify(self, job_id: str) -> None:
        self._changed.pop(job_id, asyncio.Event()).set()

    async def create(self, record: JobRecord, event: JobEvent | None = None) -> bool:
        async with self._lock:
            if record.job_id in self._records:
                return False
            self._records[record.job_id] = record.model_dump_json()
            if event:
                self._events[record.job_id].append(event.model_dump_json())
            self._notify(record.job_id)
            return True

    async def get(self, job_id: str) -> JobRecord:
        try:
            return JobRecord.model_validate_json(self._records[job_id])
        except KeyError:
            raise JobNotFoundError(job_id) from None

    async def update(self, job_id: str, mutate: Mutation) -> JobRecord:
        async with self._lock:
            record = await self.get(job_id)
            events = mutate(record) or []
            record.updated_at = utcnow()
            self._records[job_id] = record.model_dump_json()
            self._events[job_id].extend(event.model_dump_json() for event in events)
            self._notify(job_id)
            return record

    async def events(self, job_id: str, start: int = 0) -> list[JobEvent]:
        return [JobEvent.model_validate_json(raw) for raw in self._events.get(job_id, [])[start:]]

    async def list_jobs(self, owner: str | None, limit: int = 50) -> list[JobRecord]:
        records = [JobRecord.model_validate_json(raw) for raw in self._records.values()]
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


class RedisJobStore(JobStore):
    """Record at `<prefix>:job:<id>` (JSON), events at `<prefix>:job:<id>:events` (list).

    Owners' job ids live in a sorted set by creation time, for `GET /v1/jobs`. Every write
    refreshes the TTL so a finished job and its history expire together.
    """

    def __init__(self, client: aioredis.Redis, *, prefix: str = "brandgen", ttl: int = 7 * 24 * 3600) -> None:
        self.redis = client
        self.prefix = prefix
        self.ttl = ttl

    @classmethod
    def from_url(cls, url: str, **kwargs: Any) -> RedisJobStore:
        client = aioredis.from_url(
            url,
            decode_responses=True,
            socket_timeout=5,
            socket_connect_timeout=3,
            health_check_interval=15,
            retry_on_timeout=True,
        )
        return cls(client, **kwargs)

    def _key(self, job_id: str) -> str:
        return f"{self.prefix}:job:{job_id}"

    def _events_key(self, job_id: str) -> str:
        return f"{self.prefix}:job:{job_id}:events"

    def _channel(self, job_id: str) -> str:
        return f"{self.prefix}:job:{job_id}:notify"

    def _owner_key(self, owner: str | None) -> str:
        return f"{self.prefix}:owner:{owner or '-'}:jobs"

    async def _guard(self, coro: Any) -> Any:
        try:
            return await coro
        except (RedisConnectionError, RedisTimeoutError, OSError) as error:
            raise TransientError(f"job state store unreachable: {error}") from error

    async def create(self, record: JobRecord, event: JobEvent | None = None) -> bool:
        async def run() -> bool:
            async with self.redis.pipeline(transaction=True) as pipe:
                created = await self.redis.set(self._key(record.job_id), record.model_dump_json(), nx=True, ex=self.ttl)
                if not created:
                    return False
                if event:
                    pipe.rpush(self._events_key(record.job_id), event.model_dump_json())
                    pipe.expire(self._events_key(record.job_id), self.ttl)
                pipe.zadd(self._owner_key(record.owner), {record.job_id: record.created_at.timestamp()})
                pipe.expire(self._owner_key(record.owner), self.ttl)
                pipe.publish(self._channel(record.job_id), "1")
                await pipe.execute()
                return True

        return bool(await self._guard(run()))

    async def get(self, job_id: str) -> JobRecord:
        raw = await self._guard(self.redis.get(self._key(job_id)))
        if raw is None:
            raise JobNotFoundError(job_id)
        return JobRecord.model_validate_json(raw)

    async def update(self, job_id: str, mutate: Mutation) -> JobRecord:
        key = self._key(job_id)

        async def run() -> JobRecord:
            async with self.redis.pipeline(transaction=True) as pipe:
                while True:
                    try:
                        await pipe.watch(key)
                        raw = await pipe.get(key)
                        if raw is None:
                            raise JobNotFoundError(job_id)
                        record = JobRecord.model_validate_json(raw)
                        events = mutate(record) or []
                        record.updated_at = utcnow()
                        pipe.multi()  # type: ignore[no-untyped-call]
                        pipe.set(key, record.model_dump_json(), ex=self.ttl)
                        if events:
                            pipe.rpush(self._events_key(job_id), *(event.model_dump_json() for event in events))
                            pipe.expire(self._events_key(job_id), self.ttl)
                            pipe.publish(self._channel(job_id), "1")
                        await pipe.execute()
                        return record
                    except WatchError:
                        continue  # someone wrote in between: re-read and re-apply

        result: JobRecord = await self._guard(run())
        return result

    async def events(self, job_id: str, start: int = 0) -> list[JobEvent]:
        raws = await self._guard(self.redis.lrange(self._events_key(job_id), start, -1))
        return [JobEvent.model_validate_json(raw) for raw in raws]

    async def list_jobs(self, owner: str | None, limit: int = 50) -> list[JobRecord]:
        ids = await self._guard(self.redis.zrevrange(self._owner_key(owner), 0, limit - 1))
        if not ids:
            return []
        raws = await self._guard(self.redis.mget([self._key(job_id) for job_id in ids]))
        return [JobRecord.model_validate_json(raw) for raw in raws if raw]

    async def wait_for_events(self, job_id: str, seen: int, timeout: float) -> None:
        pubsub = self.redis.pubsub()
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
        finally:
            await pubsub.aclose()  # type: ignore[no-untyped-call]

    async def ping(self) -> None:
        await self._guard(self.redis.ping())

    async def close(self) -> None:
        await self.redis.aclose()

    async def set_if_absent(self, key: str, value: str, ttl: int | None = None) -> bool:
        return bool(await self._guard(self.redis.set(f"{self.prefix}:{key}", value, nx=True, ex=ttl)))

    async def get_value(self, key: str) -> str | None:
        value = await self._guard(self.redis.get(f"{self.prefix}:{key}"))
        return None if value is None else str(value)

    async def delete_value(self, key: str) -> None:
        await self._guard(self.redis.delete(f"{self.prefix}:{key}"))


def job_store_from_url(url: str, *, prefix: str = "brandgen", ttl: int = 7 * 24 * 3600) -> JobStore:
    if url.startswith("memory://"):
        return MemoryJobStore()
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisJobStore.from_url(url, prefix=prefix, ttl=ttl)
    raise ValueError(f"unsupported state URL {url!r}: use redis://host:6379/0 or memory://")
