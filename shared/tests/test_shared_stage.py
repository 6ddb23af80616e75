"""The typed stage interface: declarations, the pipeline check at start-up, resources opened once
and closed, declared reads and output enforced (run_stage, the Worker on memory backends, and the
four installed stages)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pydantic import BaseModel

from brandgen.shared.broker import MemoryBroker
from brandgen.shared.contracts import LogoOutput, PaletteOutput, PdfOutput, RationaleOutput
from brandgen.shared.jobs import submit_job, wait_for_job
from brandgen.shared.models import BrandRequest, JobStatus
from brandgen.shared.services import Services
from brandgen.shared.settings import BrandgenSettings
from brandgen.shared.stage import PipelineError, Stage, StageContext, check_pipeline, discover_stages
from brandgen.shared.state import MemoryJobStore
from brandgen.shared.storage import FileAssetStore
from brandgen.shared.testing import make_job, run_stage
from brandgen.shared.worker import Worker

REQUEST = BrandRequest(company_name="Acme", industry="technology", style="modern")


class Counted(BaseModel):
    count: int


class Other(BaseModel):
    text: str = ""


class CounterSettings(BrandgenSettings):
    counter_start: int = 40


@dataclass
class Counter:
    """Resources that record their life: opened once, used per job, closed once."""

    value: int
    log: list[str] = field(default_factory=list)


LIVES: list[Counter] = []


@asynccontextmanager
async def counter(settings: CounterSettings) -> AsyncIterator[Counter]:
    resources = Counter(settings.counter_start)
    LIVES.append(resources)
    resources.log.append("opened")
    yield resources
    resources.log.append("closed")


async def count(ctx: StageContext[CounterSettings, Counter]) -> Counted:
    ctx.resources.value += 1
    ctx.resources.log.append(ctx.job.job_id)
    return Counted(count=ctx.resources.value)


def counting_stage() -> Stage[CounterSettings, Counter, Counted]:
    return Stage(name="count", run=count, settings=CounterSettings, resources=counter, writes=Counted)


async def _nothing(ctx: StageContext) -> BaseModel:
    return Other()


def declared(name: str, order: int, writes: type[BaseModel] = Other, **reads: dict[str, type[BaseModel]]) -> Stage:
    return Stage(name=name, run=_nothing, order=order, writes=writes, **reads)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def fresh_lives() -> None:
    LIVES.clear()


# --- the pipeline check --------------------------------------------------------------------------


def test_the_installed_stages_form_a_valid_pipeline_in_order() -> None:
    stages = discover_stages()
    check_pipeline(stages.values())  # raises PipelineError if the four stages' declarations disagree
    assert list(stages) == ["logo", "palette", "rationale", "pdf"]
    assert stages["logo"].writes is LogoOutput
    assert dict(stages["palette"].may_read) == {"logo": LogoOutput}
    assert dict(stages["rationale"].reads) == {"palette": PaletteOutput}
    assert dict(stages["pdf"].reads) == {"logo": LogoOutput, "palette": PaletteOutput, "rationale": RationaleOutput}
    assert stages["pdf"].writes is PdfOutput


def test_stages_installed_out_of_order_are_refused_at_discovery(monkeypatch) -> None:
    # A stage package whose declarations disagree with the others stops the process at start-up
    # (discover_stages runs in every worker and the API), not on the first job.
    class Entry:
        def __init__(self, stage: Stage) -> None:
            self.name, self.value, self._stage = stage.name, f"fake:{stage.name}", stage

        def load(self) -> Stage:
            return self._stage

    broken = [declared("early", 10, reads={"late": Other}), declared("late", 20)]
    monkeypatch.setattr("brandgen.shared.stage.entry_points", lambda group: [Entry(stage) for stage in broken])
    with pytest.raises(PipelineError, match=r"'early'.*reads 'late'"):
        discover_stages()


def test_a_consistent_pipeline_passes() -> None:
    check_pipeline(
        [
            declared("a", 10, writes=Counted),
            declared("b", 20, reads={"a": Counted}),
            declared("c", 30, reads={"b": Other}, may_read={"a": Counted}),
        ]
    )


def test_a_read_of_a_stage_this_process_lacks_is_left_to_that_stage_s_worker() -> None:
    # A worker image holds its own stage only: the pdf worker cannot see the logo stage's declaration.
    check_pipeline([declared("pdf", 40, reads={"logo": LogoOutput})])


def test_two_stages_with_one_name_are_refused() -> None:
    with pytest.raises(PipelineError, match="two stages are named 'a'"):
        check_pipeline([declared("a", 10), declared("a", 20)])


def test_a_read_of_a_later_stage_is_refused() -> None:
    with pytest.raises(PipelineError, match=r"'a' \(order 10\) reads 'b', which does not run before it \(order 20\)"):
        check_pipeline([declared("a", 10, reads={"b": Other}), declared("b", 20)])


def test_a_read_of_a_stage_at_the_same_order_is_refused() -> None:
    with pytest.raises(PipelineError, match="does not run before it"):
        check_pipeline([declared("a", 10, writes=Counted), declared("b", 10, may_read={"a": Counted})])


def test_a_read_as_another_model_than_the_one_written_is_refused() -> None:
    with pytest.raises(PipelineError, match="'b' reads 'a' as Other, but 'a' writes Counted") as refused:
        check_pipeline([declared("a", 10, writes=Counted), declared("b", 20, may_read={"a": Other})])
    assert "does not run before" not in str(refused.value)


def test_every_problem_is_named_at_once() -> None:
    with pytest.raises(PipelineError) as refused:
        check_pipeline([declared("a", 10, reads={"b": Counted}), declared("b", 20)])
    assert "does not run before it" in str(refused.value)
    assert "as Counted, but 'b' writes Other" in str(refused.value)


# --- run_stage: settings and resources from the declarations ------------------------------------


async def test_run_stage_builds_the_settings_class_and_opens_and_closes_the_resources(tmp_path: Path) -> None:
    output = await run_stage(counting_stage(), make_job(REQUEST), FileAssetStore(tmp_path))
    assert output == Counted(count=41)  # CounterSettings' default start, built from the base settings
    (life,) = LIVES
    assert life.log[0] == "opened"
    assert life.log[-1] == "closed"


async def test_resources_opened_once_serve_every_run(tmp_path: Path) -> None:
    stage = counting_stage()
    settings = CounterSettings(counter_start=7)
    async with stage.open(settings) as resources:
        for _ in range(3):
            await run_stage(stage, make_job(REQUEST), FileAssetStore(tmp_path), settings=settings, resources=resources)
        assert resources.value == 10
    assert len(LIVES) == 1
    assert LIVES[0].log[-1] == "closed"


async def test_an_undeclared_read_fails_the_run(tmp_path: Path) -> None:
    async def reads_the_logo(ctx: StageContext) -> Other:
        ctx.output_or_none("logo", LogoOutput)
        return Other()

    stage = Stage(name="reader", run=reads_the_logo, writes=Other)
    with pytest.raises(TypeError, match="reads the 'logo' output without declaring it"):
        await run_stage(stage, make_job(REQUEST), FileAssetStore(tmp_path))
    declared_stage = Stage(name="reader", run=reads_the_logo, may_read={"logo": LogoOutput}, writes=Other)
    assert await run_stage(declared_stage, make_job(REQUEST), FileAssetStore(tmp_path)) == Other()


async def test_a_read_as_another_model_than_declared_fails_the_run(tmp_path: Path) -> None:
    async def reads_as_palette(ctx: StageContext) -> Other:
        ctx.output("logo", PaletteOutput)
        return Other()

    stage = Stage(name="reader", run=reads_as_palette, reads={"logo": LogoOutput}, writes=Other)
    with pytest.raises(TypeError, match="reads the 'logo' output as PaletteOutput, declared as LogoOutput"):
        await run_stage(stage, make_job(REQUEST), FileAssetStore(tmp_path))


async def test_an_output_of_another_model_than_declared_fails_the_run(tmp_path: Path) -> None:
    # mypy refuses this stage; the run refuses it too, where the stage was never type-checked.
    stage = Stage(name="liar", run=_nothing, writes=Counted)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="stage 'liar' returned Other, declared Counted"):
        await run_stage(stage, make_job(REQUEST), FileAssetStore(tmp_path))


# --- the Worker: resources opened at start, typed in every run, closed at stop -------------------


async def test_the_worker_opens_the_resources_once_hands_them_to_each_job_and_closes_them(tmp_path: Path) -> None:
    settings = BrandgenSettings(queue_prefix="typed", storage_url=f"file://{tmp_path}", pipeline=["count"])
    services = Services(
        broker=MemoryBroker(), store=MemoryJobStore(), assets=FileAssetStore(tmp_path), settings=settings
    )
    worker = Worker(counting_stage(), services)
    await worker.start()
    try:
        first = await submit_job(services, REQUEST)
        done = await wait_for_job(services.store, first.job_id, 10)
        second = await submit_job(services, REQUEST)
        done_again = await wait_for_job(services.store, second.job_id, 10)
    finally:
        await worker.stop(grace=1)
        await services.close()
    assert done.status == done_again.status == JobStatus.succeeded
    assert done.outputs["count"] == {"count": 41}
    assert done_again.outputs["count"] == {"count": 42}
    (life,) = LIVES
    assert life.log == ["opened", first.job_id, second.job_id, "closed"]
