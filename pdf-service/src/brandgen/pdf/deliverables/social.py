"""Social media images at each platform's published size, composed from the logo, palette and tagline.

Each image is a page of one vector document (ReportLab, 1 pt = 1 px) rasterised by PDFium at
scale 1, so text is set in the brand's embedded faces with the same fallbacks and escaping as the
guidelines, and every size is exact. Content stays inside each platform's safe area: the YouTube
banner's 1546 x 423 centre (what every device shows), clear of the profile photo that X and
LinkedIn lay over the header's lower left, clear of the story's top and bottom bars, and inside the
circle that networks crop profile images to.
"""

from __future__ import annotations

import io
import math
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Literal

from reportlab.lib.colors import Color, HexColor
from reportlab.pdfgen.canvas import Canvas

from brandgen.pdf.colours import readable_on, rgb
from brandgen.pdf.deliverables.common import Raster, draw_logo, draw_text, fit_text, new_canvas, rasterise
from brandgen.pdf.generators.context import DocContext
from brandgen.pdf.records import Deliverable

THUMBNAIL_WIDTH = 480  # pixels of the copy the guidelines show (about 200 dpi at their size)
Layout = Literal["banner", "square", "story", "profile"]
Box = tuple[float, float, float, float]  # x, y (bottom-left, PDF coordinates), width, height


@dataclass(frozen=True)
class SocialFormat:
    kind: str
    stem: str
    width: int
    height: int
    layout: Layout
    safe: Box
    """Where the logo and text go."""
    note: str


FORMATS: tuple[SocialFormat, ...] = (
    SocialFormat(
        "social_x_header",
        "x-header",
        1500,
        500,
        "banner",
        (420, 60, 1020, 380),
        "X (Twitter) header; the profile photo covers the lower left",
    ),
    SocialFormat(
        "social_linkedin_banner",
        "linkedin-banner",
        1584,
        396,
        "banner",
        (440, 50, 1084, 296),
        "LinkedIn personal background; the profile photo covers the lower left",
    ),
    SocialFormat(
        "social_facebook_cover",
        "facebook-cover",
        1640,
        624,
        "banner",
        (330, 110, 980, 404),
        "Facebook page cover; phones crop the sides",
    ),
    SocialFormat(
        "social_youtube_banner",
        "youtube-banner",
        2560,
        1440,
        "banner",
        (507, 508.5, 1546, 423),
        "YouTube channel banner; logo and text inside the 1546 x 423 safe area",
    ),
    SocialFormat(
        "social_instagram_post", "instagram-post", 1080, 1080, "square", (120, 120, 840, 840), "Instagram square post"
    ),
    SocialFormat(
        "social_instagram_story",
        "instagram-story",
        1080,
        1920,
        "story",
        (90, 340, 900, 1240),
        "Instagram story; clear of the top and bottom bars",
    ),
    SocialFormat(
        "social_profile",
        "profile",
        400,
        400,
        "profile",
        (60, 60, 280, 280),
        "Profile image; everything inside the circle networks crop it to",
    ),
)


def _mix(hex_code: str, other: str, share: float) -> str:
    a, b = rgb(hex_code), rgb(other)
    return "#" + "".join(f"{round(x + (y - x) * share):02x}" for x, y in zip(a, b, strict=True))


class Composer:
    """Draws one image: a gradient ground, shapes in the palette, then the logo and words."""

    def __init__(self, ctx: DocContext) -> None:
        self.ctx = ctx
        self.primary = ctx.role("primary")
        self.ink = readable_on(self.primary)
        # The gradient runs towards the side the text already contrasts with, so it never loses contrast.
        self.deep = _mix(self.primary, "#000000" if self.ink == "#ffffff" else "#ffffff", 0.28)
        self.secondary = ctx.role("secondary", self.primary)
        self.accent = ctx.role("accent", self.secondary)

    @staticmethod
    def _unit(fmt: SocialFormat) -> float:
        return min(fmt.width, fmt.height) * (1.0 if fmt.layout == "banner" else 0.45)

    @staticmethod
    def _ring(fmt: SocialFormat) -> tuple[float, float, float, float]:
        """Centre, radius and line width of the accent ring (the largest ornament)."""
        unit = Composer._unit(fmt)
        return fmt.width - unit * 0.05, fmt.height * 0.05, unit * 0.8, max(4.0, unit * 0.035)

    def words_end(self, fmt: SocialFormat, y: float) -> float:
        """How far right words may run at height `y` and above before they meet the ring."""
        cx, cy, radius, line = self._ring(fmt)
        reach = radius + line
        dy = y - cy
        return cx - math.sqrt(reach * reach - dy * dy) - line * 3 if abs(dy) < reach else float(fmt.width)

    def ground(self, canvas: Canvas, fmt: SocialFormat) -> None:
        w, h = fmt.width, fmt.height
        canvas.linearGradient(0, h, w, 0, (HexColor(self.primary), HexColor(self.deep)), extend=True)
        unit = self._unit(fmt)
        cx, cy, radius, line = self._ring(fmt)
        canvas.saveState()
        # A large secondary disc and an accent ring cut by the right edge, a soft grid of dots on the left.
        canvas.setFillColor(HexColor(self.secondary))
        canvas.setFillAlpha(0.9)
        canvas.circle(cx, cy, unit * 0.62, stroke=0, fill=1)
        canvas.setStrokeColor(HexColor(self.accent))
        canvas.setLineWidth(line)
        canvas.setStrokeAlpha(0.95)
        canvas.circle(cx, cy, radius, stroke=1, fill=0)
        canvas.setFillColor(Color(*(channel / 255 for channel in rgb(self.ink))))
        canvas.setFillAlpha(0.12)
        step = unit / 14
        radius = step * 0.14
        for row in range(6):
            for column in range(6):
                canvas.circle(step * (0.8 + column), h - step * (0.8 + row), radius, stroke=0, fill=1)
        canvas.restoreState()

    def _mark(self) -> str:
        return "inverse" if self.ink == "#ffffff" else "monochrome"

    def _plate(self, canvas: Canvas, x: float, y: float, side: float) -> None:
        """The full-colour icon on a white disc: the logo as designed, wherever the ground is dark."""
        canvas.setFillColor(HexColor("#ffffff"))
        canvas.circle(x + side / 2, y + side / 2, side / 2, stroke=0, fill=1)
        icon = self.ctx.any_lockup(("icon", "full_color"), ("combination", "full_color"))
        draw_logo(canvas, icon, x + side * 0.16, y + side * 0.16, side * 0.68, side * 0.68)

    def words(self, canvas: Canvas, box: Box, *, align: str | None, name_size: float, top: float) -> None:
        x, y, width, _ = box
        ctx, request = self.ctx, self.ctx.inputs.request
        name = fit_text(
            ctx,
            request.company_name,
            width=width,
            height=name_size * 2.6,
            size=name_size,
            colour=self.ink,
            bold=True,
            heading=True,
            min_size=name_size * 0.4,
            align=align,
        )
        below = draw_text(canvas, name, x, top, width)
        if request.tagline:
            tag_size = name_size * 0.42
            tagline = fit_text(
                ctx,
                request.tagline,
                width=width,
                height=max(below - y, tag_size * 1.3),
                size=tag_size,
                colour=self.ink,
                min_size=tag_size * 0.5,
                align=align,
            )
            draw_text(canvas, tagline, x, below - tag_size * 0.5, width)

    def content(self, canvas: Canvas, fmt: SocialFormat) -> None:
        x, y, w, h = fmt.safe
        if fmt.layout == "profile":
            self._plate(canvas, x, y, min(w, h))
            return
        if fmt.layout == "banner":
            side = h * 0.78
            self._plate(canvas, x, y + (h - side) / 2, side)
            text_x = x + side + h * 0.18
            name_size = h * 0.2
            top = y + h / 2 + name_size * (1.2 if self.ctx.inputs.request.tagline else 0.6)
            # Words stop short of the ring where it is furthest left across their lines.
            bottom = top - name_size * 3.2
            end = min(x + w, self.words_end(fmt, bottom))
            self.words(canvas, (text_x, y, end - text_x, h), align=None, name_size=name_size, top=top)
            return
        side = w * (0.42 if fmt.layout == "square" else 0.5)
        plate_y = y + h - side - (h * 0.12 if fmt.layout == "story" else 0)
        self._plate(canvas, x + (w - side) / 2, plate_y, side)
        name_size = w * 0.085
        self.words(canvas, (x, y, w, plate_y - y), align="center", name_size=name_size, top=plate_y - name_size * 0.9)


def render_social(ctx: DocContext) -> list[Deliverable]:
    buffer = io.BytesIO()
    first = FORMATS[0]
    canvas = new_canvas(buffer, (first.width, first.height), ctx, "Social media images")
    composer = Composer(ctx)
    for fmt in FORMATS:
        canvas.setPageSize((fmt.width, fmt.height))
        composer.ground(canvas, fmt)
        composer.content(canvas, fmt)
        canvas.showPage()
    canvas.save()
    # Covers, posts and stories are JPEG, as the networks store them (a gradient PNG at 2560 px
    # takes ~5x longer to encode and is no sharper after their recompression); the profile is PNG.
    # The thumbnails the guidelines show are made now, the full sizes in the background.
    thumbnails, images = rasterise(
        buffer.getvalue(),
        [Raster(index, scale=THUMBNAIL_WIDTH / fmt.width, jpeg=True) for index, fmt in enumerate(FORMATS)],
        [Raster(index, jpeg=_jpeg(fmt)) for index, fmt in enumerate(FORMATS)],
        ctx.background,
    )
    return [_deliverable(*made) for made in zip(FORMATS, images, thumbnails, strict=True)]


def _jpeg(fmt: SocialFormat) -> bool:
    return fmt.layout != "profile"


def _deliverable(fmt: SocialFormat, image: bytes | Future[bytes], thumbnail: bytes) -> Deliverable:
    jpeg = _jpeg(fmt)
    safe = {
        "x": fmt.safe[0],
        "y": fmt.height - fmt.safe[1] - fmt.safe[3],
        "width": fmt.safe[2],
        "height": fmt.safe[3],
    }
    return Deliverable(
        f"deliverables/social/{fmt.stem}.{'jpg' if jpeg else 'png'}",
        image,
        fmt.kind,
        "image/jpeg" if jpeg else "image/png",
        fmt.width,
        fmt.height,
        "px",
        extra={"safe_area": safe, "note": fmt.note},
        thumbnail=thumbnail,
    )
