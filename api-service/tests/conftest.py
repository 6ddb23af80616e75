"""A live API on real RabbitMQ and Redis, served by uvicorn on a free port, with tiny test stages.

Each test module gets its own queue/key prefix and its own server, so modules never see each
other's jobs; the prefix's queues, exchanges and Redis keys are deleted afterwards. The test
stages are `palette` then `rationale` (real Stage objects run by the shared worker runtime inside
the server process), producing contract-valid outputs and real files, so jobs really progress.
"""

from __future__ import annotations

import asyncio
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn

from brandgen.api.app import create_app
from brandgen.api.services.keys import RedisApiKeyStore
from brandgen.api.settings import ApiSettings
from brandgen.shared.broker import AmqpBroker
from brandgen.shared.contracts import (
    ContrastCheck,
    FontChoice,
    FontPairing,
    PaletteOutput,
    RationaleDocument,
    RationaleOutput,
    RationaleSection,
)
from brandgen.shared.errors import StageError
from brandgen.shared.stage import Stage, StageContext
from brandgen.shared.state import RedisJobStore

AMQP_URL = os.environ.get("BRANDGEN_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
REDIS_URL = os.environ.get("BRANDGEN_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
PIPELINE = ["palette", "rationale"]
PALETTE_CSS = b":root { --brand-primary: #1a73e8; }\n"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- test stages ----------------------------------------------------------------------------


async def _palette(ctx: StageContext) -> PaletteOutput:
    name = ctx.request.company_name
    if name.startswith("Broken"):
        raise StageError("unsupported_industry", "no palette can be made for this industry")
    if name.startswith("Slow"):
        await ctx.progress(0.5, "mixing colours slowly")
        await asyncio.sleep(1.5)
    css = await ctx.assets.put("palette/palette.css", PALETTE_CSS)
    font = FontChoice(family="Inter", licence="OFL-1.1", character="neo-grotesque", category="sans-serif")
    return PaletteOutput(
        seed_color="#1a73e8",
        seed_source="requested",
        industry="technology",
        industry_match="exact",
        style="modern",
        moods=["trustworthy"],
        roles={"primary": "#1a73e8", "secondary": "#5f6368", "error": "#d93025"},
        scales={"primary": {"500": "#1a73e8"}},
        themes={"light": {"primary": "#1a73e8", "on_primary": "#ffffff"}, "dark": {"primary": "#8ab4f8"}},
        contrast=[
            ContrastCheck(
                theme="light",
                foreground="on_primary",
                background="primary",
                foreground_hex="#ffffff",
                background_hex="#1a73e8",
                kind="text",
                ratio=4.52,
                required=4.5,
                aa=True,
                aaa=False,
            )
        ],
        fonts=FontPairing(heading=font, body=font, reason="one family keeps it calm"),
        exports={"css": css},
    )


async def _rationale(ctx: StageContext) -> RationaleOutput:
    documents = {
        language: RationaleDocument(
            language=language,
            sections=[RationaleSection(id="color", title="Colour", body=f"Blue suits {ctx.request.company_name}.")],
        )
        for language in ctx.request.languages
    }
    markdown = {
        language: await ctx.assets.put(f"rationale/{language}.md", doc.sections[0].body.encode())
        for language, doc in documents.items()
    }
    return RationaleOutput(backend="template", documents=documents, markdown=markdown)


TEST_STAGES = {
    "palette": Stage(name="palette", run=_palette, order=1, prefetch=8),
    "rationale": Stage(name="rationale", run=_rationale, order=2, prefetch=8),
}


# --- the live server ---------------------------------------------------------------------------


@dataclass
class LiveApi:
    url: str
    settings: ApiSettings
    key: str
    key_id: str
    webhook_secret: str | None
    server: ServerThread | None = None

    def stop(self) -> None:
        """Shut this server down (its webhook watchers and workers stop with it)."""
        assert self.server is not None
        self.server.__exit__()

    def client(self, key: str | None = "default", headers: dict[str, str] | None = None) -> httpx.Client:
        sent = {} if key is None else {"X-API-Key": self.key if key == "default" else key}
        return httpx.Client(base_url=self.url, headers=sent | (headers or {}), timeout=10)

    def create_key(self, name: str, rate_limit: int | None = None) -> tuple[str, str]:
        """(key, key id) of a fresh key in this server's key store."""

        async def run() -> tuple[str, str]:
            store = RedisJobStore.from_url(REDIS_URL, prefix=self.settings.queue_prefix)
            try:
                key, record = await RedisApiKeyStore(store.redis_backend).create(name, rate_limit_per_minute=rate_limit)
                return key, record.id
            finally:
                await store.close()

        return asyncio.run(run())

    def wait_for(self, job_id: str, statuses: tuple[str, ...], timeout: float = 20.0) -> dict[str, object]:
        """Poll the compact view until the job is in one of `statuses`; returns its full view."""
        deadline = time.monotonic() + timeout
        with self.client() as client:
            while True:
                body = client.get(f"/v1/jobs/{job_id}").json()
                if body["status"] in statuses or time.monotonic() > deadline:
                    assert body["status"] in statuses, body
                    return dict(client.get(f"/v1/jobs/{job_id}", params={"view": "full"}).json())
                time.sleep(0.05)


class ServerThread:
    def __init__(self, settings: ApiSettings, stages: dict[str, Stage] | None) -> None:
        self.port = free_port()
        config = uvicorn.Config(
            create_app(settings, stages=stages), host="127.0.0.1", port=self.port, log_level="warning", lifespan="on"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the API server did not start")
            time.sleep(0.02)
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(15)


async def _delete_backends(prefix: str, pipeline: list[str] = PIPELINE) -> None:
    await AmqpBroker(AMQP_URL, prefix=prefix).delete_topology(pipeline)
    store = RedisJobStore.from_url(REDIS_URL, prefix=prefix)
    await store.delete_all()
    await store.close()


def settings_for(prefix: str, assets: Path, **overrides: object) -> ApiSettings:
    values: dict[str, object] = {
        "broker_url": AMQP_URL,
        "state_url": REDIS_URL,
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


ApiFactory = Callable[..., LiveApi]


@pytest.fixture(scope="module")
def start_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiFactory]:
    """Start servers for this module: `start_api(stages=True, **settings overrides)`."""
    servers: list[ServerThread] = []
    prefixes: dict[str, list[str]] = {}

    def start(*, stages: bool | dict[str, Stage] = True, prefix: str | None = None, **overrides: object) -> LiveApi:
        """`stages`: True for the test stages; a dict adds its stages to them (pass the `pipeline=`)."""
        prefix = prefix or f"tapi{uuid.uuid4().hex[:10]}"
        settings = settings_for(prefix, tmp_path_factory.mktemp("assets"), **overrides)
        prefixes[prefix] = list(settings.pipeline)
        chosen = {**stages, **TEST_STAGES} if isinstance(stages, dict) else (TEST_STAGES if stages else None)
        server = ServerThread(settings, chosen)
        url = server.__enter__()
        servers.append(server)
        api = LiveApi(url=url, settings=settings, key="", key_id="", webhook_secret=None, server=server)
        if settings.state_url == REDIS_URL:
            api.key, api.key_id = api.create_key("tests")
            api.webhook_secret = asyncio.run(_secret(prefix, api.key_id))
        return api

    yield start
    for server in servers:
        server.__exit__()
    for prefix, pipeline in prefixes.items():
        asyncio.run(_delete_backends(prefix, pipeline))


async def _secret(prefix: str, key_id: str) -> str | None:
    store = RedisJobStore.from_url(REDIS_URL, prefix=prefix)
    try:
        for record in await RedisApiKeyStore(store.redis_backend).list():
            if record.id == key_id:
                return record.webhook_secret
        return None
    finally:
        await store.close()


@pytest.fixture(scope="module")
def api(start_api: ApiFactory) -> LiveApi:
    """The module's API on real RabbitMQ + Redis, with the test stages consuming."""
    return start_api()


@pytest.fixture
def closed_port() -> int:
    """A local port nothing listens on: a backend that is down."""
    return free_port()


@pytest.fixture
def brand() -> dict[str, object]:
    return {"company_name": "Acme Robotics", "industry": "technology", "style": "modern", "primary_color": "#1A73E8"}
