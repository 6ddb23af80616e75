"""Request validation, the error shape, idempotency and the body size limit."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"company_name": "x" * 101}, "company_name"),
        ({"company_name": "   "}, "company_name"),
        ({"primary_color": "blue"}, "primary_color"),
        ({"candidates": 9}, "candidates"),
        ({"languages": ["en", "xx"]}, "languages"),
        ({"priority": 10}, "priority"),
        ({"timeout": 0}, "timeout"),
        ({"webhook_url": "ftp://example.com/hook"}, "webhook_url"),
        ({"webhook_url": "not a url"}, "webhook_url"),
        ({"colour": "#ffffff"}, "colour"),
    ],
)
def test_invalid_requests_are_422_naming_the_field(api, brand, change, field) -> None:
    with api.client() as client:
        response = client.post("/v1/brand-kits", json=brand | change)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert error["field"] == field
    assert error["message"]


def test_missing_fields_and_malformed_json_are_422(api) -> None:
    with api.client() as client:
        missing = client.post("/v1/brand-kits", json={"company_name": "Acme"})
        assert missing.status_code == 422
        assert missing.json()["error"]["field"] in ("industry", "style")
        assert "more problem" in missing.json()["error"]["message"]
        # Every field to fix comes back at once, each with its own words, the first repeated on top.
        problems = missing.json()["error"]["problems"]
        assert {problem["field"] for problem in problems} == {"industry", "style"}
        assert all(problem["message"] for problem in problems)
        assert problems[0]["field"] == missing.json()["error"]["field"]
        broken = client.post("/v1/brand-kits", content=b"{not json", headers={"content-type": "application/json"})
        assert broken.status_code == 422
        assert broken.json()["error"]["code"] == "validation_error"


def test_names_in_any_script_are_accepted(api, brand) -> None:
    with api.client() as client:
        for name in ("株式会社サクラ", "شركة النور", "Ωmega Δ"):
            response = client.post("/v1/brand-kits", json=brand | {"company_name": name})
            assert response.status_code == 202, response.text
            job = client.get(f"/v1/jobs/{response.json()['job_id']}").json()
            assert job["request"]["company_name"] == name


def test_same_idempotency_key_and_body_return_the_same_job(api, brand) -> None:
    with api.client() as client:
        headers = {"Idempotency-Key": "order-1234"}
        first = client.post("/v1/brand-kits", json=brand, headers=headers)
        second = client.post("/v1/brand-kits", json=brand, headers=headers)
        assert first.status_code == second.status_code == 202
        assert first.json()["job_id"] == second.json()["job_id"]
        assert "idempotent-replayed" not in first.headers
        assert second.headers["idempotent-replayed"] == "true"
        # Without the key, the same body is a new job.
        assert client.post("/v1/brand-kits", json=brand).json()["job_id"] != first.json()["job_id"]


def test_same_idempotency_key_with_another_body_is_422(api, brand) -> None:
    with api.client() as client:
        headers = {"Idempotency-Key": "order-5678"}
        assert client.post("/v1/brand-kits", json=brand, headers=headers).status_code == 202
        response = client.post("/v1/brand-kits", json=brand | {"style": "playful"}, headers=headers)
        assert response.status_code == 422
        assert response.json()["error"]["code"] == "idempotency_key_reused"
        assert response.json()["error"]["field"] == "header.Idempotency-Key"


def test_idempotency_keys_are_per_api_key(api, brand) -> None:
    other, _ = api.create_key("other tenant")
    headers = {"Idempotency-Key": "shared-name"}
    with api.client() as mine, api.client(other) as theirs:
        first = mine.post("/v1/brand-kits", json=brand, headers=headers).json()["job_id"]
        second = theirs.post("/v1/brand-kits", json=brand | {"style": "luxury"}, headers=headers)
        assert second.status_code == 202
        assert second.json()["job_id"] != first


def test_bodies_over_the_limit_are_413(api, brand) -> None:
    big = brand | {"description": "x" * (api.settings.max_body_bytes + 10)}
    with api.client() as client:
        response = client.post("/v1/brand-kits", json=big)
        assert response.status_code == 413
        assert response.json()["error"]["code"] == "payload_too_large"

        def chunks() -> Iterator[bytes]:  # no Content-Length: the limit must hold on the bytes that arrive
            for _ in range(100):
                yield b"x" * 1024

        chunked = client.post("/v1/brand-kits", content=chunks(), headers={"content-type": "application/json"})
        assert chunked.status_code == 413
