"""Server-sent events of a job, through a real streaming HTTP connection."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest


def read_events(response: httpx.Response) -> list[dict[str, Any]]:
    """Parse an SSE stream into [{event, id, data}] (data: the parsed JSON) until the server closes it."""
    events: list[dict[str, Any]] = []
    current: dict[str, Any] = {}
    for line in response.iter_lines():
        if not line:
            if "event" in current:
                events.append(current)
            current = {}
        elif line.startswith(":"):
            continue  # keep-alive comment
        else:
            name, _, value = line.partition(":")
            value = value.removeprefix(" ")
            current[name] = json.loads(value) if name == "data" else value
    return events


@pytest.mark.slow
def test_events_stream_a_job_from_queued_to_succeeded_then_close(api, brand) -> None:
    with api.client() as client:
        job_id = client.post("/v1/brand-kits", json=brand | {"company_name": "Slow Stream"}).json()["job_id"]
        with client.stream("GET", f"/v1/jobs/{job_id}/events", timeout=20) as response:
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/event-stream")
            events = read_events(response)
    kinds = [event["event"] for event in events]
    assert kinds[0] == "job_queued"
    assert kinds[-1] == "job_succeeded"
    assert kinds.index("stage_started") < kinds.index("progress") < kinds.index("stage_done")
    progress = next(event for event in events if event["event"] == "progress")
    assert progress["data"]["stage"] == "palette"
    assert progress["data"]["data"]["progress"] == 0.5
    assert [event["id"] for event in events] == [str(index) for index in range(len(events))]


def test_last_event_id_resumes_after_the_events_already_seen(api, brand) -> None:
    with api.client() as client:
        job_id = client.post("/v1/brand-kits", json=brand).json()["job_id"]
        api.wait_for(job_id, ("succeeded",))
        with client.stream("GET", f"/v1/jobs/{job_id}/events") as response:
            everything = read_events(response)
        with client.stream("GET", f"/v1/jobs/{job_id}/events", headers={"Last-Event-ID": "2"}) as response:
            rest = read_events(response)
    assert len(everything) > 3
    assert rest == everything[3:]
