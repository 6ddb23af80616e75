"""Tailwind theme: a v3 `tailwind.config.js` preset (scales as hex, theme tokens as CSS variables).

Theme tokens point at the CSS custom properties, so light/dark switching lives in palette.css.
Written through json.dumps, so the object literal is always valid JavaScript.
"""

from __future__ import annotations

import json
from typing import Any

from brandgen.shared.contracts import PaletteOutput


def tailwind_theme(palette: PaletteOutput) -> dict[str, Any]:
    colors: dict[str, Any] = {}
    for role, scale in palette.scales.items():
        colors[role.replace("_", "-")] = {"DEFAULT": palette.roles[role], **scale}  # type: ignore[index]
    for token in palette.themes["light"]:
        colors.setdefault("theme", {})[token.replace("_", "-")] = f"var(--color-{token.replace('_', '-')})"
    return {
        "colors": colors,
        "fontFamily": {
            "heading": [palette.fonts.heading.family, "sans-serif"],
            "body": [palette.fonts.body.family, "sans-serif"],
        },
    }


def render_tailwind(palette: PaletteOutput) -> str:
    theme = json.dumps({"theme": {"extend": tailwind_theme(palette)}}, indent=2)
    header = "/** Brand Generator palette preset: presets: [require('./tailwind.config.js')] */"
    return f"{header}\nmodule.exports = {theme};\n"
