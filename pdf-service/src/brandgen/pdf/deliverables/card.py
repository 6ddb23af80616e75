"""The print-ready business card: front and back with 3 mm bleed, TrimBox/BleedBox and crop marks.

Page layout (each side is one page): the MediaBox holds the trimmed card, the 3 mm bleed around it
and a slug for the crop marks, which start 2 mm outside the bleed so no mark prints on the card.
Anything that touches an edge of the card (the background of the back, the colour band of the
front) is drawn out to the bleed edge, so a slightly off cut leaves no white sliver. Text and logo
stay inside a safe margin within the trim.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch, mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from brandgen.pdf.colours import readable_on
from brandgen.pdf.deliverables.common import (
    PdfPages,
    draw_logo,
    draw_text,
    fit_text,
    new_canvas,
    png_size,
)
from brandgen.pdf.deliverables.contact import ContactLines
from brandgen.pdf.generators.context import DocContext
from brandgen.pdf.records import Deliverable

BLEED = 3 * mm
SLUG = 9 * mm  # room outside the bleed for the crop marks
MARK_OFFSET = 2 * mm  # marks start this far outside the bleed
MARK_LENGTH = 5 * mm
SAFE = 4 * mm  # text and logo stay this far inside the trim
PREVIEW_SCALE = 300 / 72  # 300 dpi


@dataclass(frozen=True)
class CardSize:
    width: float
    height: float
    label: str


CARD_SIZES = {
    "a4": CardSize(85 * mm, 55 * mm, "85 × 55 mm"),
    "us": CardSize(3.5 * inch, 2 * inch, "3.5 × 2 in"),
}


def card_size(paper: str) -> CardSize:
    return CARD_SIZES.get(paper, CARD_SIZES["a4"])


class CardSide:
    """Draws one side of the card with its origin at the trim's bottom-left corner."""

    def __init__(self, ctx: DocContext, contact: ContactLines, size: CardSize) -> None:
        self.ctx, self.contact, self.size = ctx, contact, size

    def _bleed_rect(self, canvas: Canvas, colour: str, x: float, y: float, w: float, h: float) -> None:
        canvas.setFillColor(HexColor(colour))
        canvas.rect(x, y, w, h, stroke=0, fill=1)

    def front(self, canvas: Canvas) -> None:
        ctx, contact, size = self.ctx, self.contact, self.size
        w, h = size.width, size.height
        primary = ctx.role("primary")
        accent = ctx.role("accent", primary)
        ink = ctx.tone("neutral", "900", "#1b1b1f")
        muted = ctx.tone("neutral", "700", "#44464f")
        self._bleed_rect(canvas, "#ffffff", -BLEED, -BLEED, w + 2 * BLEED, h + 2 * BLEED)
        # A band in the primary colour along the right edge, bled off three sides, with an accent rule.
        band = w * 0.08
        self._bleed_rect(canvas, primary, w - band, -BLEED, band + BLEED, h + 2 * BLEED)
        self._bleed_rect(canvas, accent, w - band - 1.2 * mm, -BLEED, 1.2 * mm, h + 2 * BLEED)
        inner = w - band - 1.2 * mm - 2 * SAFE
        logo = ctx.any_lockup(("combination", "full_color"), ("icon", "full_color"))
        draw_logo(canvas, logo, SAFE, h - SAFE - 11 * mm, min(inner, 42 * mm), 11 * mm)
        # Name and title under the logo; contact lines at the bottom, all inside the safe margin.
        top = h - SAFE - 15 * mm
        name = contact.name or ctx.inputs.request.company_name
        top = draw_text(
            canvas,
            fit_text(ctx, name, width=inner, height=5 * mm, size=9, colour=ink, bold=True, heading=True),
            SAFE,
            top,
            inner,
        )
        if contact.title:
            top = draw_text(
                canvas,
                fit_text(ctx, contact.title, width=inner, height=4 * mm, size=7, colour=muted),
                SAFE,
                top - 0.6 * mm,
                inner,
            )
        lines = contact.lines()
        if lines:
            block = _lines(ctx, lines, inner, top - SAFE - 2 * mm, ink)
            block.wrap(inner, h)
            block.drawOn(canvas, SAFE, SAFE)

    def back(self, canvas: Canvas) -> None:
        ctx, contact, size = self.ctx, self.contact, self.size
        w, h = size.width, size.height
        primary = ctx.role("primary")
        ink = readable_on(primary)
        self._bleed_rect(canvas, primary, -BLEED, -BLEED, w + 2 * BLEED, h + 2 * BLEED)
        secondary = ctx.role("secondary", primary)
        self._bleed_rect(canvas, secondary, -BLEED, -BLEED, w + 2 * BLEED, 3 * mm + BLEED)
        treatment = "inverse" if ink == "#ffffff" else "monochrome"
        logo = ctx.any_lockup(("icon", treatment), ("combination", treatment))
        draw_logo(canvas, logo, w / 2 - 11 * mm, h / 2 - 4 * mm, 22 * mm, 22 * mm)
        below = h / 2 - 6 * mm
        for text, points in ((ctx.inputs.request.tagline, 7.5), (contact.website, 6.5)):
            if text:
                paragraph = fit_text(
                    ctx, text, width=w - 2 * SAFE, height=4 * mm, size=points, colour=ink, align="center"
                )
                below = draw_text(canvas, paragraph, SAFE, below, w - 2 * SAFE) - 0.8 * mm


def _lines(ctx: DocContext, lines: list[str], width: float, height: float, colour: str) -> Paragraph:
    """The contact lines as one paragraph (each line its own), shrunk to fit together."""
    text = " ".join(lines)
    base = ctx._style_for("body", text, None)
    content = "<br/>".join(ctx.markup(line) for line in lines)
    size = 6.5
    while True:
        style = ParagraphStyle(
            f"lines-{size}",
            parent=base,
            fontSize=size,
            leading=size * 1.3,
            textColor=HexColor(colour),
            spaceBefore=0,
            spaceAfter=0,
        )
        paragraph = Paragraph(content, style)
        _, used = paragraph.wrap(width, height)
        if used <= height or size <= 4.5:
            return paragraph
        size -= 0.25


def crop_mark_segments(w: float, h: float) -> list[tuple[float, float, float, float]]:
    """Crop-mark lines (x1, y1, x2, y2) at each corner of a `w` x `h` trim, from its bottom-left corner.

    Each mark continues a trim edge outwards, starting `MARK_OFFSET` outside the bleed, so no mark
    reaches into the bleed area (where it would print on the card if the cut strays).
    """
    start = BLEED + MARK_OFFSET
    segments = []
    for x in (0.0, w):
        for y in (0.0, h):
            sx = -1 if x == 0 else 1
            sy = -1 if y == 0 else 1
            segments.append((x + sx * start, y, x + sx * (start + MARK_LENGTH), y))
            segments.append((x, y + sy * start, x, y + sy * (start + MARK_LENGTH)))
    return segments


def _crop_marks(canvas: Canvas, w: float, h: float) -> None:
    canvas.setStrokeColorCMYK(1, 1, 1, 1)  # registration colour: prints on every separation
    canvas.setLineWidth(0.25)
    for x1, y1, x2, y2 in crop_mark_segments(w, h):
        canvas.line(x1, y1, x2, y2)


def render_card(ctx: DocContext, contact: ContactLines, paper: str) -> list[Deliverable]:
    """The two-page print PDF and a PNG preview of the front (trimmed, 300 dpi)."""
    size = card_size(paper)
    origin = BLEED + SLUG
    page = (size.width + 2 * origin, size.height + 2 * origin)
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, page, ctx, f"Business card ({size.label})")
    trim = (origin, origin, origin + size.width, origin + size.height)
    bleed = (origin - BLEED, origin - BLEED, origin + size.width + BLEED, origin + size.height + BLEED)
    canvas.setTrimBox(trim)
    canvas.setBleedBox(bleed)
    side = CardSide(ctx, contact, size)
    for draw in (side.front, side.back):
        canvas.saveState()
        canvas.translate(origin, origin)
        draw(canvas)
        _crop_marks(canvas, size.width, size.height)
        canvas.restoreState()
        canvas.showPage()
    canvas.save()
    data = buffer.getvalue()
    crop = (origin, origin, origin, origin)
    with PdfPages(data) as pages:
        previews = [pages.image(index, scale=PREVIEW_SCALE, crop_pt=crop) for index in (0, 1)]
    mm_size = {"width": round(size.width / mm, 1), "height": round(size.height / mm, 1), "unit": "mm"}
    extra = {"trim": mm_size, "bleed_mm": 3, "placeholders": contact.placeholder}
    result = [
        Deliverable(
            "deliverables/business-card/business-card-print.pdf",
            data,
            "business_card_print",
            "application/pdf",
            round(page[0] / mm, 1),
            round(page[1] / mm, 1),
            "mm",
            pages=2,
            extra=extra,
        ),
    ]
    for name, png in zip(("front", "back"), previews, strict=True):
        width, height = png_size(png)
        result.append(
            Deliverable(
                f"deliverables/business-card/business-card-{name}.png",
                png,
                "business_card_preview",
                "image/png",
                width,
                height,
                "px",
                extra={"side": name, "placeholders": contact.placeholder},
            )
        )
    return result
