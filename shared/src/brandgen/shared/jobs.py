"""Operations on jobs through the backends: submit, cancel, fail, clean up, wait.

What the API, the workers and the `brandgen` command share; each writes its change with a
`lifecycle` function in one atomic store update.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from brandgen.shared import lifecycle, metrics
from brandgen.shared.errors import TransientError
from brandgen.shared.models import BrandRequest, JobEvent, JobMetadata, JobRecord, JobStatus, new_job_id, utcnow
from brandgen.shared.services import Services
from brandgen.shared.state import JobNotFoundError, JobStore

log = logging.getLogger("brandgen.jobs")


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
    created = await (create or services.store.create)(record, lifecycle.queued(record))
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
    record = await services.store.update(job_id, lifecycle.cancel)
    if record.status == JobStatus.canceled:
        await compensate(services, job_id, reason="canceled")
    return record


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
    try:
        record = await services.store.update(
            job_id, lambda job: lifecycle.fail(job, code, message, stage, removed=removed), known=current
        )
    except JobNotFoundError:
        return None
    if record.status == JobStatus.failed and record.error and record.error.code == code:
        metrics.JOBS.labels("failed").inc()
        metrics.JOB_DURATION.labels("failed").observe((utcnow() - record.created_at).total_seconds())
    return record


async def compensate(services: Services, job_id: str, *, reason: str) -> None:
    """Remove the partial assets of a job that will not finish (canceled); the history records it."""
    removed = await _remove_assets(services, job_id)
    if removed:
        with contextlib.suppress(JobNotFoundError, TransientError):
            await services.store.update(job_id, lambda job: [lifecycle.cleaned_up(removed, reason)])


async def _remove_assets(services: Services, job_id: str) -> int:
    try:
        return await services.assets.for_job(job_id).delete_all()
    except Exception as error:  # the bucket's lifecycle rule expires what is left
        log.warning("could not remove assets of job %s: %s", job_id, error)
        return 0


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
