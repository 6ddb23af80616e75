"""An icon as filled outlines: strokes expanded to shapes with Skia, united, scaled into a box.

Tabler draws with 2-unit round strokes on a 24-unit grid; logos need fills (no stroke to scale or lose
in a design tool) and one weight across every icon, so every stroke is outlined at the same width.
"""

from __future__ import annotations

from functools import lru_cache

import pathops
from fontTools.pens.filterPen import FilterPen
from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.svgLib.path import parse_path

from brandgen.logo.icons.library import Icon

GRID = 24.0
STROKE = 2.25  # a touch heavier than the set's 2: marks are seen small (favicons) more than icons are


def _path(d: str) -> pathops.Path:
    path = pathops.Path()
    parse_path(d, _ClosingPen(path.getPen()))
    return path


class _ClosingPen(FilterPen):  # type: ignore[misc]
    """Closes a subpath that ends where it began: the set draws some loops open (`v-.005`), and an
    open loop stroked comes out as one self-overlapping outline that fills its own inside."""

    _start: tuple[float, float] | None = None
    _current: tuple[float, float] | None = None

    def moveTo(self, point: tuple[float, float]) -> None:  # noqa: N802 - the pen protocol's name
        self._start = self._current = point
        super().moveTo(point)

    def lineTo(self, point: tuple[float, float]) -> None:  # noqa: N802
        self._current = point
        super().lineTo(point)

    def curveTo(self, *points: tuple[float, float]) -> None:  # noqa: N802
        self._current = points[-1]
        super().curveTo(*points)

    def qCurveTo(self, *points: tuple[float, float]) -> None:  # noqa: N802
        self._current = points[-1]
        super().qCurveTo(*points)

    def endPath(self) -> None:  # noqa: N802
        start, end = self._start, self._current
        if start and end and (start[0] - end[0]) ** 2 + (start[1] - end[1]) ** 2 < 0.05**2:
            super().closePath()
        else:
            super().endPath()


def _d(path: pathops.Path) -> str:
    pen = SVGPathPen(None, ntos=lambda value: f"{value:.2f}".rstrip("0").rstrip("."))
    path.draw(pen)
    return str(pen.getCommands())


@lru_cache(maxsize=256)
def outlined(icon: Icon, *, solid: bool = False) -> pathops.Path:
    """The icon as one filled path on its 24-unit grid (the set's filled twin when `solid` and it has one)."""
    if solid and icon.filled:
        parts = [_path(d) for d in icon.filled]
    else:
        parts = []
        for d in icon.outline:
            stroke = _path(d)
            stroke.stroke(STROKE, pathops.LineCap.ROUND_CAP, pathops.LineJoin.ROUND_JOIN, 4.0)
            stroke.convertConicsToQuads()  # round caps come out as conics, which SVG cannot say
            parts.append(stroke)
    result = pathops.Path()
    pathops.union(parts, result.getPen())
    return result


def icon_path(icon: Icon, x: float, y: float, size: float, *, solid: bool = False) -> str:
    """Path data of the icon filling a `size` box at (x, y), centred on its own ink."""
    path = outlined(icon, solid=solid)
    left, top, right, bottom = path.bounds
    scale = size / max(right - left, bottom - top, 1e-6)
    dx = x + (size - (right - left) * scale) / 2 - left * scale
    dy = y + (size - (bottom - top) * scale) / 2 - top * scale
    return _d(path.transform(scale, 0, 0, scale, dx, dy))  # a new path: the cached one stays as it is
