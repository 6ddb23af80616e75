"""The colours a logo is made of, strongest first, for the palette stage to build on."""

from __future__ import annotations

import numpy as np
from coloraide import Color
from PIL import Image

from brandgen.logo.utils.colours import distance


def dominant_colours(image: Image.Image, count: int = 4, *, min_share: float = 0.02) -> list[str]:
    """Opaque pixels quantised (median cut), near-duplicates merged (CIEDE2000 < 6)."""
    pixels = np.array(image.convert("RGBA"))
    opaque = pixels[pixels[..., 3] >= 200][:, :3]
    if opaque.size == 0:
        return []
    # Anti-aliased edges blend into the background; only solid pixels say what the colours are.
    strip = Image.fromarray(opaque.reshape(1, -1, 3), "RGB")
    quantised = strip.quantize(colors=max(count * 2, 8), method=Image.Quantize.MEDIANCUT)
    palette = quantised.getpalette() or []
    counts = sorted(quantised.getcolors() or [], reverse=True)
    total = sum(n for n, _ in counts)
    found: list[str] = []
    for n, index in counts:
        assert isinstance(index, int)  # a palette image's colours are palette indices
        if n / total < min_share:
            continue
        colour = Color("srgb", [c / 255 for c in palette[3 * index : 3 * index + 3]]).to_string(hex=True)
        if all(distance(colour, seen) >= 6.0 for seen in found):
            found.append(colour)
        if len(found) == count:
            break
    return found
