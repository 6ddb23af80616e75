"""Brand-kit jobs: submit, poll, list, cancel, follow, download."""

from __future__ import annotations

import json
import math
import re
import time
from collections.abc import AsyncIterator
from typing import Annotated, Literal

from fastapi import Header, Path, Query, Request, Response
from pydantic import BaseModel
from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.requests import ClientDisconnect

from brandgen.api.deps import Authenticated, CallerDep, GatewayDep, UncountedCallerDep, authenticate_plain
from brandgen.api.errors import ApiError
from brandgen.api.fast_path import FastPathRouter, fast_path
from brandgen.api.models.errors import COMMON, NOT_FOUND, ErrorResponse, OpenApiResponses
from brandgen.api.models.jobs import EVENT_STREAM, JobAccepted, JobList, JobView, SubmitRequest
from brandgen.api.models.keys import Caller
from brandgen.api.services import results
from brandgen.api.services.gateway import Gateway
from brandgen.api.services.links import link_base
from brandgen.api.services.rate_limit import RedisRateLimiter, hit_and_revision
from brandgen.api.services.streams import CountedEventSourceResponse
from brandgen.api.services.submission import submit
from brandgen.api.services.view_cache import RenderedView, etag_matches
from brandgen.shared.jobs import cancel_job, fail_if_overdue, overdue_at
from brandgen.shared.models import JobRecord, JobStatus, utcnow
from brandgen.shared.state import JobNotFoundError
from brandgen.shared.storage import AssetStore, FileAssetStore, InvalidKeyError, guess_content_type

router = FastPathRouter(prefix="/v1", tags=["brand kits"], responses=COMMON)

_JOB_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")  # fullmatch: Python's `$` would let a final newline through
JobId = Annotated[str, Path(pattern=f"^{_JOB_ID.pattern}$", description="Job id from the submit response.")]


def _base(request: Request, gateway: Gateway) -> str:
    # The configured public URL or a trusted Host, else relative: never an arbitrary Host header.
    return link_base(request, gateway.settings)


async def _owned_job(gateway: Gateway, caller: Caller, job_id: str) -> JobRecord:
    """The job, if this caller made it; another key's job is indistinguishable from none."""
    store = gateway.services.store
    record = await gateway.state_breaker.call(lambda: store.get(job_id))
    if record.owner != caller.id:
        raise JobNotFoundError(job_id)
    return record


def _asset_url(request: Request, base: str) -> results.AssetUrl:
    def url(job_id: str, name: str) -> str:
        return base + str(request.app.url_path_for("download_asset", job_id=job_id, name=name))

    return url


async def _submit_fast(request: Request) -> Response | None:
    """`submit_brand_kit` for a JSON body that validates and a plain Idempotency-Key (else None)."""
    content_type = request.headers.get("content-type", "")
    if content_type.partition(";")[0].strip().lower() != "application/json":
        return None  # FastAPI's test of the media type (and its error when absent) decides
    idempotency_key = request.headers.get("idempotency-key")
    if idempotency_key is not None and not 1 <= len(idempotency_key) <= 255:
        return None
    try:
        raw = await request.body()
    except ClientDisconnect:
        return None  # FastAPI answers it as a body it could not read
    try:
        # As FastAPI reads a JSON body: json.loads, then the model in Python mode.
        body = SubmitRequest.model_validate(json.loads(raw))
    except (ValueError, RecursionError):  # not JSON (or nested too deep), not UTF-8, invalid fields
        return None  # FastAPI gets the same bytes (replayed) and says what is wrong
    gateway: Gateway = request.app.state.gateway
    return await _submit(request, gateway, await authenticate_plain(request), body, idempotency_key)


@router.post(
    "/brand-kits",
    status_code=202,
    response_model=JobAccepted,
    summary="Request a brand kit",
    description=(
        "Validates the request, records the job and queues it for the first stage. Poll the `Location`, "
        "follow its events, or pass `webhook_url`. With `Idempotency-Key`, a retry with the same body returns "
        "the same job (header `Idempotent-Replayed: true`); the same key with a different body is refused (422)."
    ),
    responses={202: {"headers": {"Location": {"description": "URL of the job.", "schema": {"type": "string"}}}}},
)
@fast_path(_submit_fast)
async def submit_brand_kit(
    body: SubmitRequest,
    request: Request,
    gateway: GatewayDep,
    authenticated: UncountedCallerDep,
    idempotency_key: Annotated[
        str | None,
        Header(min_length=1, max_length=255, description="Makes retries safe: same key and body, same job."),
    ] = None,
) -> Response:
    request.state.uncounted_caller = None  # the route runs: the submit counts it, if the dependency did not
    return await _submit(request, gateway, authenticated, body, idempotency_key)


async def _submit(
    request: Request, gateway: Gateway, authenticated: Authenticated, body: SubmitRequest, idempotency_key: str | None
) -> Response:
    submitted = await submit(gateway, authenticated.caller, body, idempotency_key, counted=authenticated.counted)
    links = results.links(submitted.record.job_id, _base(request, gateway))
    limits = submitted.verdict.headers() if submitted.verdict else authenticated.limit_headers
    headers = limits | {"Location": links.self}
    if submitted.replayed:
        headers["Idempotent-Replayed"] = "true"
    accepted = JobAccepted(job_id=submitted.record.job_id, status=submitted.record.status, links=links)
    return _json(accepted, 202, headers)


@router.get("/jobs", response_model=JobList, summary="List your jobs, newest first")
async def list_jobs(
    request: Request,
    gateway: GatewayDep,
    caller: CallerDep,
    limit: Annotated[int, Query(ge=1, le=200, description="At most this many jobs.")] = 50,
) -> JobList:
    store = gateway.services.store
    records = await gateway.state_breaker.call(lambda: store.list_jobs(caller.id, limit))
    base = _base(request, gateway)
    return JobList(jobs=[results.summary(record, base) for record in records if record.owner == caller.id])


JobViewName = Literal["compact", "full"]

NOT_MODIFIED: OpenApiResponses = {
    304: {
        "description": "Not modified: the job is unchanged since the view whose `ETag` was sent in `If-None-Match`.",
        "headers": {"ETag": {"description": "The view's entity tag.", "schema": {"type": "string"}}},
    }
}


_PLAIN_VIEWS: dict[bytes, JobViewName] = {b"": "compact", b"view=compact": "compact", b"view=full": "full"}
"""The query strings of a poll's fast path, and the view each asks for."""


async def _get_job_fast(request: Request) -> Response | None:
    """`get_job` for a valid job id and a plain query string (else None)."""
    view = _PLAIN_VIEWS.get(request.scope["query_string"])
    job_id: str = request.path_params["job_id"]
    if view is None or not _JOB_ID.fullmatch(job_id):
        return None
    gateway: Gateway = request.app.state.gateway
    authenticated = await authenticate_plain(request)
    return await _poll(request, gateway, authenticated, job_id, view, request.headers.get("if-none-match"))


@router.get(
    "/jobs/{job_id}",
    response_model=JobView,
    summary="Status, progress and, once succeeded, the brand kit",
    description=(
        "The compact view by default: status, stages, error and links, without the result (`result` is null). "
        "`?view=full` (`links.result`) adds the brand kit once the job has succeeded: every file, the palette "
        "and the rationale in each language. Every answer carries an `ETag` that changes whenever the job "
        "does; poll with `If-None-Match` set to it and an unchanged job answers 304 with no body."
    ),
    responses=NOT_FOUND | NOT_MODIFIED,
)
@fast_path(_get_job_fast)
async def get_job(
    job_id: JobId,
    request: Request,
    gateway: GatewayDep,
    authenticated: UncountedCallerDep,
    view: Annotated[
        JobViewName, Query(description="`compact` (default): no result; `full`: with the brand kit.")
    ] = "compact",
    if_none_match: Annotated[
        str | None, Header(description="The `ETag` of the view you hold: 304 if the job has not changed since.")
    ] = None,
) -> Response:
    request.state.uncounted_caller = None  # the route runs: it counts the request, if the dependency did not
    return await _poll(request, gateway, authenticated, job_id, view, if_none_match)


async def _poll(
    request: Request,
    gateway: Gateway,
    authenticated: Authenticated,
    job_id: str,
    view: JobViewName,
    if_none_match: str | None,
) -> Response:
    limits, revision = await _count_and_revision(gateway, authenticated, job_id)
    rendered = await _rendered_view(gateway, authenticated.caller, job_id, view, request, revision)
    # private: per API key, never for shared caches; no-cache: revalidate each time (cheap: a 304).
    headers = limits | {"ETag": rendered.etag, "Cache-Control": "private, no-cache"}
    if if_none_match is not None and etag_matches(if_none_match, rendered.etag):
        return Response(status_code=304, headers=headers)
    return Response(rendered.body, media_type="application/json", headers=headers)


async def _count_and_revision(
    gateway: Gateway, authenticated: Authenticated, job_id: str
) -> tuple[dict[str, str], int | None]:
    """(rate-limit headers, the job's revision if read): on Redis one script counts the request
    and reads the revision, one round trip; else the dependency counted and the revision waits."""
    if authenticated.counted:
        return authenticated.limit_headers, None
    limiter, caller = gateway.limiter, authenticated.caller
    assert isinstance(limiter, RedisRateLimiter)  # authenticate_uncounted defers the count only on Redis
    verdict, revision = await gateway.state_breaker.call(
        lambda: hit_and_revision(limiter, caller.id, caller.rate_limit_per_minute, job_id)
    )
    if not verdict.allowed:
        raise verdict.refusal()
    if revision is None:
        raise JobNotFoundError(job_id)
    return verdict.headers(), revision


async def _rendered_view(
    gateway: Gateway, caller: Caller, job_id: str, view: JobViewName, request: Request, revision: int | None
) -> RenderedView:
    """The view as bytes: from the cache while the job's revision is unchanged, else built and cached."""
    base = _base(request, gateway)
    key = (job_id, view, base)
    cached = gateway.views.get(key)
    if cached is not None:
        if revision is None:
            store = gateway.services.store
            revision = await gateway.state_breaker.call(lambda: store.revision(job_id))
        if revision == cached.revision and time.time() < cached.valid_until:
            if cached.owner != caller.id:  # the owner never changes: another key's job reads as none
                raise JobNotFoundError(job_id)
            return cached
    record = await _owned_job(gateway, caller, job_id)
    # No store call unless the job is overdue, so the poll path stays one read.
    record = await fail_if_overdue(gateway.services, record, grace=gateway.settings.timeout_grace_seconds)
    assets = gateway.services.assets
    built = await results.job_view(record, base, assets, _asset_url(request, base), full=view == "full")
    valid_until, etag = _validity(gateway, record, view, assets)
    rendered = RenderedView(
        revision=record.revision,
        owner=record.owner,
        etag=etag,
        body=built.model_dump_json().encode(),
        valid_until=valid_until,
    )
    gateway.views.put(key, rendered)
    return rendered


def _validity(gateway: Gateway, record: JobRecord, view: JobViewName, assets: AssetStore) -> tuple[float, str]:
    """(until when the rendered view holds at this revision, its ETag).

    Two things change a view without a write: an unfinished job passing its deadline (the next
    read fails it) and, in the full view, presigned download URLs expiring. For the latter the
    ETag names a window of half the URLs' lifetime, so a view a client revalidates still has links
    that work for at least that long.
    """
    until, etag = math.inf, f'"{record.revision}-{view}'
    if not record.status.terminal:
        until = overdue_at(record, gateway.settings.timeout_grace_seconds).timestamp()
    presign = getattr(assets, "presign_seconds", None)
    if view == "full" and record.status == JobStatus.succeeded and presign and not isinstance(assets, FileAssetStore):
        half = max(1.0, presign / 2)
        window = int(time.time() // half)
        until, etag = min(until, (window + 1) * half), f"{etag}-{window}"
    return until, etag + '"'


def _json(model: BaseModel, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """The model as built (already valid): skips FastAPI's second validation pass on the hot routes."""
    return Response(model.model_dump_json(), status_code=status, media_type="application/json", headers=headers)


@router.post(
    "/jobs/{job_id}/cancel",
    response_model=JobView,
    summary="Cancel a job",
    description="The job stops at the next stage boundary and its partial files are removed. "
    "Canceling a canceled job is a no-op; a job that already succeeded or failed answers 409.",
    responses=NOT_FOUND | {409: {"model": ErrorResponse, "description": "The job has already finished."}},
)
async def cancel(job_id: JobId, request: Request, gateway: GatewayDep, caller: CallerDep) -> JobView:
    record = await _owned_job(gateway, caller, job_id)
    if record.status.terminal and record.status != JobStatus.canceled:
        raise ApiError(409, "job_finished", f"the job has already {record.status.value}; nothing to cancel")
    record = await gateway.state_breaker.call(lambda: cancel_job(gateway.services, job_id))
    if record.status != JobStatus.canceled:
        raise ApiError(409, "job_finished", f"the job has already {record.status.value}; nothing to cancel")
    base = _base(request, gateway)
    return await results.job_view(record, base, gateway.services.assets, _asset_url(request, base))


MAX_EVENT_ID = 2**63 - 2
"""The highest `Last-Event-ID`: resuming reads from the next index, which Redis takes as a signed 64-bit integer."""

STREAM_RETRY_AFTER = 5
"""Seconds a client told 429 for too many streams waits: streams end as their jobs finish."""

TOO_MANY_STREAMS: OpenApiResponses = {
    429: {
        "model": ErrorResponse,
        "description": "This API key has as many event streams open as it may (or its rate limit is reached).",
    }
}
BAD_EVENT_ID: OpenApiResponses = {
    400: {"model": ErrorResponse, "description": "`Last-Event-ID` is not an event id of this stream."}
}


@router.get(
    "/jobs/{job_id}/events",
    summary="Follow a job as server-sent events",
    description=(
        "One SSE event per job event (`event:` is its kind, e.g. stage_started, progress, stage_done, "
        "job_succeeded; `data:` its JSON; `id:` its index). The stream ends after the job's final event. "
        "Reconnect with `Last-Event-ID` to resume after the last event you saw (a whole number from 0 to "
        f"{MAX_EVENT_ID}; anything else is refused with 400). An API key may have a limited number of streams "
        "open at once; past it the answer is 429 with `Retry-After`."
    ),
    response_class=EventSourceResponse,
    responses=NOT_FOUND | BAD_EVENT_ID | TOO_MANY_STREAMS | EVENT_STREAM,
    # Read by hand (so a bad value is a 400 naming the header) but documented as what it accepts.
    openapi_extra={
        "parameters": [
            {
                "name": "Last-Event-ID",
                "in": "header",
                "required": False,
                "description": "Resume after this event index (the `id:` of the last event seen).",
                "schema": {"type": "integer", "minimum": 0, "maximum": MAX_EVENT_ID},
            }
        ]
    },
)
async def job_events(job_id: JobId, request: Request, gateway: GatewayDep, caller: CallerDep) -> EventSourceResponse:
    last_event_id = request.headers.get("last-event-id")
    start = 0 if last_event_id is None else _event_index(last_event_id) + 1
    await _owned_job(gateway, caller, job_id)
    slot = gateway.streams.acquire(caller.id)
    if slot is None:
        raise ApiError(
            429,
            "too_many_streams",
            f"this API key already has {gateway.streams.limit} event streams open, the most allowed; "
            "close one, or poll GET /v1/jobs/{job_id} instead",
            headers={"Retry-After": str(STREAM_RETRY_AFTER)},
        )
    return CountedEventSourceResponse(_stream(gateway, job_id, start), ping=15, slot=slot)


def _event_index(header: str) -> int:
    text = header.strip()
    # Digits only (int() would also take "+1", " 1_0" or 4,000 digits), then the range.
    if not (text.isascii() and text.isdigit() and len(text) <= 19) or int(text) > MAX_EVENT_ID:
        raise ApiError(
            400,
            "invalid_last_event_id",
            f"Last-Event-ID must be the id of an event this stream sent: a whole number from 0 to {MAX_EVENT_ID}",
            field="header.last-event-id",
        )
    return int(text)


async def _stream(gateway: Gateway, job_id: str, start: int) -> AsyncIterator[ServerSentEvent]:
    store, seen = gateway.services.store, start
    while True:
        for event in await store.events(job_id, seen):
            yield ServerSentEvent(data=json.dumps(event.model_dump(mode="json")), event=event.kind, id=str(seen))
            seen += 1
        record = await store.get(job_id)
        if not record.status.terminal:
            # A job nobody runs ends the stream with its timeout, as polling reports it.
            record = await fail_if_overdue(gateway.services, record, grace=gateway.settings.timeout_grace_seconds)
        if record.status.terminal and not await store.events(job_id, seen):
            return
        await store.wait_for_events(job_id, seen, min(15.0, _seconds_to_deadline(gateway, record)))


def _seconds_to_deadline(gateway: Gateway, record: JobRecord) -> float:
    """How long until the overdue check has something to say (at least a moment)."""
    return max(0.2, (overdue_at(record, gateway.settings.timeout_grace_seconds) - utcnow()).total_seconds())


@router.get(
    "/jobs/{job_id}/assets/{name:path}",
    name="download_asset",
    summary="Download one file of the kit (file storage; S3 serves presigned URLs instead)",
    response_class=Response,
    responses=NOT_FOUND
    | {200: {"content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}},
)
async def download_asset(job_id: JobId, name: str, gateway: GatewayDep, caller: CallerDep) -> Response:
    await _owned_job(gateway, caller, job_id)
    try:
        data = await gateway.services.assets.for_job(job_id).get(name)
    except (KeyError, InvalidKeyError):
        raise ApiError(404, "asset_not_found", f"the job has no file named {name!r}") from None
    return Response(
        data,
        media_type=guess_content_type(name),
        headers={"Content-Disposition": f'attachment; filename="{name.rsplit("/", 1)[-1]}"'},
    )
