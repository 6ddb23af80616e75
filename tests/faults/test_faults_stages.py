"""A stage that always fails, and SIGTERM to every service during load."""

from __future__ import annotations

import asyncio
import json
import signal
import sys
from pathlib import Path

import pytest

from brandgen.shared.broker import AmqpBroker
from tests.fleet import STAGES, Fleet
from tests.fleet_client import ApiClient, assert_exactly_once, job_events

pytestmark = [pytest.mark.rabbitmq, pytest.mark.redis, pytest.mark.slow]

BROKEN_WORKER = Path(__file__).with_name("broken_worker.py")


async def test_a_stage_that_always_fails(fleet: Fleet, api: ApiClient, broker: AmqpBroker) -> None:
    """A broken rationale deployment: the job fails with the reason, its message is dead-lettered."""
    assert fleet.kill("rationale", signal.SIGTERM) == 0
    broken = fleet.spawn(
        "rationale-broken", [sys.executable, str(BROKEN_WORKER), "rationale"], "worker rationale consuming"
    )
    try:
        job_id = await api.submit("Always Fails")
        view = await api.wait(job_id)
    finally:
        broken.signal(signal.SIGTERM)
        assert broken.wait(30) == 0
        del fleet.services["rationale-broken"]
    assert view["status"] == "failed"
    assert view["error"]["stage"] == "rationale"
    assert view["error"]["code"] == "stage_failed"
    assert "internal error" in view["error"]["message"]
    assert "model file corrupt" not in view["error"]["message"], "the exception's words go to the log only"
    assert view["stages"]["rationale"]["status"] == "failed"
    dead = [json.loads(body) for body in await broker.dead_letters("rationale")]
    assert [message["job_id"] for message in dead].count(job_id) == 1
    events = await job_events(fleet.state_url, fleet.prefix, job_id)
    assert_exactly_once(events, STAGES, outcome="job_failed")
    assert any(event.kind == "assets_removed" for event in events)  # the logo's files went with it


async def test_sigterm_to_every_service_during_load_drains_cleanly(fleet: Fleet, api: ApiClient) -> None:
    job_ids = [await api.submit(f"Drain {index}") for index in range(6)]
    await api.wait_for(job_ids[1], lambda view: view["status"] == "running")

    for service in fleet.services.values():
        service.signal(signal.SIGTERM)
    codes = {name: service.wait(60) for name, service in fleet.services.items()}
    assert codes == dict.fromkeys(["api", *STAGES], 0), "every service drained and exited cleanly"

    for name in fleet.services:
        fleet.restart(name)
    views = await asyncio.gather(*(api.wait(job_id, timeout=120) for job_id in job_ids))
    for view in views:
        assert view["status"] == "succeeded", view["error"]
        # A clean drain finishes what it started: no stage of any job ran twice.
        assert {stage: view["stages"][stage]["attempts"] for stage in STAGES} == dict.fromkeys(STAGES, 1)
        assert_exactly_once(await job_events(fleet.state_url, fleet.prefix, view["job_id"]), STAGES)
