"""WCAG 2.2 contrast ratio (coloraide) and APCA lightness contrast (advisory).

The ratio follows WCAG 2.2's own definition of relative luminance (coefficients 0.2126, 0.7152,
0.0722; sRGB threshold 0.04045) so pass/fail at the boundary is what the success criteria say;
coloraide's `contrast(method="wcag21")` derives the coefficients from its XYZ matrix and can differ
in the fourth decimal, which is enough to flip a pair sitting at 4.5. Ratios are never rounded.
coloraide 8 no longer ships APCA, so APCA-W3 0.0.98G-4g is written out from its published constants.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

ContrastKind = Literal["text", "large_text", "ui"]

# Success criteria: 1.4.3 (AA), 1.4.6 (AAA), 1.4.11 (non-text, AA only).
AA: dict[str, float] = {"text": 4.5, "large_text": 3.0, "ui": 3.0}
AAA: dict[str, float] = {"text": 7.0, "large_text": 4.5, "ui": 3.0}


def _linear(channel: int) -> float:
    value = channel / 255.0
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


@lru_cache(maxsize=4096)
def relative_luminance(hex_color: str) -> float:
    red, green, blue = (_linear(int(hex_color[i : i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


@lru_cache(maxsize=8192)
def contrast_ratio(foreground: str, background: str) -> float:
    lighter, darker = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def passes(ratio: float, kind: str, *, level: Literal["AA", "AAA"] = "AA") -> bool:
    return ratio >= (AA if level == "AA" else AAA)[kind]


# APCA-W3 0.0.98G-4g constants (https://github.com/Myndex/apca-w3, W3C licence).
_MAIN_TRC = 2.4
_COEF = (0.2126729, 0.7151522, 0.0721750)
_BLK_THRS, _BLK_CLMP = 0.022, 1.414
_NORM_BG, _NORM_TXT, _REV_TXT, _REV_BG = 0.56, 0.57, 0.62, 0.65
_SCALE, _LO_OFFSET, _LO_CLIP, _DELTA_Y_MIN = 1.14, 0.027, 0.1, 0.0005


def _apca_y(hex_color: str) -> float:
    channels = (int(hex_color[i : i + 2], 16) / 255.0 for i in (1, 3, 5))
    y = sum(coef * channel**_MAIN_TRC for coef, channel in zip(_COEF, channels, strict=True))
    return float(y + (_BLK_THRS - y) ** _BLK_CLMP if y < _BLK_THRS else y)


@lru_cache(maxsize=8192)
def apca_lc(text: str, background: str) -> float:
    """APCA Lc of `text` on `background`: positive for dark on light, negative for light on dark."""
    text_y, background_y = _apca_y(text), _apca_y(background)
    if abs(background_y - text_y) < _DELTA_Y_MIN:
        return 0.0
    if background_y > text_y:
        sapc = (background_y**_NORM_BG - text_y**_NORM_TXT) * _SCALE
        return 0.0 if sapc < _LO_CLIP else (sapc - _LO_OFFSET) * 100.0
    sapc = (background_y**_REV_BG - text_y**_REV_TXT) * _SCALE
    return 0.0 if sapc > -_LO_CLIP else (sapc + _LO_OFFSET) * 100.0
