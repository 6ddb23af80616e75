"""The verified-key cache: one lookup for requests that find a key unverified at once."""

from __future__ import annotations

import asyncio

import pytest

from brandgen.api.models.keys import ApiKeyRecord
from brandgen.api.services.keys import CachedKeyVerifier, MemoryApiKeyStore
from brandgen.shared.errors import TransientError


class GatedKeyStore(MemoryApiKeyStore):
    """The memory store, counting its lookups and holding each until `opened` is set."""

    def __init__(self) -> None:
        super().__init__()
        self.lookups = 0
        self.opened = asyncio.Event()
        self.failing = False

    async def _by_hash(self, digest: str) -> ApiKeyRecord | None:
        self.lookups += 1
        await self.opened.wait()
        if self.failing:
            raise TransientError("key store unreachable")
        return await super()._by_hash(digest)


async def test_requests_that_find_a_key_unverified_together_share_one_lookup() -> None:
    store = GatedKeyStore()
    key, record = await store.create("busy client")
    verifier = CachedKeyVerifier(store, ttl=60)
    waiting = [asyncio.create_task(verifier.verify(key)) for _ in range(32)]
    unknown = asyncio.create_task(verifier.verify("bgk_nope_nope"))
    await asyncio.sleep(0.01)
    waiting[0].cancel()  # one client goes away: the others still get the answer
    store.opened.set()
    answers = await asyncio.gather(*waiting[1:])
    assert {answer.id for answer in answers if answer} == {record.id}
    assert len(answers) == 31
    assert await unknown is None
    assert store.lookups == 2  # one per distinct key
    assert verifier.cached(key) == record
    assert await verifier.verify(key) == record
    assert store.lookups == 2
    assert verifier.cached("bgk_nope_nope") is None  # unknown keys are not remembered


async def test_a_failed_lookup_fails_every_request_waiting_for_it_and_the_next_one_asks_again() -> None:
    store = GatedKeyStore()
    key, record = await store.create("client")
    verifier = CachedKeyVerifier(store, ttl=60)
    store.failing = True
    waiting = [asyncio.create_task(verifier.verify(key)) for _ in range(3)]
    await asyncio.sleep(0.01)
    store.opened.set()
    for task in waiting:
        with pytest.raises(TransientError):
            await task
    assert store.lookups == 1
    store.failing = False
    assert await verifier.verify(key) == record
    assert store.lookups == 2
