"""What every deliverable shares: the record of a file, a document context, fitted text, PDF -> PNG."""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass

import pypdfium2 as pdfium
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from brandgen.pdf.generators.context import DocContext
from brandgen.pdf.generators.layout import BODY_FONT, Grid, paragraph_styles
from brandgen.pdf.generators.vector import PARSED_SVGS, Source, fitted, source
from brandgen.pdf.inputs import BrandInputs
from brandgen.pdf.lru import Lru
from brandgen.pdf.text import metadata_text
from brandgen.pdf.typefaces import BrandTypefaces

PNG_LEVEL = 1  # zlib level of the PNGs: several times faster than the default 6, a few per cent bigger
JPEG_QUALITY = 92
PDFIUM = threading.RLock()
"""Held for every call into PDFium: it is not thread-safe, not even for two documents (pypdfium2's
documentation), and the pdf stage rasterises in its own thread, in the background thread and, with
two jobs at once, in two stage threads."""


def deliverable_context(
    inputs: BrandInputs,
    faces: BrandTypefaces,
    drawings: dict[str, Drawing],
    background: Executor | None = None,
) -> DocContext:
    """A document context like the guidelines': the same faces, styles, logos and language.

    With `background`, full-size rasters the guidelines do not show are made there (see `rasterise`).
    """
    palette = inputs.palette
    text_hex = palette.scales.get("neutral", {}).get("900", "#1b1b1f")
    muted_hex = palette.scales.get("neutral", {}).get("600", "#5f5f66")
    BODY_FONT.set(faces.body.name)  # logo drawings start in it (see `new_drawing`), not in Helvetica
    return DocContext(
        inputs=inputs,
        faces=faces,
        grid=Grid(*A4),
        styles=paragraph_styles(faces, text_hex, muted_hex),
        drawings=drawings,
        language=inputs.request.languages[0],
        background=background,
    )


def fit_text(
    ctx: DocContext,
    text: str,
    *,
    width: float,
    height: float,
    size: float,
    colour: str,
    bold: bool = False,
    heading: bool = False,
    min_size: float = 5.0,
    align: str | None = None,
) -> Paragraph:
    """`text` (literal: markup prints as typed) at `size`, or smaller until it fits `width` x `height`.

    User text can be 200 characters of any script; shrinking keeps it inside its box (and the card's
    safe area) down to `min_size`, where it wraps onto as many lines as it needs.
    """
    base = ctx._style_for("h3" if heading else "body", text, align)
    content = ctx.markup(text, style="h3" if heading else "body", bold=bold)
    current = size
    while True:
        style = ParagraphStyle(
            f"fit-{current:.1f}",
            parent=base,
            fontSize=current,
            leading=current * 1.22,
            textColor=HexColor(colour),
            spaceBefore=0,
            spaceAfter=0,
        )
        paragraph = Paragraph(content, style)
        _, used = paragraph.wrap(width, height)
        # Smaller also while the longest word is wider than the box: ReportLab would split it mid-word.
        if (used <= height and paragraph.minWidth() <= width) or current <= min_size:
            return paragraph
        current = max(min_size, current - 0.5)


def draw_text(canvas: Canvas, paragraph: Paragraph, x: float, top: float, width: float) -> float:
    """Draws `paragraph` with its top at `top`; returns the y just under it."""
    _, height = paragraph.wrap(width, 10_000)
    paragraph.drawOn(canvas, x, top - height)
    return float(top - height)


def draw_logo(canvas: Canvas, drawing: Drawing | None, x: float, y: float, width: float, height: float) -> None:
    """The logo as vector paths, fitted into the box, centred."""
    if drawing is not None:
        renderPDF.draw(fitted(drawing, width, height), canvas, x, y)


def new_canvas(buffer: io.BytesIO, size: tuple[float, float], ctx: DocContext, title: str) -> Canvas:
    """A canvas with the document's metadata; invariant, so the same inputs give the same bytes.

    Its initial font is the embedded body face: ReportLab's default would name Helvetica, a font
    that is not embedded, in every page (print shops reject PDFs with unembedded fonts).
    """
    company = metadata_text(ctx.inputs.request.company_name)
    canvas = Canvas(buffer, pagesize=size, invariant=1, pageCompression=1, initialFontName=ctx.faces.body.name)
    canvas.setTitle(f"{company} — {title}")
    canvas.setAuthor(company)
    canvas.setCreator("Brand Generator")
    canvas.setProducer("Brand Generator (ReportLab)")
    return canvas


class PdfPages:
    """A PDF opened once for several rasterisations: PDFium parses the document (embedded fonts
    included) each time it opens it, which cost more than rendering the small pages."""

    def __init__(self, data: bytes) -> None:
        with PDFIUM:
            self.document = pdfium.PdfDocument(data)

    def __enter__(self) -> PdfPages:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        with PDFIUM:
            self.document.close()

    def image(
        self,
        page: int = 0,
        *,
        scale: float = 1.0,
        crop_pt: tuple[float, float, float, float] | None = None,
        transparent: bool = False,
        jpeg: bool = False,
    ) -> bytes:
        """One page as PNG or JPEG: `scale` pixels per point; `crop_pt` trims (l, b, r, t)."""
        with PDFIUM:  # encoding too: the image's pixels are the PDFium bitmap's memory
            return self._image(page, scale, crop_pt, transparent, jpeg)

    def _image(
        self,
        page: int,
        scale: float,
        crop_pt: tuple[float, float, float, float] | None,
        transparent: bool,
        jpeg: bool,
    ) -> bytes:
        pdf_page = self.document[page]
        try:
            # RGB byte order straight from PDFium, so Pillow takes the pixels as they are: RGBA and
            # RGBX share PDFium's buffer, no conversion copy (a JPEG of RGBX is the JPEG of its RGB).
            bitmap = pdf_page.render(
                scale=scale,
                crop=crop_pt or (0, 0, 0, 0),
                may_draw_forms=False,
                fill_color=(255, 255, 255, 0 if transparent else 255),
                rev_byteorder=True,
                prefer_bgrx=jpeg and not transparent,
            )
            image = bitmap.to_pil()
            buffer = io.BytesIO()
            if jpeg:  # 4:4:4, no chroma subsampling: edges of coloured type stay clean
                image.save(buffer, "JPEG", quality=JPEG_QUALITY, subsampling=0)
            else:
                image.save(buffer, "PNG", compress_level=PNG_LEVEL)
            bitmap.close()  # here, under the lock, rather than by a finalizer in any thread
            return buffer.getvalue()
        finally:
            pdf_page.close()


@dataclass(frozen=True)
class Raster:
    """One image of a PDF page, as `PdfPages.image` makes it."""

    page: int
    scale: float = 1.0
    crop_pt: tuple[float, float, float, float] | None = None
    transparent: bool = False
    jpeg: bool = False


def rasterise(
    data: bytes, now: Sequence[Raster], later: Sequence[Raster], background: Executor | None
) -> tuple[list[bytes], list[bytes | Future[bytes]]]:
    """Pages of the PDF `data` as images, the document parsed once for all: `now` at once (what the
    guidelines show), `later` in `background` (full-size kit files, made while the guidelines
    render), or at once too without one."""
    pages = PdfPages(data)
    try:
        made = [_render(pages, raster) for raster in now]
    except BaseException:
        pages.close()
        raise
    if background is None:
        with pages:
            return made, [_render(pages, raster) for raster in later]
    futures: list[Future[bytes]] = [Future() for _ in later]
    background.submit(_render_all, pages, list(later), futures)
    return made, list(futures)


def _render(pages: PdfPages, raster: Raster) -> bytes:
    return pages.image(
        raster.page, scale=raster.scale, crop_pt=raster.crop_pt, transparent=raster.transparent, jpeg=raster.jpeg
    )


def _render_all(pages: PdfPages, rasters: list[Raster], futures: list[Future[bytes]]) -> None:
    with pages:
        for raster, future in zip(rasters, futures, strict=True):
            try:
                future.set_result(_render(pages, raster))
            except BaseException as error:  # the stage fails where it waits for the file
                future.set_exception(error)


def pdf_page_png(
    data: bytes,
    page: int = 0,
    *,
    scale: float = 1.0,
    crop_pt: tuple[float, float, float, float] | None = None,
    transparent: bool = False,
    jpeg: bool = False,
) -> bytes:
    """One PDF page as PNG or JPEG (PDFium): `scale` pixels per point; `crop_pt` trims (l, b, r, t)."""
    with PdfPages(data) as pages:
        return pages.image(page, scale=scale, crop_pt=crop_pt, transparent=transparent, jpeg=jpeg)


LOGO_RASTERS: Lru[tuple[Source, int, int, str | None, float, str], bytes] = Lru(PARSED_SVGS)
"""`drawing_png`'s images by (the logo's source, size, background, padding, face)."""


def drawing_png(
    drawing: Drawing, width: int, height: int, *, background: str | None = None, padding: float = 0.0
) -> bytes:
    """A logo drawing fitted into `width` x `height` pixels, on `background` or a transparent ground.

    Kept per process by the SVG the drawing is parsed from: a revision that keeps the logo reuses
    its parent's.
    """
    font = BODY_FONT.get() or "Helvetica"
    made = source(drawing)

    def draw() -> bytes:
        buffer = io.BytesIO()
        canvas = Canvas(buffer, pagesize=(width, height), invariant=1, initialFontName=font)
        ground = HexColor(background) if background else None
        renderPDF.draw(fitted(drawing, width, height, background=ground, padding=padding), canvas, 0, 0)
        canvas.showPage()
        canvas.save()
        return pdf_page_png(buffer.getvalue(), transparent=background is None)

    return LOGO_RASTERS.made((made, width, height, background, padding, font) if made is not None else None, draw)


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG: big-endian at bytes 16..24 (the IHDR chunk always comes first)."""
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
