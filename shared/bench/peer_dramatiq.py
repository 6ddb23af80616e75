"""The no-op stage relay as Dramatiq actors, for `bench_peers.py` (run by a Dramatiq worker process).

Dramatiq acks after the actor returns, records the result in Redis (Results middleware) and
publishes the next message with publisher confirms (`confirm_delivery`). Its RabbitMQ broker
declares classic queues of its own (with delay and dead-letter companions): it has no quorum option.
"""

from __future__ import annotations

import os

import dramatiq
from dramatiq.brokers.rabbitmq import RabbitmqBroker
from dramatiq.results import Results
from dramatiq.results.backends.redis import RedisBackend

AMQP_URL = os.environ.get("BRANDGEN_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
REDIS_URL = os.environ.get("BRANDGEN_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
PREFIX = os.environ.get("BENCH_PEER_PREFIX", "benchpeer")
SOURCE, SINK = f"{PREFIX}_in", f"{PREFIX}_out"

broker = RabbitmqBroker(url=AMQP_URL, confirm_delivery=True)
broker.add_middleware(Results(backend=RedisBackend(url=REDIS_URL, namespace=PREFIX), result_ttl=600_000))
dramatiq.set_broker(broker)


@dramatiq.actor(queue_name=SINK, max_retries=0)
def sink(job_id: str) -> None:  # nobody consumes the sink: the bench counts its queue
    pass


@dramatiq.actor(queue_name=SOURCE, store_results=True, max_retries=0)
def relay(job_id: str) -> dict[str, str]:
    sink.send(job_id)
    return {"job_id": job_id, "stage": "noop"}
