"""SVG logos as ReportLab vector drawings (svglib), fitted, transformed and recoloured.

Logos stay vectors in the PDF: each SVG is parsed once per process (a revision that keeps the
logo reuses its parent's parse) and drawn as paths at any size. SVG `<text>` that svglib keeps as
text is switched to an embeddable brand face, so no non-embedded base-14 font slips into the
document.
"""

from __future__ import annotations

import copy
import hashlib
import io
import logging
import pickle
import threading
import weakref
from functools import lru_cache

from reportlab.graphics.shapes import Drawing, Group, Rect, Shape, String
from reportlab.lib.colors import Color
from svglib.svglib import svg2rlg

from brandgen.pdf.generators.layout import BODY_FONT

logging.getLogger("svglib.svglib").setLevel(logging.ERROR)  # unsupported SVG bits are logged per element


class UnreadableSvgError(ValueError):
    pass


def new_drawing(width: float, height: float) -> Drawing:
    """An empty drawing whose initial font is the document's embedded body face."""
    drawing = Drawing(width, height)
    font = BODY_FONT.get()
    if font:
        drawing.initialFontName = font
    return drawing


def _walk(node: Shape) -> list[Shape]:
    found: list[Shape] = [node]
    for child in getattr(node, "contents", None) or []:
        found.extend(_walk(child))
    return found


PARSED_SVGS = 64
"""Parsed logos kept per process: a kit has twelve lockup SVGs, so the last few kits' worth."""
Source = tuple[bytes, str]
"""What a logo drawing was made from: the SHA-256 of its SVG and the face its text is set in."""

_sources: weakref.WeakKeyDictionary[Drawing, Source] = weakref.WeakKeyDictionary()
_sources_lock = threading.Lock()


@lru_cache(maxsize=PARSED_SVGS)
def _parsed(data: bytes, text_font: str) -> bytes:
    """The SVG parsed, pickled. Callers each get their own copy (`pickle.loads` of all twelve
    lockups takes about a millisecond, parsing them 25 ms): ReportLab's renderers set and delete
    attributes on the nodes they draw, so two threads must never draw one drawing."""
    drawing = svg2rlg(io.BytesIO(data))
    if drawing is None or not drawing.width or not drawing.height:
        raise UnreadableSvgError("the SVG could not be parsed or has no size")
    for node in _walk(drawing):
        if isinstance(node, String):
            node.fontName = text_font
    return pickle.dumps(drawing, protocol=pickle.HIGHEST_PROTOCOL)


def svg_drawing(data: bytes, text_font: str) -> Drawing:
    """Parse SVG bytes into a Drawing of the caller's own. External file references are refused
    (no file path is given)."""
    drawing: Drawing = pickle.loads(_parsed(data, text_font))  # noqa: S301 - pickled by _parsed above
    with _sources_lock:
        _sources[drawing] = (hashlib.sha256(data).digest(), text_font)
    return drawing


def source(drawing: Drawing) -> Source | None:
    """What `drawing` was parsed from (None for a drawing not from `svg_drawing`): the key of what is
    made from a logo alone (its print files, its rasters), so a revision reuses its parent's."""
    with _sources_lock:
        return _sources.get(drawing)


def fitted(
    drawing: Drawing,
    width: float,
    height: float,
    *,
    background: Color | None = None,
    padding: float = 0.0,
    stretch: tuple[float, float] = (1.0, 1.0),
    rotate: float = 0.0,
) -> Drawing:
    """A `width` x `height` drawing with `drawing` scaled to fit inside the padding, centred."""
    inner_w, inner_h = width - 2 * padding, height - 2 * padding
    sx, sy = stretch
    scale = min(inner_w / (drawing.width * sx), inner_h / (drawing.height * sy))
    if rotate:
        scale *= 0.75  # room for the corners of a rotated mark
    out = new_drawing(width, height)
    if background is not None:
        out.add(Rect(0, 0, width, height, fillColor=background, strokeColor=None))
    logo = Group(*drawing.contents)
    logo.scale(scale * sx, scale * sy)
    placed = Group(logo)
    placed.translate(width / 2, height / 2)
    if rotate:
        placed.rotate(rotate)
    placed.translate(-drawing.width * scale * sx / 2, -drawing.height * scale * sy / 2)
    out.add(placed)
    return out


def recoloured(drawing: Drawing, fill: Color) -> Drawing:
    """A copy of `drawing` with every filled or stroked shape in `fill` (for misuse examples)."""
    clone = copy.deepcopy(drawing)
    for node in _walk(clone):
        if getattr(node, "fillColor", None) is not None:
            node.fillColor = fill
        if getattr(node, "strokeColor", None) is not None:
            node.strokeColor = fill
    return clone
