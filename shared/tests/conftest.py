"""Fixtures over the real backends: RabbitMQ and Redis on localhost, a moto S3 server.

Each test gets its own queue prefix and Redis key prefix, so tests never see each other's
messages and can run against the shared local services. A fixture that reaches RabbitMQ or Redis
marks the tests that use it (`marks_users`; the `real` services are a marked parameter), so
`-m "not rabbitmq and not redis"` runs the memory half only.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator

import pytest
from moto.server import ThreadedMotoServer

from brandgen.shared.broker import AmqpBroker, Broker, MemoryBroker
from brandgen.shared.services import Services
from brandgen.shared.settings import BrandgenSettings
from brandgen.shared.state import JobStore, MemoryJobStore, RedisJobStore
from brandgen.shared.storage import FileAssetStore
from brandgen.shared.testkit import free_port, marks_users

AMQP_URL = os.environ.get("BRANDGEN_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
REDIS_URL = os.environ.get("BRANDGEN_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
@marks_users("redis")
def redis_url() -> str:
    return REDIS_URL


@pytest.fixture
@marks_users("rabbitmq")
def amqp_url() -> str:
    return AMQP_URL


@pytest.fixture
def prefix() -> str:
    return f"t{uuid.uuid4().hex[:10]}"


STAGES_IN_TESTS = [
    "a",
    "b",
    "c",
    "logo",
    "palette",
    "rationale",
    "pdf",
    "noop",
    "slow",
    "flaky",
    "boom",
    "after",
    "crash",
]


@pytest.fixture(params=["memory", pytest.param("real", marks=[pytest.mark.rabbitmq, pytest.mark.redis])])
async def services(request: pytest.FixtureRequest, prefix: str, tmp_path) -> AsyncIterator[Services]:
    """The same tests run on the memory backends and on real RabbitMQ + Redis."""
    settings = BrandgenSettings(
        broker_url="memory://" if request.param == "memory" else AMQP_URL,
        state_url="memory://" if request.param == "memory" else REDIS_URL,
        storage_url=f"file://{tmp_path / 'assets'}",
        queue_prefix=prefix,
        retry_base_delay=0.05,
        retry_max_delay=1.0,
        delivery_limit=3,
        max_attempts=4,
        backend_patience=5,
    )
    broker: Broker
    store: JobStore
    if request.param == "memory":
        broker, store = MemoryBroker(delivery_limit=3), MemoryJobStore()
    else:
        broker = AmqpBroker(AMQP_URL, prefix=prefix, delivery_limit=3)
        store = RedisJobStore.from_url(REDIS_URL, prefix=prefix, ttl=600)
    built = Services(broker=broker, store=store, assets=FileAssetStore(tmp_path / "assets"), settings=settings)
    yield built
    await built.close()
    if request.param == "real":
        await cleanup_real(prefix)


async def cleanup_real(prefix: str) -> None:
    await AmqpBroker(AMQP_URL, prefix=prefix).delete_topology(STAGES_IN_TESTS)
    store = RedisJobStore.from_url(REDIS_URL, prefix=prefix)
    await store.delete_all()
    await store.close()


@pytest.fixture
@marks_users("rabbitmq", "redis")
async def real_cleanup(prefix: str) -> AsyncIterator[None]:
    """Remove the queues and Redis keys a test made under its prefix."""
    yield
    await cleanup_real(prefix)


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
    yield f"http://127.0.0.1:{port}"
    server.stop()
