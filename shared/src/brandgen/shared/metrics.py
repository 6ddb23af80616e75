"""Prometheus metrics, named once here so dashboards, alerts and services agree.

Workers serve them with `serve_metrics(port)`; the API mounts `/metrics`.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram, start_http_server

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


def serve_metrics(port: int, addr: str = "0.0.0.0") -> None:  # noqa: S104 - scraped from other hosts
    start_http_server(port, addr=addr)
