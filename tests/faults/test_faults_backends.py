"""Backends going away under load: RabbitMQ, Redis, S3 and the graph server. No job lost or doubled."""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess

import pytest
import redis

from brandgen.shared.broker import AmqpBroker
from brandgen.shared.keys import RedisKeys
from tests.fleet import STAGES, Fleet
from tests.fleet_client import ApiClient, assert_exactly_once, job_events

pytestmark = [pytest.mark.rabbitmq, pytest.mark.redis, pytest.mark.slow]


async def submit_and_start(api: ApiClient, count: int, name: str) -> list[str]:
    """Submit `count` jobs and return once the first is running, the rest queued behind it."""
    job_ids = [await api.submit(f"{name} {index}") for index in range(count)]
    await api.wait_for(job_ids[0], lambda view: view["status"] == "running")
    return job_ids


async def all_succeed_once(fleet: Fleet, api: ApiClient, job_ids: list[str], timeout: float = 90) -> None:
    views = await asyncio.gather(*(api.wait(job_id, timeout=timeout) for job_id in job_ids))
    for view in views:
        assert view["status"] == "succeeded", view["error"]
        assert_exactly_once(await job_events(fleet.state_url, fleet.prefix, view["job_id"]), STAGES)


def rabbitmqctl(*args: str) -> None:
    subprocess.run(["rabbitmqctl", *args], check=True, capture_output=True, timeout=60)


async def test_rabbitmq_restarted_with_jobs_queued_and_running(fleet: Fleet, api: ApiClient) -> None:
    job_ids = await submit_and_start(api, 4, "Broker Restart")
    # stop_app/start_app drops every client connection and keeps the durable quorum queues; the node
    # itself (and other users' queues) stays.
    rabbitmqctl("stop_app")
    try:
        await asyncio.sleep(2)
    finally:
        rabbitmqctl("start_app")
    await all_succeed_once(fleet, api, job_ids)


async def test_redis_restarted_with_persistence(fleet: Fleet, api: ApiClient) -> None:
    assert fleet.state is not None  # the private append-only Redis, never the system one
    job_ids = await submit_and_start(api, 4, "Redis Restart")
    fleet.state.stop()
    await asyncio.sleep(2)
    fleet.state.start()  # same port and directory: the append-only file brings every job back
    await all_succeed_once(fleet, api, job_ids)


async def test_s3_unavailable_for_a_while(fleet: Fleet, api: ApiClient) -> None:
    fleet.s3.stop()
    try:
        job_ids = [await api.submit(f"S3 Outage {index}") for index in range(3)]
        await asyncio.sleep(4)
        for job_id in job_ids:
            view = await api.job(job_id)
            assert view is not None
            assert view["status"] != "succeeded"  # nothing can finish without its files
    finally:
        fleet.s3.start()  # moto's buckets live in this process: they survive the outage
    await all_succeed_once(fleet, api, job_ids)


def forget_cached_graph_answers(fleet: Fleet) -> None:
    """The palette's caches would answer without the graph: the worker's in-process LRU (earlier tests
    on the session's fleet may have asked the same question; a restart empties it) and the shared
    query cache in the fleet's private Redis."""
    assert fleet.kill("palette", signal.SIGTERM) == 0
    fleet.restart("palette")
    client = redis.Redis.from_url(fleet.state_url)
    for key in client.scan_iter(match=RedisKeys(fleet.prefix).palette_cache + "*"):
        client.unlink(key)
    client.close()


async def test_graph_down_briefly_palette_retries_then_succeeds(fleet: Fleet, api: ApiClient) -> None:
    forget_cached_graph_answers(fleet)
    fleet.graph.stop(save=True)
    try:
        job_id = await api.submit("Graph Blip", industry="law firm", style="luxury")
        await api.wait_for(job_id, lambda view: view["stages"].get("palette", {}).get("status") == "retrying")
    finally:
        fleet.graph.start()  # same port; the saved dataset loads with it
    view = await api.wait(job_id)
    assert view["status"] == "succeeded", view["error"]
    events = await job_events(fleet.state_url, fleet.prefix, job_id)
    assert any(event.kind == "stage_retry" and event.stage == "palette" for event in events)
    assert_exactly_once(events, STAGES)


async def test_graph_down_for_good_fails_the_job_readably(fleet: Fleet, api: ApiClient, broker: AmqpBroker) -> None:
    forget_cached_graph_answers(fleet)
    fleet.graph.stop(save=True)
    try:
        job_id = await api.submit("Graph Gone", industry="bakery", style="playful")
        view = await api.wait(job_id, timeout=60)
    finally:
        fleet.graph.start()
    assert view["status"] == "failed"
    assert view["error"]["stage"] == "palette"
    assert view["error"]["code"] == "retries_exhausted"
    assert "graph unreachable" in view["error"]["message"]
    assert view["stages"]["palette"]["attempts"] == 5
    assert view["result"] is None
    dead = [json.loads(body) for body in await broker.dead_letters("palette")]
    assert [message["job_id"] for message in dead].count(job_id) == 1
    assert_exactly_once(await job_events(fleet.state_url, fleet.prefix, job_id), STAGES, outcome="job_failed")
