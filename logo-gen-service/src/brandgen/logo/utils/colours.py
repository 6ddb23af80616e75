"""Logo colours: the requested brand colour kept exactly, companions derived in OKLCH (coloraide).

Perceptual OKLCH keeps the companions' lightness steps even across hues, so a yellow primary and a
blue primary get equally readable secondary and ink colours. The palette stage builds the full
palette later; the logo only needs a few inks.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from coloraide import Color

from brandgen.shared.i18n import N_

# The starting colour when the request names none comes from the knowledge graph's industry
# associations (brandgen.logo.utils.industry), never from a default.

Harmony = str  # "analogous" | "complementary" | "triadic" | "split"
HARMONY_NAMES: dict[Harmony, str] = {
    "analogous": N_("analogous"),
    "complementary": N_("complementary"),
    "triadic": N_("triadic"),
    "split": N_("split-complementary"),
}
HARMONY_SHIFTS: dict[Harmony, tuple[float, float]] = {
    # hue shift of (secondary, accent) in degrees
    "analogous": (-28.0, 32.0),
    "complementary": (-18.0, 180.0),
    "triadic": (120.0, 240.0),
    "split": (150.0, 210.0),
}


@dataclass(frozen=True)
class LogoColours:
    primary: str
    secondary: str
    accent: str
    ink: str  # text on light backgrounds: a near-black of the primary's hue
    harmony: Harmony

    def as_roles(self) -> dict[str, str]:
        return {"primary": self.primary, "secondary": self.secondary, "accent": self.accent, "ink": self.ink}


def _hex(color: Color) -> str:
    return color.convert("srgb").fit("srgb").to_string(hex=True)


def _shifted(base: Color, hue_shift: float, lightness: float | None = None, chroma_scale: float = 1.0) -> Color:
    shifted = base.clone()
    hue = shifted["hue"] if shifted["hue"] == shifted["hue"] else 0.0  # achromatic colours have NaN hue
    shifted["hue"] = (hue + hue_shift) % 360
    shifted["chroma"] = shifted["chroma"] * chroma_scale
    if lightness is not None:
        shifted["lightness"] = lightness
    return shifted


def logo_colours(primary: str, rng: random.Random) -> LogoColours:
    """Colours for one candidate: primary exactly as given, a seeded harmony for the rest."""
    primary_hex = primary.lower()
    base = Color(primary_hex).convert("oklch")
    harmony = rng.choice(list(HARMONY_SHIFTS))
    secondary_shift, accent_shift = HARMONY_SHIFTS[harmony]
    lightness = base["lightness"]
    # Keep companions visibly apart from the primary in lightness, on the side that has room.
    secondary_l = lightness - 0.16 if lightness > 0.45 else lightness + 0.18
    secondary = _shifted(base, secondary_shift, secondary_l, 0.9)
    accent = _shifted(base, accent_shift, min(max(lightness, 0.62), 0.8), 1.05)
    if 70.0 <= accent["hue"] <= 125.0:
        accent["lightness"] = 0.84  # yellows turn olive at mid lightness; keep them bright
    ink = _shifted(base, 0.0, 0.24, 0.35)
    return LogoColours(primary_hex, _hex(secondary), _hex(accent), _hex(ink), harmony)


def distance(first: str, second: str) -> float:
    """Perceptual colour difference (CIEDE2000)."""
    return float(Color(first).delta_e(second, method="2000"))
