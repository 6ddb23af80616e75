"""Ready messages per stage queue, for the `brandgen_queue_depth` gauge.

On RabbitMQ this asks on a channel of its own with a raw passive `queue.declare`: the shared
broker's `stats()` asks on its robust publish channel, which answers a queue it declared itself
with the cached first declare-ok (message_count 0), so it would always report an empty queue.
"""

from __future__ import annotations

from aio_pika.abc import AbstractChannel

from brandgen.shared.broker import AmqpBroker, Broker


class QueueDepth:
    def __init__(self, broker: Broker) -> None:
        self.broker = broker
        self._channel: AbstractChannel | None = None

    async def ready(self, stage: str) -> int:
        broker = self.broker
        if not isinstance(broker, AmqpBroker):
            return (await broker.stats(stage)).ready
        await broker.declare([stage])
        assert broker.connection is not None
        if self._channel is None or self._channel.is_closed:
            self._channel = await broker.connection.channel()
        underlay = await self._channel.get_underlay_channel()
        declared = await underlay.queue_declare(broker.queue_name(stage), passive=True)
        return int(declared.message_count or 0)
