"""The worker runtime every stage service runs on.

For each message: skip work this job has already done (redelivery is harmless), enforce the job's
deadline, run the stage, record its output, publish the next stage, and only then ack. Transient
errors retry with exponential backoff through the broker's delay queues; anything else, or too many
tries, fails the job with a readable reason, removes its partial assets and dead-letters the
message. SIGTERM stops consuming, lets the jobs in hand finish, then exits.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import signal
import time
import uuid
from collections.abc import Coroutine
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_delay, wait_exponential

from brandgen.shared import metrics
from brandgen.shared.broker import Broker, Delivery, Subscription
from brandgen.shared.errors import StageError, TransientError
from brandgen.shared.logs import job_context
from brandgen.shared.models import (
    JobError,
    JobEvent,
    JobMessage,
    JobRecord,
    JobStatus,
    StageRun,
    StageStatus,
    utcnow,
)
from brandgen.shared.settings import BrandgenSettings
from brandgen.shared.stage import Stage, StageContext
from brandgen.shared.state import InvalidTransitionError, JobNotFoundError, JobStore, Mutation, transition
from brandgen.shared.storage import AssetStore

log = logging.getLogger("brandgen.runtime")
T = TypeVar("T")


def backoff_delay(attempt: int, base: float, cap: float) -> float:
    """Exponential backoff with jitter: base * 2^(attempt-1), +-20 %, capped."""
    delay: float = min(cap, base * 2 ** (attempt - 1))
    return delay * random.uniform(0.8, 1.2)  # noqa: S311 - jitter, not security


@dataclass
class Services:
    """The backends a worker (or the API) talks to; built once per process."""

    broker: Broker
    store: JobStore
    assets: AssetStore
    settings: BrandgenSettings

    async def close(self) -> None:
        for closer in (self.broker.close, self.store.close, self.assets.close):
            with contextlib.suppress(Exception):
                await closer()


def unexpected_failure(stage: str) -> str:
    """The public reason of a stage that raised something it did not explain (details: the log)."""
    return (
        f"the {stage} stage stopped on an internal error, recorded in the service's log; "
        "submit the request again, and if it fails the same way, report this job's id to the operator"
    )


def public_reason(error: TransientError) -> str:
    """What a client may read of a transient error: our words before the driver's.

    Transient errors read `<what failed>: <the driver's message>` (`S3 unreachable: Could not connect
    to the endpoint URL: http://minio:9000/...`); the driver's part names internal hosts and ports
    and goes to the log only.
    """
    return str(error).split(": ", 1)[0]


async def fail_job(services: Services, job_id: str, code: str, message: str, stage: str | None) -> JobRecord | None:
    """Remove the job's partial assets, then mark it failed (unless already final).

    A job already final keeps its files: a late failure (an overdue check racing the last stage,
    a redelivered message) must not delete the kit of a job that succeeded.
    """
    try:
        current = await services.store.get(job_id)
    except JobNotFoundError:
        return None
    if current.status.terminal:
        return current
    removed = await _remove_assets(services, job_id)

    def mutate(record: JobRecord) -> list[JobEvent]:
        if record.status.terminal:
            return []
        transition(record, JobStatus.failed)
        record.error = JobError(code=code, message=message, stage=stage)
        if stage:
            run = record.stages.setdefault(stage, StageRun())
            run.status = StageStatus.failed
            run.finished_at = utcnow()
        events = (
            [JobEvent(kind="assets_removed", message=f"removed {removed} partial asset(s)", data={"count": removed})]
            if removed
            else []
        )
        return [*events, JobEvent(kind="job_failed", stage=stage, message=message, data={"code": code})]

    try:
        record = await services.store.update(job_id, mutate, known=current)
    except JobNotFoundError:
        return None
    if record.status == JobStatus.failed and record.error and record.error.code == code:
        metrics.JOBS.labels("failed").inc()
        metrics.JOB_DURATION.labels("failed").observe((utcnow() - record.created_at).total_seconds())
    return record


async def _remove_assets(services: Services, job_id: str) -> int:
    try:
        return await services.assets.for_job(job_id).delete_all()
    except Exception as error:  # the bucket's lifecycle rule expires what is left
        log.warning("could not remove assets of job %s: %s", job_id, error)
        return 0


async def compensate(services: Services, job_id: str, *, reason: str) -> None:
    """Remove a canceled job's partial assets; the history records it."""
    removed = await _remove_assets(services, job_id)
    if removed:
        event = JobEvent(
            kind="assets_removed", message=f"removed {removed} partial asset(s) ({reason})", data={"count": removed}
        )
        with contextlib.suppress(JobNotFoundError, TransientError):
            await services.store.update(job_id, lambda record: [event])


class StageAlreadyDoneError(Exception):
    """The stage's output is already recorded: the first delivery to finish wins."""

    def __init__(self, job_id: str, stage: str) -> None:
        super().__init__(f"job {job_id} already has the output of {stage}")


HEARTBEAT_EVERY = 2.0
"""Seconds between heartbeats of a running stage (written only by stages that run this long)."""
LEASE = 3 * HEARTBEAT_EVERY
"""Seconds without a heartbeat after which a running stage's worker counts as gone."""

LET_GO_WAIT = 5.0
"""Seconds a stopping worker gives the runs it cancelled to write that they stopped."""

START_MARK_AFTER = 0.1
"""Seconds a stage runs before its start is written on its own. Followers see changes at ten a
second at most anyway, so a stage that ends sooner writes its start and its end in one go: two
state writes per stage instead of three."""


class StartMark:
    """The write that marks a stage running, sent once the stage outlives START_MARK_AFTER, when it
    reports progress, or when it fails; or never, when the end is written with it. Once sent, the
    run's heartbeat (its lease) is refreshed every HEARTBEAT_EVERY seconds until it stops."""

    def __init__(self, store: JobStore, record: JobRecord, mutate: Mutation, beat: Mutation, release: Mutation) -> None:
        self.store, self.record, self.mutate, self.beat, self.release = store, record, mutate, beat, release
        self._write: asyncio.Task[JobRecord] | None = None
        self._beating: asyncio.Task[None] | None = None
        self._timer = asyncio.get_running_loop().call_later(START_MARK_AFTER, self.send)

    def send(self) -> asyncio.Task[JobRecord]:
        self._timer.cancel()
        if self._write is None:
            self._write = asyncio.ensure_future(self.store.update(self.record.job_id, self.mutate, known=self.record))
            self._beating = asyncio.ensure_future(self._heartbeat(self._write))
        return self._write

    async def written(self) -> JobRecord:
        """The record after the start was written; raises InvalidTransitionError if the job was
        canceled or failed meanwhile."""
        return await self.send()

    def take(self) -> bool:
        """Claim the start for the final write, if it has not been sent; True when claimed."""
        if self._write is not None:
            return False
        self._timer.cancel()
        return True

    def stop_beating(self) -> None:
        """The stage has ended: no heartbeat may land after this (the final write comes next)."""
        if self._beating is not None:
            self._beating.cancel()

    async def settle(self) -> None:
        """Let a start write in flight finish (its outcome no longer matters)."""
        self._timer.cancel()
        self.stop_beating()
        if self._write is not None:
            with contextlib.suppress(Exception):
                await self._write

    async def let_go(self) -> None:
        """The run was cancelled before its end: if its start was written, write that it no longer
        runs, so the next delivery of the message need not wait out the lease of a stopped run."""
        self._timer.cancel()
        self.stop_beating()
        if self._write is None:
            return  # nobody can have seen it running
        with contextlib.suppress(Exception):
            await self._write
            await self.store.update(self.record.job_id, self.release)

    async def _heartbeat(self, write: asyncio.Task[JobRecord]) -> None:
        try:
            # Shielded: stopping the heartbeat must not cancel the start write it waits for.
            await asyncio.shield(write)
        except Exception:
            return  # not running (canceled meanwhile) or the store is away: nothing to keep alive
        while True:
            await asyncio.sleep(HEARTBEAT_EVERY)
            with contextlib.suppress(TransientError, JobNotFoundError):
                await self.store.update(self.record.job_id, self.beat)


@dataclass
class Worker:
    stage: Stage
    services: Services
    resources: dict[str, Any] = field(default_factory=dict)
    _subscription: Subscription | None = None
    _in_flight: set[asyncio.Task[None]] = field(default_factory=set)
    _idle: asyncio.Event = field(default_factory=asyncio.Event)
    _started: bool = False
    settings: BrandgenSettings = field(init=False)

    def __post_init__(self) -> None:
        self.settings = self.stage.settings_from(self.services.settings)
        # Looked up once: a labelled metric or a logger costs a lock and a dict walk per message.
        self._in_flight_gauge = metrics.IN_FLIGHT.labels(self.stage.name)
        self._queue_wait = metrics.QUEUE_WAIT.labels(self.stage.name)
        self._stage_log = logging.getLogger(f"brandgen.{self.stage.name}")
        self._done_metrics: dict[str, tuple[Any, Any]] = {}

    def ready(self) -> bool:
        """Consuming, on a live broker connection: what the worker's `/readyz` reports. Read from
        the metrics server's thread, so it only reads attributes."""
        return self._subscription is not None and self.services.broker.connected()

    async def start(self) -> None:
        metrics.prime_worker_metrics(self.stage.name)
        if self.stage.startup and not self._started:
            await self.stage.startup(self.resources, self.settings)
        self._started = True
        await self.services.broker.declare([self.stage.name])
        prefetch = self.settings.prefetch or self.stage.prefetch
        self._subscription = await self.services.broker.consume(self.stage.name, self._on_delivery, prefetch=prefetch)
        self._idle.set()
        log.info("worker %s consuming (prefetch %d)", self.stage.name, prefetch)

    async def stop(self, grace: float = 300.0) -> None:
        """Stop taking messages, let the ones in hand finish (up to `grace` s), release resources."""
        subscription, self._subscription = self._subscription, None
        if subscription:
            await subscription.cancel()
        if self._in_flight:
            log.info("worker %s draining %d job(s)", self.stage.name, len(self._in_flight))
            _, pending = await asyncio.wait(set(self._in_flight), timeout=grace)
            for task in pending:
                task.cancel()  # unacked: the broker redelivers them to another worker
            if pending:
                # Let the cancelled runs write that they stopped (stage_interrupted) before their
                # messages go back to the queue, so the next worker need not wait out their lease.
                await asyncio.wait(pending, timeout=LET_GO_WAIT)
        if subscription:
            await subscription.close()  # after the drain: acks travel on this channel
        if self.stage.shutdown and self._started:
            await self.stage.shutdown(self.resources, self.settings)
            self._started = False

    async def _on_delivery(self, delivery: Delivery) -> None:
        token = uuid.uuid4().hex  # this delivery's runs of the stage, across in-place retries
        task = asyncio.current_task()
        assert task is not None
        self._in_flight.add(task)
        self._in_flight_gauge.inc()
        if delivery.published_at is not None:
            self._queue_wait.observe(max(0.0, time.time() - delivery.published_at))
        try:
            try:
                await self.handle(delivery, token)
                return
            except TransientError as error:
                log.warning("stage %s: backend unavailable, trying again: %s", self.stage.name, error)
            # Redis or the broker away for a while (a restart): keep the message in hand and try
            # again, rather than requeueing it, which would count towards its delivery limit.
            async for attempt in AsyncRetrying(
                retry=retry_if_exception_type(TransientError),
                wait=wait_exponential(multiplier=0.25, max=5),
                stop=stop_after_delay(self.settings.backend_patience),
                before_sleep=lambda state: log.warning(
                    "stage %s: backend unavailable, trying again: %s",
                    self.stage.name,
                    state.outcome.exception() if state.outcome else None,
                ),
                reraise=True,
            ):
                with attempt:
                    await self.handle(delivery, token)
        except TransientError as error:
            log.error("stage %s: backends still unavailable, message returned to the queue: %s", self.stage.name, error)
            with contextlib.suppress(Exception):
                await delivery.requeue()
        except Exception:
            # The broker connection broke under us: the broker redelivers the unacked message.
            log.exception("stage %s: could not settle message", self.stage.name)
        finally:
            self._in_flight_gauge.dec()
            self._in_flight.discard(task)

    async def handle(self, delivery: Delivery, token: str) -> None:
        message = delivery.message
        name = self.stage.name
        if message is None:
            log.error("stage %s: dead-lettering undecodable message: %s", name, delivery.decode_error)
            metrics.DEAD_LETTERS.labels(name).inc()
            await delivery.dead_letter()
            return
        with job_context(message.job_id, name):
            await self._handle_message(delivery, message, token)

    async def _handle_message(self, delivery: Delivery, message: JobMessage, token: str) -> None:
        name, services = self.stage.name, self.services
        variant = message.metadata.variant or "default"
        try:
            record = await services.store.get(message.job_id)
        except JobNotFoundError:
            log.warning("no job record for message; dropped")
            await delivery.ack()
            return
        record = await self._wait_while_running_elsewhere(record, message, token)

        if record.status.terminal:
            if record.status == JobStatus.canceled:
                await compensate(services, record.job_id, reason="canceled")
            metrics.STAGE_RUNS.labels(name, "skipped", variant).inc()
            await delivery.ack()
            return
        if name in record.outputs:
            # Done before a crash or redelivery: only the hand-off to the next stage may be missing.
            metrics.STAGE_RUNS.labels(name, "skipped", variant).inc()
            await self._hand_off(record, name, again=True)
            await delivery.ack()
            return
        if delivery.delivery_count >= self.settings.delivery_limit:
            reason = (
                f"the {name} stage stopped without finishing {delivery.delivery_count} times "
                "(the worker crashed or was killed); giving up"
            )
            await self._fail(delivery, message, "poison_message", reason)
            return

        remaining = (message.metadata.deadline() - utcnow()).total_seconds()
        if remaining <= 0:
            await self._time_out(delivery, message, "before")
            return

        mark_running = self._mark_running(message, delivery.delivery_count, utcnow(), token)
        start = StartMark(services.store, record, mark_running, self._beat(token), self._let_go(token))
        try:
            await self._run_stage(delivery, message, record, start, remaining)
        finally:
            await start.settle()

    async def _wait_while_running_elsewhere(self, record: JobRecord, message: JobMessage, token: str) -> JobRecord:
        """Wait while another delivery of this message still runs the stage (its heartbeat is fresh).

        That happens when the message is published again while a worker runs it (an earlier
        stage's hand-off repeated after a redelivery), or when the worker running it was killed
        (its heartbeat stops). Running the stage again at once would double a GPU or LLM bill and
        could leave files that do not match the recorded output. So wait for that run to finish, or
        to fall silent for LEASE seconds (its worker died), bounded by the job's deadline; the
        message stays in hand, so the broker's delivery count, and with it the poison-message limit,
        is untouched. A run cancelled because its channel closed (a broker restart) is not waited
        for: it lets go of the record as it stops (`StartMark.let_go`).
        """
        name = self.stage.name
        while True:
            run = record.stages.get(name)
            if (
                run is None
                or run.status != StageStatus.running
                or run.owner in (None, token)
                or run.heartbeat_at is None
                or name in record.outputs
                or record.status.terminal
            ):
                return record
            silent_for = (utcnow() - run.heartbeat_at).total_seconds()
            remaining = (message.metadata.deadline() - utcnow()).total_seconds()
            if silent_for >= LEASE or remaining <= 0:
                return record  # its worker is gone: take over (or time the job out)
            await asyncio.sleep(min(LEASE - silent_for, remaining, HEARTBEAT_EVERY))
            record = await self.services.store.get(record.job_id)

    def _own_run(self, record: JobRecord, token: str) -> StageRun | None:
        """The stage's run on `record` if it is still this delivery's and still running; None once
        another delivery has taken over or the run has ended."""
        run = record.stages.get(self.stage.name)
        return run if run is not None and run.owner == token and run.status == StageStatus.running else None

    def _beat(self, token: str) -> Mutation:
        def beat(record: JobRecord) -> list[JobEvent]:
            if (run := self._own_run(record, token)) is not None:
                run.heartbeat_at = utcnow()
            return []

        return beat

    def _let_go(self, token: str) -> Mutation:
        name = self.stage.name

        def let_go(record: JobRecord) -> list[JobEvent]:
            if (run := self._own_run(record, token)) is None:
                return []
            run.status = StageStatus.pending
            run.owner = run.heartbeat_at = None
            run.note = "interrupted; it runs again from the queue"
            return [
                JobEvent(
                    kind="stage_interrupted",
                    stage=name,
                    message=f"the {name} stage was interrupted (its worker lost the message or was stopping) "
                    "and runs again",
                )
            ]

        return let_go

    async def _run_stage(
        self,
        delivery: Delivery,
        message: JobMessage,
        record: JobRecord,
        start: StartMark,
        remaining: float,
    ) -> None:
        name, services = self.stage.name, self.services
        variant = message.metadata.variant or "default"
        ctx = StageContext(
            job=record,
            assets=services.assets.for_job(record.job_id),
            settings=self.settings,
            resources=self.resources,
            attempt=message.attempt,
            log=logging.LoggerAdapter(self._stage_log, {"job_id": record.job_id}),
            _progress=self._progress_reporter(record.job_id, start),
        )
        started = time.perf_counter()
        deadline = asyncio.timeout(remaining)
        try:
            async with deadline:
                output = await self.stage.run(ctx)
        except asyncio.CancelledError:
            # Cancelled from outside: the channel it came on closed (a broker restart; the broker
            # hands the message to a worker again) or a drain ran out. Say so on the record, so that
            # delivery runs at once instead of waiting out this run's lease.
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.shield(start.let_go())
            raise
        except Exception as error:
            start.stop_beating()
            # The history shows the stage started before it shows why it stopped.
            try:
                await start.written()
            except InvalidTransitionError:
                await delivery.ack()  # canceled or failed meanwhile
                return
            if isinstance(error, TransientError):
                await self._retry_or_fail(delivery, message, error)
            elif isinstance(error, StageError):
                await self._fail(delivery, message, error.code, error.message)
            elif isinstance(error, TimeoutError) and deadline.expired():
                await self._time_out(delivery, message, "in")
            else:
                # Anything else, a TimeoutError of the stage's own (a socket, an HTTP client) included.
                # The exception's words (a parser's `not well-formed`, a path) are for the log; the
                # client reads what happened and what to do.
                log.exception("stage %s raised on job %s", name, message.job_id, exc_info=error)
                await self._fail(delivery, message, "stage_failed", unexpected_failure(name))
            return
        elapsed = time.perf_counter() - started
        start.stop_beating()  # no beat may land between here and the output
        if variant not in self._done_metrics:
            self._done_metrics[variant] = (
                metrics.STAGE_DURATION.labels(name, variant),
                metrics.STAGE_RUNS.labels(name, "done", variant),
            )
        duration, done = self._done_metrics[variant]
        duration.observe(elapsed)
        done.inc()

        record_output = self._record_output(output.model_dump(mode="json"), elapsed)
        try:
            if start.take():
                mark_running = start.mutate

                def start_and_finish(job: JobRecord) -> list[JobEvent]:
                    return [*(mark_running(job) or []), *(record_output(job) or [])]

                record = await services.store.update(record.job_id, start_and_finish, known=record)
            else:
                record = await start.written()
                record = await services.store.update(record.job_id, record_output, known=record)
        except InvalidTransitionError:
            # Canceled while we worked: stop at this stage boundary.
            await compensate(services, record.job_id, reason="canceled")
            await delivery.ack()
            return
        except StageAlreadyDoneError:
            # A duplicate of this message (redelivered while we worked, after our channel dropped)
            # finished first; its output stands and its worker hands the job on.
            log.warning("stage %s: another delivery of this job finished first; its output stands", name)
            metrics.STAGE_RUNS.labels(name, "skipped", variant).inc()
            await delivery.ack()
            return
        await self._hand_off(record, name)
        await delivery.ack()

    async def _time_out(self, delivery: Delivery, message: JobMessage, where: str) -> None:
        name = self.stage.name
        metrics.STAGE_RUNS.labels(name, "timeout", message.metadata.variant or "default").inc()
        reason = f"the job exceeded its timeout of {message.metadata.timeout} s {where} the {name} stage"
        await fail_job(self.services, message.job_id, "timeout", reason, name)
        await delivery.ack()

    def _mark_running(self, message: JobMessage, crashed_before: int, started_at: datetime, owner: str) -> Mutation:
        name = self.stage.name

        def mutate(record: JobRecord) -> list[JobEvent]:
            transition(record, JobStatus.running)
            record.stage = name
            run = record.stages.setdefault(name, StageRun())
            run.status = StageStatus.running
            # A start killed before it was written still counts: this message's earlier tries
            # each wrote theirs (attempt - 1), and the broker counted the crashed deliveries.
            run.attempts = max(run.attempts + 1, message.attempt + crashed_before)
            run.started_at = started_at
            run.heartbeat_at = started_at
            run.owner = owner
            run.progress = 0.0
            return [JobEvent(kind="stage_started", stage=name, at=started_at, data={"attempt": message.attempt})]

        return mutate

    def _record_output(self, payload: dict[str, Any], elapsed: float) -> Mutation:
        name = self.stage.name

        def mutate(record: JobRecord) -> list[JobEvent]:
            if record.status.terminal:
                raise InvalidTransitionError(record.job_id, record.status, JobStatus.running)
            if name in record.outputs:
                raise StageAlreadyDoneError(record.job_id, name)
            record.outputs[name] = payload
            run = record.stages.setdefault(name, StageRun())
            run.status = StageStatus.done
            run.finished_at = utcnow()
            run.duration_ms = round(elapsed * 1000, 3)
            run.progress = 1.0
            events = [JobEvent(kind="stage_done", stage=name, data={"duration_ms": run.duration_ms})]
            following = record.next_stage(name)
            if following is None:
                transition(record, JobStatus.succeeded)
                record.stage = None
                events.append(JobEvent(kind="job_succeeded", message="brand kit ready"))
            else:
                record.stage = following
            return events

        return mutate

    async def _hand_off(self, record: JobRecord, name: str, *, again: bool = False) -> None:
        following = record.next_stage(name)
        if following is not None:
            if again and (following in record.stages or following in record.outputs):
                return  # the next stage has its message already: it started
            await self.services.broker.publish(record.message_for(following))
        elif record.status == JobStatus.succeeded and record.stages.get(name, StageRun()).finished_at:
            finished = record.stages[name].finished_at
            assert finished is not None
            if (utcnow() - finished).total_seconds() < 60:  # count once, not on late redeliveries
                metrics.JOBS.labels("succeeded").inc()
                metrics.JOB_DURATION.labels("succeeded").observe((finished - record.created_at).total_seconds())

    async def _retry_or_fail(self, delivery: Delivery, message: JobMessage, error: TransientError) -> None:
        name, settings = self.stage.name, self.settings
        variant = message.metadata.variant or "default"
        if message.attempt >= settings.max_attempts:
            await self._fail(
                delivery,
                message,
                "retries_exhausted",
                f"the {name} stage failed {message.attempt} times: {public_reason(error)}; "
                "a backend it needs may be down, submit the request again later",
            )
            return
        delay = (
            error.delay
            if error.delay is not None
            else backoff_delay(message.attempt, settings.retry_base_delay, settings.retry_max_delay)
        )
        retry = message.model_copy(update={"attempt": message.attempt + 1})

        def mutate(record: JobRecord) -> list[JobEvent]:
            run = record.stages.setdefault(name, StageRun())
            run.status = StageStatus.retrying
            run.note = public_reason(error)
            return [
                JobEvent(
                    kind="stage_retry",
                    stage=name,
                    message=public_reason(error),
                    data={"attempt": message.attempt, "delay_s": round(delay, 3)},
                )
            ]

        await self.services.store.update(message.job_id, mutate)
        await self.services.broker.publish(retry, delay=delay)
        metrics.RETRIES.labels(name).inc()
        metrics.STAGE_RUNS.labels(name, "retry", variant).inc()
        log.warning("stage %s: transient error, retry %d in %.2f s: %s", name, retry.attempt, delay, error)
        await delivery.ack()

    async def _fail(self, delivery: Delivery, message: JobMessage, code: str, reason: str) -> None:
        await fail_job(self.services, message.job_id, code, reason, self.stage.name)
        metrics.STAGE_RUNS.labels(self.stage.name, "failed", message.metadata.variant or "default").inc()
        metrics.DEAD_LETTERS.labels(self.stage.name).inc()
        log.error("job failed in stage %s (%s): %s", self.stage.name, code, reason)
        await delivery.dead_letter()

    def _progress_reporter(self, job_id: str, start: StartMark) -> Any:
        name = self.stage.name
        last = [0.0]

        async def report(fraction: float, note: str | None) -> None:
            now = time.monotonic()
            if fraction < 1.0 and now - last[0] < 0.1:
                return  # at most ten updates a second reach the store
            last[0] = now
            with contextlib.suppress(TransientError, InvalidTransitionError):
                await start.written()  # progress follows the start in the history

            def mutate(record: JobRecord) -> list[JobEvent]:
                run = record.stages.setdefault(name, StageRun())
                run.progress = fraction
                run.note = note
                return [JobEvent(kind="progress", stage=name, message=note, data={"progress": round(fraction, 3)})]

            with contextlib.suppress(TransientError):
                await self.services.store.update(job_id, mutate)

        return report


def run_event_loop(main: Coroutine[Any, Any, T]) -> T:
    """Run `main` on uvloop where it is installed (about a third less CPU per message), else asyncio."""
    try:
        import uvloop
    except ImportError:  # Windows
        return asyncio.run(main)
    return uvloop.run(main)


async def run_until_signalled(workers: list[Worker], *, grace: float = 300.0) -> None:
    """Start the workers, wait for SIGTERM or SIGINT, then drain them."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    for worker in workers:
        await worker.start()
    await stop.wait()
    log.info("signal received: draining")
    await asyncio.gather(*(worker.stop(grace) for worker in workers))
