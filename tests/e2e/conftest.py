"""The fleet for the end-to-end suite: separate processes on the local RabbitMQ and Redis."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from tests.fleet import Fleet, FleetConfig, running_fleet
from tests.fleet_client import ApiClient


@pytest.fixture(scope="session")
def fleet() -> Iterator[Fleet]:
    with running_fleet(FleetConfig(prefix="e2e" + FleetConfig().prefix)) as running:
        yield running


@pytest.fixture
async def api(fleet: Fleet) -> AsyncIterator[ApiClient]:
    client = ApiClient(fleet.api_url, fleet.api_key)
    yield client
    await client.close()
