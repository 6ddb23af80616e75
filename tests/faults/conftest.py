"""One fleet for the fault suite, with short retry settings so every fault plays out in seconds.

Its job state lives in a private redis-server with append-only persistence (on a free port, in a
temp dir), so the Redis test can restart it; the system Redis on 6379 is never touched. Each test
leaves the fleet whole again: a fixture restarts whatever a test stopped or killed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from brandgen.shared.broker import AmqpBroker
from tests.fleet import Fleet, FleetConfig, running_fleet
from tests.fleet_client import ApiClient

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


@pytest.fixture(scope="session")
def fault_fleet() -> Iterator[Fleet]:
    with running_fleet(FleetConfig(prefix="faults" + FleetConfig().prefix, state_url=None, env=FAST_FAULTS)) as running:
        yield running


@pytest.fixture
def fleet(fault_fleet: Fleet) -> Iterator[Fleet]:
    yield fault_fleet
    fault_fleet.heal()


@pytest.fixture
async def api(fleet: Fleet) -> AsyncIterator[ApiClient]:
    client = ApiClient(fleet.api_url, fleet.api_key)
    yield client
    await client.close()


@pytest.fixture
async def broker(fleet: Fleet) -> AsyncIterator[AmqpBroker]:
    """The fleet's queues, declared with the fleet's own arguments (a mismatch would be refused)."""
    client = AmqpBroker(
        fleet.config.broker_url, prefix=fleet.prefix, delivery_limit=int(FAST_FAULTS["BRANDGEN_DELIVERY_LIMIT"])
    )
    yield client
    await client.close()
