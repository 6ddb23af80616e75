"""A queue argument changed between releases (delivery limit, dead-lettering, queue type) must not
break workers or the API. RabbitMQ refuses to redeclare a queue with other arguments
(PRECONDITION_FAILED, which also closes the channel); the broker then uses the queue as it is and
says so, and the operator migrates it when convenient (docs/deployment.md). Real RabbitMQ."""

from __future__ import annotations

import asyncio
import logging

import aio_pika
import pytest
from pamqp.common import FieldTable
from pydantic import BaseModel

from brandgen.shared.broker import AmqpBroker, Delivery
from brandgen.shared.models import BrandRequest, JobMessage, JobMetadata
from brandgen.shared.services import Services
from brandgen.shared.settings import BrandgenSettings
from brandgen.shared.stage import Stage, StageContext
from brandgen.shared.state import MemoryJobStore
from brandgen.shared.storage import FileAssetStore
from brandgen.shared.worker import Worker

pytestmark = [pytest.mark.rabbitmq]


def message(job_id: str) -> JobMessage:
    request = BrandRequest(company_name="Acme", industry="technology", style="modern")
    return JobMessage(job_id=job_id, payload=request, metadata=JobMetadata(), stage="a")


async def declare_as_an_old_release(amqp_url: str, prefix: str, arguments: FieldTable) -> None:
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        channel = await connection.channel()
        await channel.declare_queue(f"{prefix}.a", durable=True, arguments=arguments)


OLD_RELEASES: dict[str, dict[str, str | int]] = {
    "delivery limit": {
        "x-queue-type": "quorum",
        "x-delivery-limit": 3,
        "x-dead-letter-exchange": "{prefix}.dlx",
        "x-dead-letter-routing-key": "a",
    },
    "no dead-lettering": {"x-queue-type": "quorum"},
}


@pytest.mark.parametrize("old", list(OLD_RELEASES))
async def test_publishing_and_consuming_survive_a_changed_queue_argument(
    old: str, prefix: str, amqp_url: str, real_cleanup: None, caplog: pytest.LogCaptureFixture
) -> None:
    arguments: FieldTable = {
        k: v.format(prefix=prefix) if isinstance(v, str) else v for k, v in OLD_RELEASES[old].items()
    }
    await declare_as_an_old_release(amqp_url, prefix, arguments)
    broker = AmqpBroker(amqp_url, prefix=prefix, delivery_limit=5)  # wants x-delivery-limit 7
    received: asyncio.Queue[str] = asyncio.Queue()

    async def handler(delivery: Delivery) -> None:
        assert delivery.message is not None
        await delivery.ack()
        await received.put(delivery.message.job_id)

    try:
        with caplog.at_level(logging.WARNING, logger="brandgen.broker"):
            await broker.publish(message("published"))  # the API's path
            await broker.consume("a", handler, prefetch=1)  # a worker's path
        assert await asyncio.wait_for(received.get(), 10) == "published"
        # The channel PRECONDITION_FAILED closed is not the one the broker goes on with.
        await broker.publish(message("again"))
        assert await asyncio.wait_for(received.get(), 10) == "again"
        assert any(
            "differ" in record.getMessage() and f"{prefix}.a" in record.getMessage() for record in caplog.records
        )
    finally:
        await broker.close()


class Done(BaseModel):
    ok: bool = True


async def test_a_worker_starts_on_a_queue_an_old_release_declared(
    prefix: str, amqp_url: str, real_cleanup: None, tmp_path
) -> None:
    await declare_as_an_old_release(amqp_url, prefix, {"x-queue-type": "quorum", "x-delivery-limit": 3})
    broker = AmqpBroker(amqp_url, prefix=prefix, delivery_limit=5)
    settings = BrandgenSettings(queue_prefix=prefix, storage_url=f"file://{tmp_path}", pipeline=["a"])
    services = Services(broker=broker, store=MemoryJobStore(), assets=FileAssetStore(tmp_path), settings=settings)

    async def run(ctx: StageContext) -> Done:
        return Done()

    worker = Worker(Stage(name="a", run=run), services)
    try:
        await worker.start()
        assert worker.ready()
    finally:
        await worker.stop(grace=1)
        await broker.close()
