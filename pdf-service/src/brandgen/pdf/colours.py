"""Colour facts printed in the guidelines: HEX, RGB, CMYK, HSL, contrast, colour-vision simulation."""

from __future__ import annotations

from functools import lru_cache

from coloraide import Color as Colour
from reportlab.lib.colors import Color, HexColor

CVD_FILTERS: dict[str, str] = {"protanopia": "protan", "deuteranopia": "deutan", "tritanopia": "tritan"}


def rl(hex_code: str) -> Color:
    """A ReportLab colour from `#rrggbb`."""
    return HexColor(hex_code)


def rgb(hex_code: str) -> tuple[int, int, int]:
    value = int(hex_code.lstrip("#"), 16)
    return (value >> 16) & 255, (value >> 8) & 255, value & 255


def cmyk(hex_code: str) -> tuple[int, int, int, int]:
    """Uncalibrated CMYK percentages (device conversion, no ICC profile): a starting point for print."""
    r, g, b = (channel / 255 for channel in rgb(hex_code))
    k = 1 - max(r, g, b)
    if k >= 1:
        return 0, 0, 0, 100
    c, m, y = ((1 - channel - k) / (1 - k) for channel in (r, g, b))
    return round(c * 100), round(m * 100), round(y * 100), round(k * 100)


def hsl(hex_code: str) -> tuple[int, int, int]:
    hue, saturation, lightness = Colour(hex_code).convert("hsl").coords(nans=False)
    return round(hue) % 360, round(saturation * 100), round(lightness * 100)


def describe(hex_code: str) -> dict[str, str]:
    """The four notations of one colour, as printed on a swatch."""
    r, g, b = rgb(hex_code)
    c, m, y, k = cmyk(hex_code)
    h, s, light = hsl(hex_code)
    return {
        "HEX": hex_code.upper(),
        "RGB": f"{r} {g} {b}",
        "CMYK": f"{c} {m} {y} {k}",
        "HSL": f"{h}° {s}% {light}%",
    }


@lru_cache(maxsize=4096)
def contrast(foreground: str, background: str) -> float:
    """WCAG 2.x contrast ratio."""
    return float(Colour(foreground).contrast(background, method="wcag21"))


def readable_on(background: str, light: str = "#ffffff", dark: str = "#111111") -> str:
    """Whichever of `light` and `dark` reads better on `background`."""
    return light if contrast(light, background) >= contrast(dark, background) else dark


@lru_cache(maxsize=4096)
def simulate(hex_code: str, deficiency: str) -> str:
    """How `hex_code` looks with a colour-vision deficiency (Brettel/Viénot via coloraide), as hex."""
    simulated = Colour(hex_code).filter(CVD_FILTERS[deficiency]).convert("srgb").fit("srgb")
    return str(simulated.to_string(hex=True))
