"""The worker runtime on the memory backends and on real RabbitMQ + Redis (same tests)."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable

import aio_pika
import pytest
from pydantic import BaseModel

from brandgen.shared.broker import AmqpBroker, Delivery, MemoryBroker
from brandgen.shared.errors import StageError, TransientError
from brandgen.shared.jobs import cancel_job, fail_job, submit_job, wait_for_job
from brandgen.shared.models import BrandRequest, EventKind, JobEvent, JobMetadata, JobRecord, JobStatus
from brandgen.shared.services import Services
from brandgen.shared.stage import Stage, StageContext
from brandgen.shared.testkit import eventually
from brandgen.shared.worker import Worker

REQUEST = BrandRequest(company_name="Acme", industry="technology", style="modern")


class Marker(BaseModel):
    stage: str
    seen_before: list[str]


def recording_stage(name: str, calls: list[str]) -> Stage:
    async def run(ctx: StageContext) -> Marker:
        calls.append(name)
        await ctx.assets.put(f"{name}/out.txt", name.encode())
        await ctx.progress(0.5, "halfway")
        return Marker(stage=name, seen_before=sorted(ctx.job.outputs))

    return Stage(name=name, run=run)


def stage_from(name: str, body: Callable[[StageContext], Awaitable[BaseModel]]) -> Stage:
    return Stage(name=name, run=body)


# Starts one worker per stage, in pipeline order; returns the workers started so far.
StartFleet = Callable[[list[Stage]], Awaitable[list[Worker]]]


@pytest.fixture
async def fleet(services: Services) -> AsyncIterator[StartFleet]:
    started: list[Worker] = []

    async def start(stages: list[Stage]) -> list[Worker]:
        services.settings.pipeline = [stage.name for stage in stages]
        for stage in stages:
            worker = Worker(stage, services)
            await worker.start()
            started.append(worker)
        return started

    yield start
    for worker in started:
        await worker.stop(grace=5)


async def submit(services: Services, **metadata: object) -> JobRecord:
    return await submit_job(services, REQUEST, metadata=JobMetadata(**metadata))  # type: ignore[arg-type]


async def test_stages_run_in_order_and_the_job_succeeds(services: Services, fleet: StartFleet) -> None:
    calls: list[str] = []
    await fleet([recording_stage(name, calls) for name in ("a", "b", "c")])
    record = await submit(services)
    final = await wait_for_job(services.store, record.job_id, 20)

    assert final.status == JobStatus.succeeded
    assert calls == ["a", "b", "c"]
    assert final.outputs["c"]["seen_before"] == ["a", "b"], "each stage sees the outputs of the earlier ones"
    assert all(final.stages[name].duration_ms is not None for name in ("a", "b", "c"))
    kinds = [event.kind for event in await services.store.events(record.job_id)]
    assert kinds[0] == "job_queued"
    assert kinds[-1] == "job_succeeded"
    assert kinds.count(EventKind.stage_done) == 3
    assert "progress" in kinds


async def test_transient_errors_retry_with_growing_delay_then_succeed(services: Services, fleet: StartFleet) -> None:
    services.settings.retry_base_delay = 0.2
    tries: list[float] = []

    async def flaky(ctx: StageContext) -> Marker:
        tries.append(time.monotonic())
        if len(tries) < 3:
            raise TransientError("graph server busy")
        return Marker(stage="a", seen_before=[])

    calls: list[str] = []
    await fleet([stage_from("a", flaky), recording_stage("b", calls)])
    record = await submit(services)
    final = await wait_for_job(services.store, record.job_id, 20)

    assert final.status == JobStatus.succeeded
    assert len(tries) == 3
    first_gap, second_gap = tries[1] - tries[0], tries[2] - tries[1]
    assert first_gap >= 0.15
    assert second_gap > first_gap, "the backoff grows"
    retries = [event for event in await services.store.events(record.job_id) if event.kind == "stage_retry"]
    assert [event.data["attempt"] for event in retries] == [1, 2]
    assert calls == ["b"]


async def test_a_failing_stage_fails_the_job_readably_and_dead_letters(services: Services, fleet: StartFleet) -> None:
    async def boom(ctx: StageContext) -> Marker:
        await ctx.assets.put("a/partial.svg", b"<svg/>")
        raise ValueError("font file is corrupt")

    calls: list[str] = []
    await fleet([stage_from("a", boom), recording_stage("b", calls)])
    record = await submit(services)
    final = await wait_for_job(services.store, record.job_id, 20)

    assert final.status == JobStatus.failed
    assert final.error is not None
    assert final.error.code == "stage_failed"
    # The exception's words go to the log; the client reads what happened and what to do.
    assert "font file is corrupt" not in final.error.message
    assert "ValueError" not in final.error.message
    assert "internal error" in final.error.message
    assert "submit the request again" in final.error.message
    assert final.error.stage == "a"
    assert calls == [], "no stage runs after a failure"
    assert await services.assets.for_job(record.job_id).list() == [], "partial assets are removed"
    kinds = [event.kind for event in await services.store.events(record.job_id)]
    assert "assets_removed" in kinds
    dead = await eventually(lambda: services.broker.dead_letters("a"))
    assert [json.loads(body)["job_id"] for body in dead] == [record.job_id]


async def test_stage_error_keeps_its_code(services: Services, fleet: StartFleet) -> None:
    async def refuse(ctx: StageContext) -> Marker:
        raise StageError("unknown_style", "style 'zzz' is not one we can draw")

    await fleet([stage_from("a", refuse)])
    final = await wait_for_job(services.store, (await submit(services)).job_id, 20)
    assert final.error is not None
    assert (final.error.code, final.error.message) == ("unknown_style", "style 'zzz' is not one we can draw")


async def test_retries_are_bounded(services: Services, fleet: StartFleet) -> None:
    tries: list[int] = []

    async def always_busy(ctx: StageContext) -> Marker:
        tries.append(ctx.attempt)
        # Our words, then the driver's, which name an internal host: the client reads only ours.
        raise TransientError("S3 unreachable: Could not connect to http://minio.internal:9000/", delay=0.01)

    await fleet([stage_from("a", always_busy)])
    record = await submit(services)
    final = await wait_for_job(services.store, record.job_id, 20)
    assert final.status == JobStatus.failed
    assert final.error is not None
    assert final.error.code == "retries_exhausted"
    assert "S3 unreachable" in final.error.message
    events = await services.store.events(record.job_id)
    assert all("minio.internal" not in (event.message or "") for event in events)
    assert "minio.internal" not in final.error.message
    assert tries == [1, 2, 3, 4]
    assert len(await eventually(lambda: services.broker.dead_letters("a"))) == 1


async def test_a_job_past_its_timeout_fails_and_goes_no_further(services: Services, fleet: StartFleet) -> None:
    async def slow(ctx: StageContext) -> Marker:
        await asyncio.sleep(30)
        return Marker(stage="a", seen_before=[])

    calls: list[str] = []
    await fleet([stage_from("a", slow), recording_stage("b", calls)])
    started = time.monotonic()
    final = await wait_for_job(services.store, (await submit(services, timeout=1)).job_id, 20)
    assert time.monotonic() - started < 10
    assert final.status == JobStatus.failed
    assert final.error is not None
    assert final.error.code == "timeout"
    assert "1 s" in final.error.message
    assert calls == []


async def test_cancel_stops_the_job_at_the_next_stage_boundary(services: Services, fleet: StartFleet) -> None:
    entered, release = asyncio.Event(), asyncio.Event()

    async def waits(ctx: StageContext) -> Marker:
        await ctx.assets.put("a/file.txt", b"x")
        entered.set()
        await release.wait()
        return Marker(stage="a", seen_before=[])

    calls: list[str] = []
    await fleet([stage_from("a", waits), recording_stage("b", calls)])
    record = await submit(services)
    await asyncio.wait_for(entered.wait(), 10)
    assert (await cancel_job(services, record.job_id)).status == JobStatus.canceled
    release.set()
    await asyncio.sleep(0.5)
    final = await services.store.get(record.job_id)
    assert final.status == JobStatus.canceled
    assert "a" not in final.outputs
    assert calls == []
    assert await services.assets.for_job(record.job_id).list() == []


async def test_undecodable_messages_are_dead_lettered(services: Services, fleet: StartFleet) -> None:
    calls: list[str] = []
    await fleet([recording_stage("a", calls)])
    if isinstance(services.broker, MemoryBroker):
        await services.broker.publish_raw("a", b"not json at all")
    else:
        assert isinstance(services.broker, AmqpBroker)
        connection = await aio_pika.connect(services.broker.url)
        async with connection:
            channel = await connection.channel()
            exchange = await channel.get_exchange(services.settings.queue_prefix)
            await exchange.publish(aio_pika.Message(b"not json at all"), routing_key="a")
    assert await eventually(lambda: services.broker.dead_letters("a")) == [b"not json at all"]
    assert calls == []


async def test_priorities_order_waiting_jobs_on_the_memory_broker() -> None:
    broker = MemoryBroker()
    seen: list[int] = []
    for priority in (1, 9, 5):
        record = JobRecord(
            job_id=f"j{priority}", pipeline=["a"], request=REQUEST, metadata=JobMetadata(priority=priority)
        )
        await broker.publish(record.message_for("a"))

    async def handler(delivery: Delivery) -> None:
        assert delivery.message is not None, "each message was published as a whole envelope"
        seen.append(delivery.message.metadata.priority)
        await delivery.ack()

    subscription = await broker.consume("a", handler, prefetch=1)
    await eventually(lambda: len(seen) == 3, timeout=1, interval=0.02, what="three messages handled")
    await subscription.cancel()
    assert seen == [9, 5, 1]


async def test_a_burst_of_first_publishes_shares_one_connection(amqp_url: str, prefix: str, real_cleanup: None) -> None:
    broker = AmqpBroker(amqp_url, prefix=prefix)
    records = [
        JobRecord(job_id=f"burst{index}", pipeline=["a"], request=REQUEST, metadata=JobMetadata())
        for index in range(50)
    ]
    try:
        first = asyncio.create_task(broker.publish(records[0].message_for("a")))
        while broker.connection is None and not first.done():
            await asyncio.sleep(0)  # the moment a connection exists but its channel may not yet
        # Callers arriving now must wait for the connection to be ready, not use it half-made.
        await asyncio.gather(first, *(broker.publish(record.message_for("a")) for record in records[1:]))
        assert (await broker.stats("a")).ready == 50
    finally:
        await broker.close()


async def test_failing_a_job_that_already_succeeded_keeps_its_kit(services: Services, fleet: StartFleet) -> None:
    # The API fails a job it saw running past its deadline; if the last stage finished meanwhile,
    # the late failure must neither change the job nor delete the kit it points to.
    calls: list[str] = []
    await fleet([recording_stage("a", calls)])
    record = await submit(services)
    final = await wait_for_job(services.store, record.job_id, 20)
    assert final.status == JobStatus.succeeded

    after = await fail_job(services, record.job_id, "timeout", "too late", "a")

    assert after is not None
    assert after.status == JobStatus.succeeded
    assert await services.assets.for_job(record.job_id).list() == ["a/out.txt"], "the kit's files are kept"
    kinds = [event.kind for event in await services.store.events(record.job_id)]
    assert "assets_removed" not in kinds


async def test_a_timeout_raised_inside_a_stage_is_a_stage_failure_not_the_job_deadline(
    services: Services,
    fleet: StartFleet,
) -> None:
    async def slow_backend(ctx: StageContext) -> Marker:
        raise TimeoutError("the LLM server did not answer within 30 s")

    await fleet([stage_from("a", slow_backend)])
    final = await wait_for_job(services.store, (await submit(services, timeout=600)).job_id, 20)

    assert final.status == JobStatus.failed
    assert final.error is not None
    assert final.error.code == "stage_failed", final.error
    # Not the job's deadline: the stage's own failure, told in words; the driver's text stays in the log.
    assert final.error.message.startswith("the a stage stopped on an internal error"), final.error
    assert "did not answer" not in final.error.message


async def test_a_failed_stage_run_is_counted_as_failed(services: Services, fleet: StartFleet) -> None:
    from prometheus_client import REGISTRY

    async def refuse(ctx: StageContext) -> Marker:
        raise StageError("unknown_style", "no")

    def failed() -> float:
        labels = {"stage": "a", "outcome": "failed", "variant": "default"}
        return REGISTRY.get_sample_value("brandgen_stage_runs_total", labels) or 0.0

    before = failed()
    await fleet([stage_from("a", refuse)])
    final = await wait_for_job(services.store, (await submit(services)).job_id, 20)
    assert final.status == JobStatus.failed
    assert failed() == before + 1


async def test_stopping_a_worker_closes_its_consumer_channel_after_the_drain(
    amqp_url: str, prefix: str, real_cleanup: None, tmp_path
) -> None:
    from brandgen.shared.broker import AmqpSubscription
    from brandgen.shared.settings import BrandgenSettings
    from brandgen.shared.state import MemoryJobStore
    from brandgen.shared.storage import FileAssetStore

    broker = AmqpBroker(amqp_url, prefix=prefix)
    services = Services(
        broker=broker,
        store=MemoryJobStore(),
        assets=FileAssetStore(tmp_path),
        settings=BrandgenSettings(queue_prefix=prefix),
    )
    worker = Worker(recording_stage("a", []), services)
    await worker.start()
    subscription = worker._subscription
    assert isinstance(subscription, AmqpSubscription)
    await worker.stop(grace=5)
    assert subscription.channel.is_closed, "a stopped worker leaves no channel open on the broker"
    await services.close()


async def test_a_slow_stage_shows_running_while_it_works_and_a_fast_one_costs_one_write(
    services: Services, fleet: StartFleet
) -> None:
    release = asyncio.Event()

    async def fast(ctx: StageContext) -> BaseModel:
        return Marker(stage="fast", seen_before=[])

    async def slow(ctx: StageContext) -> BaseModel:
        await release.wait()
        return Marker(stage="slow", seen_before=[])

    await fleet([stage_from("fast", fast), stage_from("slow", slow)])
    record = await submit(services)
    current = await eventually(
        lambda: services.store.get(record.job_id), lambda job: "slow" in job.stages, what="the slow stage's start"
    )
    assert current.status == JobStatus.running
    assert current.stage == "slow"
    assert current.stages["slow"].status == "running"
    assert current.stages["slow"].attempts == 1
    # created (1), the fast stage's start and end together (2), the slow stage's start (3)
    assert current.revision == record.revision + 2

    release.set()
    final = await wait_for_job(services.store, record.job_id, 10)
    assert final.status == JobStatus.succeeded
    events = await services.store.events(record.job_id)
    fast_events = [event for event in events if event.stage == "fast" and event.kind.startswith("stage_")]
    assert [event.kind for event in fast_events] == ["stage_started", "stage_done"], "the start is in the history"
    assert fast_events[0].at <= fast_events[1].at
    assert final.stages["fast"].started_at == fast_events[0].at
    assert final.stages["fast"].attempts == 1


async def test_two_deliveries_of_one_message_at_once_record_one_output_and_hand_on_once(
    services: Services, fleet: StartFleet
) -> None:
    """A message redelivered while its first delivery still runs (the first worker's channel dropped)."""
    runs: list[int] = []
    both_running = asyncio.Event()
    after_calls: list[str] = []

    async def twice(ctx: StageContext) -> BaseModel:
        runs.append(len(runs) + 1)
        if len(runs) == 2:
            both_running.set()
        await asyncio.wait_for(both_running.wait(), 5)
        await asyncio.sleep(0.05 * len(runs))  # the first to start finishes first
        return Marker(stage=f"run{len(runs)}", seen_before=[])

    await fleet([stage_from("dup", twice), recording_stage("after", after_calls)])
    record = await submit(services)
    await services.broker.publish(record.message_for("dup"))  # the duplicate

    final = await wait_for_job(services.store, record.job_id, 20)
    await asyncio.sleep(0.5)  # room for a second hand-off to show up
    assert final.status == JobStatus.succeeded
    assert runs == [1, 2], "both deliveries ran the stage"
    assert after_calls == ["after"], "the job was handed on once"
    done = [event for event in await services.store.events(record.job_id) if event.kind == "stage_done"]
    assert [event.stage for event in done] == ["dup", "after"], "one output recorded per stage"


async def test_a_submit_retried_after_dying_between_record_and_publish_still_runs(
    services: Services, fleet: StartFleet
) -> None:
    calls: list[str] = []
    await fleet([recording_stage("a", calls), recording_stage("b", calls)])
    orphan = JobRecord(job_id="orphan1", pipeline=["a", "b"], request=REQUEST, metadata=JobMetadata(), stage="a")
    assert await services.store.create(orphan), "the first submit recorded the job, then died before publishing"

    replayed = await submit_job(services, REQUEST, job_id="orphan1")  # the client's retry, same id
    final = await wait_for_job(services.store, replayed.job_id, 20)
    assert final.status == JobStatus.succeeded
    assert calls == ["a", "b"]

    again = await submit_job(services, REQUEST, job_id="orphan1")  # a late retry of a finished job
    await asyncio.sleep(0.3)
    assert again.status == JobStatus.succeeded
    assert calls == ["a", "b"], "a job that already ran is not published again"


@pytest.mark.slow
async def test_a_duplicate_of_a_stage_still_running_elsewhere_waits_and_runs_nothing(
    services: Services, fleet: StartFleet
) -> None:
    """A broker restart redelivers a message whose worker is alive and still working on it."""
    runs: list[str] = []
    after_calls: list[str] = []

    async def slow(ctx: StageContext) -> BaseModel:
        runs.append("slow")
        await asyncio.sleep(1.0)
        return Marker(stage="slow", seen_before=[])

    await fleet([stage_from("slow", slow), recording_stage("after", after_calls)])
    record = await submit(services)
    # its start (and lease) written
    await eventually(lambda: services.store.get(record.job_id), lambda job: "slow" in job.stages, what="slow started")
    await services.broker.publish(record.message_for("slow"))  # the redelivery, while the first runs

    final = await wait_for_job(services.store, record.job_id, 20)
    await asyncio.sleep(0.5)
    assert final.status == JobStatus.succeeded
    assert runs == ["slow"], "the stage ran once: the duplicate waited for the running one"
    assert after_calls == ["after"]
    assert final.stages["slow"].attempts == 1


@pytest.mark.slow
async def test_a_run_whose_worker_fell_silent_is_taken_over_after_the_lease(
    services: Services, fleet: StartFleet, monkeypatch: pytest.MonkeyPatch
) -> None:
    from brandgen.shared import lease
    from brandgen.shared.models import StageRun, StageStatus, utcnow

    monkeypatch.setattr(lease, "LEASE", 1.5)
    monkeypatch.setattr(lease, "HEARTBEAT_EVERY", 0.5)
    calls: list[str] = []
    services.settings.pipeline = ["a"]
    record = await submit(services)  # no worker yet: the message waits

    def killed_mid_stage(job: JobRecord) -> list[JobEvent]:
        job.stages["a"] = StageRun(status=StageStatus.running, attempts=1, heartbeat_at=utcnow(), owner="dead")
        return []

    silent_since = (await services.store.update(record.job_id, killed_mid_stage)).stages["a"].heartbeat_at
    assert silent_since is not None  # as a worker killed a moment ago left it
    await fleet([recording_stage("a", calls)])
    final = await wait_for_job(services.store, record.job_id, 20)
    assert final.status == JobStatus.succeeded
    assert calls == ["a"], "taken over once the silent run's lease ran out"
    taken_over_at = final.stages["a"].started_at
    assert taken_over_at is not None
    assert (taken_over_at - silent_since).total_seconds() >= 1.4, "not before the lease ran out"
    assert final.stages["a"].attempts == 2


async def test_a_stage_failing_while_its_start_is_being_written_is_retried(
    services: Services, fleet: StartFleet
) -> None:
    """The start write goes out at START_MARK_AFTER; a failure right then must not cancel it."""
    from brandgen.shared.lease import START_MARK_AFTER

    tries: list[int] = []

    async def fails_once_at_the_start_mark(ctx: StageContext) -> BaseModel:
        tries.append(ctx.attempt)
        if ctx.attempt == 1:
            await asyncio.sleep(START_MARK_AFTER)
            raise TransientError("flaky backend")
        return Marker(stage="a", seen_before=[])

    services.settings.retry_base_delay = 0.05
    await fleet([stage_from("a", fails_once_at_the_start_mark)])
    record = await submit(services)
    final = await wait_for_job(services.store, record.job_id, 15)
    assert final.status == JobStatus.succeeded
    assert tries == [1, 2]


async def test_a_run_cut_off_by_its_channel_closing_lets_the_redelivery_run_at_once(
    amqp_url: str, redis_url: str, prefix: str, real_cleanup: None, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Worker A's consumer channel closes mid-stage (as in a broker restart): the broker gives the
    message to worker B and A's run is cancelled. B runs the stage at once, not after A's lease."""
    from brandgen.shared import lease
    from brandgen.shared.broker import AmqpSubscription
    from brandgen.shared.settings import BrandgenSettings
    from brandgen.shared.state import RedisJobStore
    from brandgen.shared.storage import FileAssetStore

    monkeypatch.setattr(lease, "LEASE", 30.0)  # waiting out A's lease would take 30 s
    runs: list[str] = []
    after_calls: list[str] = []
    started: dict[str, float] = {}

    async def slow(ctx: StageContext) -> BaseModel:
        runs.append("started")
        started.setdefault("first", time.monotonic())
        started["last"] = time.monotonic()
        try:
            await asyncio.sleep(3.0 if len(runs) == 1 else 0.1)
        except asyncio.CancelledError:
            runs.append("cancelled")
            raise
        runs.append("finished")
        return Marker(stage="slow", seen_before=[])

    def worker_services() -> Services:
        return Services(
            broker=AmqpBroker(amqp_url, prefix=prefix, delivery_limit=3),
            store=RedisJobStore.from_url(redis_url, prefix=prefix, ttl=600),
            assets=FileAssetStore(tmp_path / "assets"),
            settings=BrandgenSettings(queue_prefix=prefix, pipeline=["slow", "after"], delivery_limit=3),
        )

    first, second = worker_services(), worker_services()
    worker_a = Worker(stage_from("slow", slow), first)
    workers = [worker_a, Worker(recording_stage("after", after_calls), first)]
    try:
        for worker in workers:
            await worker.start()
        record = await submit(first)
        # A's run (and lease) written
        await eventually(lambda: first.store.get(record.job_id), lambda job: "slow" in job.stages, what="A's run")
        worker_b = Worker(stage_from("slow", slow), second)
        workers.append(worker_b)
        await worker_b.start()
        subscription = worker_a._subscription
        assert isinstance(subscription, AmqpSubscription)
        closed_at = time.monotonic()
        await subscription.channel.close()  # A loses the message; the broker redelivers it to B

        final = await wait_for_job(first.store, record.job_id, 20)
        assert final.status == JobStatus.succeeded
        assert runs == ["started", "cancelled", "started", "finished"]
        assert started["last"] - closed_at < 5.0, "B waited for the lease of A's cancelled run"
        assert after_calls == ["after"]
        assert final.stages["slow"].attempts == 2
        events = await first.store.events(record.job_id)
        kinds = [event.kind for event in events if event.stage == "slow" and event.kind.startswith("stage_")]
        assert kinds == ["stage_started", "stage_interrupted", "stage_started", "stage_done"]
    finally:
        for worker in workers:
            await worker.stop(grace=5)
        await first.close()
        await second.close()


async def test_a_run_still_going_when_the_drain_runs_out_is_marked_interrupted(services: Services) -> None:
    """SIGTERM with a grace period shorter than the stage: the run is cancelled, and the record says
    it stopped (no lease for the next worker to wait out); the message goes back to the queue."""
    started = asyncio.Event()

    async def endless(ctx: StageContext) -> BaseModel:
        started.set()
        await asyncio.sleep(60)
        return Marker(stage="endless", seen_before=[])

    services.settings.pipeline = ["endless"]
    worker = Worker(stage_from("endless", endless), services)
    await worker.start()
    record = await submit(services)
    await asyncio.wait_for(started.wait(), 10)
    await eventually(lambda: services.store.get(record.job_id), lambda job: "endless" in job.stages, what="its start")
    await worker.stop(grace=0.1)

    stopped = await services.store.get(record.job_id)
    run = stopped.stages["endless"]
    assert run.status == "pending"
    assert run.owner is None
    assert run.heartbeat_at is None
    assert stopped.status == JobStatus.running, "the job itself goes on: its message is back in the queue"
    kinds = [event.kind for event in await services.store.events(record.job_id) if event.stage == "endless"]
    assert kinds[-2:] == ["stage_started", "stage_interrupted"]
    # RabbitMQ requeues a closed channel's unacked message a moment after the close returns.
    await eventually(
        lambda: services.broker.stats("endless"), lambda stats: stats.ready == 1, timeout=5, what="the message requeued"
    )


async def test_a_stages_own_writes_follow_one_another_without_reading_the_record_again(
    services: Services, fleet: StartFleet
) -> None:
    """Progress reports and the output each start from the record the run's previous write gave
    back: the worker reads the job once, when the message comes, however often the stage reports."""
    steps = 3

    async def reporting(ctx: StageContext) -> BaseModel:
        for step in range(1, steps + 1):
            await asyncio.sleep(0.12)  # reports closer than 0.1 s apart are thinned out
            await ctx.progress(step / (steps + 1), f"step {step}")
        return Marker(stage="reporting", seen_before=[])

    store = services.store
    read = store.get
    reads: list[str] = []

    async def counted(job_id: str) -> JobRecord:
        reads.append(job_id)
        return await read(job_id)

    store.get = counted  # type: ignore[method-assign]
    await fleet([stage_from("reporting", reporting)])
    record = await submit(services)
    final = await eventually(lambda: read(record.job_id), lambda job: job.status.terminal, what="the job's end")

    assert final.status == JobStatus.succeeded
    notes = [event.message for event in await store.events(record.job_id) if event.kind == EventKind.progress]
    assert notes == [f"step {step}" for step in range(1, steps + 1)]
    # created, started, three reports, done: every write landed on the one before it
    assert final.revision == record.revision + 2 + steps
    assert reads == [record.job_id], "read once, when the message came"


async def test_a_queued_message_whose_request_fails_todays_text_rules_is_still_delivered(
    services: Services, fleet: StartFleet
) -> None:
    """A rolling upgrade that tightens a text rule: jobs submitted before it sit in the store and
    their messages in the queues. Both must go on (the rules guard the door, not the queues);
    rejecting the message would dead-letter it and leave the job running until its deadline."""
    grandfathered = BrandRequest.model_construct(company_name="Acme\u0007Works", industry="tech", style="modern")
    with pytest.raises(ValueError, match="company_name"):
        BrandRequest.model_validate(grandfathered.model_dump())  # what today's rules say at the door
    calls: list[str] = []
    await fleet([recording_stage("a", calls)])
    record = JobRecord(job_id="old-job", pipeline=["a"], request=grandfathered, metadata=JobMetadata())
    await services.store.create(record)
    await services.broker.publish(record.message_for("a"))

    final = await wait_for_job(services.store, "old-job", 20)
    assert final.status == JobStatus.succeeded
    assert calls == ["a"]
    assert await services.broker.dead_letters("a") == []
