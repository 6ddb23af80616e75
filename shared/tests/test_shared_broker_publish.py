"""What `AmqpBroker.publish` puts on RabbitMQ, read back by a plain aio-pika consumer.

The broker publishes on aiormq's channel directly (not through aio-pika's `Message`): these
tests hold it to what a message must carry for the rest of the fleet: persistent (a broker restart
keeps it), the job's priority, an id that names job, stage and attempt, the envelope's type, and
the moment it becomes due (a worker reports queue age from it), on the direct path and through a
delay queue; and a broker that refuses a message makes `publish` raise. A burst of publishes (a
worker's prefetch finishing at once) is queued for the connection's writer without waiting.
"""

from __future__ import annotations

import asyncio
import time

import aio_pika
import pytest

from brandgen.shared.broker import AmqpBroker
from brandgen.shared.errors import TransientError
from brandgen.shared.models import BrandRequest, JobMessage, JobMetadata

pytestmark = [pytest.mark.rabbitmq]


def message(job_id: str, *, priority: int = 0, attempt: int = 1) -> JobMessage:
    request = BrandRequest(company_name="Acme", industry="technology", style="modern")
    return JobMessage(
        job_id=job_id, payload=request, metadata=JobMetadata(priority=priority), stage="a", attempt=attempt
    )


async def take_one(broker: AmqpBroker, stage: str, *, wait: float = 5.0) -> aio_pika.abc.AbstractIncomingMessage:
    connection = await aio_pika.connect(broker.url)
    async with connection:
        channel = await connection.channel()
        queue = await channel.get_queue(broker.queue_name(stage), ensure=False)
        deadline = time.monotonic() + wait
        while (received := await queue.get(no_ack=True, fail=False)) is None:
            assert time.monotonic() < deadline, "no message arrived on the stage's queue"
            await asyncio.sleep(0.02)
        return received


async def test_a_published_message_is_persistent_prioritised_named_and_dated(
    amqp_url: str, prefix: str, real_cleanup: None
) -> None:
    broker = AmqpBroker(amqp_url, prefix=prefix)
    sent = message("job-1", priority=7, attempt=2)
    before = time.time()
    try:
        await broker.publish(sent)
        received = await take_one(broker, "a")
    finally:
        await broker.close()
    assert JobMessage.model_validate_json(received.body) == sent
    assert received.delivery_mode == aio_pika.DeliveryMode.PERSISTENT
    assert received.priority == 7
    assert received.message_id == "job-1:a:2"
    assert received.type == sent.type
    assert received.content_type == "application/json"
    assert received.timestamp is not None
    # AMQP timestamps are whole seconds.
    assert int(before) <= received.timestamp.timestamp() <= time.time() + 1


async def test_a_delayed_message_arrives_after_its_delay_dated_when_it_became_due(
    amqp_url: str, prefix: str, real_cleanup: None
) -> None:
    broker = AmqpBroker(amqp_url, prefix=prefix)
    sent = message("job-2")
    before = time.time()
    try:
        await broker.publish(sent, delay=1.5)
        assert (await broker.stats("a")).ready == 0, "a delayed message waits in its delay queue"
        received = await take_one(broker, "a", wait=10)
        arrived = time.time()
    finally:
        await broker.close()
    assert JobMessage.model_validate_json(received.body) == sent
    assert arrived - before >= 1.4
    assert received.delivery_mode == aio_pika.DeliveryMode.PERSISTENT
    assert received.timestamp is not None
    assert received.timestamp.timestamp() >= int(before + 1.5) - 1  # due time, not the publish time


async def test_a_message_the_broker_cannot_route_makes_publish_raise(
    amqp_url: str, prefix: str, real_cleanup: None
) -> None:
    broker = AmqpBroker(amqp_url, prefix=prefix)
    try:
        await broker.declare(["a"])
        # The stage's binding gone (an operator's mistake): the message would be dropped silently
        # without `mandatory`; the broker returns it and publish must say so, not return as if sent.
        connection = await aio_pika.connect(amqp_url)
        async with connection:
            channel = await connection.channel()
            queue = await channel.get_queue(broker.queue_name("a"), ensure=False)
            await queue.unbind(prefix, routing_key="a")
        with pytest.raises(TransientError, match="could not publish"):
            await broker.publish(message("job-3"))
    finally:
        await broker.close()


async def test_a_burst_of_publishes_is_queued_for_the_writer_without_waiting(
    amqp_url: str, prefix: str, real_cleanup: None
) -> None:
    # aiormq's default buffer (10 frames) makes the 11th publish of a burst wait on it, holding the
    # channel's lock, and every later one wait on the lock, when a worker's prefetch of messages
    # finishes at once; the broker widens it for its connections. Fails if that is dropped, or if
    # aiormq stops reading the class attribute the broker sets (10 queued instead of the burst).
    broker = AmqpBroker(amqp_url, prefix=prefix)
    try:
        await broker.publish(message("warm-up"))  # connected, declared: the burst's first step is its put
        assert broker.connection is not None
        assert broker.connection.transport is not None
        writer_queue = broker.connection.transport.connection.write_queue
        burst = [asyncio.create_task(broker.publish(message(f"job-{index}"))) for index in range(128)]
        await asyncio.sleep(0)  # each publish of the burst runs to its confirm before the writer runs
        queued = writer_queue.qsize()
        await asyncio.gather(*burst)
    finally:
        await broker.close()
    assert queued == 128
