"""What a stage service provides to the worker runtime, and what the runtime gives back.

A stage declares what it needs and what it makes, and a plain `async def run(ctx) -> BaseModel`
does the work (arq style):

    @asynccontextmanager
    async def logo_resources(settings: LogoSettings) -> AsyncIterator[LogoResources]:
        resources = LogoResources(...)          # built once per worker, at start-up
        yield resources
        ...                                     # released at shutdown

    async def run(ctx: StageContext[LogoSettings, LogoResources]) -> LogoOutput: ...

    stage = Stage(
        name="logo", order=10, run=run,
        settings=LogoSettings,                  # ctx.settings
        resources=logo_resources,               # ctx.resources
        reads={}, may_read={},                  # earlier outputs: stage name -> model (ctx.output)
        writes=LogoOutput,
    )

mypy checks that `run`, the settings class, the resources and `writes` agree; `check_pipeline`
checks once at start-up (where the stages are loaded from their entry points) that every read is
written by an earlier stage as the model it is read as.
The runtime does everything else: consume, skip work already done, deadlines, retries,
dead-lettering, publishing the next stage, acks, metrics and shutdown.

Raise `TransientError` for transient trouble (network, busy GPU); raise `StageError` for a failure the
client should read (bad input the API could not catch); any other exception fails the job with
its message. CPU-heavy work belongs in a thread so the broker heartbeat keeps going: `asyncio.to_thread`,
or `brandgen.shared.threads.run_in_thread` for long work in steps that should stop when the run is
cancelled (the job's deadline, a drain).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from importlib.metadata import entry_points
from types import MappingProxyType
from typing import Any, Generic

from pydantic import BaseModel
from typing_extensions import TypeVar

from brandgen.shared.errors import StageError, TransientError
from brandgen.shared.models import BrandRequest, JobRecord
from brandgen.shared.settings import BrandgenSettings, settings_as
from brandgen.shared.storage import JobAssets

__all__ = [
    "PipelineError",
    "Stage",
    "StageContext",
    "StageError",
    "TransientError",
    "check_pipeline",
    "no_resources",
]

# Defaults of Any: a bare `Stage` or `StageContext` (the runtime's, a test's, a helper that only
# reads the job) accepts every stage's, whatever its settings, resources and output.
SettingsT = TypeVar("SettingsT", bound=BrandgenSettings, default=Any)
ResourcesT = TypeVar("ResourcesT", default=Any)
OutputT = TypeVar("OutputT", bound=BaseModel, default=Any)
ModelT = TypeVar("ModelT", bound=BaseModel)

ProgressCallback = Callable[[float, str | None], Awaitable[None]]
Reads = Mapping[str, type[BaseModel]]
ResourcesFactory = Callable[[SettingsT], AbstractAsyncContextManager[ResourcesT]]
"""Opens a stage's resources from its settings and closes them on exit: an `@asynccontextmanager`."""

_NOTHING: Reads = MappingProxyType({})


class PipelineError(Exception):
    """The installed stages cannot hand each other their outputs; raised at start-up."""


@dataclass(frozen=True)
class StageContext(Generic[SettingsT, ResourcesT]):
    job: JobRecord
    assets: JobAssets
    settings: SettingsT
    resources: ResourcesT
    attempt: int
    log: logging.LoggerAdapter[logging.Logger]
    _progress: ProgressCallback
    readable: Reads | None = None
    """The stage's declared reads (`reads` and `may_read`): `output` refuses any other stage or
    model. None on a context built by hand, which reads anything."""

    @property
    def request(self) -> BrandRequest:
        return self.job.request

    @property
    def variant(self) -> str | None:
        return self.job.metadata.variant

    def output(self, stage: str, model: type[ModelT]) -> ModelT:
        """The validated output of an earlier stage of this job."""
        self._check_declared(stage, model)
        if stage not in self.job.outputs:
            raise StageError("missing_input", f"this stage needs the output of the {stage!r} stage, which is absent")
        return model.model_validate(self.job.outputs[stage])

    def output_or_none(self, stage: str, model: type[ModelT]) -> ModelT | None:
        self._check_declared(stage, model)
        return model.model_validate(self.job.outputs[stage]) if stage in self.job.outputs else None

    def _check_declared(self, stage: str, model: type[BaseModel]) -> None:
        # A programming error, not the client's: fails the test that runs the stage, never a job's input.
        if self.readable is None:
            return
        declared = self.readable.get(stage)
        if declared is None:
            raise TypeError(f"reads the {stage!r} output without declaring it in the stage's reads or may_read")
        if declared is not model:
            raise TypeError(f"reads the {stage!r} output as {model.__name__}, declared as {declared.__name__}")

    async def progress(self, fraction: float, note: str | None = None) -> None:
        """Report progress within the stage (0..1); shown to clients and on the progress bar."""
        await self._progress(min(max(fraction, 0.0), 1.0), note)


StageRun = Callable[[StageContext[SettingsT, ResourcesT]], Awaitable[OutputT]]


@asynccontextmanager
async def no_resources(settings: BrandgenSettings) -> AsyncIterator[None]:
    """The resources of a stage that declares none."""
    yield None


class Stage(Generic[SettingsT, ResourcesT, OutputT]):
    """A pipeline stage, registered under the `brandgen.stages` entry-point group."""

    # The defaults stand for "declares nothing"; mypy cannot see that they fit any choice of the
    # type variables, hence the ignores on them.
    def __init__(
        self,
        name: str,
        run: StageRun[SettingsT, ResourcesT, OutputT],
        *,
        order: int = 100,
        settings: type[SettingsT] = BrandgenSettings,  # type: ignore[assignment]
        resources: ResourcesFactory[SettingsT, ResourcesT] = no_resources,  # type: ignore[assignment]
        reads: Reads = _NOTHING,
        may_read: Reads = _NOTHING,
        writes: type[OutputT] = BaseModel,  # type: ignore[assignment]
        prefetch: int = 4,
        description: str = "",
    ) -> None:
        self.name = name
        self.handler = run
        self.order = order
        self.settings = settings
        """The stage's own settings class; the runtime builds it from the process's settings plus
        the environment (`settings_from`): `ctx.settings`, and what the resources are opened with."""
        self.resources = resources
        self.reads = MappingProxyType(dict(reads))
        """Earlier stages' outputs the stage needs (name -> model); written by an earlier stage."""
        self.may_read = MappingProxyType(dict(may_read))
        """Earlier outputs used when the job has them (`ctx.output_or_none`)."""
        self.writes = writes
        self.prefetch = prefetch
        self.description = description
        self._readable: Reads = MappingProxyType({**may_read, **reads})

    def __repr__(self) -> str:
        return f"Stage({self.name!r}, order={self.order})"

    def settings_from(self, base: BrandgenSettings) -> SettingsT:
        return settings_as(self.settings, base)

    def open(self, settings: BrandgenSettings) -> AbstractAsyncContextManager[ResourcesT]:
        """The stage's resources, opened from `settings` (as this stage's class) and closed on exit."""
        return self.resources(self.settings_from(settings))

    async def run(self, ctx: StageContext[Any, Any]) -> OutputT:
        """Run the stage for one job; `ctx.resources` are the resources `open` gave. The stage's
        function sees its own typed context, limited to the outputs it declared it reads."""
        own: StageContext[SettingsT, ResourcesT] = dataclasses.replace(
            ctx,
            settings=self.settings_from(ctx.settings),
            readable=self._readable,
        )
        output = await self.handler(own)
        if not isinstance(output, self.writes):
            raise TypeError(f"stage {self.name!r} returned {type(output).__name__}, declared {self.writes.__name__}")
        return output


def check_pipeline(stages: Iterable[Stage]) -> None:
    """Refuse stages that cannot hand each other their outputs: names must be unique, and every
    read of a stage here must be written by an earlier one (by `order`) as the model it is read
    as. A read of a stage absent here is not checked: a worker's image holds its own stage only."""
    problems: list[str] = []
    by_name: dict[str, Stage] = {}
    for stage in stages:
        if stage.name in by_name:
            problems.append(f"two stages are named {stage.name!r}")
        by_name[stage.name] = stage
    for reader in by_name.values():
        for name, model in {**reader.may_read, **reader.reads}.items():
            writer = by_name.get(name)
            if writer is None:
                continue
            if writer.order >= reader.order:
                problems.append(
                    f"{reader.name!r} (order {reader.order}) reads {name!r}, which does not run before it "
                    f"(order {writer.order})"
                )
            if writer.writes is not model:
                problems.append(
                    f"{reader.name!r} reads {name!r} as {model.__name__}, but {name!r} writes {writer.writes.__name__}"
                )
    if problems:
        raise PipelineError("; ".join(problems))


STAGE_GROUP = "brandgen.stages"


def discover_stages() -> dict[str, Stage]:
    """Stages installed in this environment (entry-point group `brandgen.stages`), in pipeline
    order, checked as a pipeline (`check_pipeline`) so a broken one fails at start-up, not mid-job."""
    found: list[Stage] = []
    for entry in entry_points(group=STAGE_GROUP):
        stage = entry.load()
        if not isinstance(stage, Stage):
            raise TypeError(f"entry point {entry.name!r} = {entry.value} is not a brandgen Stage")
        found.append(stage)
    check_pipeline(found)
    return {stage.name: stage for stage in sorted(found, key=lambda stage: (stage.order, stage.name))}
