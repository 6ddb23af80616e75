"""API throughput on loopback: submit, poll and 304-poll rates and p99, beside bare and raw baselines.

Each server runs in its own uvicorn process (uvloop + httptools) and wrk (one thread, 32
connections, 5 s) loads it. Yardsticks, measured in the same run (`bare_app.py`):
- bare FastAPI (`GET /ping`, no I/O);
- raw submit: a bare endpoint doing a submit's I/O only (one Redis write, one confirmed publish);
- raw read: a bare endpoint reading a job record (`HGET json`), a poll's I/O only.
Their ratios say what the gateway's own work (auth, validation, rate limiting, idempotency, the job
model and view) costs on top of FastAPI and of the I/O it cannot avoid.
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
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
AMQP_URL = os.environ.get("BRANDGEN_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
REDIS_URL = os.environ.get("BRANDGEN_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
DURATION = os.environ.get("BRANDGEN_BENCH_DURATION", "5s")
CONNECTIONS = "32"
PIPELINE = ["logo", "palette", "rationale", "pdf"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def _server(target: list[str], env: dict[str, str]) -> Iterator[str]:
    port = _free_port()
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


def _wrk(
    url: str, key: str = "", script: Path | None = None, headers: dict[str, str] | None = None
) -> tuple[float, float]:
    """(requests per second, p99 in ms); refuses runs with error answers."""
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency"]
    if script:
        command += ["-s", str(script)]
    else:
        sent = ({"X-API-Key": key} if key else {}) | (headers or {})
        for name, value in sent.items():
            command += ["-H", f"{name}: {value}"]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, env=os.environ | {"BRANDGEN_BENCH_KEY": key}
    ).stdout
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        raise RuntimeError(f"{match.group(1)} error answers from {url}:\n{output}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", output).groups()  # type: ignore[union-attr]
    p99 = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    return rate, p99


def _create_key_and_job(prefix: str) -> tuple[str, str]:
    """(API key, id of a queued job it owns): the job the raw read reads, written as the API would."""
    from brandgen.api.services.keys import RedisApiKeyStore
    from brandgen.shared.models import BrandRequest, JobMetadata, JobRecord
    from brandgen.shared.state import RedisJobStore

    async def run() -> tuple[str, str]:
        store = RedisJobStore.from_url(REDIS_URL, prefix=prefix)
        try:
            key, record = await RedisApiKeyStore(store).create("bench")
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


def _measure_api(label: str, env: dict[str, str], key: str, workers: int = 1) -> list[tuple[str, float, str]]:
    with _server(["--factory", "brandgen.api.app:app", "--workers", str(workers)], env) as url:
        submitted = httpx.post(
            f"{url}/v1/brand-kits",
            json={"company_name": "Poll Co", "industry": "technology", "style": "modern"},
            headers={"X-API-Key": key} if key else {},
        )
        submitted.raise_for_status()
        job_url = submitted.headers["location"]
        etag = httpx.get(job_url, headers={"X-API-Key": key} if key else {}).headers["etag"]
        submit_rate, submit_p99 = _wrk(f"{url}/v1/brand-kits", key, HERE / "submit.lua")
        poll_rate, poll_p99 = _wrk(job_url, key)
        not_modified_rate, not_modified_p99 = _wrk(job_url, key, headers={"If-None-Match": etag})
    return [
        (f"api_{label}_submit", submit_rate, "req/s"),
        (f"api_{label}_submit_p99", submit_p99, "ms"),
        (f"api_{label}_poll", poll_rate, "req/s"),
        (f"api_{label}_poll_p99", poll_p99, "ms"),
        (f"api_{label}_poll_304", not_modified_rate, "req/s"),
        (f"api_{label}_poll_304_p99", not_modified_p99, "ms"),
    ]


def _measure_baselines(prefix: str, job_id: str) -> list[tuple[str, float, str]]:
    raw = {"BRANDGEN_BENCH_PREFIX": prefix, "BRANDGEN_BENCH_REDIS_URL": REDIS_URL, "BRANDGEN_BENCH_AMQP_URL": AMQP_URL}
    with _server(["bare_app:app"], raw) as url:
        bare_rate, bare_p99 = _wrk(f"{url}/ping")
        raw_submit_rate, raw_submit_p99 = _wrk(f"{url}/raw/submit", script=HERE / "submit.lua")
        raw_read_rate, raw_read_p99 = _wrk(f"{url}/raw/jobs/{job_id}")
    return [
        ("api_bare_fastapi", bare_rate, "req/s"),
        ("api_bare_fastapi_p99", bare_p99, "ms"),
        ("api_raw_submit_redis_write_confirmed_publish", raw_submit_rate, "req/s"),
        ("api_raw_submit_p99", raw_submit_p99, "ms"),
        ("api_raw_read_job_record", raw_read_rate, "req/s"),
        ("api_raw_read_p99", raw_read_p99, "ms"),
    ]


def bench() -> list[tuple[str, float, str]]:
    results: list[tuple[str, float, str]] = []
    common = {
        "BRANDGEN_LOG_JSON": "false",
        "BRANDGEN_LOG_LEVEL": "WARNING",
        "BRANDGEN_RATE_LIMIT_PER_MINUTE": "10000000",
    }
    prefix = f"bench{uuid.uuid4().hex[:8]}"
    try:
        key, job_id = _create_key_and_job(prefix)
        results += _measure_baselines(prefix, job_id)
        real = common | {
            "BRANDGEN_BROKER_URL": AMQP_URL,
            "BRANDGEN_STATE_URL": REDIS_URL,
            "BRANDGEN_QUEUE_PREFIX": prefix,
            "BRANDGEN_JOB_TTL_SECONDS": "600",
        }
        results += _measure_api("redis_rabbitmq", real, key)
        # One uvicorn worker per core, as `brandgen serve --workers 2` runs it in production.
        results += _measure_api("redis_rabbitmq_2_workers", real, key, workers=2)
    finally:
        asyncio.run(_clean(prefix))
    memory = common | {
        "BRANDGEN_BROKER_URL": "memory://",
        "BRANDGEN_STATE_URL": "memory://",
        "BRANDGEN_AUTH_ENABLED": "false",
    }
    results += _measure_api("memory", memory, "")
    return results + _ratios(results)


def _ratios(results: list[tuple[str, float, str]]) -> list[tuple[str, float, str]]:
    rates = {name: value for name, value, _ in results}
    baseline = {"submit": "api_raw_submit_redis_write_confirmed_publish", "poll": "api_raw_read_job_record"}
    ratios: list[tuple[str, float, str]] = []
    for label in ("redis_rabbitmq", "redis_rabbitmq_2_workers", "memory"):
        for kind in ("submit", "poll", "poll_304"):
            rate = rates[f"api_{label}_{kind}"]
            ratios.append((f"api_{label}_{kind}_vs_bare", rate / rates["api_bare_fastapi"], "ratio"))
            if label.startswith("redis"):  # the raw baselines do their I/O on Redis + RabbitMQ, one process
                raw = baseline[kind.removesuffix("_304")]
                ratios.append((f"api_{label}_{kind}_vs_raw", rate / rates[raw], "ratio"))
    return ratios


if __name__ == "__main__":
    for name, value, unit in bench():
        print(f"{name:48s} {value:12.2f} {unit}")
