"""Brand kits through the fleet over HTTP: submit, poll, download every file, check what it claims."""

from __future__ import annotations

import asyncio

import pytest

from tests.fleet import STAGES, Fleet
from tests.fleet_client import ApiClient, assert_exactly_once, check_kit, job_events, job_record

pytestmark = [pytest.mark.rabbitmq, pytest.mark.redis, pytest.mark.slow]


async def test_a_kit_through_the_fleet_is_complete_and_true_to_its_result(fleet: Fleet, api: ApiClient) -> None:
    company = "Acme Robotics"
    job_id = await api.submit(company, languages=["en", "de"], tagline="Robots that help")
    view = await api.wait(job_id)
    assert view["status"] == "succeeded", view["error"]
    assert [view["stages"][stage]["status"] for stage in STAGES] == ["done"] * 4

    files = await api.download(view)
    report = check_kit(view, files, company, await job_record(fleet.state_url, fleet.prefix, job_id))

    assert report.files == len(view["result"]["assets"]) >= 30
    assert set(view["result"]["rationale"]) == {"en", "de"}
    assert {"rationale/rationale.en.md", "rationale/rationale.de.md"} <= set(files)
    # The logo's concept through the API in each requested language, the English one as `concept`.
    logo = view["result"]["logo"]
    assert set(logo["concepts"]) == {"en", "de"}
    assert logo["concepts"]["en"] == logo["concept"]
    assert "Farben:" in logo["concepts"]["de"]
    assert all(set(candidate["descriptions"]) == {"en", "de"} for candidate in logo["candidates"])
    assert_exactly_once(await job_events(fleet.state_url, fleet.prefix, job_id), STAGES)


async def test_concurrent_jobs_of_every_priority_all_finish_once_with_their_own_kit(
    fleet: Fleet, api: ApiClient
) -> None:
    requests = [
        ("Zenith Bakery", "bakery", "playful", 0),
        ("Northwind Legal", "law firm", "luxury", 9),
        ("Café Lumière", "restaurant", "elegant", 3),
        ("株式会社サクラ", "technology", "minimal", 7),
        ("Helios Health", "healthcare", "modern", 5),
        ("Atlas Freight", "logistics", "bold", 1),
    ]
    job_ids = await asyncio.gather(
        *(
            api.submit(name, industry=industry, style=style, priority=priority)
            for name, industry, style, priority in requests
        )
    )
    assert len(set(job_ids)) == len(requests)
    # Waited for as clients in numbers should: each follows its job's server-sent events to the end.
    followed_jobs = await asyncio.gather(*(api.follow(job_id, timeout=120) for job_id in job_ids))
    views = [view for view, _ in followed_jobs]

    for (name, _, _, priority), (view, followed) in zip(requests, followed_jobs, strict=True):
        assert view["status"] == "succeeded", (name, view["error"])
        assert followed[-1] == "job_succeeded", (name, followed)
        assert [kind for kind in followed if kind == "stage_done"] == ["stage_done"] * len(STAGES), followed
        assert view["priority"] == priority
        assert view["request"]["company_name"] == name
        files = await api.download(view)
        check_kit(view, files, name, await job_record(fleet.state_url, fleet.prefix, view["job_id"]))
    # Each job kept its own palette: no kit was written from another job's state.
    seeds = {view["job_id"]: view["result"]["palette"]["seed_color"] for view in views}
    assert len(set(seeds.values())) > 1
    for job_id in job_ids:
        assert_exactly_once(await job_events(fleet.state_url, fleet.prefix, job_id), STAGES)


async def test_a_kit_revised_twice_through_the_fleet(fleet: Fleet, api: ApiClient) -> None:
    """Issue 19: a colour-only revision reuses the logo (files and all, through S3); a revision of
    that revision picks another candidate and draws the logo again from it. Each kit downloads whole."""
    company = "Revised Robotics"
    parent_id = await api.submit(company, seed=3)
    parent = await api.wait(parent_id)
    assert parent["status"] == "succeeded", parent["error"]
    parent_files = await api.download(parent)

    first = await api.revise(parent_id, primary_color="#2e7d32")
    assert (first["revision_of"], first["reused"]) == (parent_id, ["logo"])
    colour = await api.wait(first["job_id"])
    assert colour["status"] == "succeeded", colour["error"]
    assert colour["revision_of"] == parent_id
    assert colour["stages"]["logo"]["reused_from"] == parent_id
    colour_files = await api.download(colour)
    record = await job_record(fleet.state_url, fleet.prefix, colour["job_id"])
    check_kit(colour, colour_files, company, record)
    assert record.outputs["palette"]["seed_color"] == "#2e7d32"
    logo_files = sorted(name for name in parent_files if name.startswith("logo/"))
    assert logo_files
    assert all(colour_files[name] == parent_files[name] for name in logo_files)
    reran = ("palette", "rationale", "pdf")
    assert_exactly_once(await job_events(fleet.state_url, fleet.prefix, colour["job_id"]), reran)

    logo = parent["result"]["logo"]
    other = next(candidate["id"] for candidate in logo["candidates"] if candidate["id"] != logo["chosen"])
    second = await api.revise(colour["job_id"], candidate=other)
    assert second["reused"] == []
    picked = await api.wait(second["job_id"])
    assert picked["status"] == "succeeded", picked["error"]
    assert picked["result"]["logo"]["chosen"] == other
    assert picked["stages"]["logo"]["reused_from"] is None
    picked_files = await api.download(picked)
    check_kit(picked, picked_files, company, await job_record(fleet.state_url, fleet.prefix, picked["job_id"]))
    icon = "logo/lockups/icon/full_color.svg"
    assert picked_files[icon] != parent_files[icon]
    assert picked["request"]["primary_color"] == "#2e7d32"  # the first revision's change stays
    assert_exactly_once(await job_events(fleet.state_url, fleet.prefix, picked["job_id"]), STAGES)

    parent_now, colour_now = await api.job(parent_id), await api.job(colour["job_id"])
    assert parent_now is not None
    assert colour_now is not None
    assert parent_now["revisions"] == [colour["job_id"]]
    assert colour_now["revisions"] == [picked["job_id"]]
