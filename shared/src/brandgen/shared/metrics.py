"""Prometheus metrics, named once here so dashboards, alerts and services agree.

Workers serve them with `serve_metrics(port, ready=...)`, which also answers `/healthz` (the
process is up) and `/readyz` (the worker can take messages: 503 while its broker connection is
down); the API mounts `/metrics`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, make_server

from prometheus_client import Counter, Gauge, Histogram, make_wsgi_app
from prometheus_client.exposition import ThreadingWSGIServer

STAGE_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300)
JOB_BUCKETS = (0.5, 1, 2, 3, 5, 10, 30, 60, 120, 300, 600, 1800)
HTTP_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5)

STAGE_DURATION = Histogram(
    "brandgen_stage_duration_seconds",
    "Time a stage function took, per stage and A/B variant.",
    ["stage", "variant"],
    buckets=STAGE_BUCKETS,
)
STAGE_RUNS = Counter(
    "brandgen_stage_runs_total",
    "Stage runs by outcome (done, skipped, retry, failed, timeout, canceled).",
    ["stage", "outcome", "variant"],
)
JOBS = Counter("brandgen_jobs_total", "Jobs that reached a final status.", ["outcome"])
JOB_DURATION = Histogram(
    "brandgen_job_duration_seconds", "Job creation to final status.", ["outcome"], buckets=JOB_BUCKETS
)
RETRIES = Counter("brandgen_stage_retries_total", "Stage retries scheduled after transient errors.", ["stage"])
DEAD_LETTERS = Counter("brandgen_dead_letters_total", "Messages sent to the dead-letter queue.", ["stage"])
IN_FLIGHT = Gauge("brandgen_stage_in_flight", "Messages a worker is processing now.", ["stage"])
QUEUE_DEPTH = Gauge("brandgen_queue_depth", "Ready messages in a stage's queue (sampled by the API).", ["stage"])
QUEUE_WAIT = Histogram(
    "brandgen_queue_wait_seconds",
    "Time a message waited in its stage's queue before a worker took it (the age of the queue's head; "
    "AMQP timestamps are whole seconds).",
    ["stage"],
    buckets=(0.05, 0.25, 1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600),
)

HTTP_LATENCY = Histogram(
    "brandgen_http_request_duration_seconds",
    "API request latency by route template.",
    ["method", "route"],
    buckets=HTTP_BUCKETS,
)
HTTP_REQUESTS = Counter("brandgen_http_requests_total", "API responses by status.", ["method", "route", "status"])

GPU_UTILIZATION = Gauge("brandgen_gpu_utilization_ratio", "GPU utilisation 0..1 seen by the logo worker.", ["gpu"])
GPU_MEMORY_USED = Gauge("brandgen_gpu_memory_used_bytes", "GPU memory in use by the logo worker.", ["gpu"])
GPU_MEMORY_TOTAL = Gauge("brandgen_gpu_memory_total_bytes", "GPU memory on the device.", ["gpu"])


STAGE_OUTCOMES = ("done", "skipped", "retry", "failed", "timeout", "canceled")
JOB_OUTCOMES = ("succeeded", "failed")

# Every process that can finish a job (a worker, or the API failing an overdue one) exports these
# at 0 from its start, so the first failure is an increase Prometheus sees.
for _outcome in JOB_OUTCOMES:
    JOBS.labels(_outcome)
    JOB_DURATION.labels(_outcome)


def prime_worker_metrics(stage: str, variants: Iterable[str] = ("default",)) -> None:
    """Create a worker's counters at 0 before its first message.

    Prometheus's `increase()` needs a sample before the first increment: a counter that appears
    already at 1 (a process's first dead letter or failed job) shows no increase, and the alert
    reading it would never fire for it.
    """
    DEAD_LETTERS.labels(stage)
    RETRIES.labels(stage)
    IN_FLIGHT.labels(stage)
    QUEUE_WAIT.labels(stage)
    for variant in variants:
        STAGE_DURATION.labels(stage, variant)
        for outcome in STAGE_OUTCOMES:
            STAGE_RUNS.labels(stage, outcome, variant)


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Probes and scrapes every few seconds: not worth a log line each."""


def _probe_app(ready: Callable[[], bool] | None) -> Callable[..., Iterable[bytes]]:
    metrics_app = make_wsgi_app()

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == "/healthz":
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ok\n"]
        if path == "/readyz":
            try:
                is_ready = ready is None or ready()
            except Exception:  # a probe that cannot tell is not ready
                is_ready = False
            status = "200 OK" if is_ready else "503 Service Unavailable"
            start_response(status, [("Content-Type", "text/plain")])
            return [b"ready\n" if is_ready else b"not ready: no connection to the message broker\n"]
        return metrics_app(environ, start_response)  # type: ignore[no-any-return]

    return app


def serve_metrics(
    port: int,
    addr: str = "0.0.0.0",  # noqa: S104 - scraped from other hosts
    *,
    ready: Callable[[], bool] | None = None,
) -> ThreadingWSGIServer:
    """Serve `/metrics`, `/healthz` and `/readyz` on `port` in a daemon thread.

    `ready` is called by each `/readyz` request (from the server's thread: keep it a cheap read);
    without it the worker counts as ready while the process is up.
    """
    server = make_server(addr, port, _probe_app(ready), ThreadingWSGIServer, handler_class=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="metrics-server", daemon=True)
    thread.start()
    return server
