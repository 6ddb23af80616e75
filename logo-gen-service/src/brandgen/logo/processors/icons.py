"""Favicon set, touch icon and social avatar, made from the chosen mark."""

from __future__ import annotations

import io

from coloraide import Color
from PIL import Image

from brandgen.logo.processors.rasters import encode_png, on_background, recolour
from brandgen.logo.utils.render import svg_to_image

FAVICON_SIZES = (16, 32, 48)
TOUCH_ICON_SIZE = 180
AVATAR_SIZE = 512
_WHITE = "#ffffff"


def favicon_images(mark_svg: str) -> dict[int, Image.Image]:
    """Each size rendered from the vector, not downscaled from a large bitmap: sharper at 16 px."""
    return {size: svg_to_image(mark_svg, size) for size in FAVICON_SIZES}


def favicon_ico(images: dict[int, Image.Image]) -> bytes:
    largest = max(images)
    buffer = io.BytesIO()
    images[largest].save(
        buffer,
        format="ICO",
        sizes=[(size, size) for size in sorted(images)],
        append_images=[images[size] for size in sorted(images) if size != largest],
    )
    return buffer.getvalue()


def _drawn_to_fit(mark_svg: str, mark: Image.Image, longest: float) -> Image.Image:
    """The mark drawn from its vector with its longer side `longest` px (`mark`, a large render of
    it, gives the proportions): sharper than resampling the large render, and a tenth of its cost."""
    return svg_to_image(mark_svg, max(1, round(mark.width * longest / max(mark.size))))


def touch_icon(mark_svg: str, mark: Image.Image) -> bytes:
    """180 px, opaque: iOS paints transparent pixels black, so the mark sits on white."""
    fill = 0.78
    drawn = _drawn_to_fit(mark_svg, mark, TOUCH_ICON_SIZE * fill)
    return encode_png(on_background(drawn, TOUCH_ICON_SIZE, _WHITE, fill=fill))


def avatar_treatment(primary: str) -> str:
    """White mark on the brand colour when white reads on it (WCAG 3:1 for graphics), else colour on white."""
    return "inverse" if Color(primary).contrast(_WHITE, method="wcag21") >= 3.0 else "full_color"


def social_avatar(mark_svg: str, mark: Image.Image, primary: str) -> bytes:
    fill = 0.62
    drawn = _drawn_to_fit(mark_svg, mark, AVATAR_SIZE * fill)
    if avatar_treatment(primary) == "inverse":
        return encode_png(on_background(recolour(drawn, _WHITE), AVATAR_SIZE, primary, fill=fill))
    return encode_png(on_background(drawn, AVATAR_SIZE, _WHITE, fill=fill))
