"""The ControlNet condition: the procedural layout, edge-detected, so the wordmark is spelled right."""

from __future__ import annotations

import numpy as np
from PIL import Image

from brandgen.logo.models.design import LogoDesign
from brandgen.logo.processors.lockups import candidate_drawing
from brandgen.logo.utils.render import svg_to_image
from brandgen.logo.utils.svg import to_svg


def layout_image(design: LogoDesign, size: int) -> Image.Image:
    """The design in black on white, centred in a `size` square (ControlNet wants RGB, no alpha)."""
    drawing = candidate_drawing(design)
    render = svg_to_image(to_svg(drawing, {}, "monochrome"), int(size * 0.8))
    render.thumbnail((int(size * 0.8), int(size * 0.8)))
    canvas = Image.new("RGBA", (size, size), (255, 255, 255, 255))
    canvas.alpha_composite(render, ((size - render.width) // 2, (size - render.height) // 2))
    return canvas.convert("RGB")


def canny(image: Image.Image, low: int = 100, high: int = 200) -> Image.Image:
    """Canny edges: controlnet-aux's detector when installed (the GPU image), else OpenCV directly."""
    try:
        from controlnet_aux import CannyDetector
    except ImportError:
        import cv2

        edges = cv2.Canny(np.array(image.convert("L")), low, high)
        return Image.fromarray(edges).convert("RGB")
    result: Image.Image = CannyDetector()(image, low_threshold=low, high_threshold=high, output_type="pil")
    return result.convert("RGB").resize(image.size)


def control_image(design: LogoDesign, size: int) -> Image.Image:
    return canny(layout_image(design, size))
