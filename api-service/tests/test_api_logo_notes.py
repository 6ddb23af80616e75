"""The full job view carries the logo stage's notes (`result.logo.notes`, issue 18): what the logo
changed from the request, such as emoji no font draws, left out of the mark."""

from __future__ import annotations

from typing import Any

import pytest

from brandgen.shared.contracts import LockupFiles, LogoCandidate, LogoOutput
from brandgen.shared.stage import Stage, StageContext

NOTE = (
    "Left out of the company name in the logo: \u2615 (HOT BEVERAGE); no installed font draws them, "
    "so it is drawn without them."
)


async def _logo(ctx: StageContext) -> LogoOutput:
    """A logo stage that notes the emoji of a name as the real one does (and nothing for a plain one)."""
    svg = await ctx.assets.put("logo/icon/full_color.svg", b"<svg/>")
    candidate = LogoCandidate(id="c1", concept="geometric", description="a mark", svg=svg, png=svg, seed=0)
    return LogoOutput(
        backend="procedural",
        candidates=[candidate],
        chosen="c1",
        lockups={"icon": {"full_color": LockupFiles(svg=svg)}},
        dominant_colors=["#1a73e8"],
        concept="a mark",
        notes=[NOTE] if "\u2615" in ctx.request.company_name else [],
    )


@pytest.fixture(scope="module")
def logo_api(start_api: Any) -> Any:
    return start_api(stages={"logo": Stage(name="logo", run=_logo, order=0)}, pipeline=["logo", "palette", "rationale"])


def _finished(logo_api: Any, name: str) -> str:
    body = {"company_name": name, "industry": "coffee shop", "style": "warm"}
    with logo_api.client() as client:
        response = client.post("/v1/brand-kits", json=body)
    assert response.status_code == 202, response.text
    job_id: str = response.json()["job_id"]
    logo_api.wait_for(job_id, ("succeeded",))
    return job_id


def test_the_full_view_carries_the_logos_notes(logo_api: Any) -> None:
    job_id = _finished(logo_api, "Bean \u2615 There")
    with logo_api.client() as client:
        full = client.get(f"/v1/jobs/{job_id}?view=full").json()
        compact = client.get(f"/v1/jobs/{job_id}").json()
    assert full["result"]["logo"]["notes"] == [NOTE]
    assert compact["result"] is None


def test_a_logo_without_notes_has_an_empty_list(logo_api: Any) -> None:
    job_id = _finished(logo_api, "Bean There")
    with logo_api.client() as client:
        assert client.get(f"/v1/jobs/{job_id}?view=full").json()["result"]["logo"]["notes"] == []


def test_the_schema_documents_the_notes(logo_api: Any) -> None:
    with logo_api.client() as client:
        schema = client.get("/openapi.json").json()
    notes = schema["components"]["schemas"]["LogoSummary"]["properties"]["notes"]
    assert notes["type"] == "array"
    assert "emoji" in notes["description"]
