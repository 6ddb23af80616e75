"""Hardening of what the API sends and accepts over the network (issue 22, items 1, 4, 7, 8):
bounded webhook deliveries, the webhook address check, event-stream limits, and links and error
bodies that follow neither the client's Host header nor the operator's internal addresses.

Webhook receivers here are real local TCP servers that misbehave on purpose. The API runs on the
memory backends, except where a test is about Redis (marked, on the real one).
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import os
import socket
import threading
import time
import tracemalloc
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from brandgen.api.services import webhooks
from brandgen.shared.models import BrandRequest, JobMetadata, JobRecord, JobStatus
from brandgen.shared.state import MemoryJobStore
from brandgen.shared.testkit import eventually_blocking

# --- 1. bounded webhook deliveries -------------------------------------------------------------

Respond = Callable[[socket.socket], None]


class RawReceiver:
    """A webhook receiver on a raw socket: reads the request, then answers with `respond`."""

    def __init__(self, respond: Respond) -> None:
        self.respond = respond
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}/hook"
        self.sent = 0  # bytes of the answer the client took (or the kernel buffered for it)
        self.closed = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        with contextlib.suppress(OSError):
            while True:
                connection, _ = self.listener.accept()
                threading.Thread(target=self._answer, args=(connection,), daemon=True).start()

    def _answer(self, connection: socket.socket) -> None:
        with connection, contextlib.suppress(OSError):
            request = b""
            while b"\r\n\r\n" not in request:
                request += connection.recv(65536)
            head, _, body = request.partition(b"\r\n\r\n")
            length = next(
                int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")
            )
            while len(body) < length:
                body += connection.recv(65536)
            self.respond(connection)
        self.closed.set()

    def send(self, connection: socket.socket, data: bytes) -> None:
        connection.sendall(data)
        self.sent += len(data)

    def close(self) -> None:
        self.listener.close()


def huge_answer(receiver: RawReceiver, size: int) -> Respond:
    """A 500 whose body is `size` bytes, sent as fast as the client takes it."""

    def respond(connection: socket.socket) -> None:
        receiver.send(connection, f"HTTP/1.1 500 Internal Server Error\r\nContent-Length: {size}\r\n\r\n".encode())
        chunk = b"x" * 65536
        for _ in range(size // len(chunk)):
            receiver.send(connection, chunk)

    return respond


def trickled_answer(receiver: RawReceiver, where: str) -> Respond:
    """An answer that never ends: a byte every 50 ms (for 30 s), in the headers or in the body."""

    def respond(connection: socket.socket) -> None:
        if where == "headers":
            receiver.send(connection, b"HTTP/1.1 200 OK\r\nX-Slow: ")
        else:
            receiver.send(connection, b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 100000\r\n\r\n")
        for _ in range(600):
            receiver.send(connection, b"a")
            time.sleep(0.05)

    return respond


@pytest.fixture
def receivers() -> Iterator[list[RawReceiver]]:
    made: list[RawReceiver] = []
    yield made
    for receiver in made:
        receiver.close()


async def _delivered(receiver: RawReceiver, timeout: float) -> tuple[float, list[str]]:
    """Deliver one job's webhook to `receiver` with one try; (seconds taken, recorded event messages)."""
    store = MemoryJobStore()
    record = JobRecord(
        job_id="hook1",
        pipeline=["a"],
        request=BrandRequest(company_name="Acme", industry="technology", style="modern"),
        metadata=JobMetadata(),
        status=JobStatus.succeeded,
        webhook_url=receiver.url,
    )
    await store.create(record)
    dispatcher = webhooks.WebhookDispatcher(
        store, default_secret=None, attempts=1, backoff=0.01, timeout=timeout, allow_private_networks=True
    )
    await dispatcher.start()
    started = time.perf_counter()
    try:
        # Bounded here too, so a delivery that would hang fails this test instead of stalling it.
        await asyncio.wait_for(dispatcher._deliver(record, None), timeout=timeout + 5)
    finally:
        await dispatcher.stop()
    return time.perf_counter() - started, [f"{event.kind}: {event.message}" for event in await store.events("hook1")]


async def test_a_huge_webhook_answer_is_not_read_into_memory(receivers: list[RawReceiver]) -> None:
    size = 64 * 1024 * 1024
    receiver = RawReceiver(lambda connection: None)
    receiver.respond = huge_answer(receiver, size)
    receivers.append(receiver)
    tracemalloc.start()
    try:
        _, messages = await _delivered(receiver, timeout=10)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert receiver.closed.wait(5), "the API hung up"
    assert messages[-1].startswith("webhook_failed")
    assert "HTTP 500" in messages[-1]
    assert peak < 2 * 1024 * 1024, f"the delivery took {peak / 2**20:.1f} MiB"
    # The API stopped reading: the receiver could only fill the socket buffers, not send it all.
    assert receiver.sent < size // 4, f"the receiver sent {receiver.sent / 2**20:.0f} MiB"


@pytest.mark.slow
@pytest.mark.parametrize("where", ["headers", "body"])
async def test_a_trickling_receiver_cannot_hold_a_delivery_past_its_deadline(
    receivers: list[RawReceiver], where: str
) -> None:
    receiver = RawReceiver(lambda connection: None)
    receiver.respond = trickled_answer(receiver, where)
    receivers.append(receiver)
    elapsed, messages = await _delivered(receiver, timeout=1.0)
    assert elapsed < 2.0, f"one try took {elapsed:.1f} s against a 1 s deadline"
    assert messages[-1].startswith("webhook_failed")
    assert "no answer within 1 s" in messages[-1]


# --- 4. the webhook address check -----------------------------------------------------------

REFUSED = [
    "127.0.0.1",
    "10.1.2.3",
    "100.64.0.1",  # shared address space (CGNAT)
    "169.254.169.254",  # cloud metadata
    "192.0.0.1",
    "192.0.0.9",  # 192.0.0.0/24 as a whole
    "192.0.0.170",
    "192.88.99.1",  # deprecated 6to4 relay anycast
    "198.18.0.1",
    "224.0.0.1",
    "239.255.255.250",
    "240.0.0.1",
    "255.255.255.255",
    "0.0.0.0",
    "::1",
    "::",
    "fe80::1",
    "fc00::1",
    "fec0::1",  # deprecated site-local
    "ff02::1",
    "ff0e::1",  # global-scope multicast: still not a receiver
    "2001:db8::1",
    "3fff::1",  # documentation (RFC 9637)
    "100::1",
    "100:0:0:1::1",  # dummy prefix (RFC 9780)
    "5f00::1",  # SRv6 SIDs
    "::ffff:127.0.0.1",  # IPv4-mapped
    "::ffff:10.0.0.1",
    "::127.0.0.1",  # IPv4-compatible
    "::169.254.169.254",
    "::ffff:0:127.0.0.1",  # SIIT IPv4-translated
    "64:ff9b::127.0.0.1",  # NAT64 well-known prefix
    "64:ff9b::169.254.169.254",
    "64:ff9b::192.0.0.1",
    "64:ff9b:1::8.8.8.8",  # local-use NAT64: not global whatever it carries
    "2002:7f00:1::1",  # 6to4 of 127.0.0.1
    "2002:a9fe:a9fe::1",  # 6to4 of 169.254.169.254
    "2002:c000:0001::1",  # 6to4 of 192.0.0.1
    "2001:0:4136:e378:8000:63bf:80ff:fffe",  # Teredo whose client is 127.0.0.1
]
ALLOWED = [
    "8.8.8.8",
    "93.184.215.14",
    "2606:4700:4700::1111",
    "::ffff:8.8.8.8",
    "64:ff9b::8.8.8.8",
    "2002:808:808::1",
    "2001:0:4136:e378:8000:63bf:f7f7:f7f7",  # Teredo: server 65.54.227.120, client 8.8.8.8
]


async def _check(monkeypatch: pytest.MonkeyPatch, address: str) -> webhooks.PinnedTarget:
    async def resolver(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
        return [ipaddress.ip_address(address)]  # stands in for DNS: hooks.example.com -> `address`

    monkeypatch.setattr(webhooks, "resolve", resolver)
    return await webhooks.pinned_target("https://hooks.example.com/hook", allow_private_networks=False)


@pytest.mark.parametrize("address", REFUSED)
async def test_webhooks_to_non_public_addresses_are_refused(monkeypatch: pytest.MonkeyPatch, address: str) -> None:
    with pytest.raises(webhooks.WebhookRefusedError, match="private or local address"):
        await _check(monkeypatch, address)


@pytest.mark.parametrize("address", ALLOWED)
async def test_webhooks_to_public_addresses_pass(monkeypatch: pytest.MonkeyPatch, address: str) -> None:
    target = await _check(monkeypatch, address)
    assert target.host_header == "hooks.example.com"
    assert ipaddress.ip_address(target.url.host) == ipaddress.ip_address(address)


# --- 8. links follow no Host header; error bodies name no internal host ------------------------


def _everything(response: httpx.Response) -> str:
    return response.text + "".join(f"{name}: {value}\n" for name, value in response.headers.items())


def test_links_never_follow_an_untrusted_host_header(api, brand) -> None:
    evil = {"Host": "evil.example"}
    with api.client() as client:
        submitted = client.post("/v1/brand-kits", json=brand, headers=evil)
        assert submitted.status_code == 202
        job_id = submitted.json()["job_id"]
        api.wait_for(job_id, ("succeeded",))
        full = client.get(f"/v1/jobs/{job_id}?view=full", headers=evil)
        seen = [submitted, full, client.get("/v1/jobs", headers=evil)]
        seen.append(client.post(f"/v1/jobs/{job_id}/cancel", headers=evil))  # 409: finished
        for response in seen:
            assert "evil.example" not in _everything(response)
        # Untrusted host, no public URL: root-relative links, which resolve against the URL called.
        assert submitted.headers["location"] == f"/v1/jobs/{job_id}"
        assert submitted.json()["links"]["events"] == f"/v1/jobs/{job_id}/events"
        css = next(asset for asset in seen[1].json()["result"]["assets"] if asset["name"].endswith(".css"))
        assert css["url"] == f"/v1/jobs/{job_id}/assets/{css['name']}"
        assert client.get(css["url"]).status_code == 200


def test_links_are_built_on_the_configured_public_url(start_api, brand) -> None:
    public = start_api(public_url="https://api.example.com/brand")
    with public.client() as client:
        for headers in ({"Host": "evil.example"}, {}):
            submitted = client.post("/v1/brand-kits", json=brand, headers=headers)
            job_id = submitted.json()["job_id"]
            assert submitted.headers["location"] == f"https://api.example.com/brand/v1/jobs/{job_id}"
            public.wait_for(job_id, ("succeeded",))
            view = client.get(f"/v1/jobs/{job_id}?view=full", headers=headers).json()
            assert view["links"]["cancel"] == f"https://api.example.com/brand/v1/jobs/{job_id}/cancel"
            assert all(
                asset["url"].startswith(f"https://api.example.com/brand/v1/jobs/{job_id}/assets/")
                for asset in view["result"]["assets"]
            )
            assert "evil.example" not in _everything(submitted)


def test_readyz_and_503_bodies_name_no_internal_host(start_api, brand, closed_port) -> None:
    state_down = start_api(stages=False, state_url=f"redis://127.0.0.1:{closed_port}/0")
    broker_down = start_api(stages=False, broker_url=f"amqp://guest:secretpw@127.0.0.1:{closed_port}/")
    answers: list[httpx.Response] = []
    # A public name in Host, so links are relative: any 127.0.0.1 below would be a leak.
    public = {"Host": "api.example.test"}
    with state_down.client("bgk_any_key", headers=public) as client:
        answers += [client.post("/v1/brand-kits", json=brand), client.get("/v1/jobs"), client.get("/readyz")]
    with broker_down.client(headers=public) as client:
        answers += [client.post("/v1/brand-kits", json=brand) for _ in range(4)]  # until the breaker opens
        answers += [client.get("/readyz"), client.get("/v1/jobs")]
        failed = client.get("/v1/jobs").json()["jobs"]
        answers += [client.get(f"/v1/jobs/{job['job_id']}") for job in failed]
    assert [answer.status_code for answer in answers[:3]] == [503, 503, 503]
    assert answers[2].json()["checks"]["state"] != "ok"
    assert answers[-len(failed) - 2].json()["checks"]["broker"] != "ok"
    assert failed, "the failed submits left failed jobs to read"
    for answer in answers:
        text = _everything(answer)
        assert "127.0.0.1" not in text
        assert f":{closed_port}" not in text
        assert "secretpw" not in text


# --- 7. event streams: Last-Event-ID, a per-key cap, a bounded Redis pool ---------------------


@pytest.mark.parametrize(
    "value", ["9223372036854775807", "9223372036854775808", "18446744073709551616", "-1", "-7", "abc", "1.5", "+3", "٣"]
)
def test_a_last_event_id_that_is_no_event_index_is_400(api, brand, value: str) -> None:
    with api.client() as client:
        job_id = client.post("/v1/brand-kits", json=brand).json()["job_id"]
        response = client.get(f"/v1/jobs/{job_id}/events", headers={"Last-Event-ID": value.encode()})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_last_event_id"
    assert error["field"] == "header.last-event-id"
    assert "whole number from 0 to 9223372036854775806" in error["message"]


@pytest.mark.rabbitmq
@pytest.mark.redis
def test_the_largest_last_event_id_is_served_by_redis(start_api, brand) -> None:
    api = start_api(backend="real")
    with api.client() as client:
        job_id = client.post("/v1/brand-kits", json=brand).json()["job_id"]
        api.wait_for(job_id, ("succeeded",))
        headers = {"Last-Event-ID": "9223372036854775806"}
        with client.stream("GET", f"/v1/jobs/{job_id}/events", headers=headers) as response:
            assert response.status_code == 200
            lines = [line for line in response.iter_lines() if line and not line.startswith(":")]
    assert lines == [], "nothing after an index past the end; the stream ends with the finished job"


def test_each_key_has_a_cap_on_open_event_streams(start_api, brand) -> None:
    capped = start_api(stages=False, max_event_streams_per_key=2)  # jobs stay queued: streams stay open
    other_key, _ = capped.create_key("another tenant")
    with capped.client() as client, capped.client(other_key) as other, contextlib.ExitStack() as streams:
        job_id = client.post("/v1/brand-kits", json=brand).json()["job_id"]
        other_job = other.post("/v1/brand-kits", json=brand).json()["job_id"]
        url = f"/v1/jobs/{job_id}/events"
        first, second = (streams.enter_context(client.stream("GET", url)) for _ in range(2))
        assert first.status_code == second.status_code == 200
        refused = client.get(url)
        assert refused.status_code == 429
        assert refused.json()["error"]["code"] == "too_many_streams"
        assert "2 event streams" in refused.json()["error"]["message"]
        assert int(refused.headers["retry-after"]) >= 1
        with other.stream("GET", f"/v1/jobs/{other_job}/events") as elsewhere:
            assert elsewhere.status_code == 200, "another key's streams are counted apart"
        first.close()  # a client going away gives its slot back

        def status() -> int:
            with client.stream("GET", url) as again:
                return int(again.status_code)

        eventually_blocking(status, lambda code: code == 200, timeout=5, interval=0.1, what="a slot given back")


def _redis_connections(redis_url: str) -> int:
    """TCP connections from this process (the test and the API server threads) to this Redis."""
    port = f":{urllib.parse.urlsplit(redis_url).port or 6379:04X}"
    sockets = set()
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):
            target = os.readlink(f"/proc/self/fd/{fd}")
            if target.startswith("socket:["):
                sockets.add(target[8:-1])
    count = 0
    for table in ("/proc/self/net/tcp", "/proc/self/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()  # sl local remote state ... inode (10th)
            count += fields[2].endswith(port) and fields[3] == "01" and fields[9] in sockets
    return count


@pytest.mark.rabbitmq
@pytest.mark.redis
def test_event_streams_share_a_bounded_set_of_redis_connections(start_api, brand) -> None:
    bound, streams = 3, 16
    api = start_api(stages=False, redis_max_connections=bound, max_event_streams_per_key=100, backend="real")
    before, during, kinds = asyncio.run(_follow_many(api, brand, streams))
    assert during - before <= 2 * bound, f"{during - before} more Redis connections for {streams} streams"
    assert all(events[-1] == "job_canceled" for events in kinds), kinds


async def _follow_many(api, brand, streams: int) -> tuple[int, int, list[list[str]]]:
    """Open `streams` event streams at once; (Redis connections before, while open, events each heard)."""
    async with httpx.AsyncClient(base_url=api.url, headers={"X-API-Key": api.key}, timeout=20) as client:
        jobs = [(await client.post("/v1/brand-kits", json=brand)).json()["job_id"] for _ in range(streams)]
        await asyncio.sleep(0.3)
        before = _redis_connections(api.settings.state_url)
        opened = asyncio.Semaphore(0)

        async def follow(job_id: str) -> list[str]:
            async with client.stream("GET", f"/v1/jobs/{job_id}/events") as response:
                assert response.status_code == 200
                opened.release()
                return [line[7:] async for line in response.aiter_lines() if line.startswith("event: ")]

        followers = [asyncio.create_task(follow(job_id)) for job_id in jobs]
        for _ in jobs:
            await asyncio.wait_for(opened.acquire(), 10)
        await asyncio.sleep(1.0)  # every stream is waiting for its job's next event
        during = _redis_connections(api.settings.state_url)
        for job_id in jobs:  # every stream, subscribed or polling, hears its job end
            assert (await client.post(f"/v1/jobs/{job_id}/cancel")).status_code == 200
        kinds = await asyncio.wait_for(asyncio.gather(*followers), 10)
    return before, during, kinds
