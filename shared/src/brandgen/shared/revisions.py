"""Revisions: a new kit from a succeeded one with part of its request changed.

Only the stages downstream of what changed run again. The pipeline is a chain (each stage reads
the outputs before it), so a revision reuses a prefix of the parent's stages: their outputs are
recorded on the new job before it is queued (`stages.<name>.reused_from` names the parent), their
files are copied to it, and the message goes to the first stage that must run. The worker runtime
needs nothing special: a stage whose output a job already has is skipped as for any redelivery.

What each stage reads from the request, hence what makes it run again:
- logo: company name, tagline (drawn in the combination lockup), a language it has not written its
  concepts in, the chosen candidate, and a regenerate (seed, feedback);
- palette: primary colour and fonts (the pairing and the exports that name the families);
- rationale: languages (it writes one document per language) and everything before it;
- pdf: contact details, paper, and always (it compiles the kit; its deliverables show the colours).
"""

from __future__ import annotations

import asyncio
from collections.abc import Collection
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    ValidationError,
    ValidationInfo,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from brandgen.shared import lifecycle
from brandgen.shared.contracts import LogoOutput
from brandgen.shared.errors import TransientError
from brandgen.shared.jobs import fail_job
from brandgen.shared.models import (
    _TAGLINE,
    CANDIDATE_ID_PATTERN,
    SUPPORTED_LANGUAGES,
    BrandRequest,
    CompanyName,
    Contact,
    Feedback,
    FontSelection,
    HexColor,
    JobEvent,
    JobMetadata,
    JobRecord,
    JobStatus,
    LanguageCode,
    StageRun,
    StageStatus,
    StrictModel,
    derived_seed,
    new_job_id,
    utcnow,
)
from brandgen.shared.services import Services
from brandgen.shared.storage import AssetStore

_COPY_CONCURRENCY = 16


def _given(field: str) -> dict[str, Any]:
    """JSON Schema: `field` is present and not null."""
    return {"required": [field], "properties": {field: {"not": {"type": "null"}}}}


class Regenerate(StrictModel):
    """New logo candidates: another seed, and/or words that steer the marks."""

    # The schema says what the validator below does: a seed, a feedback text or both.
    model_config = ConfigDict(json_schema_extra={"anyOf": [_given("seed"), _given("feedback")]})

    seed: int | None = Field(default=None, ge=0, le=2**31 - 1, description="Seed for the new candidates.")
    feedback: Feedback | None = Field(
        default=None,
        max_length=200,
        description="What to change, in words; they join the company's words in matching the marks.",
        examples=["more playful, use a leaf"],
    )

    @model_validator(mode="after")
    def _something(self) -> Regenerate:
        if self.seed is None and self.feedback is None:
            raise ValueError("regenerate needs a seed, a feedback text or both")
        return self


@dataclass(frozen=True)
class _EmptyOrTagline:
    """A tagline as on submit, or "" (the revision removes it); the schema says both."""

    def __call__(self, value: object, info: ValidationInfo) -> object:
        return value if value == "" else _TAGLINE(value, info)

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        tagline = _TAGLINE.__get_pydantic_json_schema__(schema, handler)
        return {"anyOf": [tagline, {"type": "string", "const": ""}]}


TaglineOrNone = Annotated[str, BeforeValidator(_EmptyOrTagline()), _EmptyOrTagline()]


_CHANGES = (
    "candidate",
    "primary_color",
    "fonts",
    "tagline",
    "company_name",
    "languages",
    "contact",
    "paper",
    "regenerate",
)
CHANGES_SCHEMA: dict[str, Any] = {
    "anyOf": [_given(field) for field in _CHANGES],
    "not": {"allOf": [_given("candidate"), _given("regenerate")]},
}
"""What `RevisionChanges._one_change` checks, for the schema: a change at least, and not a
candidate together with new ones (subclasses that set `json_schema_extra` merge it in)."""


class RevisionChanges(StrictModel):
    """What a revision changes; every field optional, at least one given."""

    model_config = ConfigDict(json_schema_extra=CHANGES_SCHEMA)

    candidate: str | None = Field(
        default=None, pattern=CANDIDATE_ID_PATTERN, description="Id of one of the kit's candidates, e.g. c3."
    )
    primary_color: HexColor | None = Field(default=None, examples=["#2e7d32"])
    fonts: FontSelection | None = Field(default=None, description="Families from `GET /v1/catalog`'s fonts.")
    tagline: TaglineOrNone | None = Field(default=None, max_length=120, description='New tagline; "" removes it.')
    company_name: CompanyName | None = Field(default=None, min_length=1, max_length=100)
    languages: list[LanguageCode] | None = Field(default=None, min_length=1, max_length=len(SUPPORTED_LANGUAGES))
    contact: Contact | None = None
    paper: Literal["a4", "us"] | None = Field(default=None, description="Print sizes of the stationery.")
    regenerate: Regenerate | None = None

    @model_validator(mode="after")
    def _one_change(self) -> RevisionChanges:
        if not self.model_fields_set - {name for name, value in self if value is None}:
            raise ValueError(
                "a revision needs at least one change: candidate, primary_color, fonts, tagline, "
                "company_name, languages, contact, paper or regenerate"
            )
        if self.candidate is not None and self.regenerate is not None:
            raise ValueError("choose one of this kit's candidates or ask for new ones (regenerate), not both")
        return self


class RevisionInvalidError(ValueError):
    """A change the kit or the catalogue cannot take; `field` names it (API: 422)."""

    def __init__(self, field: str, code: str, message: str) -> None:
        super().__init__(message)
        self.field, self.code, self.message = field, code, message


class RevisionConflictError(Exception):
    """The parent job cannot be revised now (API: 409)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class RevisionPlan:
    parent: JobRecord
    request: BrandRequest
    changed: list[str]
    first: str
    """The first stage that runs again; every stage before it is reused."""

    @property
    def reused(self) -> list[str]:
        pipeline = self.parent.pipeline
        return pipeline[: pipeline.index(self.first)]


def _logo(parent: JobRecord) -> LogoOutput | None:
    raw = parent.outputs.get("logo")
    return LogoOutput.model_validate(raw) if raw is not None else None


def _check_candidate(parent: JobRecord, candidate: str) -> None:
    logo = _logo(parent)
    ids = [c.id for c in logo.candidates] if logo else []
    if candidate not in ids:
        known = ", ".join(ids) or "none"
        raise RevisionInvalidError(
            "candidate", "unknown_candidate", f"this kit has no candidate {candidate!r}; its candidates are {known}"
        )


def _check_fonts(fonts: FontSelection, known: Collection[str]) -> FontSelection:
    """The families in the catalogue's spelling; unknown ones refused naming the role."""
    by_key = {family.casefold(): family for family in known}
    chosen: dict[str, str] = {}
    for role in ("heading", "body"):
        family = getattr(fonts, role)
        if family.casefold() not in by_key:
            listed = ", ".join(sorted(by_key.values())) or "none (install the palette service)"
            raise RevisionInvalidError(
                f"fonts.{role}", "unknown_font", f"unknown font {family!r}; choose one of the catalogue's: {listed}"
            )
        chosen[role] = by_key[family.casefold()]
    return FontSelection(**chosen)


def plan_revision(parent: JobRecord, changes: RevisionChanges, *, fonts: Collection[str]) -> RevisionPlan:
    """The revised request and the first stage to run, or why the change cannot be made.

    `fonts` is the catalogue of families a revision may choose (the palette dataset's).
    """
    if parent.status != JobStatus.succeeded:
        raise RevisionConflictError(
            f"the job is {parent.status.value}; only a kit that has succeeded can be revised"
            + ("" if parent.status.terminal else " (wait for it to finish)")
        )
    update: dict[str, Any] = {
        name: value
        for name, value in changes.model_dump(exclude_none=True, exclude={"regenerate", "fonts"}).items()
        if name != "candidate"
    }
    if changes.tagline == "":
        update["tagline"] = None  # removed
    if changes.candidate is not None:
        _check_candidate(parent, changes.candidate)
        update["candidate"] = changes.candidate
    if changes.fonts is not None:
        update["fonts"] = _check_fonts(changes.fonts, fonts).model_dump()
    old = parent.request
    # The logo stage draws its candidates from the seed: pinned to the parent's, so the candidate
    # ids the customer saw name the same marks, unless new ones are asked for.
    parent_seed = old.seed if old.seed is not None else derived_seed(parent.job_id)
    update["seed"] = parent_seed
    if changes.regenerate is not None:
        if changes.regenerate.seed is not None:
            update["seed"] = changes.regenerate.seed
        if changes.regenerate.feedback is not None:
            update["feedback"] = changes.regenerate.feedback
        update["candidate"] = None  # new candidates: the best of them is the logo
    try:
        request = BrandRequest.model_validate(old.model_dump() | update)
    except ValidationError as error:
        problem = error.errors()[0]
        field = ".".join(str(part) for part in problem["loc"]) or "request"
        raise RevisionInvalidError(field, "validation_error", str(problem["msg"])) from None
    pinned = old.model_copy(update={"seed": parent_seed})
    changed = [name for name in BrandRequest.model_fields if getattr(request, name) != getattr(pinned, name)]
    return RevisionPlan(parent, request, changed, _first_stage(parent, request, changed))


def _first_stage(parent: JobRecord, request: BrandRequest, changed: list[str]) -> str:
    old = parent.request
    logo = _logo(parent)
    written = set(logo.concepts) if logo and logo.concepts else set(old.languages)
    new_language = bool(set(request.languages) - written)
    logo_inputs = {"company_name", "tagline", "candidate", "seed", "feedback"} & set(changed)
    if logo is not None and request.candidate == logo.chosen:
        logo_inputs.discard("candidate")  # the logo already is that candidate
    reruns = {
        "logo": bool(logo_inputs) or new_language,
        "palette": bool({"primary_color", "fonts"} & set(changed)),
        "rationale": "languages" in changed,
    }
    # Anything else (contact, paper, an unchanged value) still compiles a new PDF.
    for stage in parent.pipeline:
        if reruns.get(stage, False) or stage not in parent.outputs:
            return stage
    return parent.pipeline[-1]


async def copy_assets(assets: AssetStore, source: str, target: str, stages: Collection[str]) -> int:
    """Copy the files of `stages` (their folders, e.g. logo/) from job `source` to job `target`."""
    if not stages:
        return 0
    src, dst = assets.for_job(source), assets.for_job(target)
    names = [name for name in await src.list() if name.split("/", 1)[0] in stages]
    limit = asyncio.Semaphore(_COPY_CONCURRENCY)

    async def copy(name: str) -> None:
        async with limit:
            await dst.put(name, await src.get(name))

    await asyncio.gather(*(copy(name) for name in names))
    return len(names)


class RevisionSubmitError(Exception):
    """The revision could not be handed to the broker; it is recorded as failed."""


def revision_record(plan: RevisionPlan, job_id: str, metadata: JobMetadata | None = None) -> JobRecord:
    parent, now = plan.parent, utcnow()
    record = JobRecord(
        job_id=job_id,
        owner=parent.owner,
        pipeline=list(parent.pipeline),
        request=plan.request,
        metadata=metadata
        or JobMetadata(
            priority=parent.metadata.priority, timeout=parent.metadata.timeout, variant=parent.metadata.variant
        ),
        revision_of=parent.job_id,
        stage=plan.first,
        webhook_url=parent.webhook_url,  # the kit's webhook hears of its revisions too
    )
    for stage in plan.reused:
        record.outputs[stage] = parent.outputs[stage]
        record.stages[stage] = StageRun(
            status=StageStatus.done,
            progress=1.0,
            started_at=now,
            finished_at=now,
            duration_ms=0.0,
            note=f"reused from {parent.job_id}",
            reused_from=parent.job_id,
        )
    return record


async def submit_revision(
    services: Services, plan: RevisionPlan, *, job_id: str | None = None, metadata: JobMetadata | None = None
) -> JobRecord:
    """Copy the reused stages' files, record the revision with their outputs, queue its first stage to
    run, and list it on the parent. With the `job_id` of an earlier try (an idempotent retry), the
    stored revision is returned, queued again if it never started."""
    record = revision_record(plan, job_id or new_job_id(), metadata)
    await copy_assets(services.assets, plan.parent.job_id, record.job_id, plan.reused)
    event = lifecycle.queued(
        record,
        message=f"revision of {plan.parent.job_id}: {', '.join(plan.changed) or 'nothing'} changed",
        data={"revision_of": plan.parent.job_id, "changed": plan.changed, "reused": plan.reused},
    )
    if not await services.store.create(record, event):
        stored = await services.store.get(record.job_id)
        if not (stored.status == JobStatus.queued and plan.first not in stored.stages):
            return stored
        record = stored  # a retry of a try that may have died before its publish
    try:
        await services.broker.publish(record.message_for(plan.first))
    except TransientError as error:
        await fail_job(services, record.job_id, "broker_unavailable", f"the job could not be queued: {error}", None)
        raise RevisionSubmitError(str(error)) from error
    await _list_on_parent(services, plan.parent.job_id, record.job_id)
    return record


async def _list_on_parent(services: Services, parent_id: str, job_id: str) -> None:
    def mutate(parent: JobRecord) -> list[JobEvent]:
        if job_id not in parent.revisions:
            parent.revisions.append(job_id)
        return []

    await services.store.update(parent_id, mutate)
