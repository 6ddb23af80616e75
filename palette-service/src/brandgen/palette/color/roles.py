"""Brand roles from the seed colour, the graph's colour associations and the style.

primary is the seed itself (unchanged). secondary is the industry's next associated colour
harmonised toward the seed; accent is Material's tertiary idea (hue +60) at the style's chroma;
neutrals are the seed's hue at low chroma; status colours are conventional hues harmonised toward
the seed so they sit in the same family (Material's custom-colour treatment).
"""

from __future__ import annotations

from collections.abc import Sequence

from brandgen.palette.color.hct import HctColor, from_hct, harmonize, hue_distance

STATUS_ANCHORS: dict[str, str] = {
    "success": "#2e7d32",  # green: safe condition (ISO 3864)
    "warning": "#b26a00",  # amber, dark enough to act as a fill
    "error": "#c62828",  # red: danger (ISO 3864)
    "info": "#0277bd",  # blue: information
}
ACHROMATIC = 8.0
"""Below this HCT chroma a colour has no usable hue (greys, black, white)."""
DISTINCT_HUE = 25.0
"""Degrees a secondary colour must be from the primary's hue to read as a second colour."""


def derive_roles(seed: str, recommendations: Sequence[str], *, style_chroma: float = 1.0) -> dict[str, str]:
    """Role -> hex. `recommendations` are the graph's colours for the industry, strongest first."""
    seed_hct = HctColor.of(seed)
    chromatic = seed_hct.chroma >= ACHROMATIC
    hue = seed_hct.hue if chromatic else HctColor.of(recommendations[0]).hue if recommendations else 250.0
    base_chroma = seed_hct.chroma if chromatic else 36.0

    roles: dict[str, str] = {"primary": seed}
    secondary = None
    for candidate in recommendations:
        candidate_hct = HctColor.of(candidate)
        if not chromatic or hue_distance(candidate_hct.hue, hue) >= DISTINCT_HUE:
            secondary = harmonize(candidate, seed) if chromatic else candidate
            break
    if secondary is None:
        secondary = from_hct(hue, max(base_chroma / 3.0, 16.0), 40.0)
    secondary_hct = HctColor.of(secondary)
    roles["secondary"] = from_hct(secondary_hct.hue, secondary_hct.chroma * style_chroma, secondary_hct.tone)
    roles["accent"] = from_hct(hue + 60.0, min(max(base_chroma * 0.6, 32.0) * style_chroma, 90.0), 50.0)
    roles["neutral"] = from_hct(hue, 4.0, 50.0)
    roles["neutral_variant"] = from_hct(hue, 8.0, 50.0)
    for role, anchor in STATUS_ANCHORS.items():
        roles[role] = harmonize(anchor, seed) if chromatic else anchor
    return roles
