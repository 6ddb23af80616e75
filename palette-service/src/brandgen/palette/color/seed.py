"""Choose the seed colour: the requested one, else the logo's own colour, else the graph's pick.

A requested colour is kept exactly (a brand may mandate it). Without one, a chromatic dominant
colour of the chosen logo becomes the seed so the palette matches the mark the client received.
Otherwise the graph's best association for the industry and style is used. Either way the graph's
other colours are harmonised toward the seed when roles are derived (see roles.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from brandgen.palette.bkg.repository import ColorRecommendation
from brandgen.palette.color.hct import HctColor
from brandgen.palette.color.roles import ACHROMATIC

SeedSource = Literal["requested", "graph", "logo"]


@dataclass(frozen=True)
class SeedChoice:
    color: str
    source: SeedSource
    recommendation: ColorRecommendation | None


def rank_recommendations(
    colors: Sequence[ColorRecommendation], style_traits: Sequence[str]
) -> list[ColorRecommendation]:
    """Industry weight plus a bonus for each trait the colour shares with the style."""
    wanted = set(style_traits)
    return sorted(colors, key=lambda color: (-(color.weight + 0.15 * len(wanted & set(color.traits))), color.family))


def choose_seed(
    requested: str | None,
    logo_colors: Sequence[str],
    ranked: Sequence[ColorRecommendation],
) -> SeedChoice:
    top = ranked[0] if ranked else None
    if requested:
        return SeedChoice(requested.lower(), "requested", top)
    chromatic_logo = [color for color in logo_colors if HctColor.of(color).chroma >= ACHROMATIC]
    if chromatic_logo:
        return SeedChoice(chromatic_logo[0].lower(), "logo", top)
    if top is None:
        return SeedChoice("#1565c0", "graph", None)
    return SeedChoice(top.hex, "graph", top)
