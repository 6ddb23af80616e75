"""Helpers for a stage's own tests: run one stage outside the worker runtime.

`run_stage` builds the stage's settings and resources from its declarations and the same
`StageContext` the runtime builds, over a real asset store, so a stage's tests exercise its real
code; the runtime itself is tested in shared/tests and tests/.
"""

from __future__ import annotations

import logging
from typing import Any

from brandgen.shared.models import BrandRequest, JobMetadata, JobRecord, new_job_id
from brandgen.shared.settings import BrandgenSettings
from brandgen.shared.stage import OutputT, ResourcesT, SettingsT, Stage, StageContext
from brandgen.shared.storage import AssetStore


def make_job(
    request: BrandRequest,
    outputs: dict[str, dict[str, Any]] | None = None,
    metadata: JobMetadata | None = None,
    pipeline: list[str] | None = None,
) -> JobRecord:
    return JobRecord(
        job_id=new_job_id(),
        pipeline=pipeline or ["logo", "palette", "rationale", "pdf"],
        request=request,
        metadata=metadata or JobMetadata(),
        outputs=outputs or {},
    )


async def run_stage(
    stage: Stage[SettingsT, ResourcesT, OutputT],
    job: JobRecord,
    store: AssetStore,
    *,
    settings: BrandgenSettings | None = None,
    resources: ResourcesT | None = None,
    progress: list[tuple[float, str | None]] | None = None,
) -> OutputT:
    """Run `stage` once for `job`, with its settings class built from `settings`. Without
    `resources`, the stage's own are opened for the run and closed after it; a test that runs the
    stage several times opens them once with `async with stage.open(settings) as resources`."""
    own = stage.settings_from(settings or BrandgenSettings())
    if resources is not None:
        return await _run_once(stage, job, store, own, resources, progress)
    async with stage.open(own) as opened:
        return await _run_once(stage, job, store, own, opened, progress)


async def _run_once(
    stage: Stage[SettingsT, ResourcesT, OutputT],
    job: JobRecord,
    store: AssetStore,
    settings: SettingsT,
    resources: ResourcesT,
    progress: list[tuple[float, str | None]] | None,
) -> OutputT:
    seen = progress if progress is not None else []

    async def record(fraction: float, note: str | None) -> None:
        seen.append((fraction, note))

    ctx = StageContext(
        job=job,
        assets=store.for_job(job.job_id),
        settings=settings,
        resources=resources,
        attempt=1,
        log=logging.LoggerAdapter(logging.getLogger(f"brandgen.{stage.name}"), {"job_id": job.job_id}),
        _progress=record,
    )
    return await stage.run(ctx)  # as the Worker calls it: declared reads and output checked
