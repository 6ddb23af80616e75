"""Health, readiness, metrics, and what happens when the broker or Redis is away."""

from __future__ import annotations

import time

from prometheus_client.parser import text_string_to_metric_families


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def test_healthz_and_readyz_without_a_key(api) -> None:
    with api.client(None) as client:
        assert client.get("/healthz").json() == {"status": "ok"}
        ready = client.get("/readyz")
        assert ready.status_code == 200
        assert ready.json() == {"status": "ready", "checks": {"broker": "ok", "state": "ok"}}


def test_metrics_have_latency_by_route_template_status_counts_and_queue_depth(start_api, brand) -> None:
    idle = start_api(stages=False)  # nothing consumes, so submitted jobs stay in the queue
    with idle.client() as client:
        for _ in range(3):
            job_id = client.post("/v1/brand-kits", json=brand).json()["job_id"]
        client.get(f"/v1/jobs/{job_id}")
        client.get("/v1/jobs/not-a-job")
        samples = _samples(client.get("/metrics").text)
    route = (("method", "GET"), ("route", "/v1/jobs/{job_id}"))
    assert samples[("brandgen_http_request_duration_seconds_count", route)] >= 2
    assert samples[("brandgen_http_requests_total", (*route, ("status", "404")))] >= 1
    assert (
        samples[("brandgen_http_requests_total", (("method", "POST"), ("route", "/v1/brand-kits"), ("status", "202")))]
        >= 3
    )
    assert samples[("brandgen_queue_depth", (("stage", "palette"),))] == 3
    assert samples[("brandgen_queue_depth", (("stage", "rationale"),))] == 0
    assert not any(
        labels and dict(labels).get("route", "").startswith("/v1/jobs/") and job_id in dict(labels)["route"]
        for _, labels in samples
    )


def test_broker_down_answers_503_fast_then_the_breaker_fails_faster(start_api, brand, closed_port) -> None:
    down = start_api(stages=False, broker_url=f"amqp://guest:guest@127.0.0.1:{closed_port}/", breaker_failures=2)
    with down.client() as client:
        for _ in range(2):
            started = time.perf_counter()
            response = client.post("/v1/brand-kits", json=brand)
            assert time.perf_counter() - started < 2.0
            assert response.status_code == 503
            assert response.json()["error"]["code"] == "service_unavailable"
            assert "message broker" in response.json()["error"]["message"]
            assert int(response.headers["retry-after"]) >= 1
        started = time.perf_counter()
        opened = client.post("/v1/brand-kits", json=brand)
        assert time.perf_counter() - started < 0.2
        assert opened.status_code == 503
        assert "circuit open" in opened.json()["error"]["message"]
        # The failed submits left no job stuck as queued.
        assert all(job["status"] == "failed" for job in client.get("/v1/jobs").json()["jobs"])
        ready = client.get("/readyz")
        assert ready.status_code == 503
        assert ready.json()["checks"]["state"] == "ok"
        assert ready.json()["checks"]["broker"] != "ok"
        assert client.get("/healthz").status_code == 200


def test_redis_down_answers_503_not_500(start_api, brand, closed_port) -> None:
    down = start_api(stages=False, state_url=f"redis://127.0.0.1:{closed_port}/0")
    with down.client("bgk_any_key") as client:
        started = time.perf_counter()
        response = client.post("/v1/brand-kits", json=brand)
        assert time.perf_counter() - started < 4.0
        assert response.status_code == 503
        assert response.json()["error"]["code"] == "service_unavailable"
        assert client.get("/v1/jobs").status_code == 503
        assert client.get("/readyz").json()["checks"]["state"] != "ok"
