"""The hot routes' fast paths answer as FastAPI's own handling does, and serve the plain requests.

Each plain request (the common case a fast path takes) is sent beside a twin that FastAPI
resolves (an unknown query parameter, a `+json` media type: both mean the same to the route), on
Redis + RabbitMQ (the route counts the request in its own script) and on the memory backends
(the authentication counts it). Which requests FastAPI resolved is watched at its
`solve_dependencies`, so a fast path that stopped serving would fail the tests too.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import fastapi.routing
import httpx
import pytest
from fastapi import Request
from fastapi.dependencies.utils import solve_dependencies

from brandgen.api.models.jobs import SubmitRequest
from brandgen.shared.models import BrandRequest

from .conftest import ApiFactory, LiveApi

pytestmark = [pytest.mark.rabbitmq, pytest.mark.redis]


@pytest.fixture(scope="module", params=["real", "memory"])
def idle_api(start_api: ApiFactory, request: pytest.FixtureRequest) -> LiveApi:
    """An API whose jobs nobody runs, on Redis + RabbitMQ and on the memory backends."""
    return start_api(stages=False, backend=request.param)


@pytest.fixture
def resolved(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The requests FastAPI resolved the parameters of (method and path with query): those the
    fast paths left to it. The servers run in this process, so they call the patched function."""
    calls: list[str] = []
    real = solve_dependencies  # the function fastapi.routing calls under this name

    async def watched(*, request: Request, **kwargs: object) -> object:
        query = f"?{request.url.query}" if request.url.query else ""
        calls.append(f"{request.method} {request.url.path}{query}")
        return await real(request=request, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(fastapi.routing, "solve_dependencies", watched)
    return calls


def _alike(fast: httpx.Response, resolved: httpx.Response) -> None:
    assert (fast.status_code, fast.content) == (resolved.status_code, resolved.content)
    for header in ("etag", "cache-control", "content-type", "x-ratelimit-limit", "www-authenticate"):
        assert fast.headers.get(header) == resolved.headers.get(header), header
    assert ("x-ratelimit-remaining" in fast.headers) == ("x-ratelimit-remaining" in resolved.headers)


def test_a_poll_answers_alike_through_the_fast_path_and_through_fastapi(
    idle_api: LiveApi, brand: dict[str, object], resolved: list[str]
) -> None:
    other_key, _ = idle_api.create_key("someone else")
    with idle_api.client() as client, idle_api.client(key=other_key) as other:
        job_id = client.post("/v1/brand-kits", json=brand).json()["job_id"]
        resolved.clear()
        path = f"/v1/jobs/{job_id}"
        twins = [(path, f"{path}?unknown=1")]
        twins += [(f"{path}?view={view}", f"{path}?view={view}&unknown=1") for view in ("compact", "full")]
        for plain, twin in twins:
            first = client.get(plain)
            assert first.status_code == 200
            _alike(first, client.get(twin))
            etag = {"If-None-Match": first.headers["etag"]}
            _alike(client.get(plain, headers=etag), client.get(twin, headers=etag))
            assert client.get(plain, headers=etag).status_code == 304
            _alike(other.get(plain, headers=etag), other.get(twin, headers=etag))  # another key's job: 404
            assert other.get(plain).json()["error"]["code"] == "job_not_found"
        bearer = {"Authorization": f"Bearer {idle_api.key}"}
        with idle_api.client(key=None) as anonymous:
            _alike(anonymous.get(path, headers=bearer), anonymous.get(f"{path}?unknown=1", headers=bearer))
            _alike(anonymous.get(path), anonymous.get(f"{path}?unknown=1"))  # no key: 401
            assert anonymous.get(path).status_code == 401
        assert client.get("/v1/jobs/no-such-job").status_code == 404
    assert resolved
    assert all("unknown=1" in request for request in resolved), resolved


def test_a_submit_answers_alike_through_the_fast_path_and_through_fastapi(
    idle_api: LiveApi, brand: dict[str, object], resolved: list[str]
) -> None:
    body = json.dumps(brand)
    # FastAPI reads any JSON media type; the fast path takes application/json alone.
    resolved_type = {"Content-Type": "application/vnd.brandgen+json"}
    with idle_api.client() as client:
        resolved.clear()
        fast = client.post("/v1/brand-kits", content=body, headers={"Content-Type": "application/json"})
        twin = client.post("/v1/brand-kits", content=body, headers=resolved_type)
        for answer in (fast, twin):
            assert answer.status_code == 202
            assert answer.headers["location"].endswith(f"/v1/jobs/{answer.json()['job_id']}")
            assert answer.headers["x-ratelimit-limit"] == fast.headers["x-ratelimit-limit"]
        assert fast.json().keys() == twin.json().keys()
        assert fast.json()["job_id"] != twin.json()["job_id"]
        assert (
            client.get(f"/v1/jobs/{fast.json()['job_id']}").json()["request"]
            == (client.get(f"/v1/jobs/{twin.json()['job_id']}").json()["request"])
        )
        # One Idempotency-Key, either way first: the other replays the same job.
        for first_type, then_type, key in (
            ("application/json", resolved_type["Content-Type"], "fast-first"),
            (resolved_type["Content-Type"], "application/json", "resolved-first"),
        ):
            first = client.post(
                "/v1/brand-kits", content=body, headers={"Content-Type": first_type, "Idempotency-Key": key}
            )
            again = client.post(
                "/v1/brand-kits", content=body, headers={"Content-Type": then_type, "Idempotency-Key": key}
            )
            assert (first.status_code, again.status_code) == (202, 202)
            assert again.json()["job_id"] == first.json()["job_id"]
            assert again.headers["idempotent-replayed"] == "true"
            other_body = json.dumps(brand | {"company_name": "Other Co"})
            reused = client.post(
                "/v1/brand-kits", content=other_body, headers={"Content-Type": then_type, "Idempotency-Key": key}
            )
            assert reused.status_code == 422
            assert reused.json()["error"]["code"] == "idempotency_key_reused"
    assert resolved
    assert all(request == "POST /v1/brand-kits" for request in resolved)
    assert len(resolved) == 4  # those sent as +json: the twin, two after "fast-first", one "resolved-first"


@pytest.mark.parametrize(
    "sent",
    [
        {"company_name": "  Acme  ", "industry": "tech", "style": "modern"},
        {
            "company_name": "Acme",
            "industry": "technology",
            "style": "modern",
            "primary_color": "ABC",
            "languages": ["de", "en", "de"],
            "contact": {"name": "Ada", "website": "acme.example"},
            "tagline": "Robots that help",
            "paper": "us",
            "seed": 7,
            "priority": 9,
        },
    ],
)
def test_a_submits_brand_request_is_the_one_validating_again_would_give(sent: dict[str, object]) -> None:
    request = SubmitRequest.model_validate(sent)
    copied = request.brand_request()
    validated_again = BrandRequest.model_validate(request.model_dump(include=set(BrandRequest.model_fields)))
    assert copied == validated_again
    assert copied.model_fields_set == validated_again.model_fields_set
    assert copied.model_dump_json() == validated_again.model_dump_json()


_STARTED = """
import asyncio, gc
from brandgen.api.app import create_app

async def main(server_process):
    app = create_app(server_process=server_process)
    async with app.router.lifespan_context(app):
        return gc.get_freeze_count()

print(asyncio.run(main(False)), asyncio.run(main(True)))
"""


def test_a_server_process_freezes_its_start_up_heap_and_a_library_app_does_not() -> None:
    env = os.environ | {
        "BRANDGEN_BROKER_URL": "memory://",
        "BRANDGEN_STATE_URL": "memory://",
        "BRANDGEN_LOG_JSON": "false",
    }
    printed = subprocess.run([sys.executable, "-c", _STARTED], env=env, capture_output=True, text=True, check=True)
    library, server = (int(count) for count in printed.stdout.split())
    assert library == 0
    assert server > 10_000  # the modules, models and routes built at start-up
