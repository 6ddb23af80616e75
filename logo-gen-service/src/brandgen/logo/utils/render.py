"""SVG to pixels. CairoSVG is the fast path (about twice resvg's speed at 1024 px here); resvg is
the fallback when the cairo system library is missing, and the cross-check in tests."""

from __future__ import annotations

import io

import resvg_py
from PIL import Image

try:  # cairosvg needs the libcairo2 shared library at import time
    import cairosvg
except OSError:  # pragma: no cover - depends on the machine's system libraries
    cairosvg = None


def svg_to_png_resvg(svg: str, width: int) -> bytes:
    return bytes(resvg_py.svg_to_bytes(svg_string=svg, width=width, skip_system_fonts=True))


def svg_to_png(svg: str, width: int) -> bytes:
    """PNG bytes of `svg` at `width` px wide; the height follows the viewBox; transparent background."""
    if cairosvg is None:
        return svg_to_png_resvg(svg, width)
    return bytes(cairosvg.svg2png(bytestring=svg.encode(), output_width=width))


def svg_to_image(svg: str, width: int) -> Image.Image:
    image = Image.open(io.BytesIO(svg_to_png(svg, width)))
    return image.convert("RGBA")
