"""Messages per second through one stage: the worker runtime vs raw aio-pika, in one run.

Both sides do the same broker work per message over RabbitMQ: consume with manual ack, publish
to the next queue with publisher confirms, ack. The runtime also reads and writes the job record
in Redis (skip-if-done, running, output) — the price of exactly-once-in-effect — so the ratio
shows what that bookkeeping costs.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
import uuid
from pathlib import Path

import aio_pika
from pydantic import BaseModel

from brandgen.shared.broker import AmqpBroker
from brandgen.shared.models import BrandRequest, JobMetadata, JobRecord
from brandgen.shared.runtime import Services, Worker
from brandgen.shared.settings import BrandgenSettings
from brandgen.shared.stage import Stage, StageContext
from brandgen.shared.state import JobStore, MemoryJobStore, RedisJobStore
from brandgen.shared.storage import FileAssetStore

AMQP_URL = os.environ.get("BRANDGEN_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
REDIS_URL = os.environ.get("BRANDGEN_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
MESSAGES = int(os.environ.get("BENCH_MESSAGES", "2000"))
PREFETCH = int(os.environ.get("BENCH_PREFETCH", "32"))
REQUEST = BrandRequest(company_name="Bench", industry="technology", style="modern")


class Empty(BaseModel):
    pass


async def noop(ctx: StageContext) -> Empty:
    return Empty()


async def _wait_for_count(channel: aio_pika.abc.AbstractChannel, queue: str, count: int) -> None:
    underlay = await channel.get_underlay_channel()
    while True:
        declared = await underlay.queue_declare(queue, passive=True)
        if (declared.message_count or 0) >= count:
            return
        await asyncio.sleep(0.01)


async def raw_rate() -> float:
    prefix = f"bench{uuid.uuid4().hex[:8]}"
    connection = await aio_pika.connect_robust(AMQP_URL)
    async with connection:
        setup = await connection.channel()
        args = {"x-queue-type": "quorum"}
        source = await setup.declare_queue(f"{prefix}.in", durable=True, arguments=args)
        await setup.declare_queue(f"{prefix}.out", durable=True, arguments=args)
        publisher = await connection.channel(publisher_confirms=True)
        body = b'{"x": 1}' * 40
        await asyncio.gather(
            *(
                publisher.default_exchange.publish(aio_pika.Message(body, delivery_mode=2), routing_key=source.name)
                for _ in range(MESSAGES)
            )
        )
        consumer = await connection.channel()
        await consumer.set_qos(prefetch_count=PREFETCH)
        queue = await consumer.get_queue(source.name)

        async def handle(message: aio_pika.abc.AbstractIncomingMessage) -> None:
            await publisher.default_exchange.publish(
                aio_pika.Message(message.body, delivery_mode=2), routing_key=f"{prefix}.out"
            )
            await message.ack()

        started = time.perf_counter()
        tag = await queue.consume(handle)
        await _wait_for_count(setup, f"{prefix}.out", MESSAGES)
        elapsed = time.perf_counter() - started
        await queue.cancel(tag)
        for name in (f"{prefix}.in", f"{prefix}.out"):
            await setup.queue_delete(name)
    return MESSAGES / elapsed


async def runtime_rate(*, redis_state: bool = True) -> float:
    """The runtime over RabbitMQ; job state in Redis (production) or in memory (the runtime's own cost)."""
    prefix = f"bench{uuid.uuid4().hex[:8]}"
    settings = BrandgenSettings(
        broker_url=AMQP_URL, state_url=REDIS_URL, queue_prefix=prefix, prefetch=PREFETCH, pipeline=["noop", "sink"]
    )
    broker = AmqpBroker(AMQP_URL, prefix=prefix)
    store: JobStore = RedisJobStore.from_url(REDIS_URL, prefix=prefix, ttl=600) if redis_state else MemoryJobStore()
    services = Services(
        broker=broker, store=store, assets=FileAssetStore(Path(tempfile.gettempdir())), settings=settings
    )
    await broker.declare(["noop", "sink"])
    records = [
        JobRecord(job_id=f"j{index}", pipeline=["noop", "sink"], request=REQUEST, metadata=JobMetadata(timeout=600))
        for index in range(MESSAGES)
    ]
    await asyncio.gather(*(store.create(record) for record in records))
    await asyncio.gather(*(broker.publish(record.message_for("noop")) for record in records))
    worker = Worker(Stage(name="noop", run=noop), services)
    connection = await aio_pika.connect(AMQP_URL)
    async with connection:
        channel = await connection.channel()
        started = time.perf_counter()
        await worker.start()
        await _wait_for_count(channel, f"{prefix}.sink", MESSAGES)
        elapsed = time.perf_counter() - started
        await worker.stop(grace=5)
    await broker.delete_topology(["noop", "sink"])
    if isinstance(store, RedisJobStore):
        await store.delete_all()
    await services.close()
    return MESSAGES / elapsed


def bench() -> list[tuple[str, float, str]]:
    raw = asyncio.run(raw_rate())
    runtime = asyncio.run(runtime_rate())
    machinery = asyncio.run(runtime_rate(redis_state=False))
    return [
        ("runtime: raw aio-pika consume->publish(confirm)->ack", raw, "msg/s"),
        ("runtime: no-op stage through the worker runtime", runtime, "msg/s"),
        ("runtime: share of the raw rate kept", runtime / raw * 100, "%"),
        # The same run with job state in memory: what the runtime itself costs, Redis aside.
        ("runtime: no-op stage, job state in memory", machinery, "msg/s"),
        ("runtime: share kept with job state in memory", machinery / raw * 100, "%"),
    ]


if __name__ == "__main__":
    for name, value, unit in bench():
        print(f"{name:<60} {value:>10.1f} {unit}")
