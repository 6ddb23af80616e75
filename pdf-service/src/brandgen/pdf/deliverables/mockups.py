"""Mockups: the brand in use, composed from vector scenes in the kit's own colours (no photographs).

Each scene is a ReportLab page (1 pt = 1 px) rasterised by PDFium: the kit's business card on a
desk, its Instagram post on a phone, and its logo on a shop sign under a striped awning.
"""

from __future__ import annotations

import io

from reportlab.lib.colors import Color, HexColor
from reportlab.pdfgen.canvas import Canvas

from brandgen.pdf.colours import readable_on
from brandgen.pdf.deliverables.card import CardSide, card_size
from brandgen.pdf.deliverables.common import Raster, draw_logo, new_canvas, rasterise
from brandgen.pdf.deliverables.contact import ContactLines
from brandgen.pdf.deliverables.social import FORMATS, Composer
from brandgen.pdf.generators.context import DocContext
from brandgen.pdf.records import Deliverable

WIDTH, HEIGHT = 1200, 800


def _shadow(canvas: Canvas, x: float, y: float, w: float, h: float, radius: float = 0) -> None:
    """A soft drop shadow: a few offset translucent layers."""
    canvas.saveState()
    for step in range(4):
        canvas.setFillColor(Color(0, 0, 0, alpha=0.07))
        spread = 3 + step * 3
        canvas.roundRect(x - spread / 2 + 6, y - spread - 4, w + spread, h + spread, radius + spread, stroke=0, fill=1)
    canvas.restoreState()


def _desk(canvas: Canvas, ctx: DocContext, contact: ContactLines, paper: str) -> None:
    canvas.setFillColor(HexColor(ctx.tone("neutral", "200", "#e5e7eb")))
    canvas.rect(0, 0, WIDTH, HEIGHT, stroke=0, fill=1)
    canvas.setFillColor(HexColor(ctx.tone("neutral", "300", "#d1d5db")))
    for index in range(9):  # the grain of a wooden desk, as broad faint boards
        canvas.rect(0, index * 92, WIDTH, 2, stroke=0, fill=1)
    size = card_size(paper)
    scale = 440 / size.width
    side = CardSide(ctx, contact, size)
    for draw, (x, y, angle) in ((side.back, (600, 300, 8)), (side.front, (190, 170, -6))):
        canvas.saveState()
        canvas.translate(x, y)
        canvas.rotate(angle)
        _shadow(canvas, 0, 0, size.width * scale, size.height * scale)
        canvas.scale(scale, scale)
        clip = canvas.beginPath()
        clip.rect(0, 0, size.width, size.height)
        canvas.clipPath(clip, stroke=0, fill=0)
        draw(canvas)
        canvas.restoreState()
    # A pen in the accent colour.
    canvas.saveState()
    canvas.translate(960, 140)
    canvas.rotate(35)
    canvas.setFillColor(HexColor(ctx.role("accent", ctx.role("primary"))))
    canvas.roundRect(0, 0, 260, 16, 8, stroke=0, fill=1)
    canvas.setFillColor(HexColor(ctx.tone("neutral", "800", "#1f2937")))
    canvas.rect(250, 4, 30, 8, stroke=0, fill=1)
    canvas.restoreState()


def _phone(canvas: Canvas, ctx: DocContext) -> None:
    primary = ctx.role("primary")
    canvas.setFillColor(HexColor(ctx.tone("primary", "100", "#e0e7ff")))
    canvas.rect(0, 0, WIDTH, HEIGHT, stroke=0, fill=1)
    canvas.setFillColor(HexColor(ctx.tone("secondary", "200", ctx.role("secondary", primary))))
    canvas.circle(WIDTH * 0.85, HEIGHT * 0.15, 260, stroke=0, fill=1)
    w, h = 330, 680
    x, y = (WIDTH - w) / 2, (HEIGHT - h) / 2
    _shadow(canvas, x, y, w, h, 44)
    canvas.setFillColor(HexColor("#111318"))
    canvas.roundRect(x, y, w, h, 44, stroke=0, fill=1)
    sx, sy, sw, sh = x + 14, y + 14, w - 28, h - 28
    canvas.saveState()
    clip = canvas.beginPath()
    clip.roundRect(sx, sy, sw, sh, 32)
    canvas.clipPath(clip, stroke=0, fill=0)
    story = next(fmt for fmt in FORMATS if fmt.stem == "instagram-story")
    scale = max(sw / story.width, sh / story.height)
    canvas.translate(sx + (sw - story.width * scale) / 2, sy + (sh - story.height * scale) / 2)
    canvas.scale(scale, scale)
    composer = Composer(ctx)
    composer.ground(canvas, story)
    composer.content(canvas, story)
    canvas.restoreState()
    canvas.setFillColor(HexColor("#111318"))
    canvas.roundRect(x + w / 2 - 50, y + h - 34, 100, 22, 11, stroke=0, fill=1)  # the camera notch


def _storefront(canvas: Canvas, ctx: DocContext) -> None:
    primary = ctx.role("primary")
    ink = readable_on(primary)
    canvas.setFillColor(HexColor(ctx.tone("neutral", "100", "#f3f4f6")))
    canvas.rect(0, 0, WIDTH, HEIGHT, stroke=0, fill=1)
    canvas.setFillColor(HexColor(ctx.tone("neutral", "400", "#9ca3af")))
    canvas.rect(0, 0, WIDTH, 60, stroke=0, fill=1)  # pavement
    # The sign board with the logo, inverse when the primary is dark.
    canvas.setFillColor(HexColor(primary))
    canvas.rect(140, 560, 920, 170, stroke=0, fill=1)
    treatment = "inverse" if ink == "#ffffff" else "monochrome"
    logo = ctx.any_lockup(("combination", treatment), ("wordmark", treatment), ("icon", treatment))
    draw_logo(canvas, logo, 180, 585, 840, 120)
    # A striped awning in the primary and white, then windows and a door in the neutral tones.
    stripes = 12
    for index in range(stripes):
        canvas.setFillColor(HexColor(primary if index % 2 == 0 else "#ffffff"))
        x = 140 + index * 920 / stripes
        path = canvas.beginPath()
        path.moveTo(x, 540)
        path.lineTo(x + 920 / stripes, 540)
        path.lineTo(x + 920 / stripes + 6, 470)
        path.lineTo(x + 6, 470)
        path.close()
        canvas.drawPath(path, stroke=0, fill=1)
    canvas.setFillColor(HexColor(ctx.tone("neutral", "700", "#374151")))
    canvas.rect(140, 60, 920, 410, stroke=0, fill=1)
    canvas.setFillColor(HexColor(ctx.tone("primary", "100", "#dbeafe")))
    for x in (170, 700):
        canvas.rect(x, 120, 330, 310, stroke=0, fill=1)
    canvas.setFillColor(HexColor(ctx.role("accent", primary)))
    canvas.rect(530, 60, 140, 330, stroke=0, fill=1)  # the door in the accent colour
    canvas.setFillColor(HexColor("#ffffff"))
    canvas.circle(650, 220, 7, stroke=0, fill=1)


def render_mockups(ctx: DocContext, contact: ContactLines, paper: str) -> list[Deliverable]:
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, (WIDTH, HEIGHT), ctx, "Mockups")
    scenes = (
        ("business-card-desk", "business card on a desk"),
        ("phone", "Instagram story on a phone"),
        ("storefront", "logo on a shop sign"),
    )
    _desk(canvas, ctx, contact, paper)
    canvas.showPage()
    _phone(canvas, ctx)
    canvas.showPage()
    _storefront(canvas, ctx)
    canvas.showPage()
    canvas.save()
    # The thumbnails the guidelines show now, the full sizes in the background.
    pages = range(len(scenes))
    thumbnails, images = rasterise(
        buffer.getvalue(),
        [Raster(index, scale=0.4, jpeg=True) for index in pages],
        [Raster(index, jpeg=True) for index in pages],
        ctx.background,
    )
    return [
        Deliverable(
            f"deliverables/mockups/{stem}.jpg",
            image,
            "mockup",
            "image/jpeg",
            WIDTH,
            HEIGHT,
            "px",
            extra={"scene": scene},
            thumbnail=thumbnail,
        )
        for (stem, scene), image, thumbnail in zip(scenes, images, thumbnails, strict=True)
    ]
