"""Path data for the primitive shapes logo marks are built from (SVG coordinates, y down)."""

from __future__ import annotations

import math


def _n(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def circle(cx: float, cy: float, r: float, *, clockwise: bool = True) -> str:
    sweep = 1 if clockwise else 0
    return (
        f"M{_n(cx - r)} {_n(cy)} A{_n(r)} {_n(r)} 0 1 {sweep} {_n(cx + r)} {_n(cy)} "
        f"A{_n(r)} {_n(r)} 0 1 {sweep} {_n(cx - r)} {_n(cy)} Z"
    )


def ring(cx: float, cy: float, outer: float, inner: float) -> str:
    """An annulus; the inner circle winds the other way, so non-zero filling leaves it open."""
    return f"{circle(cx, cy, outer)} {circle(cx, cy, inner, clockwise=False)}"


def polygon(points: list[tuple[float, float]]) -> str:
    head, *rest = points
    return f"M{_n(head[0])} {_n(head[1])} " + " ".join(f"L{_n(x)} {_n(y)}" for x, y in rest) + " Z"


def regular_polygon(cx: float, cy: float, r: float, sides: int, rotation: float = -90.0) -> list[tuple[float, float]]:
    return [
        (
            cx + r * math.cos(math.radians(rotation + 360 * i / sides)),
            cy + r * math.sin(math.radians(rotation + 360 * i / sides)),
        )
        for i in range(sides)
    ]


def rounded_rect(x: float, y: float, w: float, h: float, r: float) -> str:
    r = min(r, w / 2, h / 2)
    return (
        f"M{_n(x + r)} {_n(y)} H{_n(x + w - r)} A{_n(r)} {_n(r)} 0 0 1 {_n(x + w)} {_n(y + r)} "
        f"V{_n(y + h - r)} A{_n(r)} {_n(r)} 0 0 1 {_n(x + w - r)} {_n(y + h)} H{_n(x + r)} "
        f"A{_n(r)} {_n(r)} 0 0 1 {_n(x)} {_n(y + h - r)} V{_n(y + r)} A{_n(r)} {_n(r)} 0 0 1 {_n(x + r)} {_n(y)} Z"
    )


def ellipse(cx: float, cy: float, rx: float, ry: float, rotation: float) -> str:
    """An ellipse rotated by `rotation` degrees about its centre, as two arcs."""
    angle = math.radians(rotation)
    dx, dy = rx * math.cos(angle), rx * math.sin(angle)
    return (
        f"M{_n(cx - dx)} {_n(cy - dy)} A{_n(rx)} {_n(ry)} {_n(rotation)} 1 1 {_n(cx + dx)} {_n(cy + dy)} "
        f"A{_n(rx)} {_n(ry)} {_n(rotation)} 1 1 {_n(cx - dx)} {_n(cy - dy)} Z"
    )


def sector(cx: float, cy: float, r: float, start: float, end: float) -> str:
    """A pie slice from `start` to `end` degrees (clockwise, 0 = east)."""
    a0, a1 = math.radians(start), math.radians(end)
    large = 1 if (end - start) % 360 > 180 else 0
    return (
        f"M{_n(cx)} {_n(cy)} L{_n(cx + r * math.cos(a0))} {_n(cy + r * math.sin(a0))} "
        f"A{_n(r)} {_n(r)} 0 {large} 1 {_n(cx + r * math.cos(a1))} {_n(cy + r * math.sin(a1))} Z"
    )


def shield(cx: float, top: float, w: float, h: float) -> str:
    """A heraldic shield: flat top, straight sides, curving to a point."""
    left, right = cx - w / 2, cx + w / 2
    shoulder = top + h * 0.45
    bottom = top + h
    return (
        f"M{_n(left)} {_n(top)} H{_n(right)} V{_n(shoulder)} "
        f"C{_n(right)} {_n(top + h * 0.78)} {_n(cx + w * 0.18)} {_n(bottom - h * 0.06)} {_n(cx)} {_n(bottom)} "
        f"C{_n(cx - w * 0.18)} {_n(bottom - h * 0.06)} {_n(left)} {_n(top + h * 0.78)} {_n(left)} {_n(shoulder)} Z"
    )


def star(cx: float, cy: float, outer: float, inner: float, points: int, rotation: float = -90.0) -> str:
    vertices: list[tuple[float, float]] = []
    for i in range(points * 2):
        r = outer if i % 2 == 0 else inner
        angle = math.radians(rotation + 180 * i / points)
        vertices.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    return polygon(vertices)
