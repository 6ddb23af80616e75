"""Revising a kit: check the change against the kit and the catalogue, then queue the new job.

The same rules as a submit: the caller's own jobs only (another key's kit reads as none), an
`Idempotency-Key` makes retries safe (same key and body, same revision; another body, 422), one
error shape. The work itself (what to reuse, copying files, queueing) is `brandgen.shared.revisions`.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from brandgen.api.errors import ApiError, unavailable
from brandgen.api.models.keys import Caller
from brandgen.api.models.revisions import RevisionRequest
from brandgen.api.services.catalog import font_families
from brandgen.api.services.gateway import Gateway
from brandgen.api.services.submission import _claim, _fail_fast_if_open, fingerprint
from brandgen.shared.errors import TransientError
from brandgen.shared.keys import revision_claim
from brandgen.shared.models import JobRecord, new_job_id
from brandgen.shared.revisions import (
    RevisionConflictError,
    RevisionInvalidError,
    RevisionPlan,
    RevisionSubmitError,
    plan_revision,
    submit_revision,
)
from brandgen.shared.state import JobNotFoundError

log = logging.getLogger("brandgen.api")


@dataclass
class Revised:
    record: JobRecord
    plan: RevisionPlan
    replayed: bool


async def owned_job(gateway: Gateway, caller: Caller, job_id: str) -> JobRecord:
    """The job, if this caller made it; another key's job is indistinguishable from none."""
    store = gateway.services.store
    record = await gateway.state_breaker.call(lambda: store.get(job_id))
    if record.owner != caller.id:
        raise JobNotFoundError(job_id)
    return record


def plan(parent: JobRecord, body: RevisionRequest) -> RevisionPlan:
    try:
        return plan_revision(parent, body, fonts=font_families())
    except RevisionInvalidError as error:
        raise ApiError(422, error.code, error.message, field=error.field) from None
    except RevisionConflictError as error:
        raise ApiError(409, "job_not_succeeded", error.message) from None


async def revise(
    gateway: Gateway, caller: Caller, parent_id: str, body: RevisionRequest, idempotency_key: str | None
) -> Revised:
    _fail_fast_if_open(gateway)
    parent = await owned_job(gateway, caller, parent_id)
    revision_plan = plan(parent, body)
    job_id, replayed, claim = new_job_id(), False, None
    if idempotency_key is not None:
        key_hash = hashlib.sha256(idempotency_key.encode()).hexdigest()
        claim = revision_claim(caller.id, parent_id, key_hash)
        job_id, replayed = await _claim(gateway, claim, fingerprint(body), job_id)  # type: ignore[arg-type]
    try:
        record = await _submit(gateway, revision_plan, job_id)
    except ApiError:
        if claim and not replayed:
            await gateway.services.store.delete_value(claim)
        raise
    if record.webhook_url and not replayed:
        await gateway.webhooks.watch(record.job_id, caller.webhook_secret)
    return Revised(record, revision_plan, replayed)


async def _submit(gateway: Gateway, revision_plan: RevisionPlan, job_id: str) -> JobRecord:
    services = gateway.services
    try:
        return await gateway.broker_breaker.call(lambda: submit_revision(services, revision_plan, job_id=job_id))
    except RevisionSubmitError as error:
        gateway.broker_breaker.failure()
        log.warning("revision %s not queued: %s", job_id, error)
        raise unavailable("the message broker is unavailable; the revision was not queued") from error
    except TransientError as error:
        log.warning("revision %s not queued: %s", job_id, error)
        raise unavailable("a backend is unavailable; the revision was not queued") from error
