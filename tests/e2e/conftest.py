"""The fleet for the end-to-end suite: separate processes on the local RabbitMQ and Redis."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: the fleet modules

from fleet import Fleet, FleetConfig, running_fleet
from fleet_client import ApiClient


@pytest.fixture(scope="session")
def fleet() -> Iterator[Fleet]:
    with running_fleet(FleetConfig(prefix="e2e" + FleetConfig().prefix)) as running:
        yield running


@pytest.fixture
async def api(fleet: Fleet) -> AsyncIterator[ApiClient]:
    client = ApiClient(fleet.api_url, fleet.api_key)
    yield client
    await client.close()
