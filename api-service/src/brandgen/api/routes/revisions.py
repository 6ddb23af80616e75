"""Revisions of a kit: `POST /v1/jobs/{job_id}/revisions`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Path, Request, Response

from brandgen.api.deps import CallerDep, GatewayDep
from brandgen.api.models.errors import COMMON, NOT_FOUND, ErrorResponse
from brandgen.api.models.revisions import RevisionAccepted, RevisionRequest
from brandgen.api.services import results
from brandgen.api.services.links import link_base
from brandgen.api.services.revisions import revise

router = APIRouter(prefix="/v1", tags=["brand kits"], responses=COMMON)

JobId = Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{1,64}$", description="Id of the kit (job) to revise.")]


@router.post(
    "/jobs/{job_id}/revisions",
    status_code=202,
    response_model=RevisionAccepted,
    summary="Revise a kit: another candidate, colour, fonts, text, or new marks",
    description=(
        "Queues a new job (its own `Location`; `revision_of` names this one) with the changes applied. Only "
        "the stages downstream of what changed run again; the others are reused from this kit and marked "
        "`stages.<name>.reused_from` on the new job. A colour or font change reuses the logo; a candidate, "
        "name, tagline or regenerate draws the logo again (`candidate` makes that candidate the logo of the "
        "new kit). `fonts` families come from `GET /v1/catalog`. Only a succeeded kit can be revised (409 "
        "otherwise). With `Idempotency-Key`, a retry with the same body returns the same revision."
    ),
    responses=NOT_FOUND
    | {
        202: {"headers": {"Location": {"description": "URL of the new job.", "schema": {"type": "string"}}}},
        409: {"model": ErrorResponse, "description": "The kit has not succeeded (yet): nothing to revise."},
    },
)
async def create_revision(
    job_id: JobId,
    body: RevisionRequest,
    request: Request,
    response: Response,
    gateway: GatewayDep,
    caller: CallerDep,
    idempotency_key: Annotated[
        str | None,
        Header(min_length=1, max_length=255, description="Makes retries safe: same key and body, same revision."),
    ] = None,
) -> Response:
    revised = await revise(gateway, caller, job_id, body, idempotency_key)
    record, plan = revised.record, revised.plan
    links = results.links(record.job_id, link_base(request, gateway.settings))
    # The rate-limit headers the dependency set, carried onto the response built here.
    limits = {name: value for name, value in response.headers.items() if name.startswith("x-ratelimit-")}
    headers = limits | {"Location": links.self}
    if revised.replayed:
        headers["Idempotent-Replayed"] = "true"
    accepted = RevisionAccepted(
        job_id=record.job_id,
        status=record.status,
        links=links,
        revision_of=job_id,
        changed=plan.changed,
        reused=plan.reused,
        runs=[stage for stage in record.pipeline if stage not in plan.reused],
    )
    return Response(accepted.model_dump_json(), status_code=202, media_type="application/json", headers=headers)
