"""The pdf stage: the brand-guidelines PDF and the kit zip, the last step of a job."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Collection
from contextlib import asynccontextmanager

from reportlab.lib.units import mm

from brandgen.pdf.background import BACKGROUND
from brandgen.pdf.deliverables import render_deliverables
from brandgen.pdf.deliverables.contact import contact_lines
from brandgen.pdf.faces import brand_typefaces
from brandgen.pdf.generators.document import parse_logos, render_guidelines
from brandgen.pdf.generators.layout import PAGE_SIZES
from brandgen.pdf.inputs import BrandInputs, load_inputs
from brandgen.pdf.kit import deflate_ahead, kit_zip, manifest
from brandgen.pdf.records import Deliverable
from brandgen.pdf.settings import PdfSettings
from brandgen.pdf.typefaces import BrandTypefaces, TypefaceBook
from brandgen.shared.contracts import LogoOutput, PaletteOutput, PdfOutput, RationaleOutput
from brandgen.shared.stage import Stage, StageContext

PDF_KEY = "pdf/brand-guidelines.pdf"
ZIP_KEY = "pdf/brand-kit.zip"
MANIFEST_KEY = "pdf/manifest.json"
OWN_PREFIXES = ("pdf/", "deliverables/")


PLACEHOLDER_NOTE = (
    "No contact details were given: the business card, letterhead and email signature carry "
    "[bracketed] placeholders. Send `contact` with the request (or brandgen generate --contact-name, "
    "--contact-email ...) to fill them in."
)


def _deliverables(inputs: BrandInputs, faces: BrandTypefaces) -> list[Deliverable]:
    return render_deliverables(inputs, faces, parse_logos(inputs, faces.heading.name), BACKGROUND)


async def _store(ctx: StageContext[PdfSettings, TypefaceBook], deliverables: list[Deliverable]) -> None:
    async def put(item: Deliverable) -> None:
        await ctx.assets.put(item.key, await item.ready(), item.media_type)

    await asyncio.gather(*(put(item) for item in deliverables))


async def _read_others(
    ctx: StageContext[PdfSettings, TypefaceBook], read: Collection[str], left_out: Collection[str]
) -> dict[str, bytes]:
    """The job's files this stage neither read nor makes (palette exports, rationale, the logo's
    other files when it made no archive): the kit holds them too. The stages before wrote them
    all before this one began."""
    names = [
        name
        for name in await ctx.assets.list()
        if name not in read and name not in left_out and not name.startswith(OWN_PREFIXES)
    ]
    return dict(zip(names, await asyncio.gather(*(ctx.assets.get(name) for name in names)), strict=True))


def _package(
    files: dict[str, bytes], about: dict[str, object], details: dict[str, dict[str, object]]
) -> tuple[bytes, bytes]:
    """The manifest and the kit zip (which holds the manifest too)."""
    manifest_bytes = manifest(files, about, details)
    return manifest_bytes, kit_zip({**files, MANIFEST_KEY: manifest_bytes})


@asynccontextmanager
async def typeface_book(settings: PdfSettings) -> AsyncIterator[TypefaceBook]:
    book = TypefaceBook(settings.pdf_font_cache_dir, convert_cff=settings.pdf_convert_cff_fonts)
    await asyncio.to_thread(book.fallbacks)  # register the fallback faces once, off the event loop
    yield book  # nothing to close: the faces stay registered with reportlab for the process


async def run(ctx: StageContext[PdfSettings, TypefaceBook]) -> PdfOutput:
    book, settings = ctx.resources, ctx.settings
    inputs = await load_inputs(ctx)
    await ctx.progress(0.1, "inputs loaded")
    faces = await asyncio.to_thread(brand_typefaces, book, inputs.palette)
    inputs.deliverables = await asyncio.to_thread(_deliverables, inputs, faces)
    await ctx.progress(0.35, f"{len(inputs.deliverables)} deliverables made")
    # While the guidelines render (Python, holding the GIL), the background thread finishes the
    # full-size rasters and deflates the kit's files (PDFium and zlib let the GIL go: a second core
    # works), the deliverables are stored and the other stages' files read for the kit.
    made_now = {item.key: item.content for item in inputs.deliverables if isinstance(item.content, bytes)}
    logo_files = {**inputs.logo_archive, **inputs.files}
    # The logo archive holds the same files as the kit's logo/ folder: not a second copy in the kit.
    left_out = {ZIP_KEY, MANIFEST_KEY, *filter(None, [inputs.logo.archive])}
    BACKGROUND.submit(deflate_ahead, {**logo_files, **made_now}.items())
    stored = asyncio.ensure_future(_store(ctx, inputs.deliverables))
    others = asyncio.ensure_future(_read_others(ctx, logo_files, left_out))
    try:
        rendered = await asyncio.to_thread(render_guidelines, inputs, faces, settings.pdf_page_size)
    finally:
        await stored
        read = await others
    await ctx.assets.put(PDF_KEY, rendered.data, "application/pdf")
    await ctx.progress(0.6, f"guidelines rendered ({rendered.pages} pages)")

    placeholders = contact_lines(inputs.request).placeholder
    names = [name for name in await ctx.assets.list() if name not in left_out]
    # What this stage read or wrote already is not fetched again (all but a retry's leftovers).
    made = {item.key: item.data for item in inputs.deliverables}
    at_hand = {**read, **logo_files, **made, PDF_KEY: rendered.data}
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
    manifest_bytes, archive = await asyncio.to_thread(_package, files, about, details)
    await asyncio.gather(
        ctx.assets.put(MANIFEST_KEY, manifest_bytes, "application/json"),
        ctx.assets.put(ZIP_KEY, archive, "application/zip"),
    )
    await ctx.progress(1.0, "kit zipped")
    return PdfOutput(pdf=PDF_KEY, zip=ZIP_KEY, manifest=MANIFEST_KEY, pages=rendered.pages, bytes=len(rendered.data))


stage = Stage(
    name="pdf",
    run=run,
    order=40,
    settings=PdfSettings,
    resources=typeface_book,
    reads={"logo": LogoOutput, "palette": PaletteOutput, "rationale": RationaleOutput},  # see load_inputs
    writes=PdfOutput,
    prefetch=2,
    description="Brand-guidelines PDF and the downloadable kit zip.",
)
