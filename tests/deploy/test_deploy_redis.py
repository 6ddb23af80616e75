"""Redis stays bounded and keeps what cannot be rebuilt: the compose and Kubernetes Redis run (a real
redis-server with their exact arguments) with a password, a memory cap, an eviction policy that can
only drop keys with a TTL, and append-only persistence; and the job store gives a TTL only to
finished jobs, never to live jobs or API keys (real Redis)."""

from __future__ import annotations

import asyncio
import re
import shutil
import subprocess
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from brandgen.api.services.keys import api_key_store
from brandgen.shared.keys import RedisKeys
from brandgen.shared.lifecycle import transition
from brandgen.shared.models import BrandRequest, EventKind, JobEvent, JobMetadata, JobRecord, JobStatus
from brandgen.shared.settings import BrandgenSettings
from brandgen.shared.state import RedisJobStore
from brandgen.shared.testkit import free_port
from tests.deploy.deploy_checks import K8S, compose_services, find, load_yaml_docs

REDIS_URL = "redis://127.0.0.1:6379/0"
PASSWORD = "redis-test-secret"
# Evicting only keys with a TTL: API keys and live jobs (no TTL) are never chosen.
SAFE_POLICIES = {"volatile-lru", "volatile-lfu", "volatile-ttl", "volatile-random", "noeviction"}
PROD_ENV = {
    "RABBITMQ_USER": "brandgen",
    "RABBITMQ_PASSWORD": "rabbit-secret",
    "MINIO_ROOT_USER": "minio-user",
    "MINIO_ROOT_PASSWORD": "minio-secret",
    "MINIO_APP_PASSWORD": "minio-app-secret",
    "REDIS_PASSWORD": PASSWORD,
    "NEO4J_PASSWORD": "neo4j-secret",
    "GRAFANA_ADMIN_USER": "admin",
    "GRAFANA_ADMIN_PASSWORD": "grafana-secret",
    "BRANDGEN_VERSION": "1.0.0",
    "BRANDGEN_S3_PUBLIC_URL": "https://assets.example.com",
    "ALERTMANAGER_SLACK_URL_FILE": "/run/secrets/slack-url",
}


def memory_bytes(text: str) -> int:
    """Docker (`1g`, `512m`) and Kubernetes (`1Gi`, `512Mi`) memory quantities."""
    match = re.fullmatch(r"(\d+)([kmgKMG]i?)?b?", str(text))
    assert match, text
    unit = (match.group(2) or "").lower().rstrip("i")
    return int(match.group(1)) * {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[unit]


@pytest.fixture
def run_redis(tmp_path: Path) -> Iterator[Any]:
    """Start redis-server with a deployment's arguments (data in a temporary folder, a free port)."""
    started: list[subprocess.Popen[bytes]] = []

    def start(args: list[str]) -> redis.Redis:
        assert args[0] == "redis-server", args
        port = free_port()
        data = tmp_path / f"data-{port}"
        data.mkdir()
        server = shutil.which("redis-server")
        assert server, "redis-server is not installed"
        process = subprocess.Popen(
            [server, *args[1:], "--port", str(port), "--bind", "127.0.0.1", "--dir", str(data), "--save", ""],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        started.append(process)
        client = redis.Redis(port=port, password=PASSWORD, decode_responses=True)
        for _ in range(50):
            try:
                client.ping()
                return client
            except redis.ConnectionError:
                assert process.poll() is None, process.stderr.read() if process.stderr else b""
                time.sleep(0.1)
        raise AssertionError("redis-server did not start")

    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=10)


def check_bounded(client: redis.Redis, limit: int) -> None:
    config = client.config_get("*")
    maxmemory = config["maxmemory"]
    assert maxmemory is not None
    assert 0 < int(maxmemory) <= 0.8 * limit, "maxmemory must leave room below the container limit"
    assert config["maxmemory-policy"] in SAFE_POLICIES
    assert config["appendonly"] == "yes", "API keys live only here: persist them (append-only file)"
    assert config["requirepass"] == PASSWORD
    with pytest.raises(redis.AuthenticationError):
        redis.Redis(port=client.connection_pool.connection_kwargs["port"]).ping()


@pytest.mark.redis
@pytest.mark.parametrize("files", [("docker-compose.yml",), ("docker-compose.yml", "docker-compose.prod.yml")])
def test_compose_redis_runs_bounded_persistent_and_with_a_password(files: tuple[str, ...], run_redis: Any) -> None:
    services = compose_services(*files, env={**PROD_ENV})
    service = services["redis"]
    client = run_redis(service["command"])
    limit = memory_bytes(service.get("deploy", {}).get("resources", {}).get("limits", {}).get("memory", "1g"))
    check_bounded(client, limit)
    # Every service reaches Redis with that password, and the job store reads it from the URL.
    for name in ("api-service", "pdf-service"):
        assert services[name]["environment"]["BRANDGEN_STATE_URL"] == f"redis://:{PASSWORD}@redis:6379/0", name
    port = client.connection_pool.connection_kwargs["port"]
    url = services["api-service"]["environment"]["BRANDGEN_STATE_URL"].replace("@redis:6379", f"@127.0.0.1:{port}")
    asyncio.run(ping_store(url))


async def ping_store(url: str) -> None:
    store = RedisJobStore.from_url(url)
    try:
        await store.ping()
    finally:
        await store.close()


@pytest.mark.redis
def test_kubernetes_redis_runs_bounded_persistent_and_with_a_password(manifests: Any, run_redis: Any) -> None:
    statefulset = find(manifests, "StatefulSet", "redis")
    container = statefulset["spec"]["template"]["spec"]["containers"][0]
    env = {e["name"]: e for e in container["env"]}
    assert env["REDIS_PASSWORD"]["valueFrom"]["secretKeyRef"] == {
        "name": "brandgen-backing-secrets",
        "key": "REDIS_PASSWORD",
    }
    # Kubernetes expands $(VAR) in args from the container's environment.
    args = [arg.replace("$(REDIS_PASSWORD)", PASSWORD) for arg in container["args"]]
    client = run_redis(args)
    check_bounded(client, memory_bytes(container["resources"]["limits"]["memory"]))
    secrets = {s["metadata"]["name"]: s["stringData"] for s in load_yaml_docs(K8S / "config/secrets.template.yaml")}
    assert secrets["brandgen-secrets"]["BRANDGEN_STATE_URL"].startswith("redis://:")


@pytest.fixture
async def store() -> AsyncIterator[RedisJobStore]:
    made = RedisJobStore.from_url(REDIS_URL, prefix=f"t{uuid.uuid4().hex[:10]}", ttl=3600)
    yield made
    await made.delete_all()
    await made.close()


async def ttls(store: RedisJobStore, job_id: str) -> tuple[int, int]:
    return await store.redis.ttl(store._key(job_id)), await store.redis.ttl(store._events_key(job_id))


@pytest.mark.redis
async def test_only_finished_jobs_expire(store: RedisJobStore) -> None:
    request = BrandRequest(company_name="Acme", industry="technology", style="modern")
    live, done = (
        JobRecord(job_id=job_id, request=request, pipeline=["logo"], metadata=JobMetadata())
        for job_id in ("live-job", "done-job")
    )
    for record in (live, done):
        assert await store.create(record, JobEvent(kind=EventKind.job_queued))

    def running(record: JobRecord) -> list[JobEvent]:
        transition(record, JobStatus.running)
        return [JobEvent(kind=EventKind.stage_started, stage="logo")]

    def succeeded(record: JobRecord) -> list[JobEvent]:
        transition(record, JobStatus.succeeded)
        return [JobEvent(kind=EventKind.job_succeeded)]

    await store.update("live-job", running)
    await store.update("done-job", running)
    assert await ttls(store, "live-job") == (-1, -1), "a live job must never expire or be evicted"

    await store.update("done-job", succeeded)
    record_ttl, events_ttl = await ttls(store, "done-job")
    assert 0 < record_ttl <= 3600
    assert 0 < events_ttl <= 3600
    assert await ttls(store, "live-job") == (-1, -1)

    # A late write on a finished job (a webhook note, removed assets) keeps it expiring.
    await store.update("done-job", lambda record: [JobEvent(kind=EventKind.webhook_delivered)])
    assert 0 < (await ttls(store, "done-job"))[0] <= 3600


@pytest.mark.redis
async def test_api_keys_never_expire(store: RedisJobStore) -> None:
    keys = api_key_store(store)
    await keys.create("ci")
    names = [name async for name in store.redis.scan_iter(match=f"{RedisKeys(store.prefix).api_keys_by_hash}*")]
    assert names
    for name in names:
        assert await store.redis.ttl(name) == -1, name


def test_finished_jobs_are_kept_a_bounded_time_by_default() -> None:
    ttl = BrandgenSettings.model_fields["job_ttl_seconds"].default
    # About 32 KB a job: at 3 kits a minute, three days is about 0.4 GB, under the 768 MB cap.
    assert 3600 <= ttl <= 3 * 24 * 3600
    assert 3 * 60 * 24 * (ttl / 86400) * 32 * 1024 < 768 * 1024**2
