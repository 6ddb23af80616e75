"""Applications: favicons at their real sizes, the social avatar, and a business card front and back."""

from __future__ import annotations

import io

from reportlab.graphics import renderPDF
from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Spacer

from brandgen.pdf.colours import readable_on
from brandgen.pdf.generators.context import DocContext
from brandgen.pdf.generators.layout import table
from brandgen.pdf.generators.vector import fitted

CARD_W, CARD_H = 85 * mm, 55 * mm  # ISO 7810 ID-1 / European business card
PX = 0.75  # one CSS pixel in points (96 px per inch)


class RasterImage(Flowable):  # type: ignore[misc]
    """A PNG at a given size, optionally clipped to a circle (social avatars are shown round)."""

    def __init__(self, data: bytes, width: float, height: float, *, round_clip: bool = False) -> None:
        super().__init__()
        self.image = ImageReader(io.BytesIO(data))
        self.width, self.height, self.round_clip = width, height, round_clip

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        if self.round_clip:
            path = canvas.beginPath()
            path.circle(self.width / 2, self.height / 2, min(self.width, self.height) / 2)
            canvas.clipPath(path, stroke=0, fill=0)
        canvas.drawImage(self.image, 0, 0, self.width, self.height, mask="auto")
        canvas.restoreState()


class BusinessCard(Flowable):  # type: ignore[misc]
    """One side of a business card at actual size, with crop marks."""

    def __init__(self, ctx: DocContext, side: str) -> None:
        super().__init__()
        self.ctx, self.side = ctx, side
        self.width, self.height = CARD_W + 10 * mm, CARD_H + 10 * mm

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def _crop_marks(self, x: float, y: float) -> None:
        canvas = self.canv
        canvas.setStrokeColor(HexColor("#999999"))
        canvas.setLineWidth(0.3)
        for cx in (x, x + CARD_W):
            for cy in (y, y + CARD_H):
                dx = -1 if cx == x else 1
                dy = -1 if cy == y else 1
                canvas.line(cx + dx * 1.5 * mm, cy, cx + dx * 4.5 * mm, cy)
                canvas.line(cx, cy + dy * 1.5 * mm, cx, cy + dy * 4.5 * mm)

    def _text(self, text: str, x: float, y: float, style: str, colour: str, width: float) -> None:
        paragraph = self.ctx.para(text, style, colour=colour)
        _, height = paragraph.wrap(width, CARD_H)
        paragraph.drawOn(self.canv, x, y - height)

    def draw(self) -> None:
        ctx, canvas = self.ctx, self.canv
        x, y = 5 * mm, 5 * mm
        primary = ctx.role("primary")
        front = self.side == "front"
        background = "#ffffff" if front else primary
        canvas.saveState()
        canvas.setFillColor(HexColor(background))
        canvas.setStrokeColor(HexColor("#d0d0d0"))
        canvas.rect(x, y, CARD_W, CARD_H, stroke=1, fill=1)
        self._crop_marks(x, y)
        if front:
            logo = ctx.any_lockup(("combination", "full_color"), ("icon", "full_color"))
            if logo is not None:
                renderPDF.draw(fitted(logo, 40 * mm, 14 * mm), canvas, x + 6 * mm, y + CARD_H - 20 * mm)
            ink = ctx.tone("neutral", "900", "#1b1b1f")
            self._text("Alex Example", x + 6 * mm, y + 24 * mm, "small", ink, CARD_W - 12 * mm)
            self._text(ctx.inputs.request.company_name, x + 6 * mm, y + 19 * mm, "caption", ink, CARD_W - 12 * mm)
            self._text("hello@example.com · +00 000 000 000", x + 6 * mm, y + 10 * mm, "caption", ink, CARD_W - 12 * mm)
            canvas.setFillColor(HexColor(ctx.role("accent", primary)))
            canvas.rect(x, y, CARD_W, 2 * mm, stroke=0, fill=1)
        else:
            ink = readable_on(primary)
            treatment = "inverse" if ink == "#ffffff" else "monochrome"
            logo = ctx.any_lockup(("icon", treatment), ("combination", treatment))
            if logo is not None:
                renderPDF.draw(fitted(logo, 24 * mm, 24 * mm), canvas, x + CARD_W / 2 - 12 * mm, y + 20 * mm)
            if ctx.inputs.request.tagline:
                self._text(ctx.inputs.request.tagline, x + 6 * mm, y + 14 * mm, "caption", ink, CARD_W - 12 * mm)
        canvas.restoreState()


def _favicons(ctx: DocContext) -> list[Flowable]:
    logo = ctx.inputs.logo
    cells: list[Flowable] = []
    labels: list[Flowable] = []
    pngs = sorted(
        ((key, data) for key in logo.favicons.values() if key.endswith(".png") and (data := ctx.inputs.file(key))),
        key=lambda item: len(item[1]),
    )
    for key, data in pngs:
        reader = ImageReader(io.BytesIO(data))
        width, height = reader.getSize()
        scale = PX if width <= 64 else 48 * mm / width
        cells.append(RasterImage(data, width * scale, height * scale))
        labels.append(ctx.para(f"{width}×{height} px · {key.rsplit('/', 1)[-1]}", "caption"))
    if not cells:
        return [
            ctx.heading(ctx.gettext("Favicon"), 1),
            ctx.para(ctx.gettext("No favicon was produced for this job."), "small"),
        ]
    grid = table([cells, labels], style=[("VALIGN", (0, 0), (-1, 0), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    story: list[Flowable] = [ctx.heading(ctx.gettext("Favicon"), 1)]
    story.append(
        ctx.para(ctx.gettext("Small favicons are shown at their real screen size (1 px = 1/96 inch)."), "small")
    )
    story.append(grid)
    return story


def _avatar(ctx: DocContext) -> list[Flowable]:
    data = ctx.inputs.file(ctx.inputs.logo.social_avatar)
    if data is None:
        return []
    story: list[Flowable] = [ctx.heading(ctx.gettext("Social avatar"), 1)]
    story.append(
        ctx.para(ctx.gettext("Networks crop avatars to a circle: keep the mark inside the central 80%."), "small")
    )
    square = RasterImage(data, 36 * mm, 36 * mm)
    round_ = RasterImage(data, 36 * mm, 36 * mm, round_clip=True)
    story.append(table([[square, round_]], [44 * mm, 44 * mm], [("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return story


def _business_card(ctx: DocContext) -> list[Flowable]:
    story: list[Flowable] = [ctx.heading(ctx.gettext("Business card"), 1)]
    story.append(ctx.para(ctx.gettext("85 × 55 mm, front and back, at actual size with crop marks."), "small"))
    sides: list[Flowable] = [BusinessCard(ctx, "front"), BusinessCard(ctx, "back")]
    story.append(table([sides], style=[("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return story


def application_pages(ctx: DocContext) -> list[Flowable]:
    return [
        ctx.heading(ctx.gettext("Applications")),
        *_favicons(ctx),
        Spacer(1, 4 * mm),
        *_avatar(ctx),
        *_business_card(ctx),
    ]
