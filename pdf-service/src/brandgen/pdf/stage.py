"""The pdf stage: the brand-guidelines PDF and the kit zip, the last step of a job."""

from __future__ import annotations

import asyncio
from typing import Any

from reportlab.lib.units import mm

from brandgen.pdf.deliverables import render_deliverables
from brandgen.pdf.deliverables.contact import contact_lines
from brandgen.pdf.faces import brand_typefaces
from brandgen.pdf.generators.document import parse_logos, render_guidelines
from brandgen.pdf.generators.layout import PAGE_SIZES
from brandgen.pdf.inputs import BrandInputs, load_inputs
from brandgen.pdf.kit import kit_zip, manifest
from brandgen.pdf.records import Deliverable
from brandgen.pdf.settings import PdfSettings
from brandgen.pdf.typefaces import BrandTypefaces, TypefaceBook
from brandgen.shared.contracts import PdfOutput
from brandgen.shared.settings import BrandgenSettings
from brandgen.shared.stage import Stage, StageContext

PDF_KEY = "pdf/brand-guidelines.pdf"
ZIP_KEY = "pdf/brand-kit.zip"
MANIFEST_KEY = "pdf/manifest.json"


PLACEHOLDER_NOTE = (
    "No contact details were given: the business card, letterhead and email signature carry "
    "[bracketed] placeholders. Send `contact` with the request (or brandgen generate --contact-name, "
    "--contact-email ...) to fill them in."
)


def _deliverables(inputs: BrandInputs, faces: BrandTypefaces) -> list[Deliverable]:
    return render_deliverables(inputs, faces, parse_logos(inputs, faces.heading.name))


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
    inputs.deliverables = await asyncio.to_thread(_deliverables, inputs, faces)
    await asyncio.gather(*(ctx.assets.put(item.key, item.data, item.media_type) for item in inputs.deliverables))
    await ctx.progress(0.35, f"{len(inputs.deliverables)} deliverables made")
    rendered = await asyncio.to_thread(render_guidelines, inputs, faces, settings.pdf_page_size)
    await ctx.assets.put(PDF_KEY, rendered.data, "application/pdf")
    await ctx.progress(0.6, f"guidelines rendered ({rendered.pages} pages)")

    placeholders = contact_lines(inputs.request).placeholder
    names = [name for name in await ctx.assets.list() if name not in (ZIP_KEY, MANIFEST_KEY)]
    # What this stage read or wrote already is not fetched again (a quarter of the kit's files).
    made = {item.key: item.data for item in inputs.deliverables}
    at_hand = {**inputs.files, **made, PDF_KEY: rendered.data}
    missing = [name for name in names if name not in at_hand]
    fetched = dict(zip(missing, await asyncio.gather(*(ctx.assets.get(name) for name in missing)), strict=True))
    files = {name: at_hand[name] if name in at_hand else fetched[name] for name in names}
    about = {
        "company_name": inputs.request.company_name,
        "job_id": ctx.job.job_id,
        "created_at": ctx.job.metadata.created_at.isoformat(),
        "languages": list(inputs.rationale.documents),
        "paper": inputs.request.paper,
        "contact_placeholders": placeholders,
    }
    if placeholders:
        about["note"] = PLACEHOLDER_NOTE
    width, height = PAGE_SIZES[settings.pdf_page_size]
    details: dict[str, dict[str, object]] = {item.key: item.entry() for item in inputs.deliverables}
    details[PDF_KEY] = {
        "size": {"width": round(width / mm, 1), "height": round(height / mm, 1), "unit": "mm"},
        "pages": rendered.pages,
    }
    manifest_bytes = manifest(files, about, details)
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
