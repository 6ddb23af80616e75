"""The fault suite runs on the session's fleet (tests/conftest.py), whose short retry settings make
every fault play out in seconds and whose private Redis a test may restart; the `fleet` fixture
restarts whatever a test stopped or killed."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from brandgen.shared.broker import AmqpBroker
from tests.fleet import FAST_FAULTS, Fleet


@pytest.fixture
async def broker(fleet: Fleet) -> AsyncIterator[AmqpBroker]:
    """The fleet's queues, declared with the fleet's own arguments (a mismatch would be refused)."""
    client = AmqpBroker(
        fleet.config.broker_url, prefix=fleet.prefix, delivery_limit=int(FAST_FAULTS["BRANDGEN_DELIVERY_LIMIT"])
    )
    yield client
    await client.close()
