"""A live API served by uvicorn on a thread of this process, with tiny test stages.

Where it runs depends on the module's markers, which are therefore always true: a module marked
`rabbitmq` and `redis` gets its servers on the real RabbitMQ and Redis (its own queue/key prefix,
deleted afterwards, so modules never see each other's jobs); any other module gets them on the
memory broker and state store, in this process (the fast lane: `make test-fast`). Both are the
same app over real HTTP. The test stages are `palette` then `rationale` (real Stage objects run by
the shared worker runtime inside the server), producing contract-valid outputs and real files, so
jobs really progress.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar

import httpx
import pytest

from brandgen.api.app import create_app
from brandgen.api.services.keys import RedisApiKeyStore
from brandgen.api.settings import ApiSettings
from brandgen.shared.broker import AmqpBroker
from brandgen.shared.contracts import PaletteOutput, RationaleOutput
from brandgen.shared.errors import StageError
from brandgen.shared.stage import Stage, StageContext
from brandgen.shared.state import RedisJobStore
from brandgen.shared.testkit import ThreadServer, eventually_blocking, free_port, palette_output, rationale_output

AMQP_URL = os.environ.get("BRANDGEN_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
REDIS_URL = os.environ.get("BRANDGEN_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
PIPELINE = ["palette", "rationale"]
PALETTE_CSS = b":root { --brand-primary: #1a73e8; }\n"
MEMORY = "memory://"
Backend = Literal["real", "memory"]
T = TypeVar("T")


# --- test stages ----------------------------------------------------------------------------


async def _palette(ctx: StageContext) -> PaletteOutput:
    name = ctx.request.company_name
    if name.startswith("Broken"):
        raise StageError("unsupported_industry", "no palette can be made for this industry")
    if name.startswith("Slow"):
        await ctx.progress(0.5, "mixing colours slowly")
        await asyncio.sleep(1.5)
    css = await ctx.assets.put("palette/palette.css", PALETTE_CSS)
    return palette_output(exports={"css": css})


async def _rationale(ctx: StageContext) -> RationaleOutput:
    output = rationale_output(ctx.request.company_name, ctx.request.languages)
    for language, document in output.documents.items():
        body = document.sections[0].body.encode()
        output.markdown[language] = await ctx.assets.put(f"rationale/{language}.md", body)
    return output


TEST_STAGES: dict[str, Stage] = {
    "palette": Stage(name="palette", run=_palette, order=1, prefetch=8),
    "rationale": Stage(name="rationale", run=_rationale, order=2, prefetch=8),
}


# --- the live server ---------------------------------------------------------------------------


def _run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to its end from sync or async test code (on a thread with a loop of its own)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@dataclass
class LiveApi:
    url: str
    settings: ApiSettings
    server: ThreadServer
    key: str = ""
    key_id: str = ""
    webhook_secret: str | None = None

    @property
    def app(self) -> Any:
        return self.server.server.config.app

    def stop(self) -> None:
        """Shut this server down (its webhook watchers and workers stop with it)."""
        self.server.stop()

    def client(self, key: str | None = "default", headers: dict[str, str] | None = None) -> httpx.Client:
        sent = {} if key is None else {"X-API-Key": self.key if key == "default" else key}
        return httpx.Client(base_url=self.url, headers=sent | (headers or {}), timeout=10)

    def create_key(self, name: str, rate_limit: int | None = None) -> tuple[str, str]:
        """(key, key id) of a fresh key in this server's key store."""
        if self.settings.state_url == MEMORY:  # the store is a dict in this process: use the server's own
            key, record = _run(self.app.state.gateway.keys.create(name, rate_limit_per_minute=rate_limit))
            return str(key), str(record.id)

        async def create() -> tuple[str, str]:
            store = RedisJobStore.from_url(REDIS_URL, prefix=self.settings.queue_prefix)
            try:
                key, record = await RedisApiKeyStore(store.redis_backend).create(name, rate_limit_per_minute=rate_limit)
                return key, record.id
            finally:
                await store.close()

        return _run(create())

    def secret_of(self, key_id: str) -> str | None:
        """The webhook secret the key store generated for a key."""

        async def find() -> str | None:
            if self.settings.state_url == MEMORY:
                records = await self.app.state.gateway.keys.list()
            else:
                store = RedisJobStore.from_url(REDIS_URL, prefix=self.settings.queue_prefix)
                try:
                    records = await RedisApiKeyStore(store.redis_backend).list()
                finally:
                    await store.close()
            return next((record.webhook_secret for record in records if record.id == key_id), None)

        return _run(find())

    def wait_for(self, job_id: str, statuses: tuple[str, ...], timeout: float = 20.0) -> dict[str, Any]:
        """Poll the compact view until the job is in one of `statuses`; returns its full view (JSON)."""
        with self.client() as client:
            eventually_blocking(
                lambda: client.get(f"/v1/jobs/{job_id}").json(),
                lambda body: body["status"] in statuses,
                timeout=timeout,
                what=f"job {job_id} in {statuses}",
            )
            return dict(client.get(f"/v1/jobs/{job_id}", params={"view": "full"}).json())


async def _delete_backends(prefix: str, pipeline: list[str] = PIPELINE) -> None:
    await AmqpBroker(AMQP_URL, prefix=prefix).delete_topology(pipeline)
    store = RedisJobStore.from_url(REDIS_URL, prefix=prefix)
    await store.delete_all()
    await store.close()


def settings_for(prefix: str, assets: Path, backend: Backend = "real", **overrides: object) -> ApiSettings:
    values: dict[str, object] = {
        "broker_url": AMQP_URL if backend == "real" else MEMORY,
        "state_url": REDIS_URL if backend == "real" else MEMORY,
        "storage_url": f"file://{assets}",
        "queue_prefix": prefix,
        "pipeline": PIPELINE,
        "key_cache_seconds": 0,
        "rate_limit_per_minute": 100_000,
        "webhook_backoff_seconds": 0.05,
        "webhook_allow_private_networks": True,  # the test receivers listen on loopback
        "log_json": False,
        "retry_base_delay": 0.05,
    } | overrides
    return ApiSettings(**values)  # type: ignore[arg-type]


def module_backend(node: pytest.Item | pytest.Collector) -> Backend:
    """Real backends for a module (or test) marked `rabbitmq` or `redis`, else the memory ones."""
    return "real" if node.get_closest_marker("rabbitmq") or node.get_closest_marker("redis") else "memory"


ApiFactory = Callable[..., LiveApi]


@pytest.fixture(scope="module")
def start_api(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiFactory]:
    """Start servers for this module: `start_api(stages=True, **settings overrides)`, on the backends
    the module's markers name (`backend=` overrides that; a `broker_url`/`state_url` override wins)."""
    servers: list[ThreadServer] = []
    prefixes: dict[str, list[str]] = {}

    def start(
        *,
        stages: bool | dict[str, Stage] = True,
        prefix: str | None = None,
        backend: Backend | None = None,
        **overrides: object,
    ) -> LiveApi:
        """`stages`: True for the test stages; a dict adds its stages to them (pass the `pipeline=`)."""
        prefix = prefix or f"tapi{uuid.uuid4().hex[:10]}"
        settings = settings_for(
            prefix, tmp_path_factory.mktemp("assets"), backend or module_backend(request.node), **overrides
        )
        if settings.state_url == REDIS_URL or settings.broker_url == AMQP_URL:  # queues and keys to delete
            prefixes[prefix] = list(settings.pipeline)
        chosen = {**stages, **TEST_STAGES} if isinstance(stages, dict) else (TEST_STAGES if stages else None)
        server = ThreadServer(create_app(settings, stages=chosen))
        servers.append(server)
        api = LiveApi(url=server.start(), settings=settings, server=server)
        if settings.state_url in (REDIS_URL, MEMORY):
            api.key, api.key_id = api.create_key("tests")
            api.webhook_secret = api.secret_of(api.key_id)
        return api

    yield start
    for server in servers:
        server.stop()
    for prefix, pipeline in prefixes.items():
        asyncio.run(_delete_backends(prefix, pipeline))


@pytest.fixture(scope="module")
def api(start_api: ApiFactory) -> LiveApi:
    """The module's API with the test stages consuming (on the backends the module's markers name)."""
    return start_api()


@pytest.fixture
def closed_port() -> int:
    """A local port nothing listens on: a backend that is down."""
    return free_port()


@pytest.fixture
def brand() -> dict[str, object]:
    return {"company_name": "Acme Robotics", "industry": "technology", "style": "modern", "primary_color": "#1A73E8"}
