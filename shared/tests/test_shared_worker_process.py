"""Real worker processes against real RabbitMQ and Redis: kill -9, SIGTERM and crash loops."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest

from brandgen.shared.jobs import submit_job, wait_for_job
from brandgen.shared.models import BrandRequest, JobStatus
from brandgen.shared.services import Services, build_services
from brandgen.shared.settings import BrandgenSettings
from brandgen.shared.testkit import eventually

SCRIPT = Path(__file__).with_name("worker_process.py")
REQUEST = BrandRequest(company_name="Acme", industry="technology", style="modern")


@pytest.fixture
def env(prefix: str, tmp_path: Path, amqp_url: str, redis_url: str) -> dict[str, str]:
    footprints = tmp_path / "footprints"
    footprints.mkdir()
    return {
        **os.environ,
        "BRANDGEN_BROKER_URL": amqp_url,
        "BRANDGEN_STATE_URL": redis_url,
        "BRANDGEN_STORAGE_URL": f"file://{tmp_path / 'assets'}",
        "BRANDGEN_QUEUE_PREFIX": prefix,
        "BRANDGEN_DELIVERY_LIMIT": "2",
        "BRANDGEN_PIPELINE": '["slow", "after"]',
        "FOOTPRINTS": str(footprints),
        "SLOW_SECONDS": "2",
    }


@pytest.fixture
async def services(env: dict[str, str], prefix: str, real_cleanup: None) -> AsyncIterator[Services]:
    settings = BrandgenSettings(
        broker_url=env["BRANDGEN_BROKER_URL"],
        state_url=env["BRANDGEN_STATE_URL"],
        storage_url=env["BRANDGEN_STORAGE_URL"],
        queue_prefix=prefix,
        delivery_limit=2,
        pipeline=["slow", "after"],
    )
    built = build_services(settings)
    yield built
    await built.close()


# Starts a worker process for the given stages (extra keyword arguments go into its environment).
Spawn = Callable[..., subprocess.Popen[bytes]]


@pytest.fixture
def spawn(env: dict[str, str]) -> Iterator[Spawn]:
    started: list[subprocess.Popen[bytes]] = []

    def start(*stages: str, **extra: str) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(
            [sys.executable, str(SCRIPT), *stages],
            env={**env, **extra},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait()


def lines(env: dict[str, str], name: str) -> list[str]:
    path = Path(env["FOOTPRINTS"]) / name
    return path.read_text().split() if path.exists() else []


async def test_kill_9_mid_stage_is_finished_exactly_once_after_restart(
    services: Services, spawn: Spawn, env: dict[str, str]
) -> None:
    first = spawn("slow", "after")
    record = await submit_job(services, REQUEST)
    await eventually(lambda: len(lines(env, "slow.start")) == 1, timeout=20, what="the slow stage started")
    first.send_signal(signal.SIGKILL)
    first.wait()
    assert lines(env, "slow.end") == [], "killed before the stage finished"

    spawn("slow", "after")
    final = await wait_for_job(services.store, record.job_id, 30)
    assert final.status == JobStatus.succeeded
    assert len(lines(env, "slow.start")) == 2, "the stage ran again after the kill"
    assert len(lines(env, "slow.end")) == 1
    assert len(lines(env, "after.ran")) == 1, "the next stage ran exactly once"
    assert final.stages["slow"].attempts == 2
    # The worker froze what start-up built (modules, models, clients): full collections under load
    # walk only what jobs made. Tens of thousands of objects; none when nothing was frozen.
    assert int(lines(env, "after.frozen")[0]) > 20_000


async def test_sigterm_lets_the_current_job_finish_then_exits(
    services: Services, spawn: Spawn, env: dict[str, str]
) -> None:
    worker = spawn("slow")
    record = await submit_job(services, REQUEST)
    await eventually(lambda: len(lines(env, "slow.start")) == 1, timeout=20, what="the slow stage started")
    worker.send_signal(signal.SIGTERM)
    assert await asyncio.to_thread(worker.wait, 30) == 0
    assert len(lines(env, "slow.end")) == 1, "the job in hand was finished"
    assert lines(env, "exited")
    final = await services.store.get(record.job_id)
    assert "slow" in final.outputs
    assert final.stage == "after", "handed on to the next stage before exiting"


async def test_a_message_that_keeps_crashing_workers_fails_its_job_and_is_dead_lettered(
    services: Services, spawn: Spawn, env: dict[str, str]
) -> None:
    services.settings.pipeline = ["crash"]
    record = await submit_job(services, REQUEST, pipeline=["crash"])
    for crashes in range(1, 3):
        worker = spawn("crash")

        def crashed_so_far(times: int = crashes) -> bool:
            return len(lines(env, "crash.start")) == times

        await eventually(crashed_so_far, timeout=20, what="the worker crashed")
        await asyncio.to_thread(worker.wait, 10)
    spawn("crash")  # the third delivery is refused before it runs
    final = await wait_for_job(services.store, record.job_id, 30)
    assert final.status == JobStatus.failed
    assert final.error is not None
    assert final.error.code == "poison_message"
    assert "2 times" in final.error.message
    assert len(lines(env, "crash.start")) == 2
    assert len(await eventually(lambda: services.broker.dead_letters("crash"), timeout=5)) == 1
