"""The public JSON of jobs: what clients send and what they read back."""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, UrlConstraints
from pydantic.json_schema import SkipJsonSchema

from brandgen.shared.contracts import (
    ColorAssociation,
    ContrastCheck,
    CvdCheck,
    FontPairing,
    FontUse,
    LogoConcept,
    PaletteRole,
    RationaleDocument,
    ThemeName,
)
from brandgen.shared.models import (
    BrandRequest,
    EventKind,
    HexColor,
    JobEvent,
    JobMetadata,
    JobStatus,
    StageStatus,
    VariantName,
)

WebhookUrl = Annotated[HttpUrl, UrlConstraints(max_length=2048, allowed_schemes=["http", "https"])]


class SubmitRequest(BrandRequest):
    """A brand-kit request plus how to run it."""

    priority: int = Field(default=5, ge=0, le=9, description="0 (lowest) to 9 (highest).")
    timeout: int = Field(default=600, ge=1, le=3600, description="Seconds the whole job may take.")
    variant: VariantName | None = Field(
        default=None, max_length=64, description="A/B variant name, recorded on outputs."
    )
    webhook_url: WebhookUrl | None = Field(
        default=None,
        description="http(s) URL that receives a signed POST when the job finishes (see X-Brandgen-Signature).",
        examples=["https://example.com/hooks/brandgen"],
    )
    # What a revision changes (POST /v1/jobs/{id}/revisions checks it against the kit and the
    # catalogue); not part of a new request.
    fonts: SkipJsonSchema[None] = Field(default=None, exclude=True)
    feedback: SkipJsonSchema[None] = Field(default=None, exclude=True)
    candidate: SkipJsonSchema[None] = Field(default=None, exclude=True)

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "company_name": "Acme Robotics",
                    "industry": "technology",
                    "style": "modern",
                    "primary_color": "#1a73e8",
                    "tagline": "Robots that help",
                    "languages": ["en", "de"],
                    "candidates": 4,
                    "priority": 5,
                    "timeout": 600,
                }
            ]
        }
    )

    def brand_request(self) -> BrandRequest:
        """The request's BrandRequest part. Copied, not validated again: the fields are BrandRequest's
        own, validated when this request was (its text checks were a tenth of a submit's CPU)."""
        fields = _brand_fields()
        return BrandRequest.model_construct(set(fields), **{name: getattr(self, name) for name in fields})

    def metadata(self) -> JobMetadata:
        return JobMetadata(priority=self.priority, timeout=self.timeout, variant=self.variant)


@functools.cache
def _brand_fields() -> tuple[str, ...]:
    """The BrandRequest fields a submit sets: those SubmitRequest does not exclude (the revision-only ones)."""
    return tuple(name for name in BrandRequest.model_fields if not SubmitRequest.model_fields[name].exclude)


def _event_stream() -> dict[int | str, dict[str, Any]]:
    """The 200 of `GET /v1/jobs/{id}/events`: server-sent events, each one job event.

    `itemSchema` describes one event as FastAPI's own SSE routes do (OpenAPI 3.2's form for
    sequential media types); `schema` keeps 3.1 tools, which read the stream as text, content.
    """
    event = {
        "type": "object",
        "required": ["event", "data", "id"],
        "properties": {
            "event": {
                "type": "string",
                "enum": [kind.value for kind in EventKind],
                "description": "The event's kind, as its `kind`.",
            },
            "data": {
                "type": "string",
                "contentMediaType": "application/json",
                "contentSchema": JobEvent.model_json_schema(),
                "description": "The job event as JSON.",
            },
            "id": {"type": "string", "pattern": "^[0-9]+$", "description": "The event's index; resume after it."},
        },
    }
    example = (
        'event: stage_started\nid: 1\ndata: {"at": "2026-01-01T12:00:00Z", "kind": "stage_started", '
        '"stage": "logo", "message": null, "data": {"attempt": 1}}\n\n'
    )
    stream = {
        "schema": {"type": "string", "description": "A text/event-stream of the job's events."},
        "itemSchema": event,
        "example": example,
    }
    return {200: {"description": "The job's events as server-sent events.", "content": {"text/event-stream": stream}}}


EVENT_STREAM = _event_stream()


class JobLinks(BaseModel):
    self: str = Field(description="This job (GET).")
    events: str = Field(description="Server-sent events of this job (GET).")
    cancel: str = Field(description="Cancel this job (POST).")
    result: str = Field(description="This job with its full result (GET; the `view=full` of `self`).")


class JobAccepted(BaseModel):
    job_id: str
    status: JobStatus
    links: JobLinks


class StageView(BaseModel):
    status: StageStatus
    reused_from: str | None = Field(
        default=None, description="For a revision: the job whose output of this stage was reused, not run again."
    )
    attempts: int
    progress: float = Field(description="0..1 within the stage.")
    note: str | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    duration_ms: float | None = None


class JobErrorView(BaseModel):
    code: str = Field(description="e.g. timeout, retries_exhausted, broker_unavailable, or a stage's own code.")
    message: str
    stage: str | None = None


class AssetLink(BaseModel):
    name: str = Field(description="Job-relative name, e.g. logo/primary.svg.")
    url: str = Field(description="Presigned S3 URL, or this API's download route on file storage.")
    content_type: str
    size: int | None = Field(default=None, description="Bytes, when the store can tell cheaply.")


class PaletteSummary(BaseModel):
    seed_color: HexColor
    seed_source: str
    industry: str
    style: str
    moods: list[str]
    roles: dict[PaletteRole, HexColor]
    scales: dict[str, dict[str, HexColor]] = Field(description="Role -> tone (50..950) -> colour.")
    themes: dict[ThemeName, dict[str, HexColor]]
    contrast: list[ContrastCheck] = Field(description="WCAG 2.2 contrast of every text/background pair.")
    associations: list[ColorAssociation] = Field(description="What the industry's colours mean, with sources.")
    cvd: list[CvdCheck]
    fonts: FontPairing
    notes: list[str]


class LogoCandidateView(BaseModel):
    id: str
    concept: LogoConcept
    description: str
    descriptions: dict[str, str] = Field(
        default_factory=dict, description="The description in each requested language."
    )


class LogoSummary(BaseModel):
    backend: str
    chosen: str
    concept: str
    concepts: dict[str, str] = Field(default_factory=dict, description="The concept in each requested language.")
    candidates: list[LogoCandidateView]
    dominant_colors: list[HexColor]
    fonts: list[FontUse]
    notes: list[str] = Field(
        default_factory=list,
        description="What the logo changed from the request and why (English), e.g. emoji left out of the mark.",
    )


class JobResult(BaseModel):
    logo: LogoSummary | None = None
    palette: PaletteSummary | None = None
    rationale: dict[str, RationaleDocument] = Field(default_factory=dict, description="Language -> document.")
    assets: list[AssetLink] = Field(default_factory=list, description="Every file of the kit.")


class JobView(BaseModel):
    job_id: str
    status: JobStatus
    stage: str | None = Field(description="Stage running or next; null once finished.")
    pipeline: list[str]
    stages: dict[str, StageView] = Field(description="Per-stage status, attempts, timings and progress.")
    error: JobErrorView | None = None
    request: BrandRequest
    priority: int
    timeout: int
    variant: str | None = None
    webhook_url: str | None = None
    created_at: datetime
    updated_at: datetime
    links: JobLinks
    revision_of: str | None = Field(default=None, description="The job this one revises (its parent kit).")
    revisions: list[str] = Field(
        default_factory=list, description="Ids of the revisions of this kit, oldest first (POST .../revisions)."
    )
    result: JobResult | None = Field(
        default=None,
        description="The brand kit, once the job has succeeded, in the full view (`?view=full`, `links.result`); "
        "always null in the compact view polls get by default.",
    )


class JobSummary(BaseModel):
    job_id: str
    status: JobStatus
    stage: str | None
    company_name: str
    created_at: datetime
    updated_at: datetime
    links: JobLinks


class JobList(BaseModel):
    jobs: list[JobSummary] = Field(description="The caller's jobs, newest first.")
