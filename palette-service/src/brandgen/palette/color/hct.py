"""HCT (hue, chroma, tone) helpers over materialyoucolor, on `#rrggbb` strings.

HCT tone is CIE L*, so tones order colours by lightness; the solver keeps hue while it reduces
chroma to stay in sRGB, which is why tonal scales and repairs are done here.
"""

from __future__ import annotations

from dataclasses import dataclass

from materialyoucolor.blend.blend import Blend
from materialyoucolor.hct.hct import Hct
from materialyoucolor.palettes.tonal_palette import TonalPalette


def argb(hex_color: str) -> int:
    return 0xFF000000 | int(hex_color[1:7], 16)


def hex_of(argb_value: int) -> str:
    return f"#{argb_value & 0xFFFFFF:06x}"


@dataclass(frozen=True)
class HctColor:
    hue: float
    chroma: float
    tone: float

    @classmethod
    def of(cls, hex_color: str) -> HctColor:
        hct = Hct.from_int(argb(hex_color))
        return cls(hct.hue, hct.chroma, hct.tone)


def from_hct(hue: float, chroma: float, tone: float) -> str:
    return hex_of(Hct.from_hct(hue % 360.0, max(chroma, 0.0), min(max(tone, 0.0), 100.0)).to_int())


def tonal_palette(hex_color: str) -> TonalPalette:
    return TonalPalette.from_int(argb(hex_color))


def harmonize(design_color: str, source_color: str) -> str:
    """Rotate `design_color`'s hue up to 15 degrees toward `source_color` (Material's Blend.harmonize)."""
    return hex_of(Blend.harmonize(argb(design_color), argb(source_color)))


def hue_distance(first: float, second: float) -> float:
    return 180.0 - abs(abs(first - second) % 360.0 - 180.0)
