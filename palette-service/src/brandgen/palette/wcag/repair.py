"""Repair a failing pair by moving the foreground's lightness (HCT tone) while its hue stays.

The search runs on the side of the background where contrast grows monotonically with distance
(darker or lighter), finds the nearest tone that reaches the target, and checks the final 8-bit
colour, since rounding can cost a hundredth of a ratio.

Rounding to 8 bits can also turn the hue: in dark or greyish colours one channel step is a large
share of the colour, and the nearest 8-bit colour to a tone-8 teal can sit 4 degrees off it. So the
rounded colour is checked against the hue it was meant to have, and where it strays, the 8-bit
neighbours of the nearby tones are tried and the one closest in hue that still passes is kept.
"""

from __future__ import annotations

import itertools

from brandgen.palette.color.hct import HctColor, from_hct, hue_distance
from brandgen.palette.wcag.contrast import contrast_ratio

_STEPS = 14  # binary-search halvings: about 0.006 of a tone
HUE_KEPT = 1.0
"""Degrees of hue error that need no better rounding (the palette promises at most 3)."""
_EXTRA_TONES = 8  # quarter tones tried beyond the nearest passing one when rounding turns the hue
_NUDGES = tuple(itertools.product((-1, 0, 1), repeat=3))  # 8-bit steps per channel around a rounding


def _hue_error(hex_color: str, hue: float) -> float:
    return hue_distance(HctColor.of(hex_color).hue, hue)


def _neighbours(hex_color: str) -> list[str]:
    """`hex_color` and the 8-bit colours one step away from it in any channels."""
    red, green, blue = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    found: list[str] = []
    for dr, dg, db in _NUDGES:
        channels = (red + dr, green + dg, blue + db)
        if all(0 <= channel <= 255 for channel in channels):
            found.append("#{:02x}{:02x}{:02x}".format(*channels))
    return found


def _best_rounding(hue: float, chroma: float, tone: float, step: float, background: str, target: float) -> str:
    """The passing 8-bit colour closest in hue to `hue`, from tones at and beyond `tone` (in `step`s).

    Beyond `tone` means further from the background, so contrast only grows; the first candidate
    already passes, so there is always an answer. Ties go to the smaller move in tone.
    """
    best: tuple[float, int, str] | None = None
    for index in range(_EXTRA_TONES + 1):
        rounded = from_hct(hue, chroma, tone + index * step)
        for candidate in _neighbours(rounded):
            if contrast_ratio(candidate, background) < target:
                continue
            key = (round(_hue_error(candidate, hue), 2), index, candidate)
            if best is None or key < best:
                best = key
        if best is not None and best[0] <= HUE_KEPT:
            break
    assert best is not None  # tone + 0 * step passed before this was called
    return best[2]


def _search(hue: float, chroma: float, start: float, end: float, background: str, target: float) -> str | None:
    """Tone nearest `start`, towards `end`, whose colour reaches `target`; None if even `end` fails."""
    if contrast_ratio(from_hct(hue, chroma, end), background) < target:
        return None
    near, far = start, end
    for _ in range(_STEPS):
        middle = (near + far) / 2.0
        if contrast_ratio(from_hct(hue, chroma, middle), background) >= target:
            far = middle
        else:
            near = middle
    tone = far
    step = 0.25 if end > start else -0.25
    candidate = from_hct(hue, chroma, tone)
    while contrast_ratio(candidate, background) < target and 0.0 <= tone <= 100.0:
        tone += step
        candidate = from_hct(hue, chroma, tone)
    if contrast_ratio(candidate, background) < target:
        return None
    if _hue_error(candidate, hue) <= HUE_KEPT:
        return candidate
    return _best_rounding(hue, chroma, tone, step, background, target)


def repair_foreground(foreground: str, background: str, target: float, *, hue: float | None = None) -> str:
    """The colour nearest in lightness to `foreground`, same hue, reaching `target` against `background`.

    `hue` is the hue the colour is meant to have (a theme token's role hue) when `foreground` is
    itself already a rounding of it; by default the foreground's own hue.
    """
    if contrast_ratio(foreground, background) >= target:
        return foreground
    fg = HctColor.of(foreground)
    aim = fg.hue if hue is None else hue
    bg_tone = HctColor.of(background).tone
    options: list[tuple[float, str]] = []
    darker = _search(aim, fg.chroma, min(fg.tone, bg_tone), 0.0, background, target)
    if darker is not None:
        options.append((abs(HctColor.of(darker).tone - fg.tone), darker))
    lighter = _search(aim, fg.chroma, max(fg.tone, bg_tone), 100.0, background, target)
    if lighter is not None:
        options.append((abs(HctColor.of(lighter).tone - fg.tone), lighter))
    if not options:
        # Unreachable at this hue: plain black or white, whichever is stronger (always >= 4.58:1).
        return max(("#000000", "#ffffff"), key=lambda extreme: contrast_ratio(extreme, background))
    return min(options)[1]
