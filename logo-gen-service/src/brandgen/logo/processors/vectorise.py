"""Raster to vector with VTracer, parsed into the drawing model so lockups and treatments apply."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import vtracer
from PIL import Image

from brandgen.logo.processors.rasters import encode_png
from brandgen.logo.utils.svg import Drawing, Shape

_SVG_NS = "{http://www.w3.org/2000/svg}"


def trace(image: Image.Image) -> str:
    """VTracer's SVG of an RGBA image (transparent pixels are left out)."""
    return str(
        vtracer.convert_raw_image_to_svg(
            encode_png(image),
            img_format="png",
            colormode="color",
            hierarchical="stacked",
            mode="spline",
            filter_speckle=4,  # drop specks under 4 px: diffusion noise, not design
            color_precision=6,
            layer_difference=16,
            corner_threshold=60,
            length_threshold=4.0,
            max_iterations=10,
            splice_threshold=45,
            path_precision=2,
        )
    )


def vectorise(image: Image.Image, box: float = 100.0) -> Drawing:
    """The image traced into shapes with their own colours, fitted into a `box`-unit square."""
    root = ET.fromstring(trace(image))  # noqa: S314 - VTracer's own output, not user input
    width, height = float(root.get("width", image.width)), float(root.get("height", image.height))
    shapes = []
    for element in root.iter(f"{_SVG_NS}path"):
        d, fill = element.get("d"), element.get("fill", "#000000")
        if d:
            shapes.append(Shape(d, fill.lower(), transform=element.get("transform", "")))
    traced = Drawing(width, height, tuple(shapes))
    scale = box / max(width, height, 1.0)
    offset_x, offset_y = (box - width * scale) / 2, (box - height * scale) / 2
    return Drawing(box, box, traced.placed(offset_x, offset_y, scale))
