"""Messages per second through one stage: the worker runtime vs raw aio-pika, in one run.

Both sides do the same broker work per message over RabbitMQ: consume with manual ack, publish
to the next queue with publisher confirms, ack. The runtime also reads and writes the job record
in Redis (skip-if-done, running, output) — the price of exactly-once-in-effect — so the ratio
shows what that bookkeeping costs. `AmqpBroker` alone (the transport without the runtime) and the
runtime with job state in memory split the difference into transport, runtime and Redis; the
runtime on the memory transport (the embedded mode) shows its bookkeeping with no sockets at all.
Rates over RabbitMQ are taken as the peers' are: from the first relayed message to the last, by the
sink queue's depth read every 5 ms, so no side's start-up is counted.
"""

from __future__ import annotations

import asyncio
import gc
import os
import runpy
import statistics
import tempfile
import time
import uuid
from pathlib import Path
from typing import NamedTuple

import aio_pika
from pydantic import BaseModel

from brandgen.shared.broker import AmqpBroker, Delivery, MemoryBroker
from brandgen.shared.models import BrandRequest, JobMetadata, JobRecord
from brandgen.shared.services import Services
from brandgen.shared.settings import BrandgenSettings
from brandgen.shared.stage import Stage, StageContext
from brandgen.shared.state import JobStore, MemoryJobStore, RedisJobStore
from brandgen.shared.storage import FileAssetStore
from brandgen.shared.worker import Worker, run_event_loop

AMQP_URL = os.environ.get("BRANDGEN_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
REDIS_URL = os.environ.get("BRANDGEN_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
MESSAGES = int(os.environ.get("BENCH_MESSAGES", "2000"))
PREFETCH = int(os.environ.get("BENCH_PREFETCH", "32"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
REQUEST = BrandRequest(company_name="Bench", industry="technology", style="modern")
# Celery and Dramatiq doing the same relay (loaded by path: `make bench` runs this file by path too).
peer_rate = runpy.run_path(str(Path(__file__).with_name("bench_peers.py")))["peer_rate"]


class Rate(NamedTuple):
    per_second: float
    cpu_us: float  # this process's CPU time per message


class Empty(BaseModel):
    pass


def bench_jobs() -> list[JobRecord]:
    """The jobs each variant pushes through its no-op stage into the sink."""
    return [
        JobRecord(job_id=f"j{index}", pipeline=["noop", "sink"], request=REQUEST, metadata=JobMetadata(timeout=600))
        for index in range(MESSAGES)
    ]


async def noop(ctx: StageContext) -> Empty:
    return Empty()


async def _relay_rate(channel: aio_pika.abc.AbstractChannel, queue: str, cpu_started: float) -> Rate:
    """Wait until `queue` holds every message; the rate from the first relayed message to the last.

    The same yardstick as the peers' (`bench_peers.peer_rate`): the queue's depth is read every 5
    ms, and the worker's start-up (declarations, consume, the first prefetch) is not counted. The
    CPU per message is this process's over the whole run, start-up and the reads of the depth
    included (it overstates the relay's own a little).
    """
    underlay = await channel.get_underlay_channel()
    first: tuple[float, int] | None = None
    while True:
        declared = await underlay.queue_declare(queue, passive=True)
        depth, now = declared.message_count or 0, time.perf_counter()
        if depth and first is None:
            first = (now, depth)
        if depth >= MESSAGES and first is not None:
            if depth == first[1]:
                raise RuntimeError(f"all {MESSAGES} relayed between two reads of {queue}: raise BENCH_MESSAGES")
            cpu = time.process_time() - cpu_started
            return Rate((depth - first[1]) / (now - first[0]), cpu / MESSAGES * 1e6)
        await asyncio.sleep(0.005)


async def raw_rate() -> Rate:
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

        cpu_started = time.process_time()
        tag = await queue.consume(handle)
        rate = await _relay_rate(setup, f"{prefix}.out", cpu_started)
        await queue.cancel(tag)
        for name in (f"{prefix}.in", f"{prefix}.out"):
            await setup.queue_delete(name)
    return rate


async def broker_rate() -> Rate:
    """`AmqpBroker` alone, no runtime: decode the envelope, publish it on (confirmed), ack. Between
    raw aio-pika and the runtime, it splits what the transport layer costs from the bookkeeping."""
    prefix = f"bench{uuid.uuid4().hex[:8]}"
    broker = AmqpBroker(AMQP_URL, prefix=prefix)
    await broker.declare(["noop", "sink"])
    records = bench_jobs()
    await asyncio.gather(*(broker.publish(record.message_for("noop")) for record in records))

    async def hand_on(delivery: Delivery) -> None:
        assert delivery.message is not None
        await broker.publish(delivery.message.model_copy(update={"stage": "sink"}))
        await delivery.ack()

    connection = await aio_pika.connect(AMQP_URL)
    async with connection:
        channel = await connection.channel()
        cpu_started = time.process_time()
        subscription = await broker.consume("noop", hand_on, prefetch=PREFETCH)
        rate = await _relay_rate(channel, f"{prefix}.sink", cpu_started)
        await subscription.cancel()
        await subscription.close()
    await broker.delete_topology(["noop", "sink"])
    await broker.close()
    return rate


async def runtime_rate(*, redis_state: bool = True) -> Rate:
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
    records = bench_jobs()
    await asyncio.gather(*(store.create(record) for record in records))
    await asyncio.gather(*(broker.publish(record.message_for("noop")) for record in records))
    worker = Worker(Stage(name="noop", run=noop), services)
    connection = await aio_pika.connect(AMQP_URL)
    async with connection:
        channel = await connection.channel()
        cpu_started = time.process_time()
        await worker.start()
        rate = await _relay_rate(channel, f"{prefix}.sink", cpu_started)
        await worker.stop(grace=5)
    await broker.delete_topology(["noop", "sink"])
    if isinstance(store, RedisJobStore):
        await store.delete_all()
    await services.close()
    return rate


async def embedded_rate() -> Rate:
    """The runtime on the memory transport and memory job state, as `brandgen generate` runs it:
    no broker, no Redis, no sockets, so its CPU per message is the runtime's own, and steadier on a
    shared machine than the rates over RabbitMQ."""
    settings = BrandgenSettings(
        broker_url="memory://", state_url="memory://", prefetch=PREFETCH, pipeline=["noop", "sink"]
    )
    broker, store = MemoryBroker(), MemoryJobStore()
    services = Services(
        broker=broker, store=store, assets=FileAssetStore(Path(tempfile.gettempdir())), settings=settings
    )
    await broker.declare(["noop", "sink"])
    for record in bench_jobs():
        await store.create(record)
        await broker.publish(record.message_for("noop"))
    worker = Worker(Stage(name="noop", run=noop), services)
    # The hand-offs are counted as they arrive (a memory delivery and its ack, a few us each).
    arrived, all_arrived = 0, asyncio.Event()

    async def count(delivery: Delivery) -> None:
        nonlocal arrived
        await delivery.ack()
        arrived += 1
        if arrived == MESSAGES:
            all_arrived.set()

    sink = await broker.consume("sink", count, prefetch=PREFETCH)
    started, cpu_started = time.perf_counter(), time.process_time()
    await worker.start()
    await all_arrived.wait()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    await worker.stop(grace=5)
    await sink.cancel()
    await services.close()
    return Rate(MESSAGES / elapsed, cpu / MESSAGES * 1e6)


def bench() -> list[tuple[str, float, str]]:
    # As a worker process does once its stages are open (`run_until_signalled`): what start-up built
    # is frozen out of the collector's sight, so a full collection walks only what the runs make.
    # Measured (eight pairs in one process): the runtime with Redis state 1 % less CPU, 4 % faster.
    gc.collect()
    gc.freeze()
    # Rounds alternate the three so a noisy neighbour hits them alike; medians are reported. All
    # run on the event loop the workers run on.
    rounds: dict[str, list[Rate]] = {"raw": [], "broker": [], "redis": [], "memory": [], "embedded": []}
    peers: dict[str, list[float]] = {"celery": [], "dramatiq": []}
    for _ in range(ROUNDS):
        for peer, rates in peers.items():
            rates.append(peer_rate(peer))
        rounds["raw"].append(run_event_loop(raw_rate()))
        rounds["broker"].append(run_event_loop(broker_rate()))
        rounds["redis"].append(run_event_loop(runtime_rate()))
        rounds["memory"].append(run_event_loop(runtime_rate(redis_state=False)))
        rounds["embedded"].append(run_event_loop(embedded_rate()))
    raw, broker, redis, memory, embedded = (
        Rate(statistics.median(r.per_second for r in runs), statistics.median(r.cpu_us for r in runs))
        for runs in rounds.values()
    )
    celery, dramatiq = (statistics.median(rates) for rates in peers.values())
    return [
        # Peers doing the same relay with the same guarantees (acked after, result in Redis, confirms).
        ("Celery 5.7 no-op relay (solo, acks_late, confirms, Redis results)", celery, "msg/s"),
        ("Dramatiq 2.2 no-op relay (1 process x 8 threads, confirms, Redis results)", dramatiq, "msg/s"),
        ("runtime + Redis state over the best peer", redis.per_second / max(celery, dramatiq), "x"),
        ("raw aio-pika consume->publish(confirm)->ack", raw.per_second, "msg/s"),
        ("no-op stage through the worker runtime", redis.per_second, "msg/s"),
        ("share of the raw rate kept", redis.per_second / raw.per_second * 100, "%"),
        # The same with job state in memory: what the runtime itself costs, Redis aside.
        ("no-op stage, job state in memory", memory.per_second, "msg/s"),
        ("share kept with job state in memory", memory.per_second / raw.per_second * 100, "%"),
        # The transport layer alone (AmqpBroker: envelope, confirmed publish, ack), no bookkeeping.
        ("AmqpBroker alone, no runtime", broker.per_second, "msg/s"),
        ("share kept by AmqpBroker alone", broker.per_second / raw.per_second * 100, "%"),
        # CPU of this process per message: steadier than rates on a shared machine.
        ("Python CPU per message, raw aio-pika", raw.cpu_us, "us"),
        ("Python CPU per message, AmqpBroker alone", broker.cpu_us, "us"),
        ("Python CPU per message, runtime + Redis state", redis.cpu_us, "us"),
        ("Python CPU per message, runtime + memory state", memory.cpu_us, "us"),
        # No sockets at all: the runtime's own bookkeeping per message, as the embedded mode runs it.
        ("embedded (memory transport + state), no-op stage", embedded.per_second, "msg/s"),
        ("Python CPU per message, embedded", embedded.cpu_us, "us"),
    ]


if __name__ == "__main__":
    for name, value, unit in bench():
        print(f"{name:<60} {value:>10.1f} {unit}")
