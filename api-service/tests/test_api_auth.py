"""API keys and per-key rate limits."""

from __future__ import annotations

import pytest

from brandgen.api.services import rate_limit


def test_missing_key_is_401_on_every_v1_route(api) -> None:
    with api.client(None) as client:
        for method, path in [
            ("POST", "/v1/brand-kits"),
            ("GET", "/v1/jobs"),
            ("GET", "/v1/jobs/abc"),
            ("POST", "/v1/jobs/abc/cancel"),
            ("GET", "/v1/jobs/abc/events"),
            ("GET", "/v1/jobs/abc/assets/logo/a.svg"),
        ]:
            response = client.request(method, path, json={} if method == "POST" else None)
            assert response.status_code == 401, (method, path, response.text)
            assert response.json()["error"]["code"] == "unauthorized"
            assert response.headers["www-authenticate"] == "Bearer"


def test_invalid_key_is_401_and_bearer_works_like_x_api_key(api, brand) -> None:
    with api.client("bgk_nothing_wrong") as client:
        response = client.get("/v1/jobs")
        assert response.status_code == 401
        assert response.json()["error"]["message"] == "invalid or revoked API key"
    with api.client(None, headers={"Authorization": f"Bearer {api.key}"}) as client:
        assert client.get("/v1/jobs").status_code == 200


def test_another_keys_job_is_404_everywhere(api, brand) -> None:
    other, _ = api.create_key("intruder")
    with api.client() as owner, api.client(other) as intruder:
        job_id = owner.post("/v1/brand-kits", json=brand).json()["job_id"]
        for method, path in [
            ("GET", f"/v1/jobs/{job_id}"),
            ("POST", f"/v1/jobs/{job_id}/cancel"),
            ("GET", f"/v1/jobs/{job_id}/events"),
            ("GET", f"/v1/jobs/{job_id}/assets/palette/palette.css"),
        ]:
            response = intruder.request(method, path)
            assert response.status_code == 404, (method, path)
            assert response.json()["error"]["code"] == "job_not_found"
        assert job_id not in [job["job_id"] for job in intruder.get("/v1/jobs").json()["jobs"]]
        assert owner.get(f"/v1/jobs/{job_id}").status_code == 200


def test_rate_limit_answers_429_with_retry_after(api) -> None:
    key, _ = api.create_key("tight", rate_limit=3)
    with api.client(key) as client:
        answers = [client.get("/v1/jobs") for _ in range(3)]
        assert [answer.status_code for answer in answers] == [200, 200, 200]
        assert [answer.headers["x-ratelimit-remaining"] for answer in answers] == ["2", "1", "0"]
        limited = client.get("/v1/jobs")
        assert limited.status_code == 429
        assert limited.json()["error"]["code"] == "rate_limited"
        assert 1 <= int(limited.headers["retry-after"]) <= 60
    # The limit is per key: the module's default key is unaffected.
    with api.client() as client:
        assert client.get("/v1/jobs").status_code == 200


async def test_the_memory_rate_limiter_forgets_ended_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [1000.0]
    monkeypatch.setattr("brandgen.api.services.rate_limit.time.monotonic", lambda: clock[0])
    limiter = rate_limit.MemoryRateLimiter()
    limiter.MAX_CALLERS = 100
    limiter._sweep_at = 100
    for index in range(100):
        await limiter.hit(f"caller{index}", limit=5)
    clock[0] += rate_limit.WINDOW_SECONDS + 1  # every window has ended
    verdict = await limiter.hit("newcomer", limit=5)
    assert verdict.allowed
    assert len(limiter._windows) == 1, "ended windows were dropped, not kept for ever"
    for _ in range(5):
        await limiter.hit("newcomer", limit=5)
    assert not (await limiter.hit("newcomer", limit=5)).allowed, "the live window still counts"
