"""Submitting a job: idempotency, the circuit breakers, then the shared `submit_job`.

Idempotency: `(caller, Idempotency-Key)` maps to a body fingerprint and a job id, claimed with
`set_if_absent` before the job exists. A repeat with the same body re-runs `submit_job` with the
same job id, which returns the stored job (creating it if the first request died before it
could, and publishing it again if it never started, in case the first request died before its
publish); a different body is refused with 422. A submit that fails releases its key so the client
can retry with it.

On Redis, a submit whose rate-limit hit was left to it (`authenticate_uncounted`) does the hit, the
claim and the job record in one script (`_SUBMIT`): one round trip instead of three, with the same
outcomes: a request over the limit claims and creates nothing; a key already claimed creates
nothing and is replayed or refused as above.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
from dataclasses import dataclass

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from brandgen.api.deps import count_request
from brandgen.api.errors import ApiError, unavailable
from brandgen.api.models.jobs import SubmitRequest
from brandgen.api.models.keys import Caller
from brandgen.api.services.breaker import CircuitOpenError
from brandgen.api.services.gateway import Gateway
from brandgen.api.services.rate_limit import WINDOW_SECONDS, RedisRateLimiter, Verdict
from brandgen.shared.errors import TransientError
from brandgen.shared.jobs import SubmitError, fail_job, submit_job
from brandgen.shared.keys import idempotency_claim
from brandgen.shared.models import JobEvent, JobRecord, new_job_id
from brandgen.shared.state import CREATE_SCRIPT

log = logging.getLogger("brandgen.api")


@dataclass
class Submitted:
    record: JobRecord
    replayed: bool
    verdict: Verdict | None = None
    """The rate-limit verdict, when the submit counted the request itself."""


def fingerprint(body: SubmitRequest) -> str:
    canonical = json.dumps(body.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


async def submit(
    gateway: Gateway, caller: Caller, body: SubmitRequest, idempotency_key: str | None, *, counted: bool = True
) -> Submitted:
    """Submit `body` for `caller`; with `counted=False` the request is counted here (one round trip)."""
    if not counted and _open_breaker(gateway):
        # The dependency's order: counted (429 first), then a breaker's 503.
        await count_request(gateway, caller)
        counted = True
    _fail_fast_if_open(gateway)
    job_id, replayed, claim, digest = new_job_id(), False, None, ""
    if idempotency_key is not None:
        claim = idempotency_claim(caller.id, hashlib.sha256(idempotency_key.encode()).hexdigest())
        digest = fingerprint(body)
    one_trip = None if counted else _OneTrip(gateway, caller, claim, digest, job_id)
    if claim and one_trip is None:
        job_id, replayed = await _claim(gateway, claim, digest, job_id)
    try:
        try:
            record = await _submit(gateway, caller, body, job_id, one_trip)
        except _ClaimTakenError as taken:
            job_id, replayed = _replay(taken.stored, digest), True
            record = await _submit(gateway, caller, body, job_id)
    except ApiError:
        if claim and not replayed and (one_trip is None or one_trip.claimed):
            await gateway.services.store.delete_value(claim)
        raise
    if record.webhook_url and not replayed:
        await gateway.webhooks.watch(record.job_id, caller.webhook_secret)
    return Submitted(record, replayed, one_trip.verdict if one_trip else None)


# KEYS: rate-limit counter, idempotency claim ("" for none), then CREATE_SCRIPT's KEYS.
# ARGV: window seconds, claim value, claim ttl, limit, then CREATE_SCRIPT's ARGV.
# Returns {outcome, count, ttl[, detail]}: limited (nothing written but the count), claimed (detail:
# the claim's value; no job written), created (detail: CREATE_SCRIPT's 1, or 0 for a taken id).
# The counting is the rate limiter's own (INCR, EXPIRE on the window's first hit, TTL repaired).
_SUBMIT = (
    """
local counter, claim = table.remove(KEYS, 1), table.remove(KEYS, 1)
local window, claim_value, claim_ttl = table.remove(ARGV, 1), table.remove(ARGV, 1), table.remove(ARGV, 1)
local limit = tonumber(table.remove(ARGV, 1))
local count = redis.call('INCR', counter)
if count == 1 then redis.call('EXPIRE', counter, window) end
local ttl = redis.call('TTL', counter)
if ttl < 0 then redis.call('EXPIRE', counter, window); ttl = tonumber(window) end
if count > limit then return {'limited', count, ttl} end
if claim ~= '' and not redis.call('SET', claim, claim_value, 'NX', 'EX', claim_ttl) then
  return {'claimed', count, ttl, redis.call('GET', claim)}
end
local function create()
"""
    + CREATE_SCRIPT
    + """
end
return {'created', count, ttl, create()}
"""
)


class _ClaimTakenError(Exception):
    def __init__(self, stored: str) -> None:
        self.stored = stored


class _OneTrip:
    """`store.create` for `submit_job`, counting the request and claiming the key in the same script."""

    def __init__(self, gateway: Gateway, caller: Caller, claim: str | None, digest: str, job_id: str) -> None:
        self.gateway, self.caller, self.claim = gateway, caller, claim
        self.claim_value = json.dumps({"fingerprint": digest, "job_id": job_id}) if claim else ""
        self.verdict: Verdict | None = None
        self.claimed = False

    async def __call__(self, record: JobRecord, event: JobEvent) -> bool:
        limiter = self.gateway.limiter
        assert isinstance(limiter, RedisRateLimiter)  # authenticate_uncounted defers the count only on Redis
        backend = limiter.backend  # the job store's Redis
        keys, args = backend.create_call(record, event)
        claim_key = backend.keys.value(self.claim) if self.claim else ""
        limit, ttl = self.caller.rate_limit_per_minute, self.gateway.settings.idempotency_ttl_seconds
        script = limiter.registered(_SUBMIT)  # registered for reloading should Redis restart

        async def run() -> list[object]:
            try:
                result: list[object] = await backend.pipeline.evalsha(
                    script,
                    [limiter.key(self.caller.id), claim_key, *keys],
                    [WINDOW_SECONDS, self.claim_value, ttl, limit, *args],
                )
            except (RedisConnectionError, RedisTimeoutError, OSError) as error:
                raise TransientError(f"job state store unreachable: {error}") from error
            return result

        outcome, count, window_left, *detail = await self.gateway.state_breaker.call(run)
        self.verdict = Verdict.of(int(str(count)), limit, int(str(window_left)))
        if outcome == "limited":
            raise self.verdict.refusal()
        if outcome == "claimed":
            raise _ClaimTakenError(str(detail[0]))
        self.claimed = self.claim is not None
        return bool(detail[0])


def _replay(stored_value: str, digest: str) -> str:
    """The job id a claim holds for this body; 422 when the key was used with another body."""
    stored = json.loads(stored_value)
    if stored["fingerprint"] != digest:
        raise ApiError(
            422,
            "idempotency_key_reused",
            "this Idempotency-Key was used with a different request body; use a new key for a new request",
            field="header.Idempotency-Key",
        )
    return str(stored["job_id"])


def _open_breaker(gateway: Gateway) -> bool:
    try:
        _fail_fast_if_open(gateway)
    except ApiError:
        return True
    return False


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
    return _replay(existing, digest), True


async def _submit(
    gateway: Gateway, caller: Caller, body: SubmitRequest, job_id: str, create: _OneTrip | None = None
) -> JobRecord:
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
                create=create,
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
