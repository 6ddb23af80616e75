"""Light and dark theme tokens, Material-style tones from each role's tonal palette.

The tokens are a first draft: wcag/audit.py checks every pair and repairs the ones that fail.
`brand` is the seed colour itself in both themes (never changed); `primary` starts as the seed
too and is moved only when it cannot carry text on the theme's background.
"""

from __future__ import annotations

from brandgen.palette.color.hct import HctColor, hex_of, tonal_palette
from brandgen.palette.wcag.contrast import contrast_ratio

# token -> (role whose tonal palette it comes from, tone in light theme, tone in dark theme)
TOKEN_TONES: dict[str, tuple[str, float, float]] = {
    "on_primary": ("primary", 100, 20),
    "primary_container": ("primary", 90, 30),
    "on_primary_container": ("primary", 10, 90),
    "secondary": ("secondary", 40, 80),
    "on_secondary": ("secondary", 100, 20),
    "accent": ("accent", 40, 80),
    "on_accent": ("accent", 100, 20),
    "success": ("success", 40, 80),
    "on_success": ("success", 100, 20),
    "warning": ("warning", 40, 80),
    "on_warning": ("warning", 100, 20),
    "error": ("error", 40, 80),
    "on_error": ("error", 100, 20),
    "info": ("info", 40, 80),
    "on_info": ("info", 100, 20),
    "background": ("neutral", 98, 6),
    "on_background": ("neutral", 10, 90),
    "surface": ("neutral", 98, 6),
    "on_surface": ("neutral", 10, 90),
    "surface_variant": ("neutral_variant", 90, 30),
    "on_surface_variant": ("neutral_variant", 30, 80),
    "outline": ("neutral_variant", 50, 60),
    "outline_variant": ("neutral_variant", 80, 30),
}


def draft_theme(roles: dict[str, str], *, dark: bool) -> dict[str, str]:
    palettes = {role: tonal_palette(color) for role, color in roles.items()}
    tokens = {"brand": roles["primary"], "primary": roles["primary"]}
    for token, (role, light_tone, dark_tone) in TOKEN_TONES.items():
        tokens[token] = hex_of(palettes[role].tone(dark_tone if dark else light_tone))
    # Text on the exact brand colour: black or white, whichever is stronger (>= 4.58:1 always).
    tokens["on_brand"] = max(("#000000", "#ffffff"), key=lambda ink: contrast_ratio(ink, roles["primary"]))
    return tokens


def token_hues(roles: dict[str, str]) -> dict[str, float]:
    """The hue each theme token is meant to have: its role's (rounding a tone to 8 bits turns it a little)."""
    role_hues = {role: HctColor.of(color).hue for role, color in roles.items()}
    hues = {token: role_hues[role] for token, (role, _, _) in TOKEN_TONES.items() if role in role_hues}
    hues["primary"] = role_hues["primary"]
    return hues
