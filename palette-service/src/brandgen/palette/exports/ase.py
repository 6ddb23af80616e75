"""Adobe Swatch Exchange (.ase) export, written with the `swatch` library: one group per role."""

from __future__ import annotations

import swatch

from brandgen.shared.contracts import PaletteOutput


def _rgb(hex_color: str) -> list[float]:
    return [int(hex_color[i : i + 2], 16) / 255.0 for i in (1, 3, 5)]


def _color(name: str, hex_color: str) -> dict[str, object]:
    return {"name": name, "type": "Process", "data": {"mode": "RGB", "values": _rgb(hex_color)}}


def render_ase(palette: PaletteOutput) -> bytes:
    groups: list[dict[str, object]] = [
        {"name": "Brand roles", "type": "Color Group", "swatches": [_color(r, c) for r, c in palette.roles.items()]}
    ]
    for role, scale in palette.scales.items():
        groups.append(
            {"name": role, "type": "Color Group", "swatches": [_color(f"{role}-{s}", v) for s, v in scale.items()]}
        )
    for theme, tokens in palette.themes.items():
        groups.append(
            {"name": f"{theme} theme", "type": "Color Group", "swatches": [_color(t, v) for t, v in tokens.items()]}
        )
    return bytes(swatch.dumps(groups))
