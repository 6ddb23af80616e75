"""Applications: favicons at real size, the social avatar, the business card, letterhead and social images."""

from __future__ import annotations

import hashlib
import io
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, KeepTogether, Spacer

from brandgen.pdf.deliverables.card import CardSide, card_size
from brandgen.pdf.deliverables.contact import contact_lines
from brandgen.pdf.generators.context import DocContext
from brandgen.pdf.generators.layout import table

CARD_FILE = "deliverables/business-card/business-card-print.pdf"
PX = 0.75  # one CSS pixel in points (96 px per inch)


class NamedImage(str):
    """Image bytes for `Canvas.drawImage`, named by their SHA-256.

    Given an ImageReader, ReportLab names each drawn image by hashing its decoded pixels: every JPEG
    thumbnail was decoded only to be named (then embedded as it is), and the avatar, drawn twice,
    decoded twice. Given a string, ReportLab names the image by the string, and it reads the pixels
    through the ImageReader interface this class hands on (`jpeg_fh` first: a JPEG goes into the PDF
    as it is), only when the document does not hold the image yet.
    """

    _data: bytes
    _reader: ImageReader | None

    def __new__(cls, data: bytes) -> NamedImage:
        named = super().__new__(cls, f"image-sha256:{hashlib.sha256(data).hexdigest()}")
        named._data, named._reader = data, None
        return named

    def reader(self) -> ImageReader:
        if self._reader is None:
            self._reader = ImageReader(io.BytesIO(self._data))
        return self._reader

    def __getattr__(self, name: str) -> Any:  # jpeg_fh, getSize, getRGBData, _dataA, mode, ...
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.reader(), name)


class RasterImage(Flowable):  # type: ignore[misc]
    """A PNG or JPEG at a given size, optionally clipped to a circle (social avatars are shown round)."""

    def __init__(self, data: bytes, width: float, height: float, *, round_clip: bool = False) -> None:
        super().__init__()
        self.image = NamedImage(data)
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
    """One side of the kit's business card at actual size: the print file's own drawing, with crop marks."""

    def __init__(self, ctx: DocContext, side: str) -> None:
        super().__init__()
        self.ctx, self.side = ctx, side
        self.size = card_size(ctx.inputs.request.paper)
        self.width, self.height = self.size.width + 10 * mm, self.size.height + 10 * mm

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas, size = self.canv, self.size
        canvas.saveState()
        canvas.translate(5 * mm, 5 * mm)
        clip = canvas.beginPath()
        clip.rect(0, 0, size.width, size.height)  # the trimmed card: the bleed is for the printer
        canvas.clipPath(clip, stroke=0, fill=0)
        side = CardSide(self.ctx, contact_lines(self.ctx.inputs.request), size)
        (side.front if self.side == "front" else side.back)(canvas)
        canvas.restoreState()
        canvas.saveState()
        canvas.translate(5 * mm, 5 * mm)
        canvas.setStrokeColor(HexColor("#d0d0d0"))
        canvas.setLineWidth(0.3)
        canvas.rect(0, 0, size.width, size.height, stroke=1, fill=0)
        canvas.setStrokeColor(HexColor("#999999"))
        for x1, y1, x2, y2 in ((0, -1.5 * mm, 0, -4.5 * mm), (-1.5 * mm, 0, -4.5 * mm, 0)):
            for fx, fy in ((0, 0), (size.width, 0), (0, size.height), (size.width, size.height)):
                sx = 1 if fx == 0 else -1
                sy = 1 if fy == 0 else -1
                canvas.line(fx + sx * x1, fy + sy * y1, fx + sx * x2, fy + sy * y2)
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
    size = card_size(ctx.inputs.request.paper).label
    story.append(
        ctx.para(ctx.gettext("{size}, front and back, at actual size with crop marks.").format(size=size), "small")
    )
    # One above the other: two cards side by side at actual size are wider than the text frame.
    sides: list[list[Flowable]] = [[BusinessCard(ctx, "front")], [BusinessCard(ctx, "back")]]
    story.append(table(sides, style=[("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0)]))
    story.append(
        ctx.para(
            ctx.gettext("The print file has 3 mm bleed, crop marks and embedded fonts: {file}").format(file=CARD_FILE),
            "caption",
        )
    )
    return story


def _placeholder_note(ctx: DocContext) -> list[Flowable]:
    if not contact_lines(ctx.inputs.request).placeholder:
        return []
    return [
        ctx.para(
            ctx.gettext(
                "No contact details were given: the card, letterhead and email signature show "
                "placeholders in [brackets]."
            ),
            "small",
            bold=True,
        )
    ]


def _thumbnail(data: bytes, width: float) -> RasterImage:
    reader = ImageReader(io.BytesIO(data))
    pixels_w, pixels_h = reader.getSize()
    return RasterImage(data, width, width * pixels_h / pixels_w)


def _mockups(ctx: DocContext) -> list[Flowable]:
    mockups = [item for item in ctx.inputs.deliverables if item.kind == "mockup"]
    if not mockups:
        return []
    column = (ctx.grid.frame_width - 6 * mm) / 2
    cells: list[Flowable] = [_thumbnail(item.thumbnail or item.data, column) for item in mockups]
    rows = [cells[index : index + 2] for index in range(0, len(cells), 2)]
    rows[-1] += [Spacer(1, 1)] * (2 - len(rows[-1]))
    style = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]
    # Kept together: the heading alone at the foot of a page would leave the scenes unnamed.
    return [KeepTogether([ctx.heading(ctx.gettext("Mockups"), 1), table(rows, [column + 3 * mm] * 2, style)])]


def _stationery_and_social(ctx: DocContext) -> list[Flowable]:
    """The letterhead and the social images as made for the kit, and every deliverable's file."""
    inputs = ctx.inputs
    story: list[Flowable] = []
    letterhead = inputs.deliverable("letterhead_preview")
    if letterhead is not None:
        story.append(ctx.heading(ctx.gettext("Letterhead"), 1))
        story.append(_thumbnail(letterhead.thumbnail or letterhead.data, 62 * mm))
    social = [item for item in inputs.deliverables if item.kind.startswith("social_")]
    if social:
        story.append(ctx.heading(ctx.gettext("Social media"), 1))
        column = (ctx.grid.frame_width - 6 * mm) / 2
        cells: list[list[Flowable]] = []
        for item in social:
            assert item.width is not None  # social images are rasters: they have a size
            assert item.height is not None
            name = item.key.rsplit("/", 1)[-1]
            size = f"{item.width:.0f}×{item.height:.0f} px"
            cells.append(
                [
                    _thumbnail(item.thumbnail or item.data, column * (0.5 if item.height >= item.width else 1.0)),
                    ctx.para(f"{name} · {size}", "caption"),
                ]
            )
        rows = [cells[index : index + 2] for index in range(0, len(cells), 2)]
        rows[-1] += [[]] * (2 - len(rows[-1]))
        story.append(
            table(
                rows, [column + 3 * mm] * 2, [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]
            )
        )
    return story


def application_pages(ctx: DocContext) -> list[Flowable]:
    return [
        ctx.heading(ctx.gettext("Applications")),
        *_placeholder_note(ctx),
        *_favicons(ctx),
        Spacer(1, 4 * mm),
        *_avatar(ctx),
        *_business_card(ctx),
        *_stationery_and_social(ctx),
        *_mockups(ctx),
    ]
