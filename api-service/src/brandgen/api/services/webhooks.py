"""Webhook delivery: a signed POST when a job reaches its final status, retried with backoff.

Delivered from the API process: a task per job with a `webhook_url` follows the job's events,
started at submit and re-armed at startup for every job still waiting for its webhook (the
`pending` index). Several API replicas may follow the same job; a claim written with
`set_if_absent` lets exactly one of them deliver.

Webhook URLs that resolve to loopback, private, link-local or otherwise non-public addresses are
refused at delivery (recorded as `webhook_failed`), so a client cannot make the API call into the
network it runs in; `BRANDGEN_WEBHOOK_ALLOW_PRIVATE_NETWORKS=true` allows them (tests, intranets).
"Non-public" is every range of the IANA IPv4 and IPv6 special-purpose registries that is not
globally reachable, multicast, and any IPv6 form that carries such an IPv4 address (IPv4-mapped,
IPv4-compatible, SIIT, NAT64, 6to4, Teredo): see `refusal`. The host is looked up once per try and
the connection goes to the address that was checked (TLS still verified against the name), so a DNS
answer that changes in between cannot redirect it.

A receiver cannot hold the API: each try has one deadline for connect, send and answer together
(`BRANDGEN_WEBHOOK_TIMEOUT_SECONDS`, not per read), and at most `MAX_RESPONSE_BYTES` of its answer
are read (only the status decides; the start of an error body is logged).

Signature (Stripe style): `X-Brandgen-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>` over
`"<t>.<raw body>"` with the key's webhook secret (or `BRANDGEN_WEBHOOK_SECRET`). Receivers
recompute it and reject stale `t` to stop replays.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import ipaddress
import json
import logging
import time
import uuid
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, cast

import httpx
from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt, wait_exponential

from brandgen.shared.errors import TransientError
from brandgen.shared.keys import webhook_claim
from brandgen.shared.models import EventKind, JobEvent, JobRecord
from brandgen.shared.state import JobNotFoundError, JobStore, RedisBackend

log = logging.getLogger("brandgen.api.webhooks")

SIGNATURE_HEADER = "X-Brandgen-Signature"
MAX_RESPONSE_BYTES = 4096
"""Most of a receiver's answer the API reads: the status decides, a few KiB of body are logged."""


def sign(secret: str, body: bytes, timestamp: int) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify_signature(secret: str, body: bytes, header: str, tolerance: float = 300.0) -> bool:
    """What a receiver does (used by the tests, documented in the README)."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs(time.time() - timestamp) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, body, timestamp), header)


def payload(record: JobRecord) -> dict[str, object]:
    return {
        "type": f"job.{record.status.value}",
        "job_id": record.job_id,
        "status": record.status.value,
        "error": record.error.model_dump() if record.error else None,
        "finished_at": record.updated_at.isoformat(),
    }


class _RetryableError(Exception):
    pass


class WebhookRefusedError(ValueError):
    """The webhook URL must not be called; not retried."""


async def resolve(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, None)
    except OSError as error:
        raise _RetryableError(f"cannot resolve {host}: {error}") from error
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Special-purpose ranges (IANA registries) that Python 3.11's `is_global` still counts as global;
# later Pythons agree on most of them. 192.0.0.0/24 as a whole: its two anycast addresses (.9, .10)
# are reachable but are never anyone's webhook receiver.
_NOT_PUBLIC = tuple(
    ipaddress.ip_network(network)
    for network in (
        "192.0.0.0/24",  # IETF protocol assignments (RFC 6890)
        "192.88.99.0/24",  # deprecated 6to4 relay anycast (RFC 7526)
        "64:ff9b:1::/48",  # local-use IPv4/IPv6 translation (RFC 8215)
        "100:0:0:1::/64",  # dummy IPv6 prefix (RFC 9780)
        "3fff::/20",  # documentation (RFC 9637)
        "5f00::/16",  # segment routing SIDs (RFC 9602)
        "fec0::/10",  # deprecated site-local (RFC 3879)
    )
)
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # well-known prefix (RFC 6052): the last 32 bits
_SIIT = ipaddress.IPv6Network("::ffff:0:0:0/96")  # IPv4-translated ::ffff:0:a.b.c.d (RFC 2765)
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")  # deprecated ::a.b.c.d (RFC 4291); :: and ::1 too


def embedded_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address] | None:
    """The IPv4 address(es) an IPv6 form carries and leads to, or None for a plain IPv6 address."""
    if address.ipv4_mapped is not None:
        return [address.ipv4_mapped]
    if address.sixtofour is not None:
        return [address.sixtofour]
    if address.teredo is not None:
        return list(address.teredo)  # the relay server and the client behind it
    if any(address in network for network in (_NAT64, _SIIT, _IPV4_COMPATIBLE)):
        return [ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)]
    return None


def refusal(address: IPAddress) -> str | None:
    """Why a webhook must not go to `address` (a non-public address, or an IPv6 form carrying one),
    or None when it is a public unicast address."""
    if isinstance(address, ipaddress.IPv6Address):
        carried = None if address.is_loopback or address.is_unspecified else embedded_ipv4(address)
        if carried is not None:
            # Translation forms are judged by where they lead: ::ffff:127.0.0.1 is loopback.
            bad = [inner for inner in carried if refusal(inner)]
            return f"{address} carries {bad[0]}, a private or local address" if bad else None
    if not address.is_global or address.is_multicast or any(address in net for net in _NOT_PUBLIC):
        return f"{address}, a private or local address"
    return None


@dataclass
class PinnedTarget:
    """Where a delivery connects: the address that was checked, not a second lookup's answer, so
    a DNS answer that changes between the check and the connect (DNS rebinding) cannot redirect it."""

    url: httpx.URL  # the webhook URL with its host replaced by the checked address
    host_header: str
    extensions: dict[str, Any]  # TLS: SNI and certificate checks against the original name


async def pinned_target(url: str, *, allow_private_networks: bool) -> PinnedTarget:
    """Resolve the webhook host once, refuse non-public addresses, and pin the connection to one."""
    parsed = httpx.URL(url)
    addresses = await resolve(parsed.host)
    if not addresses:
        raise _RetryableError(f"cannot resolve {parsed.host}: no addresses")
    if not allow_private_networks:
        for address in addresses:
            if reason := refusal(address):
                raise WebhookRefusedError(f"{parsed.host} resolves to {reason}; webhooks go to public hosts only")
    extensions: dict[str, Any] = {"sni_hostname": parsed.host} if parsed.scheme == "https" else {}
    return PinnedTarget(parsed.copy_with(host=str(addresses[0])), parsed.netloc.decode("ascii"), extensions)


async def _read_at_most(response: httpx.Response, limit: int) -> bytes:
    """The first `limit` bytes of the (undecoded) body, reading no further."""
    received = bytearray()
    async for chunk in response.aiter_raw():
        received += chunk[: limit - len(received)]
        if len(received) >= limit:
            break
    return bytes(received)


def _retryable(error: BaseException) -> bool:
    return isinstance(error, _RetryableError | httpx.TransportError)


class PendingIndex(ABC):
    """Jobs whose webhook is not delivered yet, so a restarted API can pick them up."""

    @abstractmethod
    async def add(self, job_id: str, secret: str | None) -> None: ...

    @abstractmethod
    async def remove(self, job_id: str) -> None: ...

    @abstractmethod
    async def all(self) -> dict[str, str | None]: ...


class MemoryPendingIndex(PendingIndex):
    def __init__(self) -> None:
        self._pending: dict[str, str | None] = {}

    async def add(self, job_id: str, secret: str | None) -> None:
        self._pending[job_id] = secret

    async def remove(self, job_id: str) -> None:
        self._pending.pop(job_id, None)

    async def all(self) -> dict[str, str | None]:
        return dict(self._pending)


class RedisPendingIndex(PendingIndex):
    """A hash: job id -> the secret to sign with ("" for the global one) (`RedisKeys.webhooks_pending`)."""

    def __init__(self, backend: RedisBackend) -> None:
        self.redis, self.key = backend.client, backend.keys.webhooks_pending

    async def add(self, job_id: str, secret: str | None) -> None:
        await self.redis.hset(self.key, job_id, secret or "")

    async def remove(self, job_id: str) -> None:
        await self.redis.hdel(self.key, job_id)

    async def all(self) -> dict[str, str | None]:
        # The job store's client decodes responses (decode_responses=True): keys and values are str.
        raw = cast("dict[str, str]", await self.redis.hgetall(self.key))
        return {job_id: secret or None for job_id, secret in raw.items()}


def pending_index(store: JobStore) -> PendingIndex:
    """Kept beside the store's jobs: on its Redis, else in this process."""
    backend = store.redis_backend
    return MemoryPendingIndex() if backend is None else RedisPendingIndex(backend)


class WebhookDispatcher:
    def __init__(
        self,
        store: JobStore,
        *,
        default_secret: str | None,
        attempts: int,
        backoff: float,
        timeout: float,
        allow_private_networks: bool = False,
    ) -> None:
        self.store = store
        self.allow_private_networks = allow_private_networks
        self.pending = pending_index(store)
        self.default_secret = default_secret
        self.attempts, self.backoff, self.timeout = attempts, backoff, timeout
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._client: httpx.AsyncClient | None = None

    async def start(self) -> None:
        self._client = httpx.AsyncClient(timeout=self.timeout, follow_redirects=False)
        try:
            waiting = await self.pending.all()
        except Exception as error:  # Redis down at startup: the API still starts
            log.warning("could not re-arm pending webhooks: %s", error)
            return
        for job_id, secret in waiting.items():
            self._arm(job_id, secret)
        if waiting:
            log.info("re-armed %d pending webhook(s)", len(waiting))

    async def stop(self) -> None:
        for task in self._tasks.values():
            task.cancel()
        for task in list(self._tasks.values()):
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        if self._client:
            await self._client.aclose()

    async def watch(self, job_id: str, secret: str | None) -> None:
        """Deliver this job's webhook when it finishes (called at submit, after the job is queued)."""
        try:
            await self.pending.add(job_id, secret)
        except Exception as error:  # the job is accepted already: never turn that into an error answer
            log.warning("webhook of job %s will not survive an API restart (pending index: %s)", job_id, error)
        self._arm(job_id, secret)

    def _arm(self, job_id: str, secret: str | None) -> None:
        if job_id in self._tasks:
            return
        task = asyncio.create_task(self._follow(job_id, secret), name=f"webhook-{job_id}")
        self._tasks[job_id] = task
        task.add_done_callback(lambda _: self._tasks.pop(job_id, None))

    async def _follow(self, job_id: str, secret: str | None) -> None:
        try:
            while True:
                try:
                    async for _ in self.store.follow(job_id, poll=5.0):
                        pass
                    record = await self.store.get(job_id)
                    break
                except TransientError as error:  # Redis restarting: keep following
                    log.warning("webhook watcher of %s: %s", job_id, error)
                    await asyncio.sleep(2.0)
            if record.webhook_url and await self.store.set_if_absent(webhook_claim(job_id), "1", ttl=3600):
                await self._deliver(record, secret or self.default_secret)
            await self.pending.remove(job_id)
        except JobNotFoundError:
            await self.pending.remove(job_id)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("webhook watcher of %s failed", job_id)

    async def _deliver(self, record: JobRecord, secret: str | None) -> None:
        assert record.webhook_url
        assert self._client
        body = json.dumps(payload(record), separators=(",", ":")).encode()
        delivery = uuid.uuid4().hex
        tries = 0
        try:
            async for attempt in AsyncRetrying(
                retry=retry_if_exception(_retryable),
                stop=stop_after_attempt(self.attempts),
                wait=wait_exponential(multiplier=self.backoff, max=300),
                reraise=True,
            ):
                with attempt:
                    tries += 1
                    status = await self._try(record, body, delivery, secret)
                    if status >= 500 or status in (408, 429):
                        raise _RetryableError(f"HTTP {status}")
                    if status >= 400:
                        raise ValueError(f"HTTP {status}")  # the receiver refuses: no retry
        except Exception as error:
            log.warning("webhook of job %s not delivered after %d tries: %s", record.job_id, tries, error)
            await self._record(
                record.job_id, EventKind.webhook_failed, f"not delivered after {tries} tries: {error}", tries
            )
            return
        await self._record(record.job_id, EventKind.webhook_delivered, f"delivered to {record.webhook_url}", tries)

    async def _try(self, record: JobRecord, body: bytes, delivery: str, secret: str | None) -> int:
        """One try: the receiver's status, within one deadline for the lookup and the whole exchange
        (httpx's timeouts are per read, so a receiver sending a byte now and then never trips them)."""
        assert record.webhook_url
        try:
            async with asyncio.timeout(self.timeout):
                target = await pinned_target(record.webhook_url, allow_private_networks=self.allow_private_networks)
                headers = {
                    "Host": target.host_header,
                    "Content-Type": "application/json",
                    "User-Agent": "brandgen-webhooks/1",
                    "X-Brandgen-Event": f"job.{record.status.value}",
                    "X-Brandgen-Delivery": delivery,
                }
                if secret:
                    headers[SIGNATURE_HEADER] = sign(secret, body, int(time.time()))
                return await self._post(record.job_id, target, headers, body)
        except TimeoutError as error:
            raise _RetryableError(f"no answer within {self.timeout:g} s") from error

    async def _post(self, job_id: str, target: PinnedTarget, headers: dict[str, str], body: bytes) -> int:
        assert self._client
        request = self._client.build_request(
            "POST", target.url, content=body, headers=headers, extensions=target.extensions
        )
        response = await self._client.send(request, stream=True)
        try:
            if response.status_code >= 400:
                start = await _read_at_most(response, MAX_RESPONSE_BYTES)
                log.info("webhook of job %s: HTTP %d %r", job_id, response.status_code, start[:200])
            return response.status_code
        finally:
            await response.aclose()  # the rest of the body is never read: the connection is dropped

    async def _record(self, job_id: str, kind: EventKind, message: str, tries: int) -> None:
        event = JobEvent(kind=kind, message=message, data={"attempts": tries})
        with contextlib.suppress(JobNotFoundError, TransientError):
            await self.store.update(job_id, lambda record: [event])
