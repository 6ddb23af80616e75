"""Turning a job record into its public view, with the kit's result once it has succeeded."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from brandgen.api.models.jobs import (
    AssetLink,
    JobErrorView,
    JobLinks,
    JobResult,
    JobSummary,
    JobView,
    LogoCandidateView,
    LogoSummary,
    PaletteSummary,
    StageView,
)
from brandgen.shared.contracts import LogoOutput, PaletteOutput, RationaleOutput
from brandgen.shared.models import JobRecord, JobStatus
from brandgen.shared.storage import AssetStore, FileAssetStore, guess_content_type

log = logging.getLogger("brandgen.api")

M = TypeVar("M", bound=BaseModel)

AssetUrl = Callable[[str, str], str]
"""(job_id, asset name) -> this API's download URL, for stores that cannot presign."""


def links(job_id: str, base: str) -> JobLinks:
    return JobLinks(
        self=f"{base}/v1/jobs/{job_id}",
        events=f"{base}/v1/jobs/{job_id}/events",
        cancel=f"{base}/v1/jobs/{job_id}/cancel",
        result=f"{base}/v1/jobs/{job_id}?view=full",
    )


def summary(record: JobRecord, base: str) -> JobSummary:
    return JobSummary(
        job_id=record.job_id,
        status=record.status,
        stage=record.stage,
        company_name=record.request.company_name,
        created_at=record.created_at,
        updated_at=record.updated_at,
        links=links(record.job_id, base),
    )


async def job_view(
    record: JobRecord, base: str, assets: AssetStore, asset_url: AssetUrl, *, full: bool = True
) -> JobView:
    """The job as clients read it; `full=False` (the compact view) leaves the result out, which
    spares a poll listing the kit's files and serialising every language of the rationale."""
    with_result = full and record.status == JobStatus.succeeded
    return JobView(
        job_id=record.job_id,
        status=record.status,
        stage=record.stage,
        pipeline=record.pipeline,
        stages={name: StageView.model_validate(run.model_dump()) for name, run in record.stages.items()},
        error=JobErrorView.model_validate(record.error.model_dump()) if record.error else None,
        request=record.request,
        priority=record.metadata.priority,
        timeout=record.metadata.timeout,
        variant=record.metadata.variant,
        webhook_url=record.webhook_url,
        created_at=record.created_at,
        updated_at=record.updated_at,
        links=links(record.job_id, base),
        revision_of=record.revision_of,
        revisions=record.revisions,
        result=await _result(record, assets, asset_url) if with_result else None,
    )


def _output(record: JobRecord, stage: str, model: type[M]) -> M | None:
    if stage not in record.outputs:
        return None
    try:
        return model.model_validate(record.outputs[stage])
    except ValidationError as error:
        # A stage wrote something off-contract: show the rest of the kit rather than fail the poll.
        log.error("job %s: %s output does not match its contract: %s", record.job_id, stage, error)
        return None


async def _result(record: JobRecord, assets: AssetStore, asset_url: AssetUrl) -> JobResult:
    logo = _output(record, "logo", LogoOutput)
    palette = _output(record, "palette", PaletteOutput)
    rationale = _output(record, "rationale", RationaleOutput)
    return JobResult(
        logo=LogoSummary(
            backend=logo.backend,
            chosen=logo.chosen,
            concept=logo.concept,
            concepts=logo.concepts,
            candidates=[LogoCandidateView.model_validate(c.model_dump()) for c in logo.candidates],
            dominant_colors=logo.dominant_colors,
            fonts=logo.fonts,
            notes=logo.notes,
        )
        if logo
        else None,
        palette=PaletteSummary.model_validate(palette.model_dump()) if palette else None,
        rationale=rationale.documents if rationale else {},
        assets=await asset_links(record.job_id, assets, asset_url),
    )


async def asset_links(job_id: str, assets: AssetStore, asset_url: AssetUrl) -> list[AssetLink]:
    job_assets = assets.for_job(job_id)
    names = await job_assets.list()
    if isinstance(assets, FileAssetStore):
        # Served through this API; sizes read in one thread hop, skipping files removed meanwhile.
        def sizes() -> dict[str, int]:
            found: dict[str, int] = {}
            for name in names:
                with contextlib.suppress(FileNotFoundError):
                    found[name] = assets.path(job_assets.key(name)).stat().st_size
            return found

        return [
            AssetLink(name=name, url=asset_url(job_id, name), content_type=guess_content_type(name), size=size)
            for name, size in (await asyncio.to_thread(sizes)).items()
        ]
    links: list[AssetLink] = []
    for name in names:
        url = await job_assets.url(name) or asset_url(job_id, name)
        links.append(AssetLink(name=name, url=url, content_type=guess_content_type(name), size=None))
    return links
