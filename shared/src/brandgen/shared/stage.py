"""What a stage service provides to the worker runtime, and what the runtime gives back.

A stage is a plain `async def run(ctx: StageContext) -> BaseModel` plus a name (arq style).
Resources are created once by `startup(resources, settings)` and reach every call as
`ctx.resources`. The runtime does everything else: consume, skip work already done, deadlines,
retries, dead-lettering, publishing the next stage, acks, metrics and shutdown.

Raise `TransientError` for transient trouble (network, busy GPU); raise `StageError` for a failure the
client should read (bad input the API could not catch); any other exception fails the job with
its message. CPU-heavy work belongs in a thread so the broker heartbeat keeps going: `asyncio.to_thread`,
or `brandgen.shared.threads.run_in_thread` for long work in steps that should stop when the run is
cancelled (the job's deadline, a drain).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel

from brandgen.shared.errors import StageError, TransientError
from brandgen.shared.models import BrandRequest, JobRecord
from brandgen.shared.settings import BrandgenSettings, settings_as
from brandgen.shared.storage import JobAssets

__all__ = ["Stage", "StageContext", "StageError", "TransientError"]

OutputT = TypeVar("OutputT", bound=BaseModel)

ProgressCallback = Callable[[float, str | None], Awaitable[None]]


@dataclass
class StageContext:
    job: JobRecord
    assets: JobAssets
    settings: BrandgenSettings
    resources: dict[str, Any]
    attempt: int
    log: logging.LoggerAdapter[logging.Logger]
    _progress: ProgressCallback

    @property
    def request(self) -> BrandRequest:
        return self.job.request

    @property
    def variant(self) -> str | None:
        return self.job.metadata.variant

    def output(self, stage: str, model: type[OutputT]) -> OutputT:
        """The validated output of an earlier stage of this job."""
        if stage not in self.job.outputs:
            raise StageError("missing_input", f"this stage needs the output of the {stage!r} stage, which is absent")
        return model.model_validate(self.job.outputs[stage])

    def output_or_none(self, stage: str, model: type[OutputT]) -> OutputT | None:
        return model.model_validate(self.job.outputs[stage]) if stage in self.job.outputs else None

    async def progress(self, fraction: float, note: str | None = None) -> None:
        """Report progress within the stage (0..1); shown to clients and on the progress bar."""
        await self._progress(min(max(fraction, 0.0), 1.0), note)


StageRun = Callable[[StageContext], Awaitable[BaseModel]]
Startup = Callable[[dict[str, Any], BrandgenSettings], Awaitable[None]]


@dataclass(frozen=True)
class Stage:
    """A pipeline stage, registered under the `brandgen.stages` entry-point group."""

    name: str
    run: StageRun
    order: int = field(default=100, compare=False)
    startup: Startup | None = None
    shutdown: Startup | None = None
    prefetch: int = 4
    description: str = ""
    settings: type[BrandgenSettings] = BrandgenSettings
    """The stage's own settings class; the runtime builds it from the process's settings plus the
    environment, and hands it to `startup` and to every call as `ctx.settings`."""

    def settings_from(self, base: BrandgenSettings) -> BrandgenSettings:
        return settings_as(self.settings, base)
