"""The consume loop every stage service runs on, and the process entry points that run it.

For each message: skip work this job has already done (redelivery is harmless), enforce the job's
deadline, run the stage, record its output, publish the next stage, and only then ack. Transient
errors retry with exponential backoff through the broker's delay queues; anything else, or too many
tries, fails the job with a readable reason, removes its partial assets and dead-letters the
message. SIGTERM stops consuming, lets the jobs in hand finish, then exits.

The API never imports this module (a test checks it): what it shares with the workers lives in
`jobs`, `lifecycle` and `services`.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import random
import secrets
import signal
import time
from collections.abc import Coroutine
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_delay, wait_exponential

from brandgen.shared import lifecycle, metrics
from brandgen.shared.broker import Delivery, Subscription
from brandgen.shared.errors import StageError, TransientError
from brandgen.shared.jobs import compensate, fail_job
from brandgen.shared.lease import LET_GO_WAIT, StartMark, wait_while_running_elsewhere
from brandgen.shared.lifecycle import InvalidTransitionError, StageAlreadyDoneError
from brandgen.shared.logs import job_context
from brandgen.shared.models import JobEvent, JobMessage, JobRecord, JobStatus, StageRun, utcnow
from brandgen.shared.services import Services
from brandgen.shared.settings import BrandgenSettings
from brandgen.shared.stage import Stage, StageContext
from brandgen.shared.state import JobNotFoundError, Mutation

log = logging.getLogger("brandgen.runtime")
T = TypeVar("T")


def backoff_delay(attempt: int, base: float, cap: float) -> float:
    """Exponential backoff with jitter: base * 2^(attempt-1), +-20 %, capped."""
    delay: float = min(cap, base * 2 ** (attempt - 1))
    return delay * random.uniform(0.8, 1.2)  # noqa: S311 - jitter, not security


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


@dataclass
class Worker:
    stage: Stage
    services: Services
    resources: Any = None
    """The stage's resources, opened once at `start` from its declaration, closed at `stop`."""
    _subscription: Subscription | None = None
    _in_flight: set[asyncio.Task[None]] = field(default_factory=set)
    _resources_exit: AsyncExitStack | None = None
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
        if self._resources_exit is None:
            self._resources_exit = AsyncExitStack()
            self.resources = await self._resources_exit.enter_async_context(self.stage.open(self.settings))
        await self.services.broker.declare([self.stage.name])
        prefetch = self.settings.prefetch or self.stage.prefetch
        self._subscription = await self.services.broker.consume(self.stage.name, self._on_delivery, prefetch=prefetch)
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
        resources_exit, self._resources_exit = self._resources_exit, None
        if resources_exit is not None:
            await resources_exit.aclose()
            self.resources = None

    async def _on_delivery(self, delivery: Delivery) -> None:
        token = secrets.token_hex(16)  # this delivery's runs of the stage, across in-place retries
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
        record = await wait_while_running_elsewhere(services.store, record, name, token, message.metadata.deadline())

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
        start = StartMark(services.store, record, mark_running, stage=name, owner=token)
        try:
            await self._run_stage(delivery, message, record, start, remaining)
        finally:
            await start.settle()

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
            _progress=self._progress_reporter(start),
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
                await start.written()  # InvalidTransitionError when canceled meanwhile
                record = await start.update(record_output)
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
        name, attempt = self.stage.name, message.attempt

        def mutate(record: JobRecord) -> list[JobEvent]:
            return lifecycle.start(
                record, name, attempt=attempt, crashed_before=crashed_before, at=started_at, owner=owner
            )

        return mutate

    def _record_output(self, payload: dict[str, Any], elapsed: float) -> Mutation:
        name = self.stage.name

        def mutate(record: JobRecord) -> list[JobEvent]:
            return lifecycle.finish(record, name, payload, elapsed)

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
            return lifecycle.retry(record, name, public_reason(error), attempt=message.attempt, delay=delay)

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

    def _progress_reporter(self, start: StartMark) -> Any:
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
                return lifecycle.progress(record, name, fraction, note)

            with contextlib.suppress(TransientError):
                await start.update(mutate)

        return report


async def start_workers(services: Services, stages: dict[str, Stage]) -> list[Worker]:
    """Start one in-process worker per stage (the embedded default and tests)."""
    workers = [Worker(stage, services) for stage in stages.values()]
    for worker in workers:
        await worker.start()
    return workers


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
    # What start-up built (modules, fonts, models, the stage's resources) lives as long as the
    # process: frozen out of the collector's sight, a full collection walks only what jobs made.
    # The pdf worker's walked ~300,000 start-up objects, ~150 ms, every few kits.
    gc.collect()
    gc.freeze()
    await stop.wait()
    log.info("signal received: draining")
    await asyncio.gather(*(worker.stop(grace) for worker in workers))
