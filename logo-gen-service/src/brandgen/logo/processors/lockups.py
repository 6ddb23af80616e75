"""Lockups: how a design's mark and name sit together (icon, wordmark, combination, stacked).

All sizes are relative to the mark's 100-unit box; the SVG scales without loss and the PNG sizes
are taken from it later. Clear space around each lockup follows the common rule of a fraction
of the mark's height.
"""

from __future__ import annotations

from functools import lru_cache

from brandgen.logo.models.design import LogoDesign
from brandgen.logo.utils import geometry as g
from brandgen.logo.utils.svg import Drawing, Shape
from brandgen.logo.utils.text_paths import TextOutline, outline_mixed
from brandgen.shared.contracts import Lockup
from brandgen.shared.fonts import FC_REGULAR, FontFace, face_for_text

ICON_CLEAR_SPACE = 0.1  # of the icon's side, on every side
TEXT_SIZE = 100.0


def display_name(design: LogoDesign) -> str:
    """The name as the wordmark shows it: upper case for styles that track out capitals."""
    name = design.name.strip()
    return name.upper() if design.typography.uppercase and name.upper() != name.lower() else name


def _text_at_origin(text: str, design: LogoDesign) -> TextOutline:
    """The name's outline with its ink box starting at (0, 0)."""
    return _outline_at_origin(text, design.face, design.typography.letter_spacing)


@lru_cache(maxsize=128)
def _outline_at_origin(text: str, face: FontFace, spacing: float) -> TextOutline:
    # Cached: the contrast check, the scores and every lockup draw the same name again.
    probe = outline_mixed(text, face, TEXT_SIZE, letter_spacing=spacing)
    return outline_mixed(text, face, TEXT_SIZE, letter_spacing=spacing, origin=(-probe.bounds[0], -probe.bounds[1]))


def wordmark_content(design: LogoDesign) -> Drawing:
    """The name with its accent, tight to the ink (no clear space)."""
    text = _text_at_origin(display_name(design), design)
    width, height = text.width, text.height
    accent = design.wordmark_accent
    if accent in ("dot", "first") and text.direction == "rtl":
        accent = "bar"  # a trailing dot or a coloured first glyph reads wrongly in right-to-left text
    # On white the accent must reach 3:1 too; when the palette's accent is made for a dark tile, the
    # name's own accessible colour draws it.
    accent_role = "text" if design.colours.ground else "accent"
    shapes: list[Shape] = []
    if accent == "first" and len(text.glyphs) > 1:
        shapes.append(Shape(text.glyphs[0], accent_role, group="wordmark"))
        shapes.append(Shape(" ".join(text.glyphs[1:]), design.text_role, group="wordmark"))
    else:
        shapes.append(Shape(text.d, design.text_role, group="wordmark"))
    if accent == "dot":
        radius = height * 0.12
        shapes.append(Shape(g.circle(width + radius * 2.2, height - radius, radius), accent_role, group="wordmark"))
        width += radius * 3.2
    elif accent == "bar":
        bar_height = max(height * 0.09, 3.0)
        shapes.append(
            Shape(
                g.rounded_rect(0, height + bar_height * 1.6, width * 0.32, bar_height, bar_height / 2),
                accent_role,
                group="wordmark",
            )
        )
        height += bar_height * 2.6
    return Drawing(width, height, tuple(shapes), title=design.name)


def icon_drawing(design: LogoDesign) -> Drawing:
    margin = 100 * ICON_CLEAR_SPACE
    side = 100 + 2 * margin
    return Drawing(side, side, design.mark.drawing.placed(margin, margin), title=design.name)


def wordmark_drawing(design: LogoDesign) -> Drawing:
    content = wordmark_content(design)
    margin = min(content.height, 100) * 0.3
    return Drawing(
        content.width + 2 * margin, content.height + 2 * margin, content.placed(margin, margin), title=design.name
    )


def tagline_face(design: LogoDesign, tagline: str) -> FontFace:
    """The regular weight of the name's family, or a face that has the tagline's glyphs (the one
    for its first letter when no face has them all: `outline_mixed` borrows for the rest)."""
    try:
        return face_for_text(tagline, [design.face.family], weight=FC_REGULAR)
    except LookupError:
        first = next((char for char in tagline if char.isalnum()), tagline[:1])
        return face_for_text(first, [design.face.family], weight=FC_REGULAR)


def combination_drawing(design: LogoDesign, tagline: str | None = None) -> Drawing:
    """Mark left, name right, the name's ink about half the mark's height, optional tagline below."""
    content = wordmark_content(design)
    text_height = 46.0
    scale = text_height / max(content.height, 1e-6)
    text_width = content.width * scale
    gap = 22.0
    margin = 14.0
    shapes = list(design.mark.drawing.placed(margin, margin))
    text_x = margin + 100 + gap
    text_y = margin + (100 - text_height) / 2
    tagline_shapes: tuple[Shape, ...] = ()
    width = text_x + text_width + margin
    if tagline:
        tag_face = tagline_face(design, tagline)
        probe = outline_mixed(tagline, tag_face, TEXT_SIZE)
        tag = outline_mixed(tagline, tag_face, TEXT_SIZE, origin=(-probe.bounds[0], -probe.bounds[1]))
        tag_scale = 15.0 / max(tag.height, 1e-6)
        text_y = margin + 100 / 2 - text_height + 4
        tagline_content = Drawing(tag.width, tag.height, (Shape(tag.d, "ink", group="tagline"),))
        tagline_shapes = tagline_content.placed(text_x, text_y + text_height + 12, tag_scale)
        width = max(width, text_x + tag.width * tag_scale + margin)
    shapes.extend(content.placed(text_x, text_y, scale))
    shapes.extend(tagline_shapes)
    return Drawing(width, 100 + 2 * margin, tuple(shapes), title=design.name)


def stacked_drawing(design: LogoDesign) -> Drawing:
    """Mark above the name, both centred: for square and tall spaces (signs, avatars, app stores)."""
    content = wordmark_content(design)
    text_height = 34.0
    scale = text_height / max(content.height, 1e-6)
    text_width = content.width * scale
    gap = 18.0
    margin = 14.0
    width = max(100.0, text_width) + 2 * margin
    shapes = list(design.mark.drawing.placed((width - 100) / 2, margin))
    shapes.extend(content.placed((width - text_width) / 2, margin + 100 + gap, scale))
    return Drawing(width, 100 + gap + text_height + 2 * margin, tuple(shapes), title=design.name)


def lockup_drawing(design: LogoDesign, lockup: Lockup, tagline: str | None = None) -> Drawing:
    if lockup == "icon":
        return icon_drawing(design)
    if lockup == "wordmark":
        return wordmark_drawing(design)
    if lockup == "stacked":
        return stacked_drawing(design)
    return combination_drawing(design, tagline)


def candidate_drawing(design: LogoDesign) -> Drawing:
    """How a candidate is shown: the concept itself (marks alone, a wordmark, or mark plus name)."""
    if design.concept == "wordmark":
        return wordmark_drawing(design)
    if design.concept == "combination":
        return combination_drawing(design)
    return icon_drawing(design)
