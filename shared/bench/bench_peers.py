"""Messages per second through one no-op stage in the job frameworks people would use instead.

Celery (solo pool, acks_late, publisher confirms, Redis result backend) and Dramatiq (one process,
eight threads, confirms, Redis results) relay the same messages as `bench_runtime.py`'s runtime:
consume, record a result in Redis, publish the next message with confirms, ack, on the same
RabbitMQ and Redis. Each runs in a worker process of its own (`peer_celery.py`,
`peer_dramatiq.py`); the messages are queued before the worker starts, and the rate is taken from
the first relayed message to the last, so the worker's start-up is not counted.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pika

AMQP_URL = os.environ.get("BRANDGEN_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
MESSAGES = int(os.environ.get("BENCH_MESSAGES", "2000"))
HERE = Path(__file__).resolve().parent
DEADLINE_S = 300.0

# Queue the messages from a process of the peer's own, as its clients would.
_ENQUEUE = {
    "celery": "import peer_celery as p, sys\nfor i in range(int(sys.argv[1])): p.relay.delay(f'j{i}')",
    "dramatiq": "import peer_dramatiq as p, sys\nfor i in range(int(sys.argv[1])): p.relay.send(f'j{i}')",
}
_WORKER = {
    "celery": [
        "-m", "celery", "-A", "peer_celery", "worker", "--pool=solo", "--concurrency=1", "--queues", "{source}",
        "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=WARNING",
    ],
    "dramatiq": ["-m", "dramatiq", "peer_dramatiq", "--processes", "1", "--threads", "8", "--queues", "{source}"],
}  # fmt: skip


def _queues(peer: str, prefix: str) -> tuple[str, str, list[str]]:
    """The source queue, the sink queue to count, and every queue the peer declares (to delete afterwards)."""
    if peer == "celery":
        return f"{prefix}.in", f"{prefix}.out", [f"{prefix}.in", f"{prefix}.out"]
    names = [f"{prefix}_in", f"{prefix}_out"]
    return names[0], names[1], [f"{base}{suffix}" for base in names for suffix in ("", ".DQ", ".XQ")]


def _depth(channel: pika.adapters.blocking_connection.BlockingChannel, queue: str) -> int:
    return int(channel.queue_declare(queue, passive=True).method.message_count)


def peer_rate(peer: str) -> float:
    """Messages per second the peer relays, first relayed message to the last."""
    prefix = f"benchpeer{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "BENCH_PEER_PREFIX": prefix, "PYTHONPATH": str(HERE)}
    subprocess.run([sys.executable, "-c", _ENQUEUE[peer], str(MESSAGES)], cwd=HERE, env=env, check=True)
    source, sink, declared = _queues(peer, prefix)
    connection = pika.BlockingConnection(pika.URLParameters(AMQP_URL))
    command = [sys.executable, *(part.format(source=source) for part in _WORKER[peer])]
    log = tempfile.TemporaryFile()  # noqa: SIM115 - the worker writes it until the finally below
    worker = subprocess.Popen(command, cwd=HERE, env=env, stdout=subprocess.DEVNULL, stderr=log)
    try:
        channel = connection.channel()
        first: tuple[float, int] | None = None
        deadline = time.monotonic() + DEADLINE_S
        while time.monotonic() < deadline:
            depth = _depth(channel, sink) if first or _exists(connection, sink) else 0
            now = time.perf_counter()
            if depth and first is None:
                first = (now, depth)
            if depth >= MESSAGES and first is not None:
                return (MESSAGES - first[1]) / max(now - first[0], 1e-9)
            time.sleep(0.005)
        log.seek(0)
        tail = log.read().decode(errors="replace").strip().splitlines()[-3:]
        raise TimeoutError(f"{peer} relayed fewer than {MESSAGES} messages in {DEADLINE_S:.0f} s: {tail}")
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
        cleanup = connection.channel()
        for name in declared:
            cleanup.queue_delete(name)
        connection.close()
        log.close()


def _exists(connection: pika.BlockingConnection, queue: str) -> bool:
    """Whether the queue is declared yet (a passive declare of a missing one closes its channel)."""
    probe = connection.channel()
    try:
        probe.queue_declare(queue, passive=True)
    except pika.exceptions.ChannelClosedByBroker:
        return False
    probe.close()
    return True


if __name__ == "__main__":
    for name in ("celery", "dramatiq"):
        print(f"{name:<10} {peer_rate(name):>10.1f} msg/s")
