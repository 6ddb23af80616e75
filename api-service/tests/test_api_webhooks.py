"""Signed webhooks on completion, retried with backoff, delivered to a real local HTTP receiver."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from brandgen.api.services.webhooks import SIGNATURE_HEADER, verify_signature
from brandgen.shared.testkit import eventually_blocking


class Receiver:
    """Answers 500 to the first `failures` deliveries, then 204; keeps what it received."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.received: list[tuple[dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(500 if len(receiver.received) <= receiver.failures else 204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait(self, count: int, timeout: float = 15.0) -> None:
        eventually_blocking(
            lambda: len(self.received), lambda got: got >= count, timeout=timeout, what=f"{count} calls"
        )


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    made = Receiver(failures=1)
    yield made
    made.server.shutdown()


def test_webhook_is_signed_retried_and_recorded(api, brand, receiver) -> None:
    with api.client() as client:
        job_id = client.post("/v1/brand-kits", json=brand | {"webhook_url": receiver.url}).json()["job_id"]
        receiver.wait(2)  # the first answer was 500: delivered again after a backoff
        headers, body = receiver.received[-1]
        assert headers["x-brandgen-event"] == "job.succeeded"
        assert receiver.received[0][0]["x-brandgen-delivery"] == headers["x-brandgen-delivery"]
        assert verify_signature(api.webhook_secret, body, headers[SIGNATURE_HEADER.lower()])
        assert not verify_signature("another secret", body, headers[SIGNATURE_HEADER.lower()])
        assert json.loads(body) | {"finished_at": None} == {
            "type": "job.succeeded",
            "job_id": job_id,
            "status": "succeeded",
            "error": None,
            "finished_at": None,
        }

        def kinds() -> list[str]:
            with client.stream("GET", f"/v1/jobs/{job_id}/events") as response:
                return [line.removeprefix("event: ") for line in response.iter_lines() if line.startswith("event:")]

        eventually_blocking(kinds, lambda seen: "webhook_delivered" in seen, timeout=5, interval=0.1)
    assert len(receiver.received) == 2  # delivered once, not again


@pytest.mark.rabbitmq
@pytest.mark.redis
def test_webhooks_waiting_when_the_api_stopped_are_delivered_after_restart(start_api, brand, receiver) -> None:
    """A job finished while no API process followed it: the next one to start delivers its webhook."""
    idle = start_api(stages=False, backend="real")  # accepts the job, but nothing runs it yet
    with idle.client() as client:
        job_id = client.post("/v1/brand-kits", json=brand | {"webhook_url": receiver.url}).json()["job_id"]
    idle.stop()
    # A fresh API with stages on the same prefix and Redis: it re-arms the pending webhook at startup
    # and its workers run the queued job.
    start_api(stages=True, prefix=idle.settings.queue_prefix, backend="real")
    receiver.wait(2)
    assert json.loads(receiver.received[-1][1])["job_id"] == job_id


def test_webhooks_to_private_addresses_are_refused_and_recorded(start_api, brand, receiver) -> None:
    guarded = start_api(stages=True, webhook_allow_private_networks=False)
    with guarded.client(key=guarded.key) as client:
        job_id = client.post("/v1/brand-kits", json=brand | {"webhook_url": receiver.url}).json()["job_id"]

        def failures() -> list[dict[str, Any]]:
            with client.stream("GET", f"/v1/jobs/{job_id}/events") as response:
                data = [
                    json.loads(line.removeprefix("data: "))
                    for line in response.iter_lines()
                    if line.startswith("data:")
                ]
            return [event for event in data if event.get("kind") == "webhook_failed"]

        failed = eventually_blocking(failures, timeout=15, interval=0.1, what="the refusal recorded on the job")
    assert "127.0.0.1" in failed[0]["message"]
    assert "private or local" in failed[0]["message"]
    assert receiver.received == [], "the API never called into its own network"


async def test_a_pending_index_outage_does_not_fail_an_accepted_submit() -> None:
    from brandgen.api.services.webhooks import PendingIndex, WebhookDispatcher
    from brandgen.shared.state import MemoryJobStore

    class UnreachablePendingIndex(PendingIndex):  # a fake: Redis down right after the job was queued
        async def add(self, job_id: str, secret: str | None) -> None:
            raise ConnectionError("redis restarting")

        async def remove(self, job_id: str) -> None:
            return None

        async def all(self) -> dict[str, str | None]:
            return {}

    dispatcher = WebhookDispatcher(MemoryJobStore(), default_secret=None, attempts=1, backoff=0.01, timeout=1)
    dispatcher.pending = UnreachablePendingIndex()
    await dispatcher.start()
    try:
        await dispatcher.watch("job-1", None)  # must not raise: the job is accepted already
        assert "job-1" in dispatcher._tasks, "the webhook is still followed in this process"
    finally:
        await dispatcher.stop()


async def test_a_delivery_connects_to_the_address_that_was_checked(
    receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS rebinding: the check and the connection must use one lookup, not two."""
    import ipaddress

    from brandgen.api.services import webhooks
    from brandgen.shared.models import BrandRequest, JobMetadata, JobRecord, JobStatus
    from brandgen.shared.state import MemoryJobStore

    lookups: list[str] = []

    async def resolver_that_knows_one_name(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
        lookups.append(host)  # a stand-in for DNS: `hooks.brandgen.test` exists nowhere else
        return [ipaddress.ip_address("127.0.0.1")]

    monkeypatch.setattr(webhooks, "resolve", resolver_that_knows_one_name)
    port = receiver.server.server_address[1]
    store = MemoryJobStore()
    record = JobRecord(
        job_id="pinned1",
        pipeline=["a"],
        request=BrandRequest(company_name="Acme", industry="technology", style="modern"),
        metadata=JobMetadata(),
        status=JobStatus.succeeded,
        webhook_url=f"http://hooks.brandgen.test:{port}/hook",
    )
    await store.create(record)
    receiver.failures = 0
    dispatcher = webhooks.WebhookDispatcher(
        store, default_secret=None, attempts=1, backoff=0.01, timeout=5, allow_private_networks=True
    )
    await dispatcher.start()
    try:
        await dispatcher._deliver(record, None)
    finally:
        await dispatcher.stop()
    assert lookups == ["hooks.brandgen.test"], "one lookup, by our resolver; httpx looked up nothing"
    assert len(receiver.received) == 1, "delivered to the checked address"
    assert receiver.received[0][0]["host"] == f"hooks.brandgen.test:{port}", "with the name the client gave"
    kinds = [event.kind for event in await store.events("pinned1")]
    assert kinds[-1] == "webhook_delivered"
