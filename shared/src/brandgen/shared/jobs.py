"""Creating, canceling and running jobs: what the API and the `brandgen` command share."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from importlib.metadata import entry_points

from brandgen.shared.broker import broker_from_url
from brandgen.shared.errors import TransientError
from brandgen.shared.models import BrandRequest, JobEvent, JobMetadata, JobRecord, JobStatus, new_job_id, utcnow
from brandgen.shared.runtime import Services, Worker, compensate, fail_job
from brandgen.shared.settings import BrandgenSettings
from brandgen.shared.stage import Stage
from brandgen.shared.state import JobStore, job_store_from_url, transition
from brandgen.shared.storage import asset_store_from_url

STAGE_GROUP = "brandgen.stages"


def discover_stages() -> dict[str, Stage]:
    """Stages installed in this environment (entry-point group `brandgen.stages`), in pipeline order."""
    found: list[Stage] = []
    for entry in entry_points(group=STAGE_GROUP):
        stage = entry.load()
        if not isinstance(stage, Stage):
            raise TypeError(f"entry point {entry.name!r} = {entry.value} is not a brandgen Stage")
        found.append(stage)
    return {stage.name: stage for stage in sorted(found, key=lambda stage: (stage.order, stage.name))}


def build_services(settings: BrandgenSettings) -> Services:
    return Services(
        broker=broker_from_url(
            settings.broker_url,
            prefix=settings.queue_prefix,
            queue_type=settings.queue_type,
            delivery_limit=settings.delivery_limit,
        ),
        store=job_store_from_url(
            settings.state_url,
            prefix=settings.queue_prefix,
            ttl=settings.job_ttl_seconds,
            max_connections=settings.redis_max_connections,
        ),
        assets=asset_store_from_url(
            settings.storage_url,
            endpoint_url=settings.s3_endpoint_url,
            region=settings.s3_region,
            presign_seconds=settings.s3_presign_seconds,
            public_url=settings.s3_public_url,
        ),
        settings=settings,
    )


class SubmitError(Exception):
    """The job could not be handed to the broker; it is recorded as failed."""


async def submit_job(
    services: Services,
    request: BrandRequest,
    *,
    metadata: JobMetadata | None = None,
    owner: str | None = None,
    pipeline: list[str] | None = None,
    webhook_url: str | None = None,
    job_id: str | None = None,
    create: Callable[[JobRecord, JobEvent], Awaitable[bool]] | None = None,
) -> JobRecord:
    """Record the job as queued, then publish it to the first stage (confirmed by the broker).

    `create` replaces `services.store.create` (same contract) for a caller that records the job
    together with checks of its own, e.g. the API's one-round-trip submit.
    """
    record = JobRecord(
        job_id=job_id or new_job_id(),
        owner=owner,
        pipeline=list(pipeline or services.settings.pipeline),
        request=request,
        metadata=metadata or JobMetadata(),
        webhook_url=webhook_url,
    )
    record.stage = record.pipeline[0]
    created = await (create or services.store.create)(record, JobEvent(kind="job_queued", stage=record.stage))
    if not created:
        stored = await services.store.get(record.job_id)
        if not _never_started(stored):
            return stored
        # A retry of a submit that may have died between the record and the publish: publish
        # again. Should both messages exist, the first delivery to finish the stage wins and the
        # other is skipped.
        record = stored
    try:
        await services.broker.publish(record.message_for(record.pipeline[0]))
    except TransientError as error:
        await fail_job(services, record.job_id, "broker_unavailable", f"the job could not be queued: {error}", None)
        raise SubmitError(str(error)) from error
    return record


def _never_started(record: JobRecord) -> bool:
    first = record.pipeline[0]
    return record.status == JobStatus.queued and record.stage == first and first not in record.stages


async def cancel_job(services: Services, job_id: str) -> JobRecord:
    """Cancel a job that has not finished; it stops at the next stage boundary."""

    def mutate(record: JobRecord) -> list[JobEvent]:
        if record.status.terminal:
            return []
        transition(record, JobStatus.canceled)
        return [JobEvent(kind="job_canceled", stage=record.stage, message="canceled by the client")]

    record = await services.store.update(job_id, mutate)
    if record.status == JobStatus.canceled:
        await compensate(services, job_id, reason="canceled")
    return record


def overdue_at(record: JobRecord, grace: float) -> datetime:
    """When an unfinished job counts as timed out for its readers."""
    return record.metadata.deadline() + timedelta(seconds=grace)


async def fail_if_overdue(services: Services, record: JobRecord, *, grace: float = 5.0) -> JobRecord:
    """Fail a job still unfinished `grace` seconds past its deadline.

    Workers enforce the deadline on what they run; this covers a job nobody picks up (a stage
    with no running workers), so a client polling it learns the outcome instead of waiting forever.
    """
    if record.status.terminal or utcnow() < overdue_at(record, grace):
        return record
    where = f" in the {record.stage} stage" if record.stage else ""
    message = (
        f"the job exceeded its timeout of {record.metadata.timeout} s{where}; "
        "no worker finished it in time (are that stage's workers running?)"
    )
    return await fail_job(services, record.job_id, "timeout", message, record.stage) or record


async def wait_for_job(store: JobStore, job_id: str, timeout: float) -> JobRecord:
    async def watch() -> JobRecord:
        seen = 0
        while True:
            record = await store.get(job_id)
            if record.status.terminal:
                return record
            seen = len(await store.events(job_id))
            await store.wait_for_events(job_id, seen, 1.0)

    return await asyncio.wait_for(watch(), timeout)


async def start_workers(services: Services, stages: dict[str, Stage]) -> list[Worker]:
    """Start one in-process worker per stage (the embedded default and tests)."""
    workers = [Worker(stage, services) for stage in stages.values()]
    for worker in workers:
        await worker.start()
    return workers
