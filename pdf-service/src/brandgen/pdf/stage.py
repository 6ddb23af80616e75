"""The pdf stage: the brand-guidelines PDF and the kit zip, the last step of a job."""

from __future__ import annotations

import asyncio
from typing import Any

from brandgen.pdf.faces import brand_typefaces
from brandgen.pdf.generators.document import render_guidelines
from brandgen.pdf.inputs import load_inputs
from brandgen.pdf.kit import kit_zip, manifest
from brandgen.pdf.settings import PdfSettings
from brandgen.pdf.typefaces import TypefaceBook
from brandgen.shared.contracts import PdfOutput
from brandgen.shared.settings import BrandgenSettings
from brandgen.shared.stage import Stage, StageContext

PDF_KEY = "pdf/brand-guidelines.pdf"
ZIP_KEY = "pdf/brand-kit.zip"
MANIFEST_KEY = "pdf/manifest.json"


def _settings(settings: BrandgenSettings) -> PdfSettings:
    return settings if isinstance(settings, PdfSettings) else PdfSettings()


async def startup(resources: dict[str, Any], settings: BrandgenSettings) -> None:
    pdf_settings = _settings(settings)
    book = TypefaceBook(pdf_settings.pdf_font_cache_dir, convert_cff=pdf_settings.pdf_convert_cff_fonts)
    await asyncio.to_thread(book.fallbacks)  # register the fallback faces once, off the event loop
    resources["typefaces"] = book
    resources["pdf_settings"] = pdf_settings


async def run(ctx: StageContext) -> PdfOutput:
    if "typefaces" not in ctx.resources:
        await startup(ctx.resources, ctx.settings)
    book: TypefaceBook = ctx.resources["typefaces"]
    settings: PdfSettings = ctx.resources["pdf_settings"]
    inputs = await load_inputs(ctx)
    await ctx.progress(0.1, "inputs loaded")
    faces = await asyncio.to_thread(brand_typefaces, book, inputs.palette)
    rendered = await asyncio.to_thread(render_guidelines, inputs, faces, settings.pdf_page_size)
    await ctx.assets.put(PDF_KEY, rendered.data, "application/pdf")
    await ctx.progress(0.6, f"guidelines rendered ({rendered.pages} pages)")

    names = [name for name in await ctx.assets.list() if name not in (ZIP_KEY, MANIFEST_KEY)]
    # What this stage read or wrote already is not fetched again (a quarter of the kit's files).
    at_hand = {**inputs.files, PDF_KEY: rendered.data}
    missing = [name for name in names if name not in at_hand]
    fetched = dict(zip(missing, await asyncio.gather(*(ctx.assets.get(name) for name in missing)), strict=True))
    files = {name: at_hand[name] if name in at_hand else fetched[name] for name in names}
    about = {
        "company_name": inputs.request.company_name,
        "job_id": ctx.job.job_id,
        "created_at": ctx.job.metadata.created_at.isoformat(),
        "languages": list(inputs.rationale.documents),
    }
    manifest_bytes = manifest(files, about)
    archive = await asyncio.to_thread(kit_zip, {**files, MANIFEST_KEY: manifest_bytes})
    await ctx.assets.put(MANIFEST_KEY, manifest_bytes, "application/json")
    await ctx.assets.put(ZIP_KEY, archive, "application/zip")
    await ctx.progress(1.0, "kit zipped")
    return PdfOutput(pdf=PDF_KEY, zip=ZIP_KEY, manifest=MANIFEST_KEY, pages=rendered.pages, bytes=len(rendered.data))


stage = Stage(
    name="pdf",
    run=run,
    order=40,
    startup=startup,
    prefetch=2,
    description="Brand-guidelines PDF and the downloadable kit zip.",
)
