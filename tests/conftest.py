"""One fleet for every suite that drives separate processes (tests/e2e and tests/faults).

The fleet starts once per session (about half a minute: a graph server seeded with the knowledge
graph, moto S3, the API and four workers) and serves both suites. It has what the fault suite needs
and the end-to-end suite does not mind: short retry settings, so every fault plays out in seconds,
and its job state in a private redis-server with append-only persistence (on a free port, in a temp
dir), so a test can restart it; the system Redis on 6379 is never touched. After each test the
`fleet` fixture heals it: whatever a test stopped, froze or killed runs again.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from brandgen.shared.testkit import marks_users
from tests.fleet import FAST_FAULTS, Fleet, FleetConfig, running_fleet
from tests.fleet_client import ApiClient


@pytest.fixture(scope="session")
@marks_users("rabbitmq", "redis", "slow", "fleet")
def session_fleet() -> Iterator[Fleet]:
    config = FleetConfig(prefix="suite" + FleetConfig().prefix, state_url=None, env=FAST_FAULTS)
    with running_fleet(config) as running:
        yield running


@pytest.fixture
def fleet(session_fleet: Fleet) -> Iterator[Fleet]:
    """The session's fleet, whole again after the test."""
    yield session_fleet
    session_fleet.heal()


@pytest.fixture
async def api(fleet: Fleet) -> AsyncIterator[ApiClient]:
    client = ApiClient(fleet.api_url, fleet.api_key)
    yield client
    await client.close()
