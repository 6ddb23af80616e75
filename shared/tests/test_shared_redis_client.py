"""The Redis client speed-ups against the real Redis: auto-pipelining (batching, per-caller replies and
errors, script reloads) over the hiredis-packing connection."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
import redis.asyncio as aioredis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError

from brandgen.shared.redis_client import AutoPipeline, with_hiredis_packing


@pytest.fixture
async def client(redis_url: str, prefix: str) -> AsyncIterator[aioredis.Redis]:
    redis = aioredis.Redis.from_url(redis_url, decode_responses=True)
    redis.connection_pool.connection_class = with_hiredis_packing(redis.connection_pool.connection_class)
    yield redis
    keys = [key async for key in redis.scan_iter(match=f"{prefix}:*")]
    if keys:
        await redis.delete(*keys)
    await redis.aclose()


async def test_commands_of_one_turn_share_one_write_on_one_connection_and_each_caller_gets_its_reply(
    redis_url: str, prefix: str, client: aioredis.Redis
) -> None:
    named = aioredis.Redis.from_url(redis_url, decode_responses=True, client_name=prefix)
    pipeline = AutoPipeline(named)
    assert await pipeline.execute("PING") is True, "replies go through redis-py's response callbacks"
    assert pipeline._connection is not None
    writes = 0
    send = pipeline._connection.send_packed_command

    async def counting_send(*args: Any, **kwargs: Any) -> None:
        nonlocal writes
        writes += 1
        await send(*args, **kwargs)

    pipeline._connection.send_packed_command = counting_send  # type: ignore[method-assign]
    await asyncio.gather(*(pipeline.execute("SET", f"{prefix}:k{index}", index) for index in range(40)))
    values = await asyncio.gather(*(pipeline.execute("GET", f"{prefix}:k{index}") for index in range(40)))

    assert values == [str(index) for index in range(40)]
    assert writes == 2, "forty commands issued together should go out in one write"
    connections = [entry for entry in await client.client_list() if entry["name"] == prefix]
    assert len(connections) == 1, "everything travels over one connection"
    await pipeline.close()
    await named.aclose()


async def test_an_error_reaches_only_the_command_that_caused_it(client: aioredis.Redis, prefix: str) -> None:
    pipeline = AutoPipeline(client)
    await client.set(f"{prefix}:text", "not a list")
    # Named before unpacking: mypy cannot infer the three names from gather(return_exceptions=True).
    outcomes = await asyncio.gather(
        pipeline.execute("SET", f"{prefix}:a", "1"),
        pipeline.execute("LPUSH", f"{prefix}:text", "x"),
        pipeline.execute("GET", f"{prefix}:a"),
        return_exceptions=True,
    )
    good, bad, also_good = outcomes
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


@pytest.mark.slow
async def test_a_broken_connection_fails_every_caller_of_the_batch() -> None:
    unreachable = aioredis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=1)
    pipeline = AutoPipeline(unreachable)
    results = await asyncio.gather(pipeline.execute("GET", "a"), pipeline.execute("GET", "b"), return_exceptions=True)
    assert all(isinstance(result, RedisConnectionError) for result in results), results
    await unreachable.aclose()


async def test_after_the_connection_is_killed_callers_hear_it_and_the_next_command_reconnects(
    client: aioredis.Redis,
) -> None:
    pipeline = AutoPipeline(client)
    connection_id = await pipeline.execute("CLIENT", "ID")
    await aioredis.Redis(connection_pool=client.connection_pool).client_kill_filter(_id=connection_id)
    in_flight = await asyncio.gather(*(pipeline.execute("PING") for _ in range(3)), return_exceptions=True)
    assert all(isinstance(result, RedisConnectionError) for result in in_flight), in_flight
    assert await pipeline.execute("PING") is True
    assert await pipeline.execute("CLIENT", "ID") != connection_id, "a fresh connection"
    await pipeline.close()


async def test_a_redis_that_stops_answering_fails_the_callers_with_a_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    async def accept_and_say_nothing(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(-1)

    server = await asyncio.start_server(accept_and_say_nothing, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    silent = aioredis.Redis(host="127.0.0.1", port=port, socket_timeout=0.3)
    pipeline = AutoPipeline(silent)
    monkeypatch.setattr(pipeline, "WATCHDOG_INTERVAL", 0.05)
    started = asyncio.get_running_loop().time()
    results = await asyncio.gather(pipeline.execute("GET", "a"), pipeline.execute("GET", "b"), return_exceptions=True)
    waited = asyncio.get_running_loop().time() - started
    assert all(isinstance(result, RedisTimeoutError) for result in results), results
    assert waited < 2, f"the callers waited {waited:.1f} s for a 0.3 s reply timeout"
    await pipeline.close()
    await silent.aclose()
    server.close()


def test_hiredis_packing_keeps_the_connection_class_the_url_asks_for() -> None:
    from redis.asyncio.connection import SSLConnection, UnixDomainSocketConnection

    from brandgen.shared.state import RedisJobStore

    for url, kind in (
        ("rediss://127.0.0.1:6380/0", SSLConnection),
        ("unix:///run/redis.sock", UnixDomainSocketConnection),
    ):
        connection_class = RedisJobStore.from_url(url).redis.connection_pool.connection_class
        assert issubclass(connection_class, kind), f"{url} must still connect over {kind.__name__}"
        assert connection_class().pack_command("GET", "k") == [b"*2\r\n$3\r\nGET\r\n$1\r\nk\r\n"]


def test_one_pipeline_serves_one_event_loop_after_another(redis_url: str, prefix: str) -> None:
    """A CLI command or a test may run the same store under several asyncio.run calls."""
    client = aioredis.Redis.from_url(redis_url, decode_responses=True)
    pipeline = AutoPipeline(client)
    assert asyncio.run(pipeline.execute("SET", f"{prefix}:loop", "first")) is True
    assert asyncio.run(pipeline.execute("GET", f"{prefix}:loop")) == "first", "a second loop gets its own connection"
    asyncio.run(pipeline.execute("DEL", f"{prefix}:loop"))
