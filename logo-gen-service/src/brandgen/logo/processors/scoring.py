"""Score the candidates and choose the best: fit to the company, legibility at 16 px, contrast of every
ink (measured on a render), and distinctness from the other candidates.

A candidate whose weakest ink is under 3:1 cannot be chosen (its total is 0), whatever else it does well.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PIL import Image

from brandgen.logo.models.design import LogoDesign
from brandgen.logo.processors.contrast import weakest
from brandgen.logo.processors.lockups import icon_drawing
from brandgen.logo.utils.colours import MARK_CONTRAST
from brandgen.logo.utils.render import svg_to_image
from brandgen.logo.utils.svg import to_svg
from brandgen.shared.contracts import CandidateScore

WEIGHTS = {"fit": 0.45, "legibility": 0.2, "contrast": 0.15, "distinctness": 0.2}
FAVICON = 16
_DETAIL = 64
_COMPARE = 48


def _grey(image: Image.Image) -> np.ndarray:
    """Luminance of `image` composited on white, 0..1."""
    white = Image.new("RGBA", image.size, "#ffffff")
    return np.asarray(Image.alpha_composite(white, image.convert("RGBA")).convert("L"), dtype=np.float32) / 255


def _mark_svg(design: LogoDesign) -> str:
    return to_svg(icon_drawing(design), design.colours.as_roles())


def legibility(design: LogoDesign) -> float:
    """How much of the mark survives at favicon size: the 16 px render scaled back up, against a
    64 px render. Hairlines and small counters blur away; bold simple shapes stay."""
    svg = _mark_svg(design)
    detail = _grey(svg_to_image(svg, _DETAIL))
    small = svg_to_image(svg, FAVICON).resize((_DETAIL, _DETAIL), Image.Resampling.BILINEAR)
    lost = float(np.abs(detail - _grey(small)).mean())
    return round(max(0.0, 1.0 - lost * 4.0), 3)


def distinctness(renders: Sequence[np.ndarray]) -> list[float]:
    """For each mark, how far it is from the nearest other one (mean luminance difference, 0.25 = 1)."""
    found = []
    for index, render in enumerate(renders):
        gaps = [float(np.abs(render - other).mean()) for j, other in enumerate(renders) if j != index]
        found.append(round(min(1.0, min(gaps, default=0.25) / 0.25), 3))
    return found


def score_candidates(designs: Sequence[LogoDesign]) -> dict[str, CandidateScore]:
    renders = [_grey(svg_to_image(_mark_svg(design), _COMPARE)) for design in designs]
    apart = distinctness(renders)
    scores = {}
    for design, distinct in zip(designs, apart, strict=True):
        ratio = weakest(design)
        parts = {
            "fit": round(design.fit, 3),
            "legibility": legibility(design),
            "contrast": round(min(1.0, ratio / 4.5), 3),
            "distinctness": distinct,
        }
        total = sum(WEIGHTS[name] * value for name, value in parts.items()) if ratio >= MARK_CONTRAST else 0.0
        scores[design.id] = CandidateScore(total=round(total, 4), min_contrast=round(ratio, 2), **parts)
    return scores


def choose(designs: Sequence[LogoDesign], scores: dict[str, CandidateScore]) -> str:
    """The best total; on a tie, the earlier candidate (the style's preferred concept comes first)."""
    return max(designs, key=lambda design: (scores[design.id].total, -designs.index(design))).id
