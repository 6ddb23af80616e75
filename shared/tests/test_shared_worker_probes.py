"""What a worker tells Prometheus and Kubernetes: counters that exist from its start, the age of the
messages it takes, and a `/readyz` that follows its broker connection (real RabbitMQ through a
TCP proxy the test can cut, so the shared broker itself stays up)."""

from __future__ import annotations

import asyncio
import contextlib
import urllib.error
import urllib.request
from collections.abc import AsyncIterator

import pytest
from prometheus_client import REGISTRY, generate_latest
from pydantic import BaseModel

from brandgen.shared.broker import AmqpBroker, MemoryBroker
from brandgen.shared.metrics import serve_metrics
from brandgen.shared.models import BrandRequest, JobMessage, JobMetadata
from brandgen.shared.services import Services
from brandgen.shared.settings import BrandgenSettings
from brandgen.shared.stage import Stage, StageContext
from brandgen.shared.state import MemoryJobStore
from brandgen.shared.storage import FileAssetStore
from brandgen.shared.testkit import eventually, free_port
from brandgen.shared.worker import Worker


class Done(BaseModel):
    ok: bool = True


async def noop(ctx: StageContext) -> Done:
    return Done()


def exposition() -> str:
    return generate_latest(REGISTRY).decode()


def services_on(broker: AmqpBroker | MemoryBroker, prefix: str, tmp_path) -> Services:
    settings = BrandgenSettings(queue_prefix=prefix, storage_url=f"file://{tmp_path}", pipeline=[prefix])
    return Services(broker=broker, store=MemoryJobStore(), assets=FileAssetStore(tmp_path), settings=settings)


async def test_a_started_worker_exports_its_failure_counters_at_zero(prefix: str, tmp_path) -> None:
    # A counter born at 1 shows no increase() in Prometheus: the first dead letter of a process
    # would never alert. So the series must exist, at 0, before the first message.
    assert f'brandgen_dead_letters_total{{stage="{prefix}"}}' not in exposition()
    worker = Worker(Stage(name=prefix, run=noop), services_on(MemoryBroker(), prefix, tmp_path))
    await worker.start()
    try:
        text = exposition()
        assert f'brandgen_dead_letters_total{{stage="{prefix}"}} 0.0' in text
        assert f'brandgen_stage_runs_total{{outcome="failed",stage="{prefix}",variant="default"}} 0.0' in text
        assert 'brandgen_jobs_total{outcome="failed"}' in text
    finally:
        await worker.stop(grace=1)


class CuttableProxy:
    """A TCP proxy to RabbitMQ: `cut()` drops every connection and refuses new ones until `restore()`."""

    def __init__(self, target_port: int = 5672) -> None:
        self.port = free_port()
        self.target_port = target_port
        self.server: asyncio.Server | None = None
        self.writers: set[asyncio.StreamWriter] = set()

    async def start(self) -> None:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", self.port)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        self.writers |= {writer, up_writer}

        async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            with contextlib.suppress(Exception):
                while data := await source.read(65536):
                    sink.write(data)
                    await sink.drain()
            sink.close()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))

    async def cut(self) -> None:
        assert self.server is not None
        self.server.close()
        for writer in self.writers:
            writer.transport.abort()
        self.writers.clear()
        await self.server.wait_closed()

    async def restore(self) -> None:
        await self.start()


def probe(port: int, path: str) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=3) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


async def status_becomes(port: int, wanted: int, within: float) -> int:
    """/readyz's status once it is `wanted` (the wait fails naming the last status otherwise)."""
    return await eventually(
        lambda: asyncio.to_thread(probe, port, "/readyz"),
        lambda status: status == wanted,
        timeout=within,
        interval=0.25,
        what=f"/readyz {wanted}",
    )


@pytest.fixture
async def proxy() -> AsyncIterator[CuttableProxy]:
    made = CuttableProxy()
    await made.start()
    yield made
    with contextlib.suppress(Exception):
        await made.cut()


@pytest.mark.rabbitmq
async def test_readyz_answers_503_while_the_broker_connection_is_down(
    proxy: CuttableProxy, prefix: str, tmp_path, real_cleanup: None
) -> None:
    broker = AmqpBroker(f"amqp://guest:guest@127.0.0.1:{proxy.port}/", prefix=prefix)
    worker = Worker(Stage(name="a", run=noop), services_on(broker, prefix, tmp_path))
    port = free_port()
    server = serve_metrics(port, "127.0.0.1", ready=worker.ready)
    try:
        assert await asyncio.to_thread(probe, port, "/readyz") == 503  # not consuming yet
        await worker.start()
        assert await status_becomes(port, 200, 5) == 200
        assert await asyncio.to_thread(probe, port, "/metrics") == 200

        await proxy.cut()
        assert await status_becomes(port, 503, 10) == 503
        assert await asyncio.to_thread(probe, port, "/healthz") == 200  # alive: no restart, just unready

        await proxy.restore()
        assert await status_becomes(port, 200, 15) == 200
    finally:
        server.shutdown()
        server.server_close()
        await worker.stop(grace=1)
        await broker.close()


@pytest.mark.rabbitmq
async def test_a_worker_observes_how_long_each_message_waited(
    prefix: str, amqp_url: str, tmp_path, real_cleanup: None
) -> None:
    broker = AmqpBroker(amqp_url, prefix=prefix)
    services = services_on(broker, prefix, tmp_path)
    request = BrandRequest(company_name="Acme", industry="technology", style="modern")
    before = REGISTRY.get_sample_value("brandgen_queue_wait_seconds_sum", {"stage": "a"}) or 0.0
    # Other tests in the process observe stage "a" too: wait for one more observation than now.
    observed = REGISTRY.get_sample_value("brandgen_queue_wait_seconds_count", {"stage": "a"}) or 0.0
    try:
        await broker.declare(["a"])
        await broker.publish(JobMessage(job_id="waited", payload=request, metadata=JobMetadata(), stage="a"))
        await asyncio.sleep(1.2)  # the message waits in the queue with no consumer
        worker = Worker(Stage(name="a", run=noop), services)
        await worker.start()
        await eventually(
            lambda: (REGISTRY.get_sample_value("brandgen_queue_wait_seconds_count", {"stage": "a"}) or 0) > observed,
            timeout=4,
            interval=0.1,
            what="one more queue-wait observation",
        )
        total = REGISTRY.get_sample_value("brandgen_queue_wait_seconds_sum", {"stage": "a"})
        assert total is not None
        assert total - before >= 1.0
        await worker.stop(grace=1)
    finally:
        await broker.close()
