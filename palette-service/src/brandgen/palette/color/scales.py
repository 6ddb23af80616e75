"""Tonal scales 50..950 (Tailwind steps) from a role colour's HCT tonal palette."""

from __future__ import annotations

from brandgen.palette.color.hct import hex_of, tonal_palette

# Tailwind step -> HCT tone (L*). Strictly decreasing, so every scale darkens step by step.
SCALE_TONES: dict[str, float] = {
    "50": 95.0,
    "100": 90.0,
    "200": 80.0,
    "300": 70.0,
    "400": 60.0,
    "500": 50.0,
    "600": 40.0,
    "700": 30.0,
    "800": 20.0,
    "900": 10.0,
    "950": 5.0,
}


def tonal_scale(role_color: str) -> dict[str, str]:
    palette = tonal_palette(role_color)
    return {step: hex_of(palette.tone(tone)) for step, tone in SCALE_TONES.items()}
