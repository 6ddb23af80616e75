"""Messaging: RabbitMQ through aio-pika, or an in-memory transport with the same interface.

RabbitMQ topology (all durable, declared idempotently by every worker and the API):

    exchange brandgen (direct) --stage--> queue brandgen.<stage>   quorum, x-delivery-limit,
                                                                   dead-letters to brandgen.dlx
    exchange brandgen.dlx (direct) --stage--> queue brandgen.<stage>.dead
    queue brandgen.<stage>.delay.<ms>  (x-message-ttl=ms) dead-letters back to brandgen/<stage>:
                                        the retry-with-backoff path, no plugin needed

Messages are persistent and published with confirms (`publish` returns once the broker has the
message). Consumers ack manually; the runtime acks only after it has written state and published
the next stage's message.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import logging
import time
from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import aio_pika
import aiormq
from aio_pika.abc import AbstractIncomingMessage, AbstractRobustConnection
from aio_pika.robust_channel import RobustChannel
from aio_pika.robust_queue import RobustQueue
from aiormq.abc import DeliveredMessage
from aiormq.exceptions import AMQPError, ChannelInvalidStateError, ChannelPreconditionFailed
from pamqp.commands import Basic
from pamqp.common import Arguments
from pydantic import ValidationError

from brandgen.shared.errors import TransientError
from brandgen.shared.models import STORED, JobMessage

log = logging.getLogger("brandgen.broker")

RECONNECT_WAIT = 3.0
"""Seconds a publish waits for a reconnecting channel before reporting the broker unavailable."""

WRITE_BUFFER_FRAMES = 1024
"""Marshalled frames an aiormq connection queues for its writer task (aiormq's default: 10).

Past the bound a publisher waits on the queue while holding its channel's lock, and every other
publish and ack on the connection queues behind it. A worker whose prefetch of messages finishes
together (a publish and an ack each) overflows 10 at once, though the writer sends them all in the
same turn of the loop (it waits for the socket to drain for none of them): the bound paces nothing,
it only adds hand-offs between tasks. Measured (`shared/bench/bench_write_buffer.py`: the old and
the new buffer alternated in one process, 8-12 pairs a run): the runtime with Redis state 6-16 % less
CPU a message and 5-24 % more messages a second over nine runs (medians 8 % and 12 %); `AmqpBroker`
alone within the noise (-8 % to +3 % CPU, six runs), probably because its messages do not finish
together the way the runtime's do when one auto-pipelined Redis reply answers them all; the API's
submit about a third less CPU (old and new code alternated). A thousand queued frames of our ~1 KB
messages is ~1 MB at most, and back-pressure stays where it was: every publish waits for its confirm
(a broker that blocks publishers, on a memory alarm, holds them there until `publish` times out).
"""


def widen_write_buffer() -> None:
    """Give the aiormq connections this process makes from now on `WRITE_BUFFER_FRAMES`.

    A class attribute aiormq reads as it makes each connection (reconnections too): aio-pika offers
    no way to hand it over.
    """
    aiormq.Connection.FRAME_BUFFER_SIZE = max(aiormq.Connection.FRAME_BUFFER_SIZE, WRITE_BUFFER_FRAMES)


class Delivery(ABC):
    """One received message. `message` is None when the body is not a valid envelope."""

    message: JobMessage | None
    body: bytes
    delivery_count: int  # earlier deliveries of this message that were not acked
    decode_error: str | None
    published_at: float | None = None
    """Unix time the message became due in its queue (publish time plus any retry delay)."""

    @abstractmethod
    async def ack(self) -> None: ...

    @abstractmethod
    async def dead_letter(self) -> None:
        """Reject without requeue: the message moves to the stage's dead-letter queue."""

    @abstractmethod
    async def requeue(self) -> None:
        """Give the message back for another delivery (counts towards the delivery limit)."""


def decode(body: bytes) -> tuple[JobMessage | None, str | None]:
    try:
        # The fleet writes its messages from job records whose request passed the text rules at
        # the door (submit, revisions) and no stage reads the message's copy of it, so the rules do
        # not run again here: a message queued before a rule was tightened (a rolling upgrade) is
        # delivered, not dead-lettered as an invalid envelope; and it halves the decode.
        return JobMessage.model_validate_json(body, context=STORED), None
    except ValidationError as error:
        return None, f"invalid message envelope: {error.error_count()} error(s): {error.errors()[0]['msg']}"


Handler = Callable[[Delivery], Awaitable[None]]


class Subscription(ABC):
    @abstractmethod
    async def cancel(self) -> None:
        """Stop receiving new messages (in-flight ones may still be acked)."""

    async def close(self) -> None:  # noqa: B027 - only channel-based transports have anything to release
        """Release the subscription once its in-flight messages are settled."""


@dataclass
class QueueStats:
    ready: int
    unacked: int | None = None
    dead: int = 0


class Broker(ABC):
    @abstractmethod
    async def connect(self) -> None: ...

    @abstractmethod
    async def close(self) -> None: ...

    @abstractmethod
    async def declare(self, stages: list[str]) -> None: ...

    @abstractmethod
    async def publish(self, message: JobMessage, *, delay: float = 0.0) -> None:
        """Send `message` to its stage's queue (after `delay` seconds); returns once confirmed."""

    @abstractmethod
    async def consume(self, stage: str, handler: Handler, *, prefetch: int) -> Subscription: ...

    @abstractmethod
    async def stats(self, stage: str) -> QueueStats: ...

    @abstractmethod
    async def dead_letters(self, stage: str) -> list[bytes]:
        """Bodies waiting in the stage's dead-letter queue (left there)."""

    async def ping(self) -> None:
        return None

    def connected(self) -> bool:
        """Whether the connection to the broker is up now (a cheap read, safe from any thread)."""
        return True


# --- RabbitMQ --------------------------------------------------------------------------------


class AmqpDelivery(Delivery):
    """A delivery as aiormq hands it over: the four fields the runtime reads, no aio-pika wrapper.

    Also takes aio-pika's `IncomingMessage`: when the broker cancels a consumer (its queue deleted)
    while the connection stays up, aio-pika's robust channel consumes again through the plain
    `Queue.consume`, which wraps each delivery in one.
    """

    def __init__(self, raw: DeliveredMessage | AbstractIncomingMessage) -> None:
        self.raw = raw
        self.body = raw.body
        self.message, self.decode_error = decode(raw.body)
        if isinstance(raw, DeliveredMessage):
            headers, timestamp = raw.header.properties.headers, raw.header.properties.timestamp
        else:
            headers, timestamp = raw.headers, raw.timestamp
        count = (headers or {}).get("x-delivery-count")
        self.delivery_count = int(count) if isinstance(count, int | str) else (1 if raw.redelivered else 0)
        self.published_at = timestamp.timestamp() if timestamp is not None else None

    @property
    def _tag(self) -> int:
        tag = self.raw.delivery_tag
        assert tag is not None  # manual acks: every delivery has its tag
        return tag

    async def ack(self) -> None:
        # Sent without waiting for the frame to be written: an ack has no answer to wait for.
        await self.raw.channel.basic_ack(self._tag, wait=False)

    async def dead_letter(self) -> None:
        await self.raw.channel.basic_reject(self._tag, requeue=False)

    async def requeue(self) -> None:
        await self.raw.channel.basic_nack(self._tag, requeue=True)


class _DeliveredQueue(RobustQueue):
    """A robust queue whose consumers get aiormq's `DeliveredMessage` as it arrives.

    aio-pika's `Queue.consume` wraps each delivery in an `IncomingMessage` (every property copied,
    timestamps decoded) and runs the callback in a task of its own beside the one aiormq already
    made; the runtime reads four fields. The consumer is remembered as `RobustQueue` remembers its
    own (`_consumers`), so the robust channel consumes again when the connection or the channel
    comes back (through this `consume`) and when the broker cancels the consumer (through aio-pika's
    own `Queue.consume`: `AmqpDelivery` takes its `IncomingMessage` too).
    """

    async def consume(  # type: ignore[override]  # the callback takes aiormq's message
        self,
        callback: Callable[[DeliveredMessage], Coroutine[Any, Any, Any]],
        no_ack: bool = False,
        exclusive: bool = False,
        arguments: Arguments = None,
        consumer_tag: str | None = None,
        timeout: float | None = None,
        robust: bool = True,
    ) -> str:
        channel = await self.channel.get_underlay_channel()
        consuming = await channel.basic_consume(
            queue=self.name,
            consumer_callback=callback,
            exclusive=exclusive,
            no_ack=no_ack,
            arguments=arguments,
            consumer_tag=consumer_tag,
            timeout=timeout,
        )
        tag = consuming.consumer_tag
        if tag is None:
            raise ChannelInvalidStateError("the broker answered basic.consume without a consumer tag")
        if robust:
            self._consumers[tag] = {
                "callback": callback,
                "no_ack": no_ack,
                "exclusive": exclusive,
                "arguments": arguments,
            }
        return tag


class AmqpSubscription(Subscription):
    def __init__(self, queue: aio_pika.abc.AbstractQueue, tag: str, channel: aio_pika.abc.AbstractChannel) -> None:
        self.queue, self.tag, self.channel = queue, tag, channel

    async def cancel(self) -> None:
        with contextlib.suppress(Exception):
            await self.queue.cancel(self.tag)

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await self.channel.close()


class AmqpBroker(Broker):
    def __init__(
        self,
        url: str,
        *,
        prefix: str = "brandgen",
        queue_type: str = "quorum",
        delivery_limit: int = 5,
    ) -> None:
        self.url = url
        self.prefix = prefix
        self.queue_type = queue_type
        self.delivery_limit = delivery_limit
        self.connection: AbstractRobustConnection | None = None
        self._publish_channel: aio_pika.abc.AbstractChannel | None = None
        self._exchange: aio_pika.abc.AbstractExchange | None = None
        self._declared: set[str] = set()
        self._delay_queues: set[str] = set()
        self._checked: dict[str, bool] = {}  # queue name -> declared with other arguments (use as is)
        self._lock = asyncio.Lock()
        self._connect_lock = asyncio.Lock()

    def queue_name(self, stage: str) -> str:
        return f"{self.prefix}.{stage}"

    async def connect(self) -> None:
        if self._exchange is not None and self.connection and not self.connection.is_closed:
            return
        async with self._connect_lock:
            # Concurrent first calls (a burst of requests) wait here for one connection, and nobody
            # sees a connection whose channel and exchanges are not declared yet.
            if self._exchange is not None and self.connection and not self.connection.is_closed:
                return
            widen_write_buffer()
            try:
                connection = await aio_pika.connect_robust(
                    self.url,
                    timeout=10,
                    reconnect_interval=1,  # back within a second of the broker, not aio-pika's default 5
                    client_properties={"connection_name": f"{self.prefix}"},
                )
                channel = await connection.channel(publisher_confirms=True, on_return_raises=True)
                exchange = await channel.declare_exchange(self.prefix, aio_pika.ExchangeType.DIRECT, durable=True)
                await channel.declare_exchange(f"{self.prefix}.dlx", aio_pika.ExchangeType.DIRECT, durable=True)
            except (TimeoutError, OSError, AMQPError) as error:
                raise TransientError(f"message broker unreachable: {error}") from error
            self.connection, self._publish_channel, self._exchange = connection, channel, exchange

    async def close(self) -> None:
        if self.connection:
            await self.connection.close()
            self.connection, self._publish_channel, self._exchange = None, None, None
            self._declared.clear()
            self._delay_queues.clear()
            self._checked.clear()

    def _queue_arguments(self, stage: str) -> dict[str, Any]:
        arguments: dict[str, Any] = {
            "x-dead-letter-exchange": f"{self.prefix}.dlx",
            "x-dead-letter-routing-key": stage,
        }
        if self.queue_type == "quorum":
            # The runtime fails a job itself after `delivery_limit` crashed deliveries; the
            # broker's own limit is the backstop for when it cannot.
            arguments |= {"x-queue-type": "quorum", "x-delivery-limit": self.delivery_limit + 2}
        else:
            arguments |= {"x-max-priority": 9}
        return arguments

    async def _declare_queue(
        self, channel: aio_pika.abc.AbstractChannel, name: str, arguments: dict[str, Any] | None
    ) -> aio_pika.abc.AbstractQueue:
        """Declare `name` with `arguments`, or use it as it is when it exists with others.

        A queue's arguments cannot change once declared: RabbitMQ answers a redeclaration with other
        ones (a release that changes the delivery limit, dead-lettering or queue type) with
        PRECONDITION_FAILED and closes the channel, which would stop every worker and the API's
        publishing. So each queue is first declared on a throwaway channel; when that is refused,
        the queue is used as declared (a passive declaration) and the difference logged, until an
        operator migrates it (docs/deployment.md, "Changing queue arguments").
        """
        if name not in self._checked:
            assert self.connection
            probe = await self.connection.channel(publisher_confirms=False)
            try:
                await probe.declare_queue(name, durable=True, arguments=arguments)
                self._checked[name] = False
            except ChannelPreconditionFailed as error:
                self._checked[name] = True
                log.warning(
                    "queue %s exists with arguments that differ from this release's %s (%s); using it as it "
                    "is. Migrate it to apply them: docs/deployment.md, 'Changing queue arguments'",
                    name,
                    arguments,
                    error,
                )
            finally:
                with contextlib.suppress(Exception):
                    await probe.close()
        if self._checked[name]:
            return await channel.declare_queue(name, passive=True)
        return await channel.declare_queue(name, durable=True, arguments=arguments)

    async def declare(self, stages: list[str]) -> None:
        if self._declared.issuperset(stages) and self.connection and not self.connection.is_closed:
            return  # every publish asks; almost always answered here, without a lock
        await self.connect()
        assert self._publish_channel
        assert self._exchange
        async with self._lock:
            for stage in stages:
                if stage in self._declared:
                    continue
                queue = await self._declare_queue(
                    self._publish_channel, self.queue_name(stage), self._queue_arguments(stage)
                )
                await queue.bind(self._exchange, routing_key=stage)
                dead = await self._declare_queue(
                    self._publish_channel,
                    f"{self.queue_name(stage)}.dead",
                    {"x-queue-type": "quorum"} if self.queue_type == "quorum" else None,
                )
                await dead.bind(f"{self.prefix}.dlx", routing_key=stage)
                self._declared.add(stage)

    async def _delay_queue(self, stage: str, delay_ms: int) -> str:
        name = f"{self.queue_name(stage)}.delay.{delay_ms}"
        if name not in self._delay_queues:
            assert self._publish_channel
            await self._publish_channel.declare_queue(
                name,
                durable=True,
                arguments={
                    "x-message-ttl": delay_ms,
                    "x-dead-letter-exchange": self.prefix,
                    "x-dead-letter-routing-key": stage,
                    "x-expires": delay_ms + 600_000,  # idle delay queues clean themselves up
                },
            )
            self._delay_queues.add(name)
        return name

    async def publish(self, message: JobMessage, *, delay: float = 0.0) -> None:
        try:
            await self._publish(message, delay)
        except (TimeoutError, OSError, AMQPError, RuntimeError) as first_error:
            # Right after a broker restart the robust connection may still be restoring this
            # channel: give it a moment (it retries every second), then try once more.
            try:
                if isinstance(self._publish_channel, RobustChannel):
                    await asyncio.wait_for(self._publish_channel.ready(), RECONNECT_WAIT)
                await self._publish(message, delay)
            except (TimeoutError, OSError, AMQPError, RuntimeError) as error:
                raise TransientError(f"could not publish to the message broker: {error}") from first_error

    async def _publish(self, message: JobMessage, delay: float) -> None:
        await self.connect()
        await self.declare([message.stage])
        assert self._publish_channel
        if delay > 0:
            exchange, routing_key = "", await self._delay_queue(message.stage, max(1, round(delay * 1000)))
        else:
            exchange, routing_key = self.prefix, message.stage
        properties = Basic.Properties(
            content_type="application/json",
            delivery_mode=2,  # persistent
            priority=message.metadata.priority,
            message_id=f"{message.job_id}:{message.stage}:{message.attempt}",
            message_type=message.type,
            # When it becomes due: the worker that takes it reports how long it waited (queue age).
            timestamp=datetime.now(UTC) + timedelta(seconds=delay),
        )
        if self._publish_channel.is_closed:
            raise ChannelInvalidStateError(f"{self._publish_channel!r} closed")
        # Straight to the aiormq channel aio-pika keeps under its robust one (as its
        # `Exchange.publish` does, less its `Message` object) and without waiting for the frame to be
        # written: the broker's confirm comes after the write anyway. Returns and nacks still raise
        # (`on_return_raises`). Measured: the runtime with Redis state 861 -> 712 us of CPU a
        # message. The cast: aiormq's abstract channel does not declare `wait`.
        channel = cast(aiormq.Channel, await self._publish_channel.get_underlay_channel())
        await channel.basic_publish(
            message.model_dump_json().encode(),
            exchange=exchange,
            routing_key=routing_key,
            properties=properties,
            mandatory=True,
            timeout=10,
            wait=False,
        )

    async def consume(self, stage: str, handler: Handler, *, prefetch: int) -> Subscription:
        await self.connect()
        await self.declare([stage])
        assert self.connection
        channel = await self.connection.channel(publisher_confirms=False)
        channel.QUEUE_CLASS = _DeliveredQueue
        await channel.set_qos(prefetch_count=prefetch)
        # Declared (same arguments, so idempotent), not `get_queue(ensure=False)`: only queues a robust
        # channel declared are restored with their consumers after the connection comes back.
        queue = await self._declare_queue(channel, self.queue_name(stage), self._queue_arguments(stage))
        assert isinstance(queue, _DeliveredQueue)
        # Bound here too (idempotent), so that the robust channel binds the queue again when it
        # declares it again: after the queue was deleted under its consumer, only this channel
        # notices, and an unbound queue would make every publish to the stage come back unroutable.
        await queue.bind(self.prefix, routing_key=stage)

        async def on_message(raw: DeliveredMessage | AbstractIncomingMessage) -> None:
            await handler(AmqpDelivery(raw))

        tag = await queue.consume(on_message, no_ack=False)
        return AmqpSubscription(queue, tag, channel)

    async def stats(self, stage: str) -> QueueStats:
        await self.connect()
        await self.declare([stage])
        assert self._publish_channel
        # A robust channel answers a passive declare from its cache of the first declaration;
        # ask the underlying channel for the live counts.
        channel = await self._publish_channel.get_underlay_channel()
        queue = await channel.queue_declare(self.queue_name(stage), passive=True)
        dead = await channel.queue_declare(f"{self.queue_name(stage)}.dead", passive=True)
        return QueueStats(ready=queue.message_count or 0, unacked=None, dead=dead.message_count or 0)

    async def dead_letters(self, stage: str) -> list[bytes]:
        await self.connect()
        assert self.connection
        channel = await self.connection.channel()
        try:
            queue = await channel.get_queue(f"{self.queue_name(stage)}.dead", ensure=False)
            bodies, held = [], []
            while (message := await queue.get(no_ack=False, fail=False, timeout=5)) is not None:
                bodies.append(message.body)
                held.append(message)
            for message in held:
                await message.nack(requeue=True)  # leave them for operators
            return bodies
        finally:
            await channel.close()

    async def ping(self) -> None:
        await self.connect()
        assert self.connection
        if self.connection.is_closed:
            raise TransientError("message broker connection is closed")

    def connected(self) -> bool:
        connection = self.connection
        if connection is None or connection.is_closed:
            return False
        # A robust connection drops its transport when the socket breaks, and reconnects later.
        transport = getattr(connection, "transport", None)
        return transport is not None and not transport.connection.is_closed

    async def delete_topology(self, stages: list[str]) -> None:
        """Delete the stages' work and dead-letter queues and this prefix's exchanges, messages
        included (tests, benchmarks, tearing down a prefix); delay queues expire on their own."""
        connection = await aio_pika.connect(self.url)
        async with connection:
            channel = await connection.channel()
            for stage in stages:
                for name in (self.queue_name(stage), f"{self.queue_name(stage)}.dead"):
                    await channel.queue_delete(name)
            for name in (self.prefix, f"{self.prefix}.dlx"):
                await channel.exchange_delete(name)

    async def purge(self, stages: list[str]) -> None:
        """Empty the stages' work and dead-letter queues (tests and operators)."""
        await self.declare(stages)
        assert self._publish_channel
        for stage in stages:
            for name in (self.queue_name(stage), f"{self.queue_name(stage)}.dead"):
                queue = await self._publish_channel.declare_queue(name, passive=True)
                await queue.purge()


# --- in memory ------------------------------------------------------------------------------


class MemoryDelivery(Delivery):
    def __init__(self, broker: MemoryBroker, stage: str, envelope: _Envelope) -> None:
        self.broker, self.stage, self.envelope = broker, stage, envelope
        self.body = envelope.body
        self.message, self.decode_error = decode(envelope.body)
        self.delivery_count = envelope.deliveries - 1
        self.published_at = envelope.due_at
        self._settled = False

    async def ack(self) -> None:
        self._settle()

    async def dead_letter(self) -> None:
        self._settle()
        self.broker._dead[self.stage].append(self.body)

    async def requeue(self) -> None:
        self._settle()
        self.broker._enqueue(self.stage, self.envelope)

    def _settle(self) -> None:
        if self._settled:
            raise RuntimeError("delivery already settled")
        self._settled = True
        self.broker._unacked[self.stage] -= 1


@dataclass(order=True)
class _Envelope:
    sort_key: tuple[int, int]
    body: bytes = field(compare=False)
    deliveries: int = field(default=0, compare=False)
    due_at: float | None = field(default=None, compare=False)


class MemorySubscription(Subscription):
    def __init__(self, task: asyncio.Task[None]) -> None:
        self.task = task

    async def cancel(self) -> None:
        self.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.task


class MemoryBroker(Broker):
    """One process, same semantics: priorities, prefetch, delays, dead letters, redelivery."""

    def __init__(self, *, delivery_limit: int = 5) -> None:
        self.delivery_limit = delivery_limit
        self._heaps: dict[str, list[_Envelope]] = defaultdict(list)
        self._available: dict[str, asyncio.Condition] = {}
        self._dead: dict[str, list[bytes]] = defaultdict(list)
        self._unacked: dict[str, int] = defaultdict(int)
        self._counter = itertools.count()
        self._timers: set[asyncio.TimerHandle] = set()

    def _condition(self, stage: str) -> asyncio.Condition:
        if stage not in self._available:
            self._available[stage] = asyncio.Condition()
        return self._available[stage]

    async def connect(self) -> None:
        return None

    async def close(self) -> None:
        for timer in self._timers:
            timer.cancel()

    async def declare(self, stages: list[str]) -> None:
        for stage in stages:
            self._condition(stage)

    def _enqueue(self, stage: str, envelope: _Envelope) -> None:
        heapq.heappush(self._heaps[stage], envelope)
        condition = self._condition(stage)

        async def wake() -> None:
            async with condition:
                condition.notify()

        task = asyncio.get_running_loop().create_task(wake())
        task.add_done_callback(lambda _: None)

    async def publish(self, message: JobMessage, *, delay: float = 0.0) -> None:
        envelope = _Envelope(
            (-message.metadata.priority, next(self._counter)),
            message.model_dump_json().encode(),
            due_at=time.time() + delay,
        )
        if delay > 0:
            loop = asyncio.get_running_loop()
            handle: asyncio.TimerHandle

            def fire() -> None:
                self._timers.discard(handle)
                self._enqueue(message.stage, envelope)

            handle = loop.call_later(delay, fire)
            self._timers.add(handle)
        else:
            self._enqueue(message.stage, envelope)

    async def publish_raw(self, stage: str, body: bytes) -> None:
        """Put arbitrary bytes on a queue (tests of poison messages)."""
        self._enqueue(stage, _Envelope((0, next(self._counter)), body))

    async def consume(self, stage: str, handler: Handler, *, prefetch: int) -> Subscription:
        condition = self._condition(stage)
        slots = asyncio.Semaphore(prefetch)
        running: set[asyncio.Task[None]] = set()

        async def deliver(delivery: MemoryDelivery) -> None:
            try:
                await handler(delivery)
            finally:
                slots.release()
                if not delivery._settled:
                    # A handler that returns without settling is a crashed consumer: redeliver.
                    await delivery.requeue()

        async def loop() -> None:
            while True:
                await slots.acquire()
                async with condition:
                    await condition.wait_for(lambda: bool(self._heaps[stage]))
                    envelope = heapq.heappop(self._heaps[stage])
                envelope.deliveries += 1
                self._unacked[stage] += 1
                delivery = MemoryDelivery(self, stage, envelope)
                if delivery.delivery_count > self.delivery_limit + 1:
                    await delivery.dead_letter()
                    slots.release()
                    continue
                task = asyncio.create_task(deliver(delivery))
                running.add(task)
                task.add_done_callback(running.discard)

        return MemorySubscription(asyncio.create_task(loop()))

    async def stats(self, stage: str) -> QueueStats:
        return QueueStats(ready=len(self._heaps[stage]), unacked=self._unacked[stage], dead=len(self._dead[stage]))

    async def dead_letters(self, stage: str) -> list[bytes]:
        return list(self._dead[stage])


def broker_from_url(
    url: str, *, prefix: str = "brandgen", queue_type: str = "quorum", delivery_limit: int = 5
) -> Broker:
    if url.startswith("memory://"):
        return MemoryBroker(delivery_limit=delivery_limit)
    if url.startswith(("amqp://", "amqps://")):
        return AmqpBroker(url, prefix=prefix, queue_type=queue_type, delivery_limit=delivery_limit)
    raise ValueError(f"unsupported broker URL {url!r}: use amqp://user:pass@host:5672/ or memory://")
