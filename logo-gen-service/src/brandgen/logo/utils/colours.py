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


BACKGROUND = "#ffffff"  # candidates and full-colour lockups are shown on white
MARK_CONTRAST = 3.0  # WCAG 1.4.11 non-text contrast; also large text (1.4.3): every ink must reach it
_MARGIN = 0.15  # aim a little above, so anti-aliasing and rounding never land an ink just under


@dataclass(frozen=True)
class LogoColours:
    primary: str
    secondary: str
    accent: str
    ink: str  # text on light backgrounds: a near-black of the primary's hue
    harmony: Harmony
    # A mandated primary too light (or too dark) to stand on white keeps its colour in the mark, which
    # then sits on a tile of `ground`; the name is set in the accessible `text` colour instead.
    ground: str | None = None
    text: str | None = None  # the colour the name is set in when the primary cannot carry it

    def as_roles(self) -> dict[str, str]:
        roles = {"primary": self.primary, "secondary": self.secondary, "accent": self.accent, "ink": self.ink}
        roles["ground"] = self.ground or BACKGROUND
        roles["text"] = self.text or self.primary
        return roles


def contrast(first: str, second: str) -> float:
    """WCAG 2.x contrast ratio (1..21)."""
    return float(Color(first).contrast(second, method="wcag21"))


def readable(colour: str, against: str, minimum: float = MARK_CONTRAST) -> str:
    """`colour` with its OKLCH lightness moved away from `against` until the pair reaches `minimum`,
    hue and chroma kept as far as the gamut allows; unchanged when it already does."""
    if contrast(colour, against) >= minimum + _MARGIN / 2:
        return colour.lower()
    base = Color(colour).convert("oklch")
    darker = Color(against).luminance() > 0.18  # move toward black on light grounds, white on dark
    lightness = base["lightness"]
    for _ in range(60):
        lightness = lightness - 0.015 if darker else lightness + 0.015
        candidate = base.clone()
        candidate["lightness"] = min(max(lightness, 0.0), 1.0)
        hex_code = _hex(candidate)
        if contrast(hex_code, against) >= minimum + _MARGIN or not 0.0 < lightness < 1.0:
            return hex_code
    return "#000000" if darker else "#ffffff"


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


def logo_colours(primary: str, rng: random.Random, *, mandated: bool = False) -> LogoColours:
    """Colours for one candidate: a seeded harmony around the primary, every ink readable on its ground.

    A `mandated` primary (the request's) is kept exactly; when it cannot reach 3:1 on white, the mark
    stands on a tile of the ink and the name takes the accessible alternative. A primary from the
    knowledge graph is darkened (or lightened) until it reaches 3:1 on white."""
    primary_hex = primary.lower() if mandated else readable(primary, BACKGROUND)
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
    ink = _hex(_shifted(base, 0.0, 0.24, 0.35))
    if contrast(primary_hex, BACKGROUND) >= MARK_CONTRAST:
        return LogoColours(
            primary_hex, readable(_hex(secondary), BACKGROUND), readable(_hex(accent), BACKGROUND), ink, harmony
        )
    # On the ink tile: the companions must read on the tile; the name, on white, takes the ink.
    ink = readable(ink, primary_hex, 4.5)
    return LogoColours(
        primary_hex, readable(_hex(secondary), ink), readable(_hex(accent), ink), ink, harmony, ground=ink, text=ink
    )


def distance(first: str, second: str) -> float:
    """Perceptual colour difference (CIEDE2000)."""
    return float(Color(first).delta_e(second, method="2000"))
