"""Per-key rate limit: a fixed one-minute window counted in Redis (or memory), atomic by Lua."""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from dataclasses import dataclass

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from brandgen.api.errors import ApiError
from brandgen.shared.errors import TransientError
from brandgen.shared.state import JobStore, RedisBackend

WINDOW_SECONDS = 60

# INCR then, on the window's first hit, EXPIRE: in one script so a crash between them can never
# leave a counter without expiry (which would block the key for good).
_HIT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('TTL', KEYS[1])
if ttl < 0 then redis.call('EXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}
"""


@dataclass
class Verdict:
    allowed: bool
    limit: int
    remaining: int
    retry_after: int

    @classmethod
    def of(cls, count: int, limit: int, ttl: int) -> Verdict:
        """The verdict on the `count`th request of a window with `ttl` seconds left."""
        return cls(count <= limit, limit, max(0, limit - count), max(1, int(ttl)))

    def headers(self) -> dict[str, str]:
        return {"X-RateLimit-Limit": str(self.limit), "X-RateLimit-Remaining": str(self.remaining)}

    def refusal(self) -> ApiError:
        """The 429 of a request over the limit."""
        return ApiError(
            429,
            "rate_limited",
            f"rate limit of {self.limit} requests per minute reached; retry after {self.retry_after} s",
            headers={"Retry-After": str(self.retry_after), **self.headers()},
        )


class RateLimiter(ABC):
    @abstractmethod
    async def hit(self, caller: str, limit: int) -> Verdict: ...


class RedisRateLimiter(RateLimiter):
    def __init__(self, backend: RedisBackend) -> None:
        self.backend = backend
        self.pipeline = backend.pipeline  # shares the job store's auto-pipelined connection
        self._scripts: dict[str, str] = {}
        self.script = self.registered(_HIT)

    def registered(self, body: str) -> str:
        """The sha to run a script by (`pipeline.script`), hashed once: polls and submits run theirs every time."""
        sha = self._scripts.get(body)
        if sha is None:
            sha = self._scripts[body] = self.pipeline.script(body)
        return sha

    async def hit(self, caller: str, limit: int) -> Verdict:
        try:
            count, ttl = await self.pipeline.evalsha(self.script, [self.key(caller)], [WINDOW_SECONDS])
        except (RedisConnectionError, RedisTimeoutError, OSError) as error:
            raise TransientError(f"rate limiter unreachable: {error}") from error
        return Verdict.of(count, limit, ttl)

    def key(self, caller: str) -> str:
        """The caller's window counter (a script that counts requests itself increments this)."""
        return self.backend.keys.rate_limit(caller)


# The rate limiter's count (as _HIT), then the `rev` field of a job's record hash: a poll's Redis
# work in one round trip. KEYS: counter, record hash. ARGV: window seconds.
_HIT_AND_REVISION = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('TTL', KEYS[1])
if ttl < 0 then redis.call('EXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl, redis.call('HGET', KEYS[2], 'rev') or false}  -- false: nil would end the table
"""


async def hit_and_revision(
    limiter: RedisRateLimiter, caller: str, limit: int, job_id: str
) -> tuple[Verdict, int | None]:
    """Count a request and read a job's revision (None: no such job) in one round trip."""
    script = limiter.registered(_HIT_AND_REVISION)
    try:
        count, ttl, revision = await limiter.pipeline.evalsha(
            script, [limiter.key(caller), limiter.backend.keys.job(job_id)], [WINDOW_SECONDS]
        )
    except (RedisConnectionError, RedisTimeoutError, OSError) as error:
        raise TransientError(f"rate limiter unreachable: {error}") from error
    return Verdict.of(count, limit, ttl), None if revision is None else int(revision)


class MemoryRateLimiter(RateLimiter):
    MAX_CALLERS = 10_000

    def __init__(self) -> None:
        self._windows: dict[str, tuple[float, int]] = {}
        self._sweep_at = self.MAX_CALLERS

    async def hit(self, caller: str, limit: int) -> Verdict:
        now = time.monotonic()
        if len(self._windows) >= self._sweep_at:
            # Windows that ended are forgotten; the next sweep waits for the map to double, so
            # sweeping stays O(1) a hit however many callers are active.
            self._windows = {key: window for key, window in self._windows.items() if window[0] > now}
            self._sweep_at = max(self.MAX_CALLERS, 2 * len(self._windows))
        ends, count = self._windows.get(caller, (0.0, 0))
        if ends <= now:
            ends, count = now + WINDOW_SECONDS, 0
        count += 1
        self._windows[caller] = (ends, count)
        return Verdict(count <= limit, limit, max(0, limit - count), max(1, round(ends - now)))


def rate_limiter(store: JobStore) -> RateLimiter:
    """Counted beside the store's jobs: on its Redis, else in this process."""
    backend = store.redis_backend
    return MemoryRateLimiter() if backend is None else RedisRateLimiter(backend)
