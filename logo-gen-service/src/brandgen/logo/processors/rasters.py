"""Raster post-processing: background removal, trim and pad, recolouring, resizing, PNG encoding."""

from __future__ import annotations

import io
import zlib

import numpy as np
from PIL import Image

PNG_COMPRESS_LEVEL = 3  # level 3 is ~2x faster than 6 for a few % larger files
PNG_STRATEGY = zlib.Z_RLE  # flat logo art: a third smaller than the default strategy, as fast


def encode_png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=PNG_COMPRESS_LEVEL, compress_type=PNG_STRATEGY)
    return buffer.getvalue()


_ALPHA_RAMP = bytes(range(256))


def encode_ink_png(image: Image.Image, colour: str) -> bytes:
    """`image` in one colour (its alpha kept) as an indexed PNG: palette entry i is `colour` at
    alpha i. Lossless, it decodes to exactly what `recolour` gives, in about half the encoding time
    and 40 % fewer bytes than RGBA, one byte a pixel instead of four."""
    indexed = image.getchannel("A")
    indexed.putpalette(list(hex_rgb(colour)) * 256)
    buffer = io.BytesIO()
    indexed.save(
        buffer, format="PNG", compress_level=PNG_COMPRESS_LEVEL, compress_type=PNG_STRATEGY, transparency=_ALPHA_RAMP
    )
    return buffer.getvalue()


def hex_rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def recolour(image: Image.Image, colour: str) -> Image.Image:
    """Every pixel in one colour, keeping the alpha: the monochrome and inverse treatments of a render.

    Alpha compositing does not depend on colour, so this equals rendering the SVG with all fills set
    to `colour`, at a fraction of the cost.
    """
    pixels = np.array(image.convert("RGBA"))
    pixels[..., :3] = hex_rgb(colour)
    return Image.fromarray(pixels, "RGBA")


def resize_to_width(image: Image.Image, width: int) -> Image.Image:
    if image.width == width:
        return image
    if image.width % width == 0:
        # An exact box filter, four times faster than Lanczos. A height that does not divide ends in
        # a row boxed from the rows there are (one pixel taller than rounding would make it, at most).
        return image.reduce(image.width // width)
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=2.0)


def remove_background(image: Image.Image, *, tolerance: float = 38.0, softness: float = 24.0) -> Image.Image:
    """Make the background transparent: the colour of the image's border is keyed out.

    Generated logos sit on a flat, light background; the median of the border pixels finds it even
    when the mark touches an edge. Pixels near it fade to transparent over `softness` (RGB distance)
    so edges stay anti-aliased.
    """
    rgba = np.array(image.convert("RGBA")).astype(np.float32)
    border = np.concatenate([rgba[0, :, :3], rgba[-1, :, :3], rgba[:, 0, :3], rgba[:, -1, :3]])
    background = np.median(border, axis=0)
    distance = np.linalg.norm(rgba[..., :3] - background, axis=-1)
    alpha = np.clip((distance - tolerance) / softness, 0.0, 1.0) * (rgba[..., 3] / 255.0)
    rgba[..., 3] = alpha * 255.0
    return Image.fromarray(rgba.round().astype(np.uint8), "RGBA")


def trim_and_pad(image: Image.Image, *, clear_space: float = 0.1, square: bool = True) -> Image.Image:
    """Crop to the visible ink, then add clear space on every side (a fraction of the longer side)."""
    alpha = np.array(image.convert("RGBA"))[..., 3]
    rows, cols = np.nonzero(alpha > 8)
    if rows.size == 0:
        return image
    cropped = image.crop((int(cols.min()), int(rows.min()), int(cols.max()) + 1, int(rows.max()) + 1))
    side = max(cropped.size)
    margin = round(side * clear_space)
    width = (side if square else cropped.width) + 2 * margin
    height = (side if square else cropped.height) + 2 * margin
    canvas = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    canvas.paste(cropped, ((width - cropped.width) // 2, (height - cropped.height) // 2))
    return canvas


def on_background(image: Image.Image, size: int, colour: str, *, fill: float = 0.7) -> Image.Image:
    """The image centred on an opaque square of `colour`, its longer side `fill` of the square."""
    canvas = Image.new("RGBA", (size, size), (*hex_rgb(colour), 255))
    scale = size * fill / max(image.size)
    inner = image.resize(
        (max(1, round(image.width * scale)), max(1, round(image.height * scale))), Image.Resampling.LANCZOS
    )
    canvas.alpha_composite(inner, ((size - inner.width) // 2, (size - inner.height) // 2))
    return canvas
