"""Cheap polling: ETag / If-None-Match on job views, the compact default view, the view cache.

Real RabbitMQ + Redis through HTTP. The "change" in the ETag tests is a real write to the job's
record in Redis (a stage's progress and its event), as a worker makes it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable
from typing import Any

import pytest

from brandgen.api.models.jobs import JobView
from brandgen.api.services import results
from brandgen.api.services.view_cache import RenderedView, ViewCache, etag_matches
from brandgen.shared.models import EventKind, JobEvent, JobRecord, StageRun, StageStatus
from brandgen.shared.state import JobNotFoundError, MemoryJobStore, RedisJobStore

from .conftest import REDIS_URL

pytestmark = [pytest.mark.rabbitmq, pytest.mark.redis]


@pytest.fixture(scope="module")
def idle_api(start_api):
    """An API whose jobs nobody runs: they stay queued until the test changes them."""
    return start_api(stages=False)


def _touch(prefix: str, job_id: str, progress: float) -> None:
    """A worker's kind of write: the palette stage reports progress, with its event."""

    def mutate(record: JobRecord) -> list[JobEvent]:
        record.stages["palette"] = StageRun(status=StageStatus.running, attempts=1, progress=progress)
        return [JobEvent(kind=EventKind.progress, stage="palette", data={"progress": progress})]

    async def run() -> None:
        store = RedisJobStore.from_url(REDIS_URL, prefix=prefix)
        try:
            await store.update(job_id, mutate)
        finally:
            await store.close()

    asyncio.run(run())


def test_same_revision_answers_304_and_a_changed_job_never_does(idle_api, brand) -> None:
    with idle_api.client() as client:
        job_id = client.post("/v1/brand-kits", json=brand).json()["job_id"]
        first = client.get(f"/v1/jobs/{job_id}")
        assert first.status_code == 200
        etag = first.headers["etag"]
        assert etag.startswith('"')
        assert etag.endswith('"')
        assert set(first.headers["cache-control"].split(", ")) == {"private", "no-cache"}

        same = client.get(f"/v1/jobs/{job_id}", headers={"If-None-Match": etag})
        assert same.status_code == 304
        assert same.content == b""
        assert same.headers["etag"] == etag
        assert "x-ratelimit-remaining" in same.headers
        # Weak comparison, lists and `*` as RFC 9110 says for If-None-Match.
        assert client.get(f"/v1/jobs/{job_id}", headers={"If-None-Match": f'"x", W/{etag}'}).status_code == 304
        assert client.get(f"/v1/jobs/{job_id}", headers={"If-None-Match": "*"}).status_code == 304

        _touch(idle_api.settings.queue_prefix, job_id, 0.25)
        changed = client.get(f"/v1/jobs/{job_id}", headers={"If-None-Match": etag})
        assert changed.status_code == 200
        assert changed.headers["etag"] != etag
        assert changed.json()["stages"]["palette"]["progress"] == 0.25

        again = client.get(f"/v1/jobs/{job_id}", headers={"If-None-Match": changed.headers["etag"]})
        assert again.status_code == 304
        _touch(idle_api.settings.queue_prefix, job_id, 0.5)
        later = client.get(f"/v1/jobs/{job_id}", headers={"If-None-Match": changed.headers["etag"]})
        assert later.status_code == 200
        assert later.json()["stages"]["palette"]["progress"] == 0.5
        assert len({etag, changed.headers["etag"], later.headers["etag"]}) == 3

        canceled = client.post(f"/v1/jobs/{job_id}/cancel")
        assert canceled.status_code == 200
        after_cancel = client.get(f"/v1/jobs/{job_id}", headers={"If-None-Match": later.headers["etag"]})
        assert after_cancel.status_code == 200
        assert after_cancel.json()["status"] == "canceled"


def test_a_job_that_times_out_while_cached_is_not_answered_304(start_api, brand) -> None:
    api = start_api(stages=False, timeout_grace_seconds=0)
    with api.client() as client:
        job_id = client.post("/v1/brand-kits", json=brand | {"timeout": 1}).json()["job_id"]
        first = client.get(f"/v1/jobs/{job_id}")
        assert first.json()["status"] == "queued"
        assert client.get(f"/v1/jobs/{job_id}", headers={"If-None-Match": first.headers["etag"]}).status_code == 304
        time.sleep(1.2)
        late = client.get(f"/v1/jobs/{job_id}", headers={"If-None-Match": first.headers["etag"]})
        assert late.status_code == 200
        assert late.json()["status"] == "failed"
        assert late.json()["error"]["code"] == "timeout"


def test_another_keys_etag_is_a_404_not_a_304(idle_api, brand) -> None:
    other_key, _ = idle_api.create_key("someone else")
    with idle_api.client() as owner, idle_api.client(key=other_key) as other:
        job_id = owner.post("/v1/brand-kits", json=brand).json()["job_id"]
        etag = owner.get(f"/v1/jobs/{job_id}").headers["etag"]
        for headers in ({"If-None-Match": etag}, {"If-None-Match": "*"}, {}):
            response = other.get(f"/v1/jobs/{job_id}", headers=headers)
            assert response.status_code == 404
            assert response.json()["error"]["code"] == "job_not_found"


def test_polls_of_an_unchanged_job_reuse_the_rendered_view(idle_api, brand, monkeypatch) -> None:
    built: list[str] = []
    real_job_view = results.job_view

    async def counting(record: JobRecord, *args: Any, **kwargs: Any) -> JobView:
        built.append(record.job_id)
        return await real_job_view(record, *args, **kwargs)

    # The server runs in this process (a thread), so it calls the patched function.
    monkeypatch.setattr(results, "job_view", counting)
    with idle_api.client() as client:
        job_id = client.post("/v1/brand-kits", json=brand).json()["job_id"]
        bodies = {client.get(f"/v1/jobs/{job_id}").content for _ in range(5)}
        etag = client.get(f"/v1/jobs/{job_id}").headers["etag"]
        for _ in range(3):
            assert client.get(f"/v1/jobs/{job_id}", headers={"If-None-Match": etag}).status_code == 304
        assert len(bodies) == 1
        assert built == [job_id]
        _touch(idle_api.settings.queue_prefix, job_id, 0.75)
        client.get(f"/v1/jobs/{job_id}")
        assert built == [job_id, job_id]


def test_the_default_view_is_compact_and_the_full_view_has_the_result(api, brand) -> None:
    with api.client() as client:
        job_id = client.post("/v1/brand-kits", json=brand | {"languages": ["en", "de", "fr"]}).json()["job_id"]
        api.wait_for(job_id, ("succeeded",))
        compact = client.get(f"/v1/jobs/{job_id}")
        full = client.get(f"/v1/jobs/{job_id}", params={"view": "full"})
        assert compact.status_code == full.status_code == 200
        assert compact.json()["status"] == "succeeded"
        assert compact.json()["result"] is None
        assert compact.json()["links"]["result"].endswith(f"/v1/jobs/{job_id}?view=full")
        assert b"Blue suits" not in compact.content
        result = full.json()["result"]
        assert set(result["rationale"]) == {"en", "de", "fr"}
        assert {asset["name"] for asset in result["assets"]} >= {"palette/palette.css"}
        assert len(compact.content) < len(full.content) / 2
        # Each view has its own validator; the full one is revalidated as cheaply.
        assert compact.headers["etag"] != full.headers["etag"]
        again = client.get(f"/v1/jobs/{job_id}?view=full", headers={"If-None-Match": full.headers["etag"]})
        assert again.status_code == 304
        compact_etag = {"If-None-Match": compact.headers["etag"]}
        assert client.get(f"/v1/jobs/{job_id}?view=full", headers=compact_etag).status_code == 200

        bad = client.get(f"/v1/jobs/{job_id}", params={"view": "everything"})
        assert bad.status_code == 422
        assert bad.json()["error"]["field"] == "query.view"
        assert "'compact' or 'full'" in bad.json()["error"]["message"]


@pytest.mark.parametrize(
    ("header", "matches"),
    [
        ('"3-compact"', True),
        ('W/"3-compact"', True),
        ('"1-compact", "3-compact"', True),
        ("*", True),
        ('"3-full"', False),
        ('"3-compact', False),
        ("", False),
        ('"2-compact"', False),
    ],
)
def test_if_none_match_parsing(header: str, matches: bool) -> None:
    assert etag_matches(header, '"3-compact"') is matches


def test_the_view_cache_is_bounded_least_recently_used_first() -> None:
    cache = ViewCache(max_entries=3, max_bytes=1000)

    def view(n: int, size: int = 10) -> RenderedView:
        return RenderedView(revision=n, owner="o", etag=f'"{n}"', body=b"x" * size, valid_until=float("inf"))

    for n in range(3):
        cache.put(("job", str(n)), view(n))
    assert cache.get(("job", "0")) is not None  # now the most recently used
    cache.put(("job", "3"), view(3))
    assert cache.get(("job", "1")) is None
    assert [cache.get(("job", str(n))) is not None for n in (0, 2, 3)] == [True, True, True]
    cache.put(("job", "big"), view(9, size=995))  # over the byte budget: evicts until it fits
    assert cache.get(("job", "big")) is not None
    assert cache.total_bytes <= 1000
    assert len(cache) == 1
    cache.put(("job", "huge"), view(10, size=5000))  # larger than the whole cache: not kept
    assert cache.get(("job", "huge")) is None


async def test_revision_is_read_without_the_record_on_both_stores(brand) -> None:
    from brandgen.shared.models import BrandRequest, JobMetadata

    record = JobRecord(
        job_id="rev-test", request=BrandRequest.model_validate(brand), pipeline=["palette"], metadata=JobMetadata()
    )
    memory = MemoryJobStore()
    redis = RedisJobStore.from_url(REDIS_URL, prefix="tapirev")
    try:
        for store in (memory, redis):
            await store.create(record.model_copy(deep=True))
            first = await store.revision("rev-test")
            await store.update("rev-test", lambda r: None)
            assert await store.revision("rev-test") == first + 1 == (await store.get("rev-test")).revision
            with pytest.raises(JobNotFoundError):
                await store.revision("no-such-job")
    finally:
        await redis.delete_all()
        await redis.close()


def test_a_poll_of_an_unchanged_job_is_one_round_trip_to_redis_besides_the_key_lookup(
    idle_api, brand, monkeypatch
) -> None:
    from redis.asyncio.connection import AbstractConnection

    sent: list[int] = []
    real = AbstractConnection.send_packed_command

    async def counted(
        self: AbstractConnection, command: bytes | str | Iterable[bytes], check_health: bool = True
    ) -> None:
        sent.append(1)
        await real(self, command, check_health)

    with idle_api.client() as client:
        job_id = client.post("/v1/brand-kits", json=brand).json()["job_id"]
        etag = client.get(f"/v1/jobs/{job_id}").headers["etag"]  # rendered and cached
        monkeypatch.setattr(AbstractConnection, "send_packed_command", counted)
        answers = [client.get(f"/v1/jobs/{job_id}"), client.get(f"/v1/jobs/{job_id}", headers={"If-None-Match": etag})]
        monkeypatch.undo()
    assert [answer.status_code for answer in answers] == [200, 304]
    # The test settings cache no keys: one trip looks the key up, one counts the request and reads the revision.
    assert len(sent) == 4
    assert all(int(answer.headers["x-ratelimit-remaining"]) > 0 for answer in answers)


def test_a_poll_counts_against_the_rate_limit_whatever_it_answers(idle_api, brand) -> None:
    key, _ = idle_api.create_key("four a minute", rate_limit=4)
    with idle_api.client(key) as client:
        job_id = client.post("/v1/brand-kits", json=brand).json()["job_id"]
        etag = client.get(f"/v1/jobs/{job_id}").headers["etag"]
        not_modified = client.get(f"/v1/jobs/{job_id}", headers={"If-None-Match": etag})
        assert not_modified.status_code == 304
        assert not_modified.headers["x-ratelimit-remaining"] == "1"
        assert client.get("/v1/jobs/no-such-job").status_code == 404  # the fourth request
        limited = client.get(f"/v1/jobs/{job_id}", headers={"If-None-Match": etag})
        assert limited.status_code == 429
        assert limited.json()["error"]["code"] == "rate_limited"
        assert client.get(f"/v1/jobs/{job_id}", params={"view": "bogus"}).status_code == 429
