"""kill -9 of each worker type while it holds a job: the job completes once the worker is back."""

from __future__ import annotations

import signal

import pytest

from brandgen.shared.broker import AmqpBroker
from brandgen.shared.testkit import eventually
from tests.fleet import STAGES, Fleet
from tests.fleet_client import ApiClient, assert_exactly_once, job_events

pytestmark = [pytest.mark.rabbitmq, pytest.mark.redis, pytest.mark.slow]


async def until_delivered(broker: AmqpBroker, stage: str, timeout: float = 10) -> None:
    """Wait until the stage's queue has handed every message to a consumer (none left ready)."""
    await eventually(
        lambda: broker.stats(stage), lambda stats: stats.ready == 0, timeout=timeout, what=f"{stage} queue"
    )


@pytest.mark.parametrize("stage", ["logo", "pdf"])
async def test_kill_9_while_the_stage_runs(fleet: Fleet, api: ApiClient, stage: str) -> None:
    """Killed inside the stage function (its files half written): the stage runs again, the job succeeds."""
    job_id = await api.submit(f"Killed in {stage}")
    await api.wait_for(job_id, lambda view: view["stages"].get(stage, {}).get("status") == "running")
    assert fleet.kill(stage) == -signal.SIGKILL
    fleet.restart(stage)

    view = await api.wait(job_id)
    assert view["status"] == "succeeded", view["error"]
    assert view["stages"][stage]["attempts"] == 2  # the killed run and the one that finished
    assert_exactly_once(await job_events(fleet.state_url, fleet.prefix, job_id), STAGES)


@pytest.mark.parametrize("stage", ["palette", "rationale"])
async def test_kill_9_while_the_message_is_in_hand(
    fleet: Fleet, api: ApiClient, broker: AmqpBroker, stage: str
) -> None:
    """These stages run in milliseconds, so the worker is frozen (SIGSTOP) first: the broker delivers the
    job's message to it, unacked, and kill -9 then drops it exactly as a crash mid-job would."""
    fleet.kill(stage, signal.SIGSTOP)
    job_id = await api.submit(f"Killed in {stage}")
    await api.wait_for(job_id, lambda view: view["stage"] == stage)
    await until_delivered(broker, stage)
    assert fleet.kill(stage) == -signal.SIGKILL
    fleet.restart(stage)

    view = await api.wait(job_id)
    assert view["status"] == "succeeded", view["error"]
    assert_exactly_once(await job_events(fleet.state_url, fleet.prefix, job_id), STAGES)
