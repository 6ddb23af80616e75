"""Post-processing on rasters (the SDXL path) and the vector building blocks."""

from __future__ import annotations

import io

import numpy as np
import pytest
import uharfbuzz as hb
from fontTools.pens.boundsPen import BoundsPen
from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont
from logo_test_helpers import png_pixels
from PIL import Image, ImageDraw

from brandgen.logo.processors.dominant_colours import dominant_colours
from brandgen.logo.processors.rasters import encode_ink_png, encode_png, recolour, remove_background, trim_and_pad
from brandgen.logo.processors.vectorise import vectorise
from brandgen.logo.utils.colours import distance
from brandgen.logo.utils.render import svg_to_image, svg_to_png, svg_to_png_resvg
from brandgen.logo.utils.svg import Drawing, Shape, to_svg
from brandgen.logo.utils.text_paths import MissingGlyphError, outline_text
from brandgen.shared.fonts import FontFace, face_for_text, find_face


def _generated_like() -> Image.Image:
    """A flat logo on an off-white background with faint noise, as a diffusion model gives."""
    rng = np.random.default_rng(0)
    image = Image.new("RGB", (200, 200), (246, 245, 240))
    draw = ImageDraw.Draw(image)
    draw.ellipse((40, 50, 140, 150), fill=(26, 115, 232))
    draw.rectangle((110, 90, 170, 130), fill=(244, 180, 0))
    noisy = np.array(image).astype(int) + rng.integers(-4, 5, (200, 200, 3))
    return Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8))


def test_background_removed_trimmed_and_padded() -> None:
    cleaned = trim_and_pad(remove_background(_generated_like()), clear_space=0.1)
    alpha = np.array(cleaned)[..., 3]
    assert cleaned.width == cleaned.height
    assert alpha[0].max() == 0, "clear space is transparent"
    assert alpha[:, 0].max() == 0, "clear space is transparent"
    rows, cols = np.nonzero(alpha > 8)
    margin = round(max(130, 100) * 0.1)
    assert cols.min() >= margin - 1
    assert rows.min() >= margin - 1
    assert alpha[cleaned.height // 2, cleaned.width // 2] == 255


def test_vectorised_raster_keeps_shape_and_colours() -> None:
    cleaned = trim_and_pad(remove_background(_generated_like()))
    drawing = vectorise(cleaned)
    assert any(distance(shape.role, "#1a73e8") < 3.0 for shape in drawing.shapes)
    assert any(distance(shape.role, "#f4b400") < 3.0 for shape in drawing.shapes)
    traced = png_pixels(svg_to_png(to_svg(drawing, {}), cleaned.width))
    original = np.array(cleaned)
    agreement = ((traced[..., 3] > 128) == (original[..., 3] > 128)).mean()
    assert agreement > 0.97
    colours = dominant_colours(Image.fromarray(traced))
    assert distance(colours[0], "#1a73e8") < 3.0, "the larger blue disc is the strongest colour"
    assert any(distance(colour, "#f4b400") < 3.0 for colour in colours[1:])


def test_cutouts_are_real_holes_in_every_renderer() -> None:
    disc = "M10 50 A40 40 0 1 1 90 50 A40 40 0 1 1 10 50 Z"
    hole = "M40 40 H60 V60 H40 Z"
    svg = to_svg(Drawing(100, 100, (Shape(disc, "primary", cutouts=(hole,)),)), {"primary": "#1a73e8"})
    for render in (svg_to_png, svg_to_png_resvg):
        alpha = png_pixels(render(svg, 100))[..., 3]
        assert alpha[50, 50] == 0
        assert alpha[50, 20] == 255


def test_rendered_image_has_the_pixels_of_the_rendered_png() -> None:
    # svg_to_image reads Cairo's premultiplied buffer directly; it must give what the PNG gives:
    # channels in order, anti-aliased edges un-premultiplied (to within rounding), clear space clear.
    disc = "M10 50 A40 40 0 1 1 90 50 A40 40 0 1 1 10 50 Z"
    bar = "M55 5 H95 V45 H55 Z"
    drawing = Drawing(100, 100, (Shape(disc, "primary"), Shape(bar, "accent")))
    svg = to_svg(drawing, {"primary": "#1a73e8", "accent": "#f4b400"})
    for width in (37, 256):
        image = svg_to_image(svg, width)
        assert image.mode == "RGBA"
        direct, via_png = np.asarray(image).astype(int), png_pixels(svg_to_png(svg, width)).astype(int)
        assert direct.shape == via_png.shape
        assert np.abs(direct - via_png).max() <= 1
        assert ((direct[..., 3] > 0) & (direct[..., 3] < 255)).any(), "edges are anti-aliased"
    centre = np.asarray(svg_to_image(svg, 100))[50, 30]
    assert tuple(centre) == (0x1A, 0x73, 0xE8, 255)


def test_one_ink_png_is_indexed_and_decodes_to_the_recoloured_image() -> None:
    # The monochrome and inverse rasters: every alpha level of an anti-aliased render must survive.
    disc = "M10 50 A40 40 0 1 1 90 50 A40 40 0 1 1 10 50 Z"
    render = svg_to_image(to_svg(Drawing(100, 100, (Shape(disc, "primary"),)), {"primary": "#1a73e8"}), 300)
    assert len(np.unique(np.asarray(render)[..., 3])) > 50
    for ink in ("#111111", "#ffffff", "#c0ffee"):
        png = encode_ink_png(render, ink)
        assert Image.open(io.BytesIO(png)).mode == "P"
        assert (png_pixels(png) == np.asarray(recolour(render, ink))).all()
        assert len(png) < len(encode_png(recolour(render, ink)))


def _drawn_afresh(
    text: str, face: FontFace, size: float, spacing: float, origin: tuple[float, float]
) -> tuple[list[str], tuple[float, float, float, float]]:
    """The oracle: shape with HarfBuzz, then have fontTools draw every glyph where it lands."""
    hb_face = hb.Face(hb.Blob.from_file_path(str(face.path)), face.index)
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    hb.shape(hb.Font(hb_face), buffer, {"kern": True, "liga": True})
    font = TTFont(face.path, fontNumber=face.index)
    glyph_set, order = font.getGlyphSet(), font.getGlyphOrder()
    scale = size / hb_face.upem
    tracking = 0.0 if buffer.script == "Arab" else spacing * hb_face.upem
    bounds, paths, x = BoundsPen(glyph_set), [], 0.0
    for info, position in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True):
        at = (scale, 0, 0, -scale, origin[0] + (x + position.x_offset) * scale, origin[1] - position.y_offset * scale)
        pen = SVGPathPen(glyph_set, ntos=lambda value: f"{value:.2f}".rstrip("0").rstrip("."))
        glyph_set[order[info.codepoint]].draw(TransformPen(pen, at))
        glyph_set[order[info.codepoint]].draw(TransformPen(bounds, at))
        paths.append(pen.getCommands())
        x += position.x_advance + tracking
    assert bounds.bounds is not None
    return paths, bounds.bounds


@pytest.mark.parametrize(
    ("family", "text"),
    [("Inter", "Acme Robotics"), ("Lato", "Wave & Co. AV"), ("Noto Sans Arabic", "شركة النور")],
)
def test_text_outlines_are_what_the_font_draws(family: str, text: str) -> None:
    # outline_text replays each glyph's drawing, recorded once; for CFF (Inter) and TrueType faces,
    # Latin with kerning and joined Arabic, twice over (the second time from the recordings).
    face = find_face(family)
    assert face is not None
    expected_paths, expected_bounds = _drawn_afresh(text, face, 37.5, 0.05, (12.0, 80.0))
    for _ in range(2):
        outline = outline_text(text, face, 37.5, letter_spacing=0.05, origin=(12.0, 80.0))
        assert list(outline.glyphs) == expected_paths
        assert outline.bounds == pytest.approx(expected_bounds)


def test_arabic_is_shaped_joined_and_right_to_left() -> None:
    face = face_for_text("نور", ["Noto Sans Arabic"])
    joined = outline_text("نور", face, 100)
    isolated = [outline_text(char, face, 100).glyph_ids[0] for char in "نور"]
    assert joined.direction == "rtl"
    assert list(joined.glyph_ids) != isolated
    assert list(joined.glyph_ids) != isolated[::-1]
    assert 0 not in joined.glyph_ids


def test_missing_glyphs_raise_instead_of_drawing_boxes() -> None:
    latin_only = find_face("Lato")
    assert latin_only is not None
    try:
        outline_text("東京", latin_only, 100)
    except MissingGlyphError:
        pass
    else:
        raise AssertionError("a face without the glyphs must not draw .notdef boxes")
    assert 0 not in outline_text("東京", face_for_text("東京", ["Lato"]), 100).glyph_ids
