"""The `brandgen` command.

`generate` runs the installed stages in one process on the memory backends and writes a kit;
`worker STAGE` runs one stage service against the configured backends. Other services add command
groups through the `brandgen.commands` entry-point group (`graph`, `keys`, `serve`, ...).
"""

from __future__ import annotations

import asyncio
import json
import shutil
import sys
import tempfile
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from brandgen.shared.jobs import submit_job
from brandgen.shared.logs import configure_logging
from brandgen.shared.metrics import serve_metrics
from brandgen.shared.models import BrandRequest, JobMetadata, JobRecord, JobStatus, utcnow
from brandgen.shared.revisions import (
    RevisionChanges,
    RevisionConflictError,
    RevisionInvalidError,
    RevisionPlan,
    plan_revision,
    submit_revision,
)
from brandgen.shared.services import Services, build_services
from brandgen.shared.settings import BrandgenSettings
from brandgen.shared.stage import Stage, discover_stages
from brandgen.shared.storage import FileAssetStore

if TYPE_CHECKING:
    from brandgen.shared.worker import Worker

# The commands that run stages import the worker (the consume loop) when they run: `brandgen serve`
# loads this module too, and the API process never loads the consume loop (test_api_imports).

app = typer.Typer(help="Brand Generator: brand kits from a name, an industry and a style.", no_args_is_help=True)
console = Console(stderr=True)


_OPTION_OF_FIELD = {"company_name": "company", "languages": "language"}
"""Request fields whose `generate` option has another name."""


def _request_or_exit(**fields: object) -> BrandRequest:
    try:
        return BrandRequest.model_validate({k: v for k, v in fields.items() if v is not None})
    except ValidationError as error:
        for problem in error.errors():
            loc = [str(part) for part in problem["loc"]]
            field = loc[0] if loc else "request"
            if field == "contact" and len(loc) > 1:  # contact.email -> --contact-email, contact.website -> --website
                field = loc[1] if loc[1] in ("website", "address") else f"contact_{loc[1]}"
            option = _OPTION_OF_FIELD.get(field, field).replace("_", "-")
            console.print(f"[red]error:[/red] --{option}: {escape(problem['msg'])}", highlight=False)
        raise typer.Exit(2) from None


def _contact(
    name: str | None, title: str | None, email: str | None, phone: str | None, website: str | None, address: str | None
) -> dict[str, str] | None:
    fields = {"name": name, "title": title, "email": email, "phone": phone, "website": website, "address": address}
    given = {key: value for key, value in fields.items() if value is not None}
    return given or None


@app.command()
def generate(
    company: Annotated[str, typer.Option(help="Company name (any script).")],
    industry: Annotated[str, typer.Option(help="Industry, e.g. technology, bakery, law firm.")],
    style: Annotated[str, typer.Option(help="Style, e.g. modern, playful, luxury, minimal.")],
    out: Annotated[Path, typer.Option(help="Folder to write the kit into.")],
    primary_color: Annotated[str | None, typer.Option(help="Brand colour to keep, #rrggbb.")] = None,
    language: Annotated[
        list[str] | None,
        typer.Option(help="Rationale language (repeatable): en es fr de pt ja zh; the guidelines PDF uses the first."),
    ] = None,
    description: Annotated[str | None, typer.Option(help="One line about the company.")] = None,
    tagline: Annotated[str | None, typer.Option(help="Tagline.")] = None,
    candidates: Annotated[int, typer.Option(min=1, max=8, help="Logo candidates.")] = 4,
    seed: Annotated[int | None, typer.Option(help="Seed for reproducible logos.")] = None,
    timeout: Annotated[int, typer.Option(help="Seconds the job may take.")] = 600,
    contact_name: Annotated[str | None, typer.Option(help="Name on the card, letterhead and signature.")] = None,
    contact_title: Annotated[str | None, typer.Option(help="Job title, e.g. Founder.")] = None,
    contact_email: Annotated[str | None, typer.Option(help="Email address.")] = None,
    contact_phone: Annotated[str | None, typer.Option(help="Phone number, e.g. +44 20 7946 0958.")] = None,
    website: Annotated[str | None, typer.Option(help="Web address, e.g. acme.example.")] = None,
    address: Annotated[str | None, typer.Option(help="Postal address on one line.")] = None,
    paper: Annotated[
        str, typer.Option(help="Print sizes: a4 (A4, 85 x 55 mm card) or us (Letter, 3.5 x 2 in).")
    ] = "a4",
) -> None:
    """Generate a brand kit in this process: no services, no GPU, no network."""
    request = _request_or_exit(
        company_name=company,
        industry=industry,
        style=style,
        primary_color=primary_color,
        languages=language or None,
        description=description,
        tagline=tagline,
        candidates=candidates,
        seed=seed,
        paper=paper,
        contact=_contact(contact_name, contact_title, contact_email, contact_phone, website, address),
    )
    from brandgen.shared.worker import run_event_loop

    configure_logging("WARNING", json=False)
    stages = discover_stages()
    if not stages:
        console.print("[red]error:[/red] no stages installed; run `make install`")
        raise typer.Exit(1)
    record = run_event_loop(_generate(request, stages, out, timeout))
    if record.status != JobStatus.succeeded:
        error = record.error
        console.print(f"[red]failed:[/red] {error.message if error else record.status.value}")
        raise typer.Exit(1)


async def _generate(request: BrandRequest, stages: dict[str, Stage], out: Path, timeout: int) -> JobRecord:
    with tempfile.TemporaryDirectory(prefix="brandgen-") as scratch:
        settings = BrandgenSettings(
            broker_url="memory://",
            state_url="memory://",
            storage_url=f"file://{scratch}",
            pipeline=list(stages),
            retry_base_delay=0.2,
        )
        from brandgen.shared.worker import start_workers

        services = build_services(settings)
        workers = await start_workers(services, stages)
        try:
            record = await submit_job(services, request, metadata=JobMetadata(timeout=timeout))
            record = await _follow_with_progress(services, record, list(stages))
            if record.status == JobStatus.succeeded:
                assert isinstance(services.assets, FileAssetStore)
                _export(services.assets, record, out)
            return record
        finally:
            await asyncio.gather(*(worker.stop() for worker in workers))
            await services.close()


async def _follow_with_progress(services: Services, record: JobRecord, stages: list[str]) -> JobRecord:
    with Progress(
        TextColumn("{task.description:<10}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TextColumn("{task.fields[note]}"),
        TimeElapsedColumn(),
        console=console,
    ) as progress:
        bars: dict[str, TaskID] = {name: progress.add_task(name, total=1.0, note="") for name in stages}
        for name, run in record.stages.items():
            if run.reused_from and name in bars:  # a revision's stages taken from the kit it revises
                progress.update(bars[name], completed=1.0, note="reused")
        async for event in services.store.follow(record.job_id, poll=0.5):
            if event.stage in bars:
                bar = bars[event.stage]
                if event.kind == "progress":
                    progress.update(bar, completed=float(event.data.get("progress", 0)), note=event.message or "")
                elif event.kind == "stage_done":
                    progress.update(bar, completed=1.0, note=f"{event.data.get('duration_ms', 0):.0f} ms")
                elif event.kind in ("stage_retry", "stage_interrupted", "job_failed"):
                    progress.update(bar, note=event.message or event.kind)
    return await services.store.get(record.job_id)


def _export(store: FileAssetStore, record: JobRecord, out: Path) -> None:
    source = store.path(record.job_id)
    out.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source, out, dirs_exist_ok=True)
    (out / "job.json").write_text(json.dumps(record.model_dump(mode="json"), indent=2, ensure_ascii=False))
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    console.print(f"[green]brand kit ready[/green] in {out} ({len(files)} files)")
    for highlight in ("pdf/brand-guidelines.pdf", "pdf/brand-kit.zip", "palette/palette.css"):
        if highlight in files:
            console.print(f"  {out / highlight}")


@app.command()
def revise(
    kit: Annotated[Path, typer.Argument(help="A kit folder written by `brandgen generate` or `brandgen revise`.")],
    out: Annotated[Path, typer.Option(help="Folder to write the revised kit into.")],
    candidate: Annotated[str | None, typer.Option(help="Candidate to make the logo, e.g. c3.")] = None,
    primary_color: Annotated[str | None, typer.Option(help="New brand colour, #rrggbb.")] = None,
    heading_font: Annotated[str | None, typer.Option(help="Heading typeface (with --body-font).")] = None,
    body_font: Annotated[str | None, typer.Option(help="Body typeface (with --heading-font).")] = None,
    tagline: Annotated[str | None, typer.Option(help="New tagline.")] = None,
    company: Annotated[str | None, typer.Option(help="Company name, spelt anew.")] = None,
    language: Annotated[list[str] | None, typer.Option(help="Rationale languages (repeatable).")] = None,
    feedback: Annotated[str | None, typer.Option(help="New marks steered by words, e.g. 'use a leaf'.")] = None,
    seed: Annotated[int | None, typer.Option(help="New marks from another seed.")] = None,
    timeout: Annotated[int, typer.Option(help="Seconds the revision may take.")] = 600,
) -> None:
    """Revise a kit in this process: only the stages downstream of the change run again."""
    parent = _kit_job_or_exit(kit)
    fonts = None
    if heading_font or body_font:
        fonts = {"heading": heading_font or "", "body": body_font or ""}
    regenerate = {"seed": seed, "feedback": feedback} if seed is not None or feedback is not None else None
    fields = {
        "candidate": candidate,
        "primary_color": primary_color,
        "fonts": fonts,
        "tagline": tagline,
        "company_name": company,
        "languages": language or None,
        "regenerate": {key: value for key, value in regenerate.items() if value is not None} if regenerate else None,
    }
    try:
        changes = RevisionChanges.model_validate({key: value for key, value in fields.items() if value is not None})
        plan = plan_revision(parent, changes, fonts=_font_catalogue())
    except ValidationError as error:
        problem = error.errors()[0]
        _refuse([str(part) for part in problem["loc"]], problem["msg"])
    except RevisionInvalidError as error:
        _refuse(error.field.split("."), error.message)
    except RevisionConflictError as error:
        console.print(f"[red]error:[/red] {escape(error.message)}", highlight=False)
        raise typer.Exit(2) from None
    from brandgen.shared.worker import run_event_loop

    configure_logging("WARNING", json=False)
    stages = discover_stages()
    if list(stages) != parent.pipeline:
        console.print(f"[red]error:[/red] the kit was made by the stages {parent.pipeline}; installed: {list(stages)}")
        raise typer.Exit(1)
    record = run_event_loop(_revise(plan, kit, stages, out, timeout))
    if record.status != JobStatus.succeeded:
        failure = record.error
        console.print(f"[red]failed:[/red] {failure.message if failure else record.status.value}")
        raise typer.Exit(1)
    reused = ", ".join(plan.reused) or "none"
    console.print(f"revision of {plan.parent.job_id}: changed {', '.join(plan.changed) or 'nothing'}; reused {reused}")


_REVISE_OPTION = {
    "company_name": "company",
    "languages": "language",
    "regenerate": "seed/--feedback",
    "fonts": "heading-font/--body-font",
}


def _refuse(loc: list[str], message: str) -> NoReturn:
    field = loc[0] if loc else ""
    if field == "fonts" and len(loc) > 1:
        option = f"{loc[1]}-font"
    elif field == "regenerate" and len(loc) > 1:
        option = loc[1]
    else:
        option = _REVISE_OPTION.get(field, field.replace("_", "-"))
    where = f"--{option}: " if option else ""
    console.print(f"[red]error:[/red] {where}{escape(message)}", highlight=False)
    raise typer.Exit(2)


def _kit_job_or_exit(kit: Path) -> JobRecord:
    try:
        return JobRecord.model_validate_json((kit / "job.json").read_text())
    except FileNotFoundError:
        console.print(f"[red]error:[/red] {kit} has no job.json: pass a folder written by `brandgen generate`")
    except ValidationError as error:
        console.print(f"[red]error:[/red] {kit / 'job.json'} is not a kit's job record: {error.errors()[0]['msg']}")
    raise typer.Exit(2)


def _font_catalogue() -> list[str]:
    try:
        from brandgen.palette.palette import font_catalogue
    except ImportError:  # no palette service: no fonts to choose
        return []
    return [font.family for font in font_catalogue()]


async def _revise(plan: RevisionPlan, kit: Path, stages: dict[str, Stage], out: Path, timeout: int) -> JobRecord:
    with tempfile.TemporaryDirectory(prefix="brandgen-") as scratch:
        settings = BrandgenSettings(
            broker_url="memory://",
            state_url="memory://",
            storage_url=f"file://{scratch}",
            pipeline=list(stages),
            retry_base_delay=0.2,
        )
        from brandgen.shared.worker import start_workers

        services = build_services(settings)
        assert isinstance(services.assets, FileAssetStore)
        # The kit's files become the parent job's assets, its record the parent job.
        shutil.copytree(kit, services.assets.path(plan.parent.job_id), ignore=shutil.ignore_patterns("job.json"))
        await services.store.create(plan.parent)
        workers = await start_workers(services, {name: stages[name] for name in stages if name not in plan.reused})
        try:
            metadata = plan.parent.metadata.model_copy(update={"timeout": timeout, "created_at": utcnow()})
            record = await submit_revision(services, plan, metadata=metadata)
            record = await _follow_with_progress(services, record, list(stages))
            if record.status == JobStatus.succeeded:
                _export(services.assets, record, out)
            return record
        finally:
            await asyncio.gather(*(worker.stop() for worker in workers))
            await services.close()


@app.command()
def worker(
    stage: Annotated[str, typer.Argument(help="Stage to run: logo, palette, rationale or pdf.")],
) -> None:
    """Run one stage service against the configured broker, state store and asset store."""
    from brandgen.shared.worker import run_event_loop

    settings = BrandgenSettings()
    configure_logging(settings.log_level, json=settings.log_json)
    stages = discover_stages()
    if stage not in stages:
        console.print(f"[red]error:[/red] unknown stage {stage!r}; installed: {', '.join(stages) or 'none'}")
        raise typer.Exit(2)
    workers: list[Worker] = []
    if settings.metrics_port:
        # /readyz answers 503 until the worker consumes, and while its broker connection is down.
        serve_metrics(settings.metrics_port, ready=lambda: bool(workers) and all(w.ready() for w in workers))
    run_event_loop(_run_worker(stages[stage], settings, workers))


async def _run_worker(stage: Stage, settings: BrandgenSettings, workers: list[Worker]) -> None:
    from brandgen.shared.worker import Worker, run_until_signalled

    services = build_services(settings)
    workers.append(Worker(stage, services))
    try:
        await run_until_signalled(workers, grace=settings.drain_seconds)
    finally:
        await services.close()


def _load_plugins() -> None:
    for entry in entry_points(group="brandgen.commands"):
        command = entry.load()
        if isinstance(command, typer.Typer):
            app.add_typer(command, name=entry.name)
        else:
            app.command(name=entry.name)(command)


def main() -> None:
    _load_plugins()
    sys.exit(app())
