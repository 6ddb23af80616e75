"""A consumer keeps consuming after RabbitMQ drops its connection (a broker restart or failover).

Regression: `consume` took its queue with `get_queue(ensure=False)`, which a robust channel does not
remember, so after the connection came back the worker published fine but never received again and
jobs sat in their queues for ever.
"""

from __future__ import annotations

import asyncio
import contextlib
import subprocess

import aio_pika
import pytest

from brandgen.shared.broker import AmqpBroker, Delivery
from brandgen.shared.errors import TransientError
from brandgen.shared.models import BrandRequest, JobMessage, JobMetadata

pytestmark = [pytest.mark.rabbitmq]


def close_connections_named(name: str) -> int:
    """Have the broker close this client's connections, as a node restart does (others untouched)."""
    listed = subprocess.run(
        ["rabbitmqctl", "list_connections", "pid", "client_properties", "-q", "--no-table-headers"],
        check=True,
        capture_output=True,
        text=True,
        timeout=30,
    )
    closed = 0
    for line in listed.stdout.splitlines():
        pid, _, properties = line.partition("\t")
        if f'"connection_name","{name}"' in properties:
            subprocess.run(
                ["rabbitmqctl", "close_connection", pid.strip(), "test: broker restart"],
                check=True,
                capture_output=True,
                timeout=30,
            )
            closed += 1
    return closed


def message(job_id: str) -> JobMessage:
    request = BrandRequest(company_name="Acme", industry="technology", style="modern")
    return JobMessage(job_id=job_id, payload=request, metadata=JobMetadata(), stage="a")


async def test_consumer_receives_again_after_the_broker_drops_the_connection(
    prefix: str, amqp_url: str, real_cleanup: None
) -> None:
    broker = AmqpBroker(amqp_url, prefix=prefix, delivery_limit=3)
    received: asyncio.Queue[str] = asyncio.Queue()

    async def handler(delivery: Delivery) -> None:
        assert delivery.message is not None
        await delivery.ack()
        await received.put(delivery.message.job_id)

    try:
        await broker.consume("a", handler, prefetch=1)
        await broker.publish(message("before"))
        assert await asyncio.wait_for(received.get(), 10) == "before"

        assert close_connections_named(prefix) == 1
        # The robust connection comes back within its reconnect interval; publish once it has.
        for _ in range(40):
            try:
                await broker.publish(message("after"))
                break
            except Exception:
                await asyncio.sleep(0.5)
        assert await asyncio.wait_for(received.get(), 15) == "after"
    finally:
        await broker.close()


async def test_a_publish_right_after_the_connection_drops_waits_for_the_reconnect(
    prefix: str, amqp_url: str, real_cleanup: None
) -> None:
    """An API submit just after a broker restart: the publish rides out the reconnect, no 503."""
    broker = AmqpBroker(amqp_url, prefix=prefix, delivery_limit=3)
    try:
        await broker.publish(message("before"))
        assert close_connections_named(prefix) == 1
        await asyncio.sleep(0.2)  # the client has noticed; the robust connection is reconnecting
        await broker.publish(message("after"))  # no retry loop here: one call must succeed
        assert (await broker.stats("a")).ready == 2
    finally:
        await broker.close()


async def test_a_consumer_the_broker_cancels_takes_deliveries_again(
    prefix: str, amqp_url: str, real_cleanup: None
) -> None:
    """The broker cancels a consumer whose queue is deleted, the connection staying up: aio-pika's
    robust channel declares and binds the queue again and consumes anew through its own
    `Queue.consume` (aio-pika's message wrapper, not the one the broker's consumer normally gets);
    publishes to the stage reach it again, and the worker decodes, counts and acks what arrives."""
    broker = AmqpBroker(amqp_url, prefix=prefix, delivery_limit=3)
    received: asyncio.Queue[tuple[str, int]] = asyncio.Queue()

    async def handler(delivery: Delivery) -> None:
        assert delivery.message is not None, delivery.decode_error
        await delivery.ack()
        await received.put((delivery.message.job_id, delivery.delivery_count))

    queue_name = broker.queue_name("a")
    try:
        await broker.consume("a", handler, prefetch=1)
        await broker.publish(message("before"))
        assert (await asyncio.wait_for(received.get(), 10))[0] == "before"

        connection = await aio_pika.connect(amqp_url)
        async with connection:
            channel = await connection.channel()
            await channel.queue_delete(queue_name)
            # Until the queue is back and bound, a publish to the stage comes back unroutable.
            for _ in range(60):
                with contextlib.suppress(TransientError):
                    await broker.publish(message("after"))
                with contextlib.suppress(TimeoutError):
                    job_id, count = await asyncio.wait_for(received.get(), 0.5)
                    break
            else:
                pytest.fail("the consumer never took a delivery after the broker cancelled it")
            assert (job_id, count) == ("after", 0)
            await asyncio.sleep(0.5)  # one ack per delivery: none left unacked or ready
            left = await channel.declare_queue(queue_name, passive=True)
            assert left.declaration_result.message_count == 0
    finally:
        await broker.close()
