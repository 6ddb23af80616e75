"""The Redis client speed-ups against the real Redis: auto-pipelining (batching, per-caller replies and
errors, script reloads) over the hiredis-packing connection."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
import redis.asyncio as aioredis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ResponseError

from brandgen.shared.redis_client import AutoPipeline, connection_class


@pytest.fixture
async def client(redis_url: str, prefix: str) -> AsyncIterator[aioredis.Redis]:
    redis = aioredis.Redis.from_url(redis_url, decode_responses=True, connection_class=connection_class())
    yield redis
    keys = [key async for key in redis.scan_iter(match=f"{prefix}:*")]
    if keys:
        await redis.delete(*keys)
    await redis.aclose()


async def test_commands_of_one_turn_go_out_as_one_pipeline_and_each_caller_gets_its_reply(
    client: aioredis.Redis, prefix: str
) -> None:
    pipeline = AutoPipeline(client)
    sent: list[int] = []
    real_send = pipeline._send

    async def counting_send(batch):  # type: ignore[no-untyped-def]
        sent.append(len(batch))
        await real_send(batch)

    pipeline._send = counting_send  # type: ignore[method-assign]
    await asyncio.gather(*(pipeline.execute("SET", f"{prefix}:k{index}", index) for index in range(40)))
    values = await asyncio.gather(*(pipeline.execute("GET", f"{prefix}:k{index}") for index in range(40)))

    assert values == [str(index) for index in range(40)]
    assert sent == [40, 40], "forty concurrent commands should take one round trip each way"


async def test_an_error_reaches_only_the_command_that_caused_it(client: aioredis.Redis, prefix: str) -> None:
    pipeline = AutoPipeline(client)
    await client.set(f"{prefix}:text", "not a list")
    good, bad, also_good = await asyncio.gather(
        pipeline.execute("SET", f"{prefix}:a", "1"),
        pipeline.execute("LPUSH", f"{prefix}:text", "x"),
        pipeline.execute("GET", f"{prefix}:a"),
        return_exceptions=True,
    )
    assert good is True
    assert isinstance(bad, ResponseError)
    assert "WRONGTYPE" in str(bad)
    assert also_good == "1"


async def test_a_script_is_loaded_again_after_redis_forgets_it(client: aioredis.Redis, prefix: str) -> None:
    pipeline = AutoPipeline(client)
    incr = pipeline.script("return redis.call('INCRBY', KEYS[1], ARGV[1])")
    assert await pipeline.evalsha(incr, [f"{prefix}:n"], [2]) == 2
    await client.script_flush()  # what a Redis restart does to the script cache
    assert await pipeline.evalsha(incr, [f"{prefix}:n"], [3]) == 5, "runs once after the reload, not twice"


async def test_a_broken_connection_fails_every_caller_of_the_batch() -> None:
    unreachable = aioredis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=1)
    pipeline = AutoPipeline(unreachable)
    results = await asyncio.gather(pipeline.execute("GET", "a"), pipeline.execute("GET", "b"), return_exceptions=True)
    assert all(isinstance(result, RedisConnectionError) for result in results), results
    await unreachable.aclose()
