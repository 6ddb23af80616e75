"""The no-op stage relay as a Celery app, for `bench_peers.py` (run by a Celery worker process).

The same guarantees the runtime gives: the message is acked only after the task ran (acks_late),
its result is recorded in Redis (the result backend), and the next message is published with
publisher confirms; quorum queues as the runtime uses.
"""

from __future__ import annotations

import os

from celery import Celery
from kombu.entity import Exchange, Queue

AMQP_URL = os.environ.get("BRANDGEN_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
REDIS_URL = os.environ.get("BRANDGEN_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
PREFIX = os.environ.get("BENCH_PEER_PREFIX", "benchpeer")
SOURCE, SINK = f"{PREFIX}.in", f"{PREFIX}.out"


def _queue(name: str) -> Queue:
    return Queue(name, Exchange(name, type="direct"), routing_key=name, queue_arguments={"x-queue-type": "quorum"})


app = Celery("brandgen_bench_peer", broker=AMQP_URL, backend=REDIS_URL)
app.conf.update(
    task_acks_late=True,
    task_queues=[_queue(SOURCE), _queue(SINK)],
    broker_transport_options={"confirm_publish": True},
    worker_prefetch_multiplier=int(os.environ.get("BENCH_PREFETCH", "32")),
    task_routes={"relay": {"queue": SOURCE, "routing_key": SOURCE, "exchange": SOURCE}},
    result_expires=600,
    task_serializer="json",
    result_serializer="json",
    worker_hijack_root_logger=False,
)


@app.task(name="relay")  # type: ignore[untyped-decorator]  # Celery ships no type information
def relay(job_id: str) -> dict[str, str]:
    app.send_task("sink", args=[job_id], queue=SINK, routing_key=SINK, exchange=SINK)
    return {"job_id": job_id, "stage": "noop"}
