"""The palette stage: match the request on the Brand Knowledge Graph, build the palette, export it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from brandgen.palette.bkg.matching import match_term
from brandgen.palette.bkg.repository import GraphNotSeededError
from brandgen.palette.exports.ase import render_ase
from brandgen.palette.exports.css import render_css
from brandgen.palette.exports.report import render_contrast_report
from brandgen.palette.exports.tailwind import render_tailwind
from brandgen.palette.exports.tokens import render_tokens
from brandgen.palette.graph import BrandGraph, open_graph
from brandgen.palette.palette import PaletteInputs, build_palette, requested_fonts
from brandgen.palette.settings import PaletteSettings
from brandgen.shared.contracts import LogoOutput, PaletteOutput
from brandgen.shared.errors import StageError
from brandgen.shared.stage import Stage, StageContext


@asynccontextmanager
async def palette_graph(settings: PaletteSettings) -> AsyncIterator[BrandGraph]:
    """The Brand Knowledge Graph connection (with its own server when embedded), once per worker."""
    graph = await asyncio.to_thread(open_graph, settings)
    try:
        yield graph
    finally:
        await asyncio.to_thread(graph.close)


async def run(ctx: StageContext[PaletteSettings, BrandGraph]) -> PaletteOutput:
    graph, settings = ctx.resources, ctx.settings
    request = ctx.request
    try:
        catalogue = await asyncio.to_thread(graph.repository.catalogue)
    except GraphNotSeededError as error:
        raise StageError("graph_not_seeded", str(error)) from error
    industry = match_term(
        request.industry, catalogue.industries, default=settings.default_industry, description=request.description
    )
    style = match_term(request.style, catalogue.styles, default=settings.default_style)
    context = await asyncio.to_thread(graph.repository.job_context, industry.id, style.id)
    await ctx.progress(0.3, f"matched {industry.id} / {style.id}")

    logo = ctx.output_or_none("logo", LogoOutput)
    inputs = PaletteInputs(
        requested_color=request.primary_color,
        logo_colors=logo.dominant_colors if logo else [],
        industry=industry,
        style=style,
        requested_industry=request.industry,
        requested_style=request.style,
        company_name=request.company_name,
        languages=request.languages,
    )
    palette: PaletteOutput = await asyncio.to_thread(build_palette, inputs, context)
    if request.fonts is not None:  # a revision's choice, before the exports name the families
        palette.fonts = requested_fonts(request.fonts)
    await ctx.progress(0.7, "palette built and checked")

    files: dict[str, tuple[str, bytes]] = {
        "css": ("palette/palette.css", render_css(palette).encode()),
        "tailwind": ("palette/tailwind.config.js", render_tailwind(palette).encode()),
        "tokens": ("palette/tokens.json", render_tokens(palette).encode()),
        "ase": ("palette/palette.ase", render_ase(palette)),
        "contrast": ("palette/contrast-report.json", render_contrast_report(palette).encode()),
    }
    for kind, (name, data) in files.items():
        palette.exports[kind] = await ctx.assets.put(name, data)
    ctx.log.info(
        "palette built",
        extra={"industry": industry.id, "match": industry.kind, "style": style.id, "seed": palette.seed_color},
    )
    return palette


stage = Stage(
    name="palette",
    run=run,
    order=20,
    settings=PaletteSettings,
    resources=palette_graph,
    may_read={"logo": LogoOutput},  # its dominant colours seed the palette when the job made a logo
    writes=PaletteOutput,
    prefetch=8,
    description="Brand palette, tonal scales, themes, WCAG 2.2 report and exports from the Brand Knowledge Graph.",
)
