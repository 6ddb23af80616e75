"""Text to SVG outlines: shaped with HarfBuzz, drawn with fontTools pens.

Shaping (not a naive cmap lookup) is what makes Arabic join and run right-to-left, and what applies
kerning and ligatures. The result is path data, so an SVG renders the same on every machine.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import uharfbuzz as hb
from fontTools.pens.boundsPen import BoundsPen
from fontTools.pens.recordingPen import RecordingPen
from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont

from brandgen.shared.fonts import FontFace, covers, face_for_text

Bounds = tuple[float, float, float, float]


class MissingGlyphError(LookupError):
    """The font has no glyph for some character: drawing it would show an empty box."""


@dataclass(frozen=True)
class TextOutline:
    """Text drawn as paths, in SVG coordinates (y down) with the baseline at y=0."""

    glyphs: tuple[str, ...]  # one path per glyph, in visual (left-to-right) order
    glyph_ids: tuple[int, ...]
    bounds: Bounds  # xmin, ymin, xmax, ymax of the ink
    advance: float
    direction: str  # "ltr" or "rtl", as HarfBuzz decided from the script

    @property
    def d(self) -> str:
        return " ".join(glyph for glyph in self.glyphs if glyph)

    @property
    def width(self) -> float:
        return self.bounds[2] - self.bounds[0]

    @property
    def height(self) -> float:
        return self.bounds[3] - self.bounds[1]


@dataclass(frozen=True)
class _LoadedFont:
    hb_font: Any
    glyph_set: Any
    glyph_order: list[str]
    units_per_em: int


@lru_cache(maxsize=32)
def _load(path: Path, index: int) -> _LoadedFont:
    blob = hb.Blob.from_file_path(str(path))
    face = hb.Face(blob, index)
    font = TTFont(path, fontNumber=index, lazy=True)
    return _LoadedFont(hb.Font(face), font.getGlyphSet(), font.getGlyphOrder(), face.upem)


@dataclass(frozen=True)
class _Glyph:
    """One glyph's outline as pen calls, and its ink bounds, in font units."""

    recording: RecordingPen
    bounds: Bounds | None  # None: no ink (a space)


@lru_cache(maxsize=4096)
def _glyph(path: Path, index: int, name: str) -> _Glyph:
    # Drawing a glyph runs its CFF or TrueType program; a kit draws the same few letters dozens of
    # times (every lockup and size), so each is drawn once and its pen calls replayed.
    loaded = _load(path, index)
    recording = RecordingPen()
    loaded.glyph_set[name].draw(recording)
    bounds_pen = BoundsPen(loaded.glyph_set)
    recording.replay(bounds_pen)
    return _Glyph(recording, bounds_pen.bounds)


def _union(bounds: Bounds | None, more: Bounds) -> Bounds:
    if bounds is None:
        return more
    return min(bounds[0], more[0]), min(bounds[1], more[1]), max(bounds[2], more[2]), max(bounds[3], more[3])


def outline_text(
    text: str, face: FontFace, size: float, *, letter_spacing: float = 0.0, origin: tuple[float, float] = (0.0, 0.0)
) -> TextOutline:
    """Shape `text` with `face` at `size` px and return its outlines.

    `letter_spacing` is in em (tracking); it is skipped for scripts that join (Arabic), where
    spacing letters apart would break the connections. `origin` is where the baseline starts.
    """
    loaded = _load(face.path, face.index)
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    hb.shape(loaded.hb_font, buffer, {"kern": True, "liga": True})
    scale = size / loaded.units_per_em
    joins = buffer.script in ("Arab", "Syrc", "Mong", "Nkoo")
    tracking = 0.0 if joins else letter_spacing * loaded.units_per_em

    glyphs: list[str] = []
    glyph_ids: list[int] = []
    ink: Bounds | None = None
    x = 0.0
    for info, position in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True):
        gid = info.codepoint  # after shaping this is the glyph id
        char = text[info.cluster] if info.cluster < len(text) else ""
        if gid == 0 and not char.isspace():
            raise MissingGlyphError(f"{face.family} has no glyph for {char!r}")
        glyph_ids.append(gid)
        # font units, y up -> px, y down
        dx, dy = origin[0] + (x + position.x_offset) * scale, origin[1] - position.y_offset * scale
        glyph = _glyph(face.path, face.index, loaded.glyph_order[gid])
        svg_pen = SVGPathPen(loaded.glyph_set, ntos=lambda value: f"{value:.2f}".rstrip("0").rstrip("."))
        glyph.recording.replay(TransformPen(svg_pen, (scale, 0, 0, -scale, dx, dy)))
        if glyph.bounds is not None:
            xmin, ymin, xmax, ymax = glyph.bounds  # scaled and flipped like the outline
            ink = _union(ink, (xmin * scale + dx, dy - ymax * scale, xmax * scale + dx, dy - ymin * scale))
        glyphs.append(svg_pen.getCommands())
        x += position.x_advance + tracking
    advance = max(x - tracking, 0.0) * scale
    bounds = ink or (origin[0], origin[1], origin[0] + advance, origin[1])
    direction = "rtl" if buffer.direction == "rtl" else "ltr"
    return TextOutline(tuple(glyphs), tuple(glyph_ids), tuple(bounds), advance, direction)  # type: ignore[arg-type]


def _runs(text: str, face: FontFace) -> list[tuple[FontFace, str]]:
    """`text` split into runs, each with a face that has its glyphs: `face` where it can, else the
    installed face of the same weight that has the run. Spaces and combining marks stay in their run."""
    runs: list[tuple[FontFace, str]] = []
    for char in text:
        current = runs[-1][0] if runs else None
        joins = char.isspace() or unicodedata.category(char).startswith("M")
        if current is not None and joins and (char.isspace() or covers(current, char)):
            own = current
        elif covers(face, char):
            own = face
        elif current is not None and covers(current, char):
            own = current  # a borrowed face keeps its run going (Hangul syllables, digits inside)
        else:
            own = face_for_text(char, [face.family], weight=face.weight)
        if runs and runs[-1][0] == own:
            runs[-1] = (own, runs[-1][1] + char)
        else:
            runs.append((own, char))
    return _spaces_apart(runs)


def _spaces_apart(runs: list[tuple[FontFace, str]]) -> list[tuple[FontFace, str]]:
    """Spaces at the ends of runs as runs of their own: shaped inside a right-to-left run, a
    trailing space would land on its left, between the wrong words."""
    apart: list[tuple[FontFace, str]] = []
    for run_face, run in runs:
        core = run.strip()
        lead, tail = run[: len(run) - len(run.lstrip())], run[len(run.rstrip()) :]
        apart.extend((run_face, part) for part in (lead, core, tail) if part)
    return apart


def _right_to_left(text: str) -> bool:
    """The base direction of `text`: that of its first strong character (Unicode bidi rule P2)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def outline_mixed(
    text: str, face: FontFace, size: float, *, letter_spacing: float = 0.0, origin: tuple[float, float] = (0.0, 0.0)
) -> TextOutline:
    """`outline_text` for text no one face can draw (Hangul with Arabic, Latin with Thai ...).

    Each run is shaped with a face that has it (HarfBuzz orders the letters within a run) and the
    runs are set side by side, in reading order for left-to-right text and reversed for
    right-to-left text. Text `face` covers is drawn exactly as `outline_text` draws it.
    """
    if covers(face, text):
        return outline_text(text, face, size, letter_spacing=letter_spacing, origin=origin)
    runs = _runs(text, face)
    if _right_to_left(text):
        runs.reverse()
    glyphs: list[str] = []
    glyph_ids: list[int] = []
    ink: Bounds | None = None
    x = origin[0]
    for run_face, run in runs:
        part = outline_text(run, run_face, size, letter_spacing=letter_spacing, origin=(x, origin[1]))
        glyphs.extend(part.glyphs)
        glyph_ids.extend(part.glyph_ids)
        if part.glyphs and any(part.glyphs):
            ink = _union(ink, part.bounds)
        x += part.advance + letter_spacing * size
    advance = max(x - origin[0] - letter_spacing * size, 0.0)
    bounds = ink or (origin[0], origin[1], origin[0] + advance, origin[1])
    direction = "rtl" if _right_to_left(text) else "ltr"
    return TextOutline(tuple(glyphs), tuple(glyph_ids), bounds, advance, direction)


def fitted_text(
    text: str,
    face: FontFace,
    centre: tuple[float, float],
    max_size: tuple[float, float],
    *,
    letter_spacing: float = 0.0,
) -> TextOutline:
    """Text scaled to fit `max_size` (w, h) with its ink centred on `centre`."""
    probe = outline_mixed(text, face, 100.0, letter_spacing=letter_spacing)
    if probe.width <= 0 or probe.height <= 0:
        return probe
    size = 100.0 * min(max_size[0] / probe.width, max_size[1] / probe.height)
    factor = size / 100.0
    xmin, ymin, xmax, ymax = (value * factor for value in probe.bounds)
    origin = (centre[0] - (xmin + xmax) / 2, centre[1] - (ymin + ymax) / 2)
    return outline_mixed(text, face, size, letter_spacing=letter_spacing, origin=origin)
