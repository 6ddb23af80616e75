"""Submitting a job: idempotency, the circuit breakers, then the shared `submit_job`.

Idempotency: `(caller, Idempotency-Key)` maps to a body fingerprint and a job id, claimed with
`set_if_absent` before the job exists. A repeat with the same body re-runs `submit_job` with the
same job id, which returns the stored job (creating it if the first request died before it
could, and publishing it again if it never started, in case the first request died before its
publish); a different body is refused with 422. A submit that fails releases its key so the client
can retry with it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
from dataclasses import dataclass

from brandgen.api.errors import ApiError, unavailable
from brandgen.api.models.jobs import SubmitRequest
from brandgen.api.models.keys import Caller
from brandgen.api.services.breaker import CircuitOpenError
from brandgen.api.services.gateway import Gateway
from brandgen.shared.errors import TransientError
from brandgen.shared.jobs import SubmitError, submit_job
from brandgen.shared.models import JobRecord, new_job_id
from brandgen.shared.runtime import fail_job

log = logging.getLogger("brandgen.api")


@dataclass
class Submitted:
    record: JobRecord
    replayed: bool


def fingerprint(body: SubmitRequest) -> str:
    canonical = json.dumps(body.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


async def submit(gateway: Gateway, caller: Caller, body: SubmitRequest, idempotency_key: str | None) -> Submitted:
    _fail_fast_if_open(gateway)
    job_id, replayed, claim = new_job_id(), False, None
    if idempotency_key is not None:
        claim = f"idem:{caller.id}:{hashlib.sha256(idempotency_key.encode()).hexdigest()}"
        job_id, replayed = await _claim(gateway, claim, fingerprint(body), job_id)
    try:
        record = await _submit(gateway, caller, body, job_id)
    except ApiError:
        if claim and not replayed:
            await gateway.services.store.delete_value(claim)
        raise
    if record.webhook_url and not replayed:
        await gateway.webhooks.watch(record.job_id, caller.webhook_secret)
    return Submitted(record, replayed)


def _fail_fast_if_open(gateway: Gateway) -> None:
    for breaker in (gateway.state_breaker, gateway.broker_breaker):
        try:
            breaker.check()
        except CircuitOpenError as error:
            raise unavailable(str(error), max(1, round(error.retry_after))) from error


async def _claim(gateway: Gateway, claim: str, digest: str, job_id: str) -> tuple[str, bool]:
    store, ttl = gateway.services.store, gateway.settings.idempotency_ttl_seconds
    value = json.dumps({"fingerprint": digest, "job_id": job_id})
    try:
        if await gateway.state_breaker.call(lambda: store.set_if_absent(claim, value, ttl)):
            return job_id, False
        existing = await gateway.state_breaker.call(lambda: store.get_value(claim))
    except TransientError as error:
        # The driver's words name internal hosts and ports: logged here, never sent to the client.
        log.warning("idempotency claim failed: %s", error)
        raise unavailable("the job state store is unavailable; try again shortly") from error
    if existing is None:  # expired between the two calls: claim it again
        return await _claim(gateway, claim, digest, job_id)
    stored = json.loads(existing)
    if stored["fingerprint"] != digest:
        raise ApiError(
            422,
            "idempotency_key_reused",
            "this Idempotency-Key was used with a different request body; use a new key for a new request",
            field="header.Idempotency-Key",
        )
    return str(stored["job_id"]), True


async def _submit(gateway: Gateway, caller: Caller, body: SubmitRequest, job_id: str) -> JobRecord:
    services = gateway.services
    try:
        # submit_job writes the record, then publishes; the broker breaker bounds the whole call
        # (a store outage surfaces as TransientError from inside it).
        return await gateway.broker_breaker.call(
            lambda: submit_job(
                services,
                body.brand_request(),
                metadata=body.metadata(),
                owner=caller.id,
                webhook_url=str(body.webhook_url) if body.webhook_url else None,
                job_id=job_id,
            )
        )
    except SubmitError as error:
        gateway.broker_breaker.failure()
        log.warning("job %s not queued: %s", job_id, error)
        raise unavailable("the message broker is unavailable; the job was not queued") from error
    except TransientError as error:
        # Timed out or the store failed: the record may exist without its message. Mark it failed
        # (best effort) so it never sits queued forever.
        log.warning("job %s not queued: %s", job_id, error)
        reason = "the job could not be queued: a backend was unavailable"
        with contextlib.suppress(TransientError):
            await gateway.state_breaker.call(lambda: fail_job(services, job_id, "broker_unavailable", reason, None))
        raise unavailable("a backend is unavailable; the job was not queued") from error
