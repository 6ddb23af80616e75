"""A small vector drawing model and its SVG serialisation.

Shapes name a colour role (primary, ink ...) instead of a colour, so one drawing serialises to the
full-colour, monochrome and inverse treatments. Cut-outs (a letter knocked out of a disc) are real
holes, subtracted with Skia's path operations: they stay transparent in every treatment, every
renderer agrees (CairoSVG ignores luminance masks), and design tools open plain paths.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from xml.sax.saxutils import escape, quoteattr

import pathops
from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.svgLib.path import parse_path

Role = str  # "primary" | "secondary" | "accent" | "ink" | a literal "#rrggbb"
Treatment = str  # "full_color" | "monochrome" | "inverse"

MONOCHROME_INK = "#111111"
INVERSE_INK = "#ffffff"
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class Shape:
    d: str
    role: Role
    cutouts: tuple[str, ...] = ()  # path data, in this shape's coordinates, subtracted (left transparent)
    transform: str = ""
    opacity: float = 1.0
    group: str = "mark"  # "mark" | "wordmark" | "tagline": lets tests and editors find the text


@dataclass(frozen=True)
class Drawing:
    width: float
    height: float
    shapes: tuple[Shape, ...] = field(default_factory=tuple)
    title: str = ""

    def placed(self, x: float, y: float, scale: float = 1.0) -> tuple[Shape, ...]:
        """This drawing's shapes moved to (x, y) and scaled, for composing into a larger drawing."""
        outer = f"translate({x:.2f} {y:.2f}) scale({scale:.5f})"
        return tuple(replace(shape, transform=f"{outer} {shape.transform}".strip()) for shape in self.shapes)


def colour_for(role: Role, treatment: Treatment, roles: dict[str, str]) -> str:
    if treatment == "monochrome":
        return MONOCHROME_INK
    if treatment == "inverse":
        return INVERSE_INK
    if _HEX.match(role):
        return role.lower()
    return roles[role]


def _skia_path(d: str) -> pathops.Path:
    path = pathops.Path()
    parse_path(d, path.getPen())
    return path


@lru_cache(maxsize=512)
def carve(d: str, cutouts: tuple[str, ...]) -> str:
    """`d` with every cut-out subtracted (non-zero winding on both sides)."""
    result = _skia_path(d)
    for cut in cutouts:
        result = pathops.op(result, _skia_path(cut), pathops.PathOp.DIFFERENCE)
    pen = SVGPathPen(None, ntos=lambda value: f"{value:.2f}".rstrip("0").rstrip("."))
    result.draw(pen)
    commands: str = pen.getCommands()
    return commands


def to_svg(drawing: Drawing, roles: dict[str, str], treatment: Treatment = "full_color") -> str:
    """Serialise to a standalone SVG document (no text elements, no external references)."""
    body: list[str] = []
    groups: dict[str, list[str]] = {}
    for shape in drawing.shapes:
        fill = colour_for(shape.role, treatment, roles)
        d = carve(shape.d, shape.cutouts) if shape.cutouts else shape.d
        attrs = f'd="{d}" fill="{fill}"'
        if shape.opacity < 1.0:
            attrs += f' fill-opacity="{shape.opacity:.2f}"'
        element = f"<path {attrs}/>"
        if shape.transform:
            element = f'<g transform="{shape.transform}">{element}</g>'
        groups.setdefault(shape.group, []).append(element)
    for name, elements in groups.items():
        body.append(f'<g class="{name}">{"".join(elements)}</g>')
    width, height = f"{drawing.width:.2f}", f"{drawing.height:.2f}"
    title = f"<title>{escape(drawing.title)}</title>" if drawing.title else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width={quoteattr(width)} '
        f"height={quoteattr(height)}>{title}{''.join(body)}</svg>"
    )
