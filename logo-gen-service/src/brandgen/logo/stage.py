"""The logo stage: candidates from the configured backend, then the whole logo kit, stored."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from brandgen.logo.i18n import Description, in_languages, sentence, write
from brandgen.logo.metrics import LOGO_CANDIDATES, LOGO_PHASE_SECONDS, variant_label
from brandgen.logo.models.design import LogoDesign
from brandgen.logo.models.procedural import design_candidates
from brandgen.logo.processors.archive import ARCHIVE_KEY, logo_archive
from brandgen.logo.processors.kit import Kit, build_kit
from brandgen.logo.processors.scoring import choose, score_candidates
from brandgen.logo.provenance import icon_sources, manifest
from brandgen.logo.settings import LogoSettings
from brandgen.logo.utils.colours import HARMONY_NAMES
from brandgen.logo.utils.typefaces import left_out_note
from brandgen.logo.variants import LogoOptions, resolve, uses_sdxl
from brandgen.shared.contracts import CandidateScore, LogoOutput
from brandgen.shared.i18n import N_
from brandgen.shared.models import BrandRequest, derived_seed
from brandgen.shared.stage import Stage, StageContext, StageError
from brandgen.shared.threads import run_in_thread

if TYPE_CHECKING:
    from brandgen.logo.models.sdxl.loader import LoadedPipeline

_STORE_CONCURRENCY = 16


@dataclass
class LogoResources:
    sdxl: LoadedPipeline | None = None
    """Loaded at start-up when the backend or a variant is SDXL, else on the first job that needs it."""


LogoContext = StageContext[LogoSettings, LogoResources]


def job_seed(job_id: str, requested: int | None) -> int:
    """The request's seed, or one derived from the job id (stable across retries of the job)."""
    return requested if requested is not None else derived_seed(job_id)


def _steered(request: BrandRequest) -> BrandRequest:
    """The request the candidates are drawn from: a revision's feedback words join the company's
    description, which the icon matching and the trade fit read."""
    if not request.feedback:
        return request
    description = " ".join(filter(None, (request.description, request.feedback)))
    return request.model_copy(update={"description": description})


def _chosen(ctx: LogoContext, designs: list[LogoDesign], scores: dict[str, CandidateScore]) -> str:
    """The candidate a revision asked for, else the best scored."""
    wanted = ctx.request.candidate
    if wanted is None:
        return choose(designs, scores)
    if wanted not in {design.id for design in designs}:
        known = ", ".join(design.id for design in designs)
        raise StageError("unknown_candidate", f"there is no logo candidate {wanted!r}; the candidates are {known}")
    return wanted


@asynccontextmanager
async def logo_resources(settings: LogoSettings) -> AsyncIterator[LogoResources]:
    resources = LogoResources()
    if uses_sdxl(settings):
        from brandgen.logo.models.sdxl.loader import load_pipeline  # torch only when SDXL is configured

        resources.sdxl = await asyncio.to_thread(load_pipeline, settings)
    try:
        yield resources
    finally:
        if resources.sdxl is not None:
            from brandgen.logo.models.sdxl.loader import release

            release(resources.sdxl)
            resources.sdxl = None


async def _sdxl_designs(ctx: LogoContext, options: LogoOptions, seed: int) -> tuple[list[LogoDesign], dict[str, Any]]:
    from brandgen.logo.models.sdxl.backend import generate_designs
    from brandgen.logo.models.sdxl.loader import load_pipeline

    loaded = ctx.resources.sdxl
    if loaded is None:  # a variant asked for SDXL on a worker started without it
        loaded = ctx.resources.sdxl = await asyncio.to_thread(load_pipeline, ctx.settings)
    count = ctx.request.candidates

    async def denoising(fraction: float) -> None:
        await ctx.progress(0.05 + 0.5 * fraction, f"denoising {count} candidates ({fraction:.0%} of the steps)")

    # Cancelled at the job's deadline (or by a drain), the generation stops within one step and
    # the GPU goes to the next job, instead of finishing images nobody will read.
    return await run_in_thread(
        generate_designs,
        loaded,
        _steered(ctx.request),
        ctx.settings,
        options,
        seed,
        on_progress=denoising,
    )


async def _store(ctx: LogoContext, kit: Kit) -> None:
    limit = asyncio.Semaphore(_STORE_CONCURRENCY)

    async def put(name: str, data: bytes) -> None:
        async with limit:
            await ctx.assets.put(name, data)

    await asyncio.gather(*(put(name, data) for name, data in kit.files.items()))


async def run(ctx: LogoContext) -> LogoOutput:
    settings = ctx.settings
    options = resolve(settings, ctx.variant)
    labels = {"backend": options.backend, "variant": variant_label(ctx.variant)}
    seed = job_seed(ctx.job.job_id, ctx.request.seed)
    count = ctx.request.candidates

    started = time.perf_counter()
    await ctx.progress(0.05, f"designing {count} candidates ({options.backend})")
    if options.backend == "sdxl":
        designs, generator = await _sdxl_designs(ctx, options, seed)
    else:
        designs = await asyncio.to_thread(design_candidates, _steered(ctx.request), count, seed)
        generator = {"name": "procedural", "concepts": [design.concept for design in designs]}
    LOGO_PHASE_SECONDS.labels(**labels, phase="generate").observe(time.perf_counter() - started)
    LOGO_CANDIDATES.labels(**labels).inc(len(designs))

    started = time.perf_counter()
    await ctx.progress(0.55, f"scoring {len(designs)} candidates")
    scores = await asyncio.to_thread(score_candidates, designs)
    chosen_id = _chosen(ctx, designs, scores)
    LOGO_PHASE_SECONDS.labels(**labels, phase="score").observe(time.perf_counter() - started)

    started = time.perf_counter()
    await ctx.progress(0.6, "lockups, variants, sizes and icons")
    kit = await asyncio.to_thread(
        build_kit,
        designs,
        chosen_id,
        widths=settings.logo_png_widths,
        tagline=ctx.request.tagline,
        languages=ctx.request.languages,
        scores=scores,
    )
    LOGO_PHASE_SECONDS.labels(**labels, phase="postprocess").observe(time.perf_counter() - started)

    started = time.perf_counter()
    await ctx.progress(0.85, f"storing {len(kit.files)} files")
    provenance_key = "logo/provenance.json"
    kit.files[provenance_key] = manifest(
        job_id=ctx.job.job_id,
        backend=options.backend,
        variant=ctx.variant,
        seed=seed,
        candidates=[
            {
                "id": d.id,
                "concept": d.concept,
                "seed": d.seed,
                "prompt": d.prompt,
                "description": write(d.description),
                "mark": {"kind": d.mark.kind, "icon": d.mark.icon.model_dump() if d.mark.icon else None},
            }
            for d in designs
        ],
        fonts=kit.fonts,
        generator=generator,
        icons=icon_sources(designs),
    )
    kit.files[ARCHIVE_KEY] = await asyncio.to_thread(logo_archive, kit.files)
    await _store(ctx, kit)
    LOGO_PHASE_SECONDS.labels(**labels, phase="store").observe(time.perf_counter() - started)

    chosen = next(design for design in designs if design.id == chosen_id)
    colours = sentence(
        N_("Colours: {harmony} harmony around {primary}."),
        harmony=HARMONY_NAMES[chosen.colours.harmony],
        primary=chosen.colours.primary,
        words=["harmony"],
    )
    concept: Description = (*chosen.description, colours)
    return LogoOutput(
        backend=options.backend,
        variant=ctx.variant,
        candidates=kit.candidates,
        chosen=chosen_id,
        lockups=kit.lockups,  # type: ignore[arg-type]
        favicons=kit.favicons,
        social_avatar=kit.social_avatar,
        dominant_colors=kit.dominant_colors,
        fonts=kit.fonts,
        concept=write(concept),
        concepts=in_languages(concept, ctx.request.languages),
        provenance=provenance_key,
        archive=ARCHIVE_KEY,
        notes=_left_out_notes(ctx.request),
    )


def _left_out_notes(request: BrandRequest) -> list[str]:
    """Emoji and symbols no font draws are dropped from the mark, said on the job, never silently."""
    notes = [left_out_note("company name", request.company_name)]
    if request.tagline:
        notes.append(left_out_note("tagline", request.tagline))
    return [note for note in notes if note]


stage = Stage(
    name="logo",
    run=run,
    order=10,
    settings=LogoSettings,
    resources=logo_resources,
    writes=LogoOutput,
    prefetch=1,  # one job at a time per worker: a GPU (or two CPU cores) is busy with one
    description="Logo candidates, lockups, variants, favicons and social avatar (procedural or SDXL).",
)
