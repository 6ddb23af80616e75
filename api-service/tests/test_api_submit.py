"""Submit in one Redis round trip: the rate limit, the idempotency claim and the job record in one
script, with the semantics of separate calls (real RabbitMQ + Redis through HTTP)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

import pytest
from redis.asyncio.connection import AbstractConnection

from brandgen.shared.keys import RedisKeys
from brandgen.shared.state import RedisJobStore

from .conftest import REDIS_URL

if TYPE_CHECKING:  # mypy reads this folder's conftest as a module; pytest imports it on its own
    from conftest import LiveApi

pytestmark = [pytest.mark.rabbitmq, pytest.mark.redis]


@pytest.fixture(scope="module")
def idle_api(start_api):
    """Nobody runs the jobs, so the only Redis traffic is the requests' own."""
    return start_api(stages=False)


@contextlib.contextmanager
def redis_writes(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Counts the writes to Redis of this process (the server runs in a thread of it): round trips."""
    sent: list[int] = []
    real = AbstractConnection.send_packed_command

    async def counted(
        self: AbstractConnection, command: bytes | str | Iterable[bytes], check_health: bool = True
    ) -> None:
        sent.append(1)
        await real(self, command, check_health)

    with monkeypatch.context() as patch:
        patch.setattr(AbstractConnection, "send_packed_command", counted)
        yield sent


def test_a_submit_is_one_round_trip_to_redis_besides_the_key_lookup(idle_api, brand, monkeypatch) -> None:
    # The test settings cache no keys, so each request also looks its key up (one more trip).
    with idle_api.client() as client:
        client.get("/v1/jobs")  # connections made, scripts loaded
        client.post("/v1/brand-kits", json=brand)
        for headers in ({}, {"Idempotency-Key": "one-trip"}):
            with redis_writes(monkeypatch) as sent:
                response = client.post("/v1/brand-kits", json=brand, headers=headers)
            assert response.status_code == 202
            assert len(sent) == 2, headers


def test_submits_count_against_the_rate_limit_and_a_limited_submit_creates_no_job(idle_api, brand) -> None:
    key, _ = idle_api.create_key("three a minute", rate_limit=3)
    with idle_api.client(key) as client:
        answers = [client.post("/v1/brand-kits", json=brand) for _ in range(3)]
        assert [answer.status_code for answer in answers] == [202, 202, 202]
        assert [answer.headers["x-ratelimit-remaining"] for answer in answers] == ["2", "1", "0"]
        assert {answer.headers["x-ratelimit-limit"] for answer in answers} == {"3"}
        limited = client.post("/v1/brand-kits", json=brand | {"company_name": "One Too Many"})
        assert limited.status_code == 429
        assert limited.json()["error"]["code"] == "rate_limited"
        assert 1 <= int(limited.headers["retry-after"]) <= 60
        assert limited.headers["x-ratelimit-remaining"] == "0"
    with idle_api.client(key) as client:
        assert client.get("/v1/jobs").status_code == 429  # submits and reads share the budget
        reset_rate_limit(idle_api, key)
        jobs = client.get("/v1/jobs").json()["jobs"]
    assert sorted(job["job_id"] for job in jobs) == sorted(answer.json()["job_id"] for answer in answers)


def test_an_invalid_submit_counts_too_and_is_429_once_the_limit_is_reached(idle_api, brand) -> None:
    key, _ = idle_api.create_key("two a minute", rate_limit=2)
    with idle_api.client(key) as client:
        invalid = client.post("/v1/brand-kits", json=brand | {"style": ""})
        assert invalid.status_code == 422
        valid = client.post("/v1/brand-kits", json=brand)
        assert valid.status_code == 202
        assert valid.headers["x-ratelimit-remaining"] == "0"  # the invalid one counted
        over = client.post("/v1/brand-kits", json=brand | {"style": ""})
        assert over.status_code == 429
        assert over.json()["error"]["code"] == "rate_limited"


def test_a_rate_limited_submit_does_not_claim_its_idempotency_key(idle_api, brand) -> None:
    key, _ = idle_api.create_key("one a minute", rate_limit=1)
    headers = {"Idempotency-Key": "limited-claim"}
    with idle_api.client(key) as client:
        assert client.post("/v1/brand-kits", json=brand).status_code == 202
        assert client.post("/v1/brand-kits", json=brand, headers=headers).status_code == 429
    # Had the limited request claimed the key, this body (another one) would be refused 422.
    reset_rate_limit(idle_api, key)
    with idle_api.client(key) as client:
        retried = client.post("/v1/brand-kits", json=brand | {"style": "playful"}, headers=headers)
        assert retried.status_code == 202
        assert "idempotent-replayed" not in retried.headers


def reset_rate_limit(api: LiveApi, key: str) -> None:
    """Start the key's rate-limit window afresh (as a minute passing would)."""
    key_id = key.split("_")[1]

    async def run() -> None:
        store = RedisJobStore.from_url(REDIS_URL, prefix=api.settings.queue_prefix)
        try:
            await store.redis.delete(RedisKeys(api.settings.queue_prefix).rate_limit(key_id))
        finally:
            await store.close()

    asyncio.run(run())


def test_replays_and_conflicts_of_an_idempotency_key_are_unchanged(idle_api, brand) -> None:
    headers = {"Idempotency-Key": "same-trip"}
    with idle_api.client() as client:
        first = client.post("/v1/brand-kits", json=brand, headers=headers)
        again = client.post("/v1/brand-kits", json=brand, headers=headers)
        other = client.post("/v1/brand-kits", json=brand | {"style": "playful"}, headers=headers)
        assert first.status_code == again.status_code == 202
        assert again.json()["job_id"] == first.json()["job_id"]
        assert again.headers["idempotent-replayed"] == "true"
        assert again.headers["location"] == first.headers["location"]
        assert other.status_code == 422
        assert other.json()["error"]["code"] == "idempotency_key_reused"
        job = client.get(first.headers["location"]).json()
        assert job["status"] == "queued"
        assert job["stage"] == "palette"
        assert job["request"]["company_name"] == brand["company_name"]
