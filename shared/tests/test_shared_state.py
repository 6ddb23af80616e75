from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from brandgen.shared.errors import TransientError
from brandgen.shared.lifecycle import InvalidTransitionError, transition
from brandgen.shared.models import BrandRequest, EventKind, JobEvent, JobMetadata, JobRecord, JobStatus
from brandgen.shared.services import Services
from brandgen.shared.state import JobNotFoundError, Mutation, RedisJobStore
from brandgen.shared.testkit import free_port


def new_record(job_id: str = "job1", owner: str | None = "key1") -> JobRecord:
    return JobRecord(
        job_id=job_id,
        owner=owner,
        pipeline=["a", "b"],
        request=BrandRequest(company_name="Acme", industry="tech", style="modern"),
        metadata=JobMetadata(),
    )


async def test_create_is_idempotent_and_get_round_trips(services: Services) -> None:
    store = services.store
    assert await store.create(new_record(), JobEvent(kind=EventKind.job_queued))
    assert not await store.create(new_record())
    record = await store.get("job1")
    assert record.status == JobStatus.queued
    assert [event.kind for event in await store.events("job1")] == ["job_queued"]
    with pytest.raises(JobNotFoundError):
        await store.get("nope")


async def test_no_job_goes_back_from_succeeded(services: Services) -> None:
    store = services.store
    await store.create(new_record())
    await store.update("job1", lambda record: transition(record, JobStatus.succeeded))
    with pytest.raises(InvalidTransitionError, match="succeeded"):
        await store.update("job1", lambda record: transition(record, JobStatus.running))
    assert (await store.get("job1")).status == JobStatus.succeeded


async def test_concurrent_updates_lose_nothing(services: Services) -> None:
    store = services.store
    await store.create(new_record())

    def add_output(index: int) -> Mutation:
        def mutate(record: JobRecord) -> list[JobEvent]:
            record.outputs[f"s{index}"] = {"n": index}
            return [JobEvent(kind=EventKind.progress, data={"n": index})]

        return mutate

    await asyncio.gather(*(store.update("job1", add_output(index)) for index in range(30)))
    record = await store.get("job1")
    assert sorted(record.outputs) == sorted(f"s{index}" for index in range(30))
    assert sorted(event.data["n"] for event in await store.events("job1")) == list(range(30))


async def test_a_write_from_a_stale_copy_is_reapplied_not_lost(services: Services) -> None:
    store = services.store
    await store.create(new_record())
    stale = await store.get("job1")
    await store.update("job1", lambda record: record.outputs.update(a={"n": 1}))
    result = await store.update("job1", lambda record: record.outputs.update(b={"n": 2}), known=stale)
    assert sorted(result.outputs) == ["a", "b"]
    assert sorted((await store.get("job1")).outputs) == ["a", "b"]
    assert result.revision == (await store.get("job1")).revision


async def test_events_are_append_only_and_readable_from_an_offset(services: Services) -> None:
    store = services.store
    await store.create(new_record(), JobEvent(kind=EventKind.job_queued))
    await store.update("job1", lambda record: [JobEvent(kind=EventKind.stage_started)])
    await store.update("job1", lambda record: [JobEvent(kind=EventKind.stage_done)])
    assert [event.kind for event in await store.events("job1", 1)] == ["stage_started", "stage_done"]


async def test_waiting_for_events_wakes_on_append(services: Services) -> None:
    store = services.store
    await store.create(new_record(), JobEvent(kind=EventKind.job_queued))

    async def later() -> None:
        await asyncio.sleep(0.1)
        await store.update("job1", lambda record: [JobEvent(kind=EventKind.stage_started)])

    writer = asyncio.create_task(later())
    started = asyncio.get_running_loop().time()
    await store.wait_for_events("job1", 1, timeout=5)
    assert asyncio.get_running_loop().time() - started < 2
    await writer


async def test_jobs_are_listed_per_owner_newest_first(services: Services) -> None:
    store = services.store
    for index, owner in enumerate(["k1", "k2", "k1"]):
        await store.create(new_record(f"job{index}", owner))
        await asyncio.sleep(0.01)
    assert [record.job_id for record in await store.list_jobs("k1")] == ["job2", "job0"]


async def test_redis_records_and_histories_expire_once_the_job_is_final(prefix: str, redis_url: str) -> None:
    store = RedisJobStore.from_url(redis_url, prefix=prefix, ttl=600)

    def finish(record: JobRecord) -> list[JobEvent]:
        transition(record, JobStatus.succeeded)
        return [JobEvent(kind=EventKind.job_succeeded)]

    try:
        await store.create(new_record(), JobEvent(kind=EventKind.job_queued))
        await store.update("job1", lambda record: [JobEvent(kind=EventKind.stage_started)])
        for key in (store._key("job1"), store._events_key("job1")):
            assert await store.redis.ttl(key) == -1  # live: never expires, never evicted
        await store.update("job1", finish)
        for key in (store._key("job1"), store._events_key("job1")):
            assert 0 < await store.redis.ttl(key) <= 600
    finally:
        await store.redis.delete(store._key("job1"), store._events_key("job1"), store._owner_key("key1"))
        await store.close()


async def test_waiting_for_events_with_redis_down_is_a_transient_error(prefix: str) -> None:
    # Callers (the webhook watcher, SSE) keep following through TransientError; a raw redis
    # ConnectionError ended the webhook watcher for good.
    store = RedisJobStore.from_url(f"redis://127.0.0.1:{free_port()}/0", prefix=prefix)
    try:
        with pytest.raises(TransientError):
            await store.wait_for_events("job1", 0, 0.5)
    finally:
        await store.close()


async def test_many_event_followers_do_not_starve_other_redis_calls(prefix: str, redis_url: str) -> None:
    # Each follower (SSE stream, webhook watcher) holds a subscription for seconds; they must not
    # take every connection of the pool the requests use.
    store = RedisJobStore.from_url(redis_url, prefix=prefix, ttl=60)
    try:
        await store.create(new_record())
        followers = [asyncio.create_task(store.wait_for_events("job1", 10, 8.0)) for _ in range(80)]
        await asyncio.sleep(0.5)
        started = time.perf_counter()
        async with asyncio.timeout(5):
            record = await store.get("job1")
        assert record.job_id == "job1"
        assert time.perf_counter() - started < 2.0
        for task in followers:
            task.cancel()
        await asyncio.gather(*followers, return_exceptions=True)
    finally:
        await store.delete_all()
        await store.close()


async def test_a_write_the_client_sends_twice_is_applied_once(prefix: str, redis_url: str) -> None:
    """redis-py sends a command again after a dropped connection, though the first send may have run."""
    store = RedisJobStore.from_url(redis_url, prefix=prefix, ttl=600)
    send_once = store.pipeline.execute

    async def scripts_sent_twice(*command: Any) -> Any:
        if command[0] == "EVALSHA":
            await send_once(*command)
        return await send_once(*command)

    store.pipeline.execute = scripts_sent_twice  # type: ignore[method-assign]
    try:
        assert await store.create(new_record(), JobEvent(kind=EventKind.job_queued)), (
            "the repeat is not 'exists already'"
        )
        await store.update("job1", lambda record: [JobEvent(kind=EventKind.stage_done, stage="a")])
        assert [event.kind for event in await store.events("job1")] == ["job_queued", "stage_done"]
        assert (await store.get("job1")).revision == 2
    finally:
        await store.redis.delete(store._key("job1"), store._events_key("job1"), store._owner_key("key1"))
        await store.close()


async def test_a_stored_job_reads_back_though_its_request_fails_todays_text_rules(services: Services) -> None:
    """The text rules guard the door (submit, revision, messages), not the store: a job submitted
    before a rule was made stricter must stay readable, and reads skip rules already passed."""
    grandfathered = BrandRequest.model_construct(company_name="Acme\u0007Works", industry="tech", style="modern")
    with pytest.raises(ValueError, match="company_name"):
        BrandRequest.model_validate(grandfathered.model_dump())  # what today's rules say at the door
    record = new_record("old-job")
    record.request = grandfathered
    await services.store.create(record)

    read = await services.store.get("old-job")
    assert read.request.company_name == "Acme\u0007Works"
    updated = await services.store.update("old-job", lambda job: [JobEvent(kind=EventKind.stage_started)])
    assert updated.revision == read.revision + 1
    listed = await services.store.list_jobs("key1")
    assert [job.request.company_name for job in listed] == ["Acme\u0007Works"]
