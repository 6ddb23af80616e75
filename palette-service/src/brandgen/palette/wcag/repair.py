"""Repair a failing pair by moving the foreground's lightness (HCT tone) while its hue stays.

The search runs on the side of the background where contrast grows monotonically with distance
(darker or lighter), finds the nearest tone that reaches the target, and checks the final 8-bit
colour, since rounding can cost a hundredth of a ratio.
"""

from __future__ import annotations

from brandgen.palette.color.hct import HctColor, from_hct
from brandgen.palette.wcag.contrast import contrast_ratio

_STEPS = 14  # binary-search halvings: about 0.006 of a tone


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
    return candidate if contrast_ratio(candidate, background) >= target else None


def repair_foreground(foreground: str, background: str, target: float) -> str:
    """The colour nearest in lightness to `foreground`, same hue, reaching `target` against `background`."""
    if contrast_ratio(foreground, background) >= target:
        return foreground
    fg = HctColor.of(foreground)
    bg_tone = HctColor.of(background).tone
    options: list[tuple[float, str]] = []
    darker = _search(fg.hue, fg.chroma, min(fg.tone, bg_tone), 0.0, background, target)
    if darker is not None:
        options.append((abs(HctColor.of(darker).tone - fg.tone), darker))
    lighter = _search(fg.hue, fg.chroma, max(fg.tone, bg_tone), 100.0, background, target)
    if lighter is not None:
        options.append((abs(HctColor.of(lighter).tone - fg.tone), lighter))
    if not options:
        # Unreachable at this hue: plain black or white, whichever is stronger (always >= 4.58:1).
        return max(("#000000", "#ffffff"), key=lambda extreme: contrast_ratio(extreme, background))
    return min(options)[1]
