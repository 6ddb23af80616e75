"""The layout system: page size, margins, a 12-column grid and a modular type scale.

Every page builder places things on this grid and uses these styles, so pages line up.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextvars import ContextVar
from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table, TableStyle

from brandgen.pdf.typefaces import BrandTypefaces

BODY_FONT: ContextVar[str | None] = ContextVar("BODY_FONT", default=None)
"""The document's embedded body face. Tables and drawings start in it: their ReportLab default is
Helvetica, a base-14 font that would be referenced, unembedded, in the PDF."""

PAGE_SIZES = {"A4": A4, "LETTER": LETTER}
# ReportLab's units are untyped; the constants are points.
MARGIN: float = 18 * mm
HEADER: float = 12 * mm  # band above the frame holding the running head
COLUMNS = 12
GUTTER: float = 4 * mm
BASELINE = 4.0  # points: leadings are multiples of this
SCALE_RATIO = 1.25  # major third
BODY_SIZE = 9.5
BAND_SHARE = 0.16
"""Share of the cover's height taken by the secondary-colour band at its foot."""
ACCENT_RULE: float = 3 * mm  # the accent rule on top of the cover's band


def type_size(step: int) -> float:
    """Size of step `step` of the modular scale (0 = body)."""
    return round(BODY_SIZE * SCALE_RATIO**step, 1)


def leading(size: float) -> float:
    """The smallest baseline multiple at least 1.3 times the size."""
    lines = -(-size * 1.3 // BASELINE)
    return lines * BASELINE


@dataclass(frozen=True)
class Grid:
    page_width: float
    page_height: float

    @property
    def frame_width(self) -> float:
        return self.page_width - 2 * MARGIN

    @property
    def frame_height(self) -> float:
        return self.page_height - 2 * MARGIN - HEADER

    @property
    def cover_bottom(self) -> float:
        """Where the cover's frame starts: a margin's width of brand colour above the band's accent rule."""
        return self.page_height * BAND_SHARE + ACCENT_RULE + MARGIN / 2

    @property
    def cover_height(self) -> float:
        return self.page_height - MARGIN - self.cover_bottom

    @property
    def column(self) -> float:
        return (self.frame_width - (COLUMNS - 1) * GUTTER) / COLUMNS

    def span(self, columns: int) -> float:
        """Width of `columns` grid columns including the gutters between them."""
        return columns * self.column + (columns - 1) * GUTTER


def paragraph_styles(faces: BrandTypefaces, text_hex: str, muted_hex: str) -> dict[str, ParagraphStyle]:
    """The type hierarchy: display, h1-h3 in the heading face; body, small, caption in the body face."""

    def style(
        name: str, step: int, font: str, colour: str, space_before: float = 0, space_after: float | None = None
    ) -> ParagraphStyle:
        size = type_size(step)
        return ParagraphStyle(
            name,
            fontName=font,
            fontSize=size,
            leading=leading(size),
            textColor=HexColor(colour),
            spaceBefore=space_before,
            spaceAfter=space_after if space_after is not None else (BASELINE * 2 if step <= 0 else BASELINE * 3),
            alignment=TA_LEFT,
        )

    heading = faces.heading
    body = faces.body
    return {
        "display": style("display", 6, heading.bold_name, text_hex),
        "h1": style("h1", 4, heading.bold_name, text_hex),
        "h2": style("h2", 2, heading.bold_name, text_hex, space_before=BASELINE * 3),
        "h3": style("h3", 1, heading.bold_name, text_hex, space_before=BASELINE * 2),
        "body": style("body", 0, body.name, text_hex),
        "small": style("small", -1, body.name, text_hex),
        "caption": style("caption", -2, body.name, muted_hex),
        "tiny": style("tiny", -3, body.name, text_hex, space_after=0),
    }


def table(
    rows: Sequence[Sequence[Flowable | Sequence[Flowable] | str]],
    widths: list[float] | None = None,
    style: Sequence[tuple[object, ...]] | None = None,
) -> Table:
    """A left-aligned table whose cells start in the document's embedded body face."""
    built = Table(rows, colWidths=widths, hAlign="LEFT")
    commands: list[tuple[object, ...]] = []
    font = BODY_FONT.get()
    if font:
        commands.append(("FONTNAME", (0, 0), (-1, -1), font))
    built.setStyle(TableStyle([*commands, *(style or [])]))
    return built
