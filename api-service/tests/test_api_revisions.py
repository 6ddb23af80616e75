"""Revisions (`POST /v1/jobs/{id}/revisions`, issue 19) on real RabbitMQ, Redis and HTTP.

The server runs a small logo stage before the test palette and rationale stages: three candidates
whose files say which candidate and seed they are, the chosen one as the requested `candidate` or
c1, and a count of its runs, so a test can tell a reused logo from one drawn again.
"""

from __future__ import annotations

import asyncio
import collections
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from brandgen.shared.contracts import LockupFiles, LogoCandidate, LogoOutput
from brandgen.shared.errors import StageError
from brandgen.shared.models import derived_seed
from brandgen.shared.stage import Stage, StageContext
from brandgen.shared.testkit import eventually_blocking

if TYPE_CHECKING:  # mypy reads this folder's conftest as a module; pytest imports it on its own
    from conftest import ApiFactory, LiveApi

pytestmark = [pytest.mark.rabbitmq, pytest.mark.redis]

LOGO_RUNS: collections.Counter[str] = collections.Counter()
"""Company name -> how many times the logo stage ran for it (the server runs in this process)."""


async def _logo(ctx: StageContext) -> LogoOutput:
    request = ctx.request
    LOGO_RUNS[request.company_name] += 1
    if request.company_name.startswith("Slow"):
        await ctx.progress(0.5, "drawing slowly")
        await asyncio.sleep(3)
    seed = request.seed if request.seed is not None else 0
    words = request.feedback or ""
    candidates = []
    for number in (1, 2, 3):
        cid = f"c{number}"
        svg = await ctx.assets.put(f"logo/candidates/{cid}.svg", f"<svg>{cid} seed {seed} {words}</svg>".encode())
        candidates.append(
            LogoCandidate(id=cid, concept="geometric", description=f"mark {cid}", svg=svg, png=svg, seed=seed)
        )
    chosen = request.candidate or "c1"
    if chosen not in {c.id for c in candidates}:
        raise StageError("unknown_candidate", f"no candidate {chosen}")
    icon = await ctx.assets.put("logo/icon/full_color.svg", f"<svg>icon of {chosen} seed {seed}</svg>".encode())
    return LogoOutput(
        backend="procedural",
        candidates=candidates,
        chosen=chosen,
        lockups={"icon": {"full_color": LockupFiles(svg=icon)}},
        dominant_colors=["#1a73e8"],
        concept=f"candidate {chosen}",
        concepts={language: f"candidate {chosen}" for language in request.languages},
    )


@pytest.fixture(scope="module")
def rapi(start_api: ApiFactory) -> LiveApi:
    logo = Stage(name="logo", run=_logo, order=0, prefetch=4)
    return start_api(stages={"logo": logo}, pipeline=["logo", "palette", "rationale"])


def _kit(rapi: LiveApi, name: str, **fields: Any) -> dict[str, Any]:
    body = {"company_name": name, "industry": "technology", "style": "modern"} | fields
    with rapi.client() as client:
        response = client.post("/v1/brand-kits", json=body)
    assert response.status_code == 202, response.text
    return rapi.wait_for(response.json()["job_id"], ("succeeded",))


def _revise(rapi: LiveApi, job_id: str, body: dict[str, Any], **kwargs: Any) -> httpx.Response:
    with rapi.client(**kwargs) as client:
        return client.post(f"/v1/jobs/{job_id}/revisions", json=body)


def _file(rapi: LiveApi, job_id: str, name: str) -> bytes:
    with rapi.client() as client:
        response = client.get(f"/v1/jobs/{job_id}/assets/{name}")
    assert response.status_code == 200, (job_id, name, response.text)
    return response.content


def test_colour_only_revision_reuses_the_logo(rapi: LiveApi) -> None:
    parent = _kit(rapi, "Colour Only Co", primary_color="#1a73e8")
    response = _revise(rapi, parent["job_id"], {"primary_color": "#2E7D32"})
    assert response.status_code == 202, response.text
    accepted = response.json()
    child_id = accepted["job_id"]
    assert child_id != parent["job_id"]
    assert response.headers["Location"] == accepted["links"]["self"]
    assert response.headers["Location"].endswith(f"/v1/jobs/{child_id}")
    assert accepted["revision_of"] == parent["job_id"]
    assert accepted["changed"] == ["primary_color"]
    assert accepted["reused"] == ["logo"]
    assert accepted["runs"] == ["palette", "rationale"]

    child = rapi.wait_for(child_id, ("succeeded",))
    assert child["revision_of"] == parent["job_id"]
    assert child["request"]["primary_color"] == "#2e7d32"
    assert child["stages"]["logo"]["reused_from"] == parent["job_id"]
    assert child["stages"]["palette"]["reused_from"] is None
    assert child["stages"]["palette"]["attempts"] == 1
    assert LOGO_RUNS["Colour Only Co"] == 1  # drawn for the parent only
    assert child["result"]["logo"] == parent["result"]["logo"]
    parent_logo = sorted(a["name"] for a in parent["result"]["assets"] if a["name"].startswith("logo/"))
    child_logo = sorted(a["name"] for a in child["result"]["assets"] if a["name"].startswith("logo/"))
    assert parent_logo
    assert child_logo == parent_logo
    for name in parent_logo:
        assert _file(rapi, child_id, name) == _file(rapi, parent["job_id"], name)

    with rapi.client() as client:
        listed = client.get(f"/v1/jobs/{parent['job_id']}").json()
    assert listed["revisions"] == [child_id]
    assert listed["revision_of"] is None


def test_candidate_change_draws_the_logo_again_from_that_candidate(rapi: LiveApi) -> None:
    parent = _kit(rapi, "Pick Another Co", seed=11)
    assert parent["result"]["logo"]["chosen"] == "c1"
    response = _revise(rapi, parent["job_id"], {"candidate": "c3"})
    assert response.status_code == 202, response.text
    assert response.json()["reused"] == []
    child = rapi.wait_for(response.json()["job_id"], ("succeeded",))
    assert child["stages"]["logo"]["reused_from"] is None
    assert child["result"]["logo"]["chosen"] == "c3"
    assert LOGO_RUNS["Pick Another Co"] == 2
    assert _file(rapi, child["job_id"], "logo/icon/full_color.svg") == b"<svg>icon of c3 seed 11</svg>"
    assert _file(rapi, parent["job_id"], "logo/icon/full_color.svg") == b"<svg>icon of c1 seed 11</svg>"
    # The same candidates: the seed is the parent's, so c3 names the mark the customer saw.
    assert _file(rapi, child["job_id"], "logo/candidates/c3.svg") == _file(
        rapi, parent["job_id"], "logo/candidates/c3.svg"
    )

    # A revision of the revision keeps its choice when only the colour changes.
    again = _revise(rapi, child["job_id"], {"primary_color": "#aa3300"})
    assert again.status_code == 202, again.text
    grandchild = rapi.wait_for(again.json()["job_id"], ("succeeded",))
    assert grandchild["stages"]["logo"]["reused_from"] == child["job_id"]
    assert grandchild["result"]["logo"]["chosen"] == "c3"


def test_unseeded_kit_revision_pins_the_parents_derived_seed(rapi: LiveApi) -> None:
    parent = _kit(rapi, "Unseeded Co")
    child = rapi.wait_for(_revise(rapi, parent["job_id"], {"candidate": "c2"}).json()["job_id"], ("succeeded",))
    assert child["request"]["seed"] is not None
    parent_seed = _file(rapi, parent["job_id"], "logo/candidates/c2.svg")
    assert parent_seed == b"<svg>c2 seed 0 </svg>"  # the test stage reads a missing seed as 0
    # The parent asked for no seed: the revision pins the one its logo stage derived from its id.
    assert child["request"]["seed"] == derived_seed(parent["job_id"])


def test_regenerate_feedback_and_seed_reach_the_logo_stage(rapi: LiveApi) -> None:
    parent = _kit(rapi, "Regenerate Co", seed=5)
    body = {"regenerate": {"seed": 9, "feedback": "more playful, use a leaf"}}
    response = _revise(rapi, parent["job_id"], body)
    assert response.status_code == 202, response.text
    assert set(response.json()["changed"]) == {"seed", "feedback"}
    child = rapi.wait_for(response.json()["job_id"], ("succeeded",))
    assert child["request"]["feedback"] == "more playful, use a leaf"
    assert child["request"]["seed"] == 9
    assert _file(rapi, child["job_id"], "logo/candidates/c1.svg") == b"<svg>c1 seed 9 more playful, use a leaf</svg>"


def test_fonts_from_the_catalogue_rerun_the_palette_and_keep_the_logo(rapi: LiveApi) -> None:
    with rapi.client() as client:
        fonts = [font["family"] for font in client.get("/v1/catalog").json()["fonts"]]
    assert {"Lato", "Inter"} <= set(fonts)
    parent = _kit(rapi, "Fonts Co")
    response = _revise(rapi, parent["job_id"], {"fonts": {"heading": "lato", "body": "Inter"}})
    assert response.status_code == 202, response.text
    assert response.json()["reused"] == ["logo"]
    child = rapi.wait_for(response.json()["job_id"], ("succeeded",))
    assert child["request"]["fonts"] == {"heading": "Lato", "body": "Inter"}  # the catalogue's spelling


def test_languages_already_written_rerun_only_the_rationale(rapi: LiveApi) -> None:
    parent = _kit(rapi, "Languages Co", languages=["en", "de"])
    response = _revise(rapi, parent["job_id"], {"languages": ["de"]})
    assert response.json()["reused"] == ["logo", "palette"], response.text
    child = rapi.wait_for(response.json()["job_id"], ("succeeded",))
    assert list(child["result"]["rationale"]) == ["de"]
    new_language = _revise(rapi, parent["job_id"], {"languages": ["en", "fr"]})
    assert new_language.json()["reused"] == []  # the logo writes its concepts in each language


@pytest.mark.parametrize(
    ("body", "status", "code", "field"),
    [
        ({"candidate": "c9"}, 422, "unknown_candidate", "candidate"),
        ({"fonts": {"heading": "Comic Sans MS", "body": "Inter"}}, 422, "unknown_font", "fonts.heading"),
        ({"fonts": {"heading": "Inter", "body": "Wingdings"}}, 422, "unknown_font", "fonts.body"),
        ({"fonts": {"heading": "Inter"}}, 422, "validation_error", "fonts.body"),
        ({"primary_color": "green"}, 422, "validation_error", "primary_color"),
        ({"languages": ["xx"]}, 422, "validation_error", "languages"),
        ({"colour": "#00ff00"}, 422, "validation_error", "colour"),
        ({}, 422, "validation_error", None),
        ({"candidate": "c2", "regenerate": {"seed": 1}}, 422, "validation_error", None),
        ({"regenerate": {}}, 422, "validation_error", "regenerate"),
    ],
)
def test_bad_revisions_are_refused_naming_the_field(
    rapi: LiveApi, body: dict[str, Any], status: int, code: str, field: str | None
) -> None:
    parent = _bad_revision_parent(rapi)
    response = _revise(rapi, parent, body)
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code
    assert error["field"] == field
    assert error["message"]


_PARENTS: dict[str, str] = {}


def _bad_revision_parent(rapi: LiveApi) -> str:
    if "bad" not in _PARENTS:
        _PARENTS["bad"] = _kit(rapi, "Bad Revisions Co")["job_id"]
    return _PARENTS["bad"]


def test_another_keys_kit_is_404(rapi: LiveApi) -> None:
    parent = _kit(rapi, "Private Co")
    other, _ = rapi.create_key("someone else")
    response = _revise(rapi, parent["job_id"], {"primary_color": "#2e7d32"}, key=other)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "job_not_found"
    missing = _revise(rapi, "no-such-job", {"primary_color": "#2e7d32"})
    assert missing.status_code == 404
    with rapi.client() as client:
        assert client.get(f"/v1/jobs/{parent['job_id']}").json()["revisions"] == []


def test_unfinished_and_failed_kits_are_409(rapi: LiveApi) -> None:
    with rapi.client() as client:
        slow = client.post(
            "/v1/brand-kits", json={"company_name": "Slow Co", "industry": "technology", "style": "modern"}
        ).json()["job_id"]
        broken = client.post(
            "/v1/brand-kits", json={"company_name": "Broken Co", "industry": "technology", "style": "modern"}
        ).json()["job_id"]
    response = _revise(rapi, slow, {"primary_color": "#2e7d32"})
    assert response.status_code == 409, response.text
    assert response.json()["error"]["code"] == "job_not_succeeded"
    assert "only a kit that has succeeded can be revised" in response.json()["error"]["message"]
    rapi.wait_for(broken, ("failed",))
    failed = _revise(rapi, broken, {"primary_color": "#2e7d32"})
    assert failed.status_code == 409
    assert "failed" in failed.json()["error"]["message"]


def test_idempotency_key_replays_the_same_revision(rapi: LiveApi) -> None:
    parent = _kit(rapi, "Retry Co")["job_id"]
    headers = {"Idempotency-Key": "revise-once"}
    first = _revise(rapi, parent, {"primary_color": "#123456"}, headers=headers)
    second = _revise(rapi, parent, {"primary_color": "#123456"}, headers=headers)
    assert first.status_code == second.status_code == 202
    assert first.json()["job_id"] == second.json()["job_id"]
    assert second.headers["Idempotent-Replayed"] == "true"
    other_body = _revise(rapi, parent, {"primary_color": "#654321"}, headers=headers)
    assert other_body.status_code == 422
    assert other_body.json()["error"]["field"] == "header.Idempotency-Key"
    rapi.wait_for(first.json()["job_id"], ("succeeded",))
    with rapi.client() as client:
        assert client.get(f"/v1/jobs/{parent}").json()["revisions"] == [first.json()["job_id"]]


def test_submit_does_not_take_revision_fields(rapi: LiveApi) -> None:
    body = {"company_name": "Sneaky Co", "industry": "technology", "style": "modern", "candidate": "c2"}
    with rapi.client() as client:
        response = client.post("/v1/brand-kits", json=body)
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "candidate"


def test_contact_and_paper_rerun_only_the_last_stage(rapi: LiveApi) -> None:
    parent = _kit(rapi, "Stationery Co")
    body = {"contact": {"email": "hello@stationery.example"}, "paper": "us"}
    response = _revise(rapi, parent["job_id"], body)
    assert response.status_code == 202, response.text
    assert response.json()["reused"] == ["logo", "palette"]  # the test pipeline ends with rationale
    child = rapi.wait_for(response.json()["job_id"], ("succeeded",))
    assert child["request"]["contact"]["email"] == "hello@stationery.example"
    assert child["request"]["paper"] == "us"
    assert child["stages"]["palette"]["reused_from"] == parent["job_id"]


def test_an_empty_tagline_removes_it_and_draws_the_logo_again(rapi: LiveApi) -> None:
    parent = _kit(rapi, "Tagline Co", tagline="Robots that help")
    response = _revise(rapi, parent["job_id"], {"tagline": ""})
    assert response.status_code == 202, response.text
    assert response.json()["changed"] == ["tagline"]
    assert response.json()["reused"] == []  # the combination lockup drew it
    child = rapi.wait_for(response.json()["job_id"], ("succeeded",))
    assert child["request"]["tagline"] is None
    blank = _revise(rapi, parent["job_id"], {"tagline": "   "})
    assert blank.status_code == 422
    assert blank.json()["error"]["field"] == "tagline"


def test_the_kits_webhook_hears_of_its_revision(rapi: LiveApi) -> None:
    received: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/hook"
        parent = _kit(rapi, "Hooked Co", webhook_url=url)
        child_id = _revise(rapi, parent["job_id"], {"primary_color": "#2e7d32"}).json()["job_id"]
        rapi.wait_for(child_id, ("succeeded",))
        eventually_blocking(
            lambda: {body.get("job_id") for body in received}, lambda ids: child_id in ids, timeout=15, what="its hook"
        )
    finally:
        server.shutdown()
