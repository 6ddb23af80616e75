"""Every ink of a logo against what it is drawn on, measured on a render, not taken from the generator.

The SVG is rendered on the white it is shown on; each pixel is labelled with the ink (or the white)
it shows, anti-aliased edge pixels left out; for each ink, the pixels just outside its own area say
what it sits on. An ink must reach 3:1 (WCAG 1.4.11 non-text contrast, 1.4.3 large text) against the
colour it borders most: white for a mark or a name on the page, the mark for a letter knocked into it,
the tile for a mark on a tile, and any other colour that makes up a quarter of its border.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
from PIL import Image

from brandgen.logo.models.design import LogoDesign
from brandgen.logo.processors.lockups import combination_drawing, icon_drawing
from brandgen.logo.utils.colours import BACKGROUND, MARK_CONTRAST, contrast, readable
from brandgen.logo.utils.render import svg_to_image
from brandgen.logo.utils.svg import colour_for, to_svg

CHECK_WIDTH = 360
MARK_CHECK_WIDTH = 200
_FILL = re.compile(r'fill="(#[0-9a-fA-F]{6})"')
_TOLERANCE = 6  # per channel: a pixel within this of an ink shows that ink; others are edges
_RING = 2  # pixels around an ink's area that say what it sits on
_MIN_PIXELS = 12  # an ink smaller than this at CHECK_WIDTH is a speck, not something to read
_SHARE = 0.25  # besides the colour it borders most, any colour making up this much of its border counts


@dataclass(frozen=True)
class InkContrast:
    ink: str
    ground: str  # the colour it borders most
    ratio: float
    pixels: int


def _rgb(hex_code: str) -> tuple[int, int, int]:
    return int(hex_code[1:3], 16), int(hex_code[3:5], 16), int(hex_code[5:7], 16)


def _dilate(mask: np.ndarray, radius: int) -> np.ndarray:
    """A square dilation, separable: rows then columns, by shifted slices."""
    rows = mask.copy()
    for shift in range(1, radius + 1):
        rows[shift:] |= mask[:-shift]
        rows[:-shift] |= mask[shift:]
    grown = rows.copy()
    for shift in range(1, radius + 1):
        grown[:, shift:] |= rows[:, :-shift]
        grown[:, :-shift] |= rows[:, shift:]
    return grown


def _labels(image: Image.Image, palette: list[tuple[int, int, int]]) -> np.ndarray:
    """Per pixel of `image` composited on `palette[0]` (padded by _RING of it), the index of the
    palette colour it shows, or -1 (an anti-aliased edge).

    In integers scaled by 255, so the composite needs no rounding: a channel shows a colour when
    |p * a + g * (255 - a) - 255 * c| <= 255 * tolerance, exactly the float test. Channel by channel,
    as numpy reduces a short last axis (max over RGB) many times slower than it compares planes.
    """
    pixels = np.asarray(image.convert("RGBA"))
    alpha = pixels[..., 3].astype(np.int32)
    height, width = alpha.shape
    planes = []
    for channel, ground in enumerate(palette[0]):
        plane = np.full((height + 2 * _RING, width + 2 * _RING), 255 * ground, dtype=np.int32)
        plane[_RING:-_RING, _RING:-_RING] = pixels[..., channel] * alpha + ground * (255 - alpha)
        planes.append(plane)
    labels = np.full(planes[0].shape, -1, dtype=np.int16)
    for index, colour in enumerate(palette):
        close = labels == -1
        for plane, value in zip(planes, colour, strict=True):
            close &= np.abs(plane - 255 * value) <= 255 * _TOLERANCE
        labels[close] = index
    return labels


@lru_cache(maxsize=64)
def ink_contrasts(svg: str, width: int = CHECK_WIDTH, background: str = BACKGROUND) -> tuple[InkContrast, ...]:
    """Each ink of `svg` (its fill colours) with the colour it borders most and their contrast ratio."""
    inks = sorted({fill.lower() for fill in _FILL.findall(svg)} - {background})
    palette = [background, *inks]
    labels = _labels(svg_to_image(svg, width), [_rgb(colour) for colour in palette])
    found = []
    for index, ink in enumerate(palette[1:], start=1):
        mask = labels == index
        if mask.sum() < _MIN_PIXELS:
            continue
        ring = _dilate(mask, _RING) & ~mask
        neighbours = labels[ring]
        neighbours = neighbours[neighbours >= 0]
        if neighbours.size == 0:
            continue
        counts = np.bincount(neighbours, minlength=len(palette))
        shares = counts / counts.sum()
        for ground_index in {int(counts.argmax()), *np.flatnonzero(shares >= _SHARE).tolist()}:
            if ground_index != index:
                ground_colour = palette[ground_index]
                found.append(InkContrast(ink, ground_colour, contrast(ink, ground_colour), int(mask.sum())))
    return tuple(found)


def design_checks(design: LogoDesign) -> tuple[InkContrast, ...]:
    """Every ink a lockup can show: the mark alone at icon size (its small details are large enough to
    measure there) and the mark with the name (the combination lockup)."""
    roles = design.colours.as_roles()
    return (
        *ink_contrasts(to_svg(icon_drawing(design), roles), MARK_CHECK_WIDTH),
        *ink_contrasts(to_svg(combination_drawing(design), roles)),
    )


def weakest(design: LogoDesign) -> float:
    """The lowest ratio of any ink of the design against what it sits on (21 when nothing to read)."""
    return min((check.ratio for check in design_checks(design)), default=21.0)


def repair(design: LogoDesign, attempts: int = 4) -> LogoDesign:
    """Change what fails, checked again on a fresh render each time: the name goes to the ink, a
    failing wordmark accent is dropped, a failing mark ink is redrawn in the first of the design's
    colours (or white, a knock-out) that reads against what it sits on."""
    for _ in range(attempts):
        failures = [check for check in design_checks(design) if check.ratio < MARK_CONTRAST]
        if not failures:
            return design
        for failure in failures:
            design = _fix(design, failure)
    if all(check.ratio >= MARK_CONTRAST for check in design_checks(design)):
        return design
    return _single_colour(design)


def _single_colour(design: LogoDesign) -> LogoDesign:
    """The last resort: the mark in its brand colour alone (on its tile, if it has one), the name in
    the ink. Shapes of one colour need no contrast with each other, and the brand colour reaches 3:1 on
    what it sits on by construction (logo_colours)."""
    ground = "ground"
    shapes = tuple(
        replace(shape, role=ground if shape.role == ground else "primary") for shape in design.mark.drawing.shapes
    )
    mark = replace(design.mark, drawing=replace(design.mark.drawing, shapes=shapes))
    return replace(design, mark=mark, text_role="ink", wordmark_accent="none")


def _fix(design: LogoDesign, failure: InkContrast) -> LogoDesign:
    roles = design.colours.as_roles()
    if roles.get(design.text_role) == failure.ink and design.text_role != "ink":
        return replace(design, text_role="ink")
    accent_role = "text" if design.colours.ground else "accent"
    if roles[accent_role] == failure.ink and design.wordmark_accent != "none":
        design = replace(design, wordmark_accent="none")
    ink, against = failure.ink, failure.ground
    if ink == roles["primary"] and against != BACKGROUND:
        ink, against = against, ink  # keep the brand colour; redraw what sits next to it
    # The design's own colours first, then the same hues moved in lightness, then ink or a knock-out.
    choices = [roles["accent"], roles["secondary"]]
    choices += [readable(roles["secondary"], against), readable(roles["accent"], against)]
    choices += [roles["ink"], "#ffffff", roles["primary"]]
    usable = [c for c in choices if c != ink and contrast(c, against) >= MARK_CONTRAST + 0.1]
    if not usable:
        return design
    both = [c for c in usable if contrast(c, BACKGROUND) >= MARK_CONTRAST + 0.1]
    # Nothing reads on both the page and its neighbour: white, which merges with the page and reads as
    # a cut through the neighbour (the checker treats the page's white as background, not as an ink).
    new = both[0] if both else BACKGROUND
    shapes = tuple(
        replace(shape, role=new) if colour_for(shape.role, "full_color", roles) == ink else shape
        for shape in design.mark.drawing.shapes
    )
    drawing = replace(design.mark.drawing, shapes=shapes)
    return replace(design, mark=replace(design.mark, drawing=drawing))
