"""API throughput on loopback: submit, poll and 304-poll rates and p99, beside bare and raw baselines.

Each server runs in its own uvicorn process (uvloop + httptools) and wrk (one thread, 32
connections, 3 s a run) loads it. Yardsticks, measured in the same run (`bare_app.py`):
- bare FastAPI (`GET /ping`, no I/O);
- raw submit: a bare endpoint doing a submit's I/O only (one Redis write, one confirmed publish);
- raw read: a bare endpoint reading a job record (`HGET json`), a poll's I/O only.
Their ratios say what the gateway's own work (auth, validation, rate limiting, idempotency, the job
model and view) costs on top of FastAPI and of the I/O it cannot avoid.
The bare server stays up, and each API run follows a run of its yardsticks (rounds of that:
`BRANDGEN_BENCH_ROUNDS`, 1): a ratio divides rates measured seconds apart, so the load of a machine
shared with other work, which drifts within minutes, cancels out of the ratios far more than out of
the absolute rates. Each rate is also given per CPU-second of the server's processes (psutil):
what other work on the machine disturbs least, so the `_cpu` ratios are the ones to compare
across runs and machines.
One uvicorn worker is measured beside two (one per core, the production setting
`brandgen serve --workers 2`), which then share the cores with wrk, Redis and RabbitMQ.
Two backends: Redis + RabbitMQ with API keys on (production path) and memory with auth off
(`serve --embedded`). No stage consumes, so submitted jobs just queue; everything the run created
is deleted afterwards. The poll is the compact view a client polls; the 304 poll sends the ETag of
that view back in `If-None-Match`.

Run: .venv/bin/python api-service/bench/bench_api.py
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import psutil

from brandgen.shared.testkit import free_port

HERE = Path(__file__).resolve().parent
AMQP_URL = os.environ.get("BRANDGEN_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
REDIS_URL = os.environ.get("BRANDGEN_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
DURATION = os.environ.get("BRANDGEN_BENCH_DURATION", "3s")
ROUNDS = int(os.environ.get("BRANDGEN_BENCH_ROUNDS", "1"))
CONNECTIONS = "32"
PIPELINE = ["logo", "palette", "rationale", "pdf"]
Row = tuple[str, float, str]


@contextmanager
def _server(target: list[str], env: dict[str, str]) -> Iterator[str]:
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        *target,
        "--port",
        str(port),
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, env=os.environ | env, cwd=HERE)
    url = f"http://127.0.0.1:{port}"
    _SERVERS[url] = psutil.Process(process.pid)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{url}/healthz" if "--factory" in target else f"{url}/ping", timeout=1)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"server {target} did not start") from None
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(10)


_SERVERS: dict[str, psutil.Process] = {}
"""Each running server's process by its URL: its CPU time (workers included) per request served."""

Measured = tuple[float, float, float]
"""(requests per second, p99 in ms, requests per CPU-second of the server's processes)."""


def _cpu_seconds(url: str) -> float:
    server = next(process for base, process in _SERVERS.items() if url.startswith(base))
    total = 0.0
    for process in [server, *server.children(recursive=True)]:
        with contextlib.suppress(psutil.NoSuchProcess):
            times = process.cpu_times()
            total += times.user + times.system
    return total


def _wrk(url: str, key: str = "", script: Path | None = None, headers: dict[str, str] | None = None) -> Measured:
    """(requests per second, p99 in ms, requests per server CPU-second); refuses runs with error answers.

    The last is what a loaded machine disturbs least: other work takes wall time from the server,
    hardly CPU time per request."""
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency"]
    if script:
        command += ["-s", str(script)]
    else:
        sent = ({"X-API-Key": key} if key else {}) | (headers or {})
        for name, value in sent.items():
            command += ["-H", f"{name}: {value}"]
    cpu_before = _cpu_seconds(url)
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, env=os.environ | {"BRANDGEN_BENCH_KEY": key}
    ).stdout
    cpu = _cpu_seconds(url) - cpu_before
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        raise RuntimeError(f"{match.group(1)} error answers from {url}:\n{output}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", output).groups()  # type: ignore[union-attr]
    p99 = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    requests = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    return rate, p99, requests / max(cpu, 1e-6)


def _create_key_and_job(prefix: str) -> tuple[str, str]:
    """(API key, id of a queued job it owns): the job the raw read reads, written as the API would."""
    from brandgen.api.services.keys import RedisApiKeyStore
    from brandgen.shared.models import BrandRequest, JobMetadata, JobRecord
    from brandgen.shared.state import RedisJobStore

    async def run() -> tuple[str, str]:
        store = RedisJobStore.from_url(REDIS_URL, prefix=prefix)
        try:
            key, record = await RedisApiKeyStore(store.redis_backend).create("bench")
            job = JobRecord(
                job_id=uuid.uuid4().hex,
                owner=record.id,
                pipeline=PIPELINE,
                stage=PIPELINE[0],
                request=BrandRequest(company_name="Poll Co", industry="technology", style="modern"),
                metadata=JobMetadata(),
            )
            await store.create(job)
            return key, job.job_id
        finally:
            await store.close()

    return asyncio.run(run())


async def _clean(prefix: str) -> None:
    from brandgen.shared.broker import AmqpBroker
    from brandgen.shared.state import RedisJobStore

    await AmqpBroker(AMQP_URL, prefix=prefix).delete_topology(PIPELINE)
    store = RedisJobStore.from_url(REDIS_URL, prefix=prefix)
    await store.delete_all()
    await store.close()


YARDSTICKS = {
    "bare": "api_bare_fastapi",
    "raw_submit": "api_raw_submit_redis_write_confirmed_publish",
    "raw_read": "api_raw_read_job_record",
}
RAW_FOR = {"submit": "raw_submit", "poll": "raw_read", "poll_304": "raw_read"}


class Rates:
    """Runs by name, each name measured `ROUNDS` times; reported as means (p99: the worst)."""

    def __init__(self) -> None:
        self.runs: dict[str, list[Measured]] = {}

    def add(self, name: str, measured: Measured) -> None:
        self.runs.setdefault(name, []).append(measured)

    def rate(self, name: str) -> float:
        return statistics.fmean(run[0] for run in self.runs[name])

    def per_cpu(self, name: str) -> float:
        return statistics.fmean(run[2] for run in self.runs[name])

    def rows(self, name: str, shown: str) -> list[Row]:
        """The mean rates and the worst p99 of `name`'s runs, as `shown`."""
        return [
            (shown, self.rate(name), "req/s"),
            (f"{shown}_p99", max(run[1] for run in self.runs[name]), "ms"),
            (f"{shown}_per_cpu_s", self.per_cpu(name), "req/CPU-s"),
        ]

    def ratios(self, name: str, yardstick: str, shown: str) -> list[Row]:
        """`name` over `yardstick`: by wall-clock rate, and by requests per server CPU-second."""
        return [
            (shown, self.rate(name) / self.rate(yardstick), "ratio"),
            (f"{shown}_cpu", self.per_cpu(name) / self.per_cpu(yardstick), "ratio"),
        ]


def _measure(label: str, env: dict[str, str], key: str, workers: int, bare_url: str, job_id: str) -> Rates:
    """Each API rate with its yardsticks measured just before it, `ROUNDS` times over (a shared
    machine's load drifts within seconds: adjacent runs see about the same share of the cores)."""
    rates = Rates()
    yardsticks: dict[str, Callable[[], Measured]] = {
        "bare": lambda: _wrk(f"{bare_url}/ping"),
        "raw_submit": lambda: _wrk(f"{bare_url}/raw/submit", script=HERE / "submit.lua"),
        "raw_read": lambda: _wrk(f"{bare_url}/raw/jobs/{job_id}"),
    }
    with _server(["--factory", "brandgen.api.app:app", "--workers", str(workers)], env) as url:
        headers = {"X-API-Key": key} if key else {}
        submitted = httpx.post(
            f"{url}/v1/brand-kits",
            json={"company_name": "Poll Co", "industry": "technology", "style": "modern"},
            headers=headers,
        )
        submitted.raise_for_status()
        job_url = submitted.headers["location"]
        etag = httpx.get(job_url, headers=headers).headers["etag"]
        api: dict[str, Callable[[], Measured]] = {
            "submit": lambda: _wrk(f"{url}/v1/brand-kits", key, HERE / "submit.lua"),
            "poll": lambda: _wrk(job_url, key),
            "poll_304": lambda: _wrk(job_url, key, headers={"If-None-Match": etag}),
        }
        for _ in range(ROUNDS):
            for kind, measure in api.items():
                rates.add(f"{kind}:bare", yardsticks["bare"]())
                if label.startswith("redis"):  # the raw baselines do their I/O on Redis + RabbitMQ
                    rates.add(f"{kind}:raw", yardsticks[RAW_FOR[kind]]())
                rates.add(kind, measure())
    return rates


def bench() -> list[Row]:
    common = {
        "BRANDGEN_LOG_JSON": "false",
        "BRANDGEN_LOG_LEVEL": "WARNING",
        "BRANDGEN_RATE_LIMIT_PER_MINUTE": "10000000",
    }
    prefix = f"bench{uuid.uuid4().hex[:8]}"
    real = common | {
        "BRANDGEN_BROKER_URL": AMQP_URL,
        "BRANDGEN_STATE_URL": REDIS_URL,
        "BRANDGEN_QUEUE_PREFIX": prefix,
        "BRANDGEN_JOB_TTL_SECONDS": "600",
    }
    memory = common | {
        "BRANDGEN_BROKER_URL": "memory://",
        "BRANDGEN_STATE_URL": "memory://",
        "BRANDGEN_AUTH_ENABLED": "false",
    }
    results: list[Row] = []
    ratios: list[Row] = []
    try:
        key, job_id = _create_key_and_job(prefix)
        configs = [
            ("redis_rabbitmq", real, key, 1),
            # One uvicorn worker per core, as `brandgen serve --workers 2` runs it in production.
            ("redis_rabbitmq_2_workers", real, key, 2),
            ("memory", memory, "", 1),
        ]
        raw = {
            "BRANDGEN_BENCH_PREFIX": prefix,
            "BRANDGEN_BENCH_REDIS_URL": REDIS_URL,
            "BRANDGEN_BENCH_AMQP_URL": AMQP_URL,
        }
        with _server(["bare_app:app"], raw) as bare_url:
            for label, env, api_key, workers in configs:
                rates = _measure(label, env, api_key, workers, bare_url, job_id)
                if not results:  # the yardsticks' own rows, from the first setup's runs
                    for measured, shown in (
                        ("poll:bare", "bare"),
                        ("submit:raw", "raw_submit"),
                        ("poll:raw", "raw_read"),
                    ):
                        results += rates.rows(measured, YARDSTICKS[shown])
                for kind in ("submit", "poll", "poll_304"):
                    results += rates.rows(kind, f"api_{label}_{kind}")
                    ratios += rates.ratios(kind, f"{kind}:bare", f"api_{label}_{kind}_vs_bare")
                    if label.startswith("redis"):
                        ratios += rates.ratios(kind, f"{kind}:raw", f"api_{label}_{kind}_vs_raw")
    finally:
        asyncio.run(_clean(prefix))
    return results + ratios


if __name__ == "__main__":
    for name, value, unit in bench():
        print(f"{name:48s} {value:12.2f} {unit}")
