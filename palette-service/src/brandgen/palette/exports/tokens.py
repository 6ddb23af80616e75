"""W3C Design Tokens (DTCG Format Module 2025.10) JSON: colours as sRGB objects with hex fallback."""

from __future__ import annotations

import json
from typing import Any

from brandgen.shared.contracts import PaletteOutput


def color_token(hex_color: str, description: str | None = None) -> dict[str, Any]:
    components = [round(int(hex_color[i : i + 2], 16) / 255.0, 6) for i in (1, 3, 5)]
    token: dict[str, Any] = {"$value": {"colorSpace": "srgb", "components": components, "hex": hex_color}}
    if description:
        token["$description"] = description
    return token


def design_tokens(palette: PaletteOutput) -> dict[str, Any]:
    scales: dict[str, Any] = {}
    for role, scale in palette.scales.items():
        group: dict[str, Any] = {"base": color_token(palette.roles[role])}  # type: ignore[index]
        group.update({step: color_token(value) for step, value in scale.items()})
        scales[role] = group
    themes = {
        theme: {token: {"$value": value_alias(palette, value, token)} for token, value in tokens.items()}
        for theme, tokens in palette.themes.items()
    }
    return {
        "$description": f"Brand palette for {palette.industry} / {palette.style}, seed {palette.seed_color}.",
        "color": {"$type": "color", **scales},
        "theme": {"$type": "color", **themes},
        "font": {
            "$type": "fontFamily",
            "heading": {"$value": [palette.fonts.heading.family, "sans-serif"]},
            "body": {"$value": [palette.fonts.body.family, "sans-serif"]},
        },
    }


def value_alias(palette: PaletteOutput, value: str, token: str) -> Any:
    """A theme token that equals a scale step becomes a reference ({color.primary.600}); else a value."""
    for role, scale in palette.scales.items():
        for step, step_value in scale.items():
            if step_value == value:
                return f"{{color.{role}.{step}}}"
    return color_token(value)["$value"]


def render_tokens(palette: PaletteOutput) -> str:
    return json.dumps(design_tokens(palette), indent=2) + "\n"
