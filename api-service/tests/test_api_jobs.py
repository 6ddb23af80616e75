"""Submitting, polling, listing, canceling and downloading, through HTTP (on the memory backends)."""

from __future__ import annotations

import time

import httpx
import pytest

from brandgen.shared.testkit import eventually_blocking


def test_submit_answers_202_with_location_and_the_job_succeeds_with_its_kit(api, brand) -> None:
    with api.client() as client:
        response = client.post("/v1/brand-kits", json=brand | {"languages": ["en", "de"], "priority": 7})
        assert response.status_code == 202
        body = response.json()
        assert body["status"] == "queued"
        assert response.headers["location"] == f"{api.url}/v1/jobs/{body['job_id']}"
        assert body["links"]["events"].endswith(f"/v1/jobs/{body['job_id']}/events")

        job = api.wait_for(body["job_id"], ("succeeded",))
        assert job["request"]["primary_color"] == "#1a73e8"  # normalised by the shared model
        assert job["priority"] == 7
        assert job["stage"] is None
        for stage in ("palette", "rationale"):
            assert job["stages"][stage]["status"] == "done"
            assert job["stages"][stage]["duration_ms"] >= 0
            assert job["stages"][stage]["progress"] == 1.0
        result = job["result"]
        assert result["palette"]["roles"]["primary"] == "#1a73e8"
        assert result["palette"]["themes"]["light"]["on_primary"] == "#ffffff"
        assert result["palette"]["contrast"][0]["aa"] is True
        assert set(result["rationale"]) == {"en", "de"}
        assert result["rationale"]["de"]["sections"][0]["body"] == "Blue suits Acme Robotics."

        assets = {asset["name"]: asset for asset in result["assets"]}
        assert set(assets) == {"palette/palette.css", "rationale/en.md", "rationale/de.md"}
        css = assets["palette/palette.css"]
        assert css["content_type"] == "text/css"
        assert css["size"] == len(b":root { --brand-primary: #1a73e8; }\n")
        # File storage: the URL streams the file through the API, behind the same key.
        download = client.get(css["url"])
        assert download.status_code == 200
        assert download.content == b":root { --brand-primary: #1a73e8; }\n"
        assert download.headers["content-type"].startswith("text/css")
        assert httpx.get(css["url"]).status_code == 401


def test_unknown_asset_and_path_escape_are_404(api, brand) -> None:
    with api.client() as client:
        job_id = client.post("/v1/brand-kits", json=brand).json()["job_id"]
        api.wait_for(job_id, ("succeeded",))
        missing = client.get(f"/v1/jobs/{job_id}/assets/palette/nope.css")
        assert missing.status_code == 404
        assert missing.json()["error"]["code"] == "asset_not_found"
        escape = client.get(f"/v1/jobs/{job_id}/assets/palette/%2E%2E/%2E%2E/secret")
        assert escape.status_code == 404


def test_a_stage_error_is_reported_with_its_code_and_stage(api, brand) -> None:
    with api.client() as client:
        job_id = client.post("/v1/brand-kits", json=brand | {"company_name": "Broken Co"}).json()["job_id"]
        job = api.wait_for(job_id, ("failed",))
        assert job["error"] == {
            "code": "unsupported_industry",
            "message": "no palette can be made for this industry",
            "stage": "palette",
        }
        assert job["result"] is None
        assert job["stages"]["palette"]["status"] == "failed"


@pytest.mark.slow
def test_cancel_stops_the_job_at_the_next_stage_boundary(api, brand) -> None:
    with api.client() as client:
        job_id = client.post("/v1/brand-kits", json=brand | {"company_name": "Slow Co"}).json()["job_id"]
        eventually_blocking(
            lambda: client.get(f"/v1/jobs/{job_id}").json()["stages"].get("palette", {}).get("progress", 0),
            lambda progress: progress >= 0.5,
            what="the palette halfway",
        )
        canceled = client.post(f"/v1/jobs/{job_id}/cancel")
        assert canceled.status_code == 200
        assert canceled.json()["status"] == "canceled"
        time.sleep(2.0)  # the palette stage finishes its sleep; the rationale stage must never start
        job = client.get(f"/v1/jobs/{job_id}").json()
        assert job["status"] == "canceled"
        assert "rationale" not in job["stages"]
        assert job["result"] is None
        again = client.post(f"/v1/jobs/{job_id}/cancel")
        assert again.status_code == 200  # canceling twice is harmless


def test_cancel_of_a_finished_job_is_409(api, brand) -> None:
    with api.client() as client:
        job_id = client.post("/v1/brand-kits", json=brand).json()["job_id"]
        api.wait_for(job_id, ("succeeded",))
        response = client.post(f"/v1/jobs/{job_id}/cancel")
        assert response.status_code == 409
        assert response.json()["error"]["code"] == "job_finished"


def test_list_shows_the_callers_jobs_newest_first(api, brand) -> None:
    key, _ = api.create_key("lister")
    with api.client(key) as client:
        first = client.post("/v1/brand-kits", json=brand | {"company_name": "First"}).json()["job_id"]
        second = client.post("/v1/brand-kits", json=brand | {"company_name": "Second"}).json()["job_id"]
        listed = client.get("/v1/jobs").json()["jobs"]
        assert [job["job_id"] for job in listed] == [second, first]
        assert listed[0]["company_name"] == "Second"
        assert [job["job_id"] for job in client.get("/v1/jobs", params={"limit": 1}).json()["jobs"]] == [second]


def test_unknown_job_is_404_in_the_error_shape(api) -> None:
    with api.client() as client:
        response = client.get("/v1/jobs/doesnotexist")
        assert response.status_code == 404
        assert response.json() == {
            "error": {"code": "job_not_found", "message": "no job with this id for this API key", "field": None}
        }
        assert client.get("/v1/nothing-here").json()["error"]["code"] == "not_found"


@pytest.mark.slow
def test_a_job_no_worker_picks_up_is_reported_timed_out(start_api, brand) -> None:
    idle = start_api(stages=False, timeout_grace_seconds=0)  # nothing consumes: the job just waits
    with idle.client(key=idle.key) as client:
        job_id = client.post("/v1/brand-kits", json=brand | {"timeout": 1}).json()["job_id"]
        assert client.get(f"/v1/jobs/{job_id}").json()["status"] == "queued"
        time.sleep(1.2)
        job = client.get(f"/v1/jobs/{job_id}").json()
    assert job["status"] == "failed"
    assert job["error"]["code"] == "timeout"
    assert "timeout of 1 s" in job["error"]["message"]
    assert f"in the {job['pipeline'][0]} stage" in job["error"]["message"], "names the stage that never ran"


@pytest.mark.slow
def test_the_events_stream_of_a_job_no_worker_picks_up_ends_with_its_timeout(start_api, brand) -> None:
    idle = start_api(stages=False, timeout_grace_seconds=0)
    with idle.client(key=idle.key) as client:
        job_id = client.post("/v1/brand-kits", json=brand | {"timeout": 1}).json()["job_id"]
        started = time.monotonic()
        with client.stream("GET", f"/v1/jobs/{job_id}/events") as response:
            kinds = [line.removeprefix("event: ") for line in response.iter_lines() if line.startswith("event:")]
    assert time.monotonic() - started < 10, "the stream ended at the deadline, not after a long idle wait"
    assert kinds[0] == "job_queued"
    assert kinds[-1] == "job_failed"
