"""Typefaces chosen by brand style, from open-licence families installed on the machine."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from brandgen.shared.fonts import FC_BOLD, FC_REGULAR, FontFace, face_for_text, font_licence
from brandgen.shared.i18n import N_

FC_SEMIBOLD = 180


@dataclass(frozen=True)
class StyleTypography:
    families: tuple[str, ...]  # best first; candidates rotate through them
    weight: int
    letter_spacing: float  # em
    character: str  # how the type reads, for the concept sentence (a word of the logo catalogue)
    uppercase: bool = False


# Keys are matched as words in the requested style; the first family of each entry is the house pick.
_STYLES: dict[str, StyleTypography] = {
    "modern": StyleTypography(
        ("Inter Display", "Manrope", "League Spartan"), FC_SEMIBOLD, -0.01, N_("a geometric sans")
    ),
    "minimal": StyleTypography(("Manrope", "Inter", "Lato"), FC_REGULAR, 0.04, N_("a quiet, airy sans"), True),
    "playful": StyleTypography(("Comfortaa", "Quicksand", "Lobster Two"), FC_BOLD, 0.0, N_("a rounded, friendly face")),
    "friendly": StyleTypography(("Quicksand", "Cabin", "Comfortaa"), FC_BOLD, 0.0, N_("a soft humanist sans")),
    "luxury": StyleTypography(
        ("EB Garamond", "Linux Libertine O", "Tinos"), FC_REGULAR, 0.12, N_("a refined serif"), True
    ),
    "elegant": StyleTypography(("EB Garamond", "Linux Libertine O"), FC_REGULAR, 0.08, N_("a refined serif")),
    "classic": StyleTypography(
        ("Linux Libertine O", "EB Garamond", "Tinos"), FC_BOLD, 0.02, N_("a classic book serif")
    ),
    "vintage": StyleTypography(("Lobster Two", "EB Garamond", "Linux Libertine O"), FC_BOLD, 0.0, N_("a retro script")),
    "bold": StyleTypography(
        ("League Spartan", "Inter Display", "Roboto"), FC_BOLD, -0.01, N_("a heavy geometric sans")
    ),
    "tech": StyleTypography(("JetBrains Mono", "Fira Code", "Manrope"), FC_BOLD, -0.02, N_("a technical monospace")),
    "corporate": StyleTypography(("Open Sans", "Lato", "Roboto"), FC_SEMIBOLD, 0.0, N_("a dependable humanist sans")),
    "organic": StyleTypography(("Cabin", "Quicksand", "Lato"), FC_SEMIBOLD, 0.01, N_("a warm humanist sans")),
}
_SYNONYMS = {
    "futuristic": "tech",
    "techy": "tech",
    "technical": "tech",
    "clean": "minimal",
    "minimalist": "minimal",
    "fun": "playful",
    "premium": "luxury",
    "sophisticated": "elegant",
    "traditional": "classic",
    "retro": "vintage",
    "strong": "bold",
    "professional": "corporate",
    "natural": "organic",
    "warm": "friendly",
}
DEFAULT_STYLE = "modern"


def style_key(style: str) -> str:
    """The typography entry a free-text style maps to (first known word wins)."""
    for word in style.lower().replace("-", " ").replace(",", " ").split():
        if word in _STYLES:
            return word
        if word in _SYNONYMS:
            return _SYNONYMS[word]
    return DEFAULT_STYLE


def typography_for(style: str) -> StyleTypography:
    return _STYLES[style_key(style)]


def pick_face(text: str, style: str, rotation: int = 0, *, weight: int | None = None) -> FontFace:
    """A face for `text`: the style's families rotated by `rotation`, then script fallbacks (never tofu)."""
    typography = typography_for(style)
    families = list(typography.families)
    shift = rotation % len(families)
    preferred = families[shift:] + families[:shift]
    weight = typography.weight if weight is None else weight
    try:
        return face_for_text(text, preferred, weight=weight)
    except LookupError:
        # No one face has every script of a mixed name (Hangul with Arabic ...): the face for its
        # first letter leads, and the outlines borrow faces for the other runs.
        first = next((char for char in text if char.isalnum()), text[:1])
        return face_for_text(first, preferred, weight=weight)


# Invisible characters that steer emoji or bidi rendering (joiners, selectors, skin tones, tags).
_INVISIBLE = re.compile(
    r"[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufe00-\ufe0f\ufeff\U0001f3fb-\U0001f3ff\U000e0000-\U000e007f]"
)


def _covered(text: str) -> bool:
    """True when every character of `text` has a glyph in some installed face (not one face for all:
    runs of a mixed name are drawn in faces of their own)."""
    try:
        for char in set(text):
            if not char.isspace():
                face_for_text(char, [])
    except LookupError:
        return False
    return True


def drawable_text(text: str) -> str:
    """`text` less the characters no installed font can draw along with the rest (colour emoji).

    Logos are outlined from installed faces (a mixed name borrows a face per script run), so such
    characters cannot be drawn; dropping them (as the PDF does) keeps the name instead of failing
    the job. Letters and digits are kept first.
    """
    text = unicodedata.normalize("NFC", text)
    if _covered(text):
        return text
    text = _INVISIBLE.sub("", text)
    order = sorted(range(len(text)), key=lambda i: unicodedata.category(text[i])[0] not in "LNZ")
    keep: set[int] = set()
    for index in order:
        if _covered("".join(text[i] for i in sorted(keep | {index}))):
            keep.add(index)
    return " ".join("".join(text[i] for i in sorted(keep)).split())


def left_out(text: str) -> list[str]:
    """The characters of `text` that `drawable_text` leaves out, in order, once each (emoji, symbols
    no installed face has); invisible joiners and selectors are not counted, they draw nothing anyway."""
    text = unicodedata.normalize("NFC", text)
    drawn = [char for char in drawable_text(text) if not char.isspace()]
    missing: list[str] = []
    position = 0
    for char in text:
        if char.isspace() or _INVISIBLE.fullmatch(char):
            continue
        if position < len(drawn) and drawn[position] == char:
            position += 1
        elif char not in missing:
            missing.append(char)
    return missing


def left_out_note(field: str, text: str) -> str | None:
    """An English note naming what the mark leaves out of `text` (None when everything is drawn)."""
    missing = left_out(text)
    if not missing:
        return None
    named = ", ".join(f"{char} ({unicodedata.name(char, f'U+{ord(char):04X}')})" for char in missing)
    return f"Left out of the {field} in the logo: {named}; no installed font draws them, so it is drawn without them."


def licence_of(face: FontFace) -> str:
    licence = font_licence(face.path, face.index)
    return licence


__all__ = [
    "FC_BOLD",
    "FC_REGULAR",
    "FC_SEMIBOLD",
    "StyleTypography",
    "drawable_text",
    "left_out",
    "left_out_note",
    "licence_of",
    "pick_face",
    "typography_for",
]
