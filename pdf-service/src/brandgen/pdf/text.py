"""User text made safe and printable: escaped, shaped right-to-left, and split into font runs.

Every string that came from a user or an earlier stage goes through `markup` before it reaches a
ReportLab Paragraph, so markup in a company name (`<b>A&B</b>`) prints literally. Characters the
brand faces lack are drawn in the first fallback family that has them (never tofu); characters no
installed font has (most emoji: colour emoji fonts cannot be embedded) are left out of the drawing,
while the document metadata keeps the original text.
"""

from __future__ import annotations

import re
import unicodedata
from xml.sax.saxutils import escape

import arabic_reshaper
from bidi import get_display

from brandgen.pdf.typefaces import EmbeddableFamily

# Invisible characters that steer emoji or bidi rendering; fonts have no glyphs for them.
_IGNORABLE = re.compile(
    r"[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufe00-\ufe0f\ufeff\U0001f3fb-\U0001f3ff\U000e0000-\U000e007f]"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def is_rtl(text: str) -> bool:
    if text.isascii():  # most of a document's strings: no per-character lookups
        return False
    return any(unicodedata.bidirectional(char) in ("R", "AL") for char in text)


def has_cjk(text: str) -> bool:
    """True when `text` has Chinese or Japanese characters, which lines may break between.

    Korean is wide too, but it puts spaces between words and breaks lines there, so Hangul alone
    does not count (a syllable block is not a word).
    """
    if text.isascii():
        return False
    return any(unicodedata.east_asian_width(char) in ("W", "F") and not _is_hangul(char) for char in text)


def _is_hangul(char: str) -> bool:
    return unicodedata.name(char, "").startswith("HANGUL")


# Scripts whose letters change form or order around each other (conjuncts, vowel signs drawn before
# their consonant): Indic from Devanagari to Sinhala, Tibetan, Myanmar, Khmer. Drawn one glyph per
# character they read wrong, so ReportLab shapes them with HarfBuzz. Thai and Hangul (precomposed)
# read right unshaped, and Arabic is shaped by `visual_order` before it reaches ReportLab.
_NEEDS_SHAPING = re.compile(r"[\u0900-\u0dff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff]")


def needs_shaping(text: str) -> bool:
    """True when `text` has letters that must be shaped to read right (see `_NEEDS_SHAPING`).

    Shaped text prints right, but PDF text extraction of its ligatures and reordered vowel signs is
    lossy (ReportLab writes no ActualText); the document's metadata keeps the exact text.
    """
    return bool(_NEEDS_SHAPING.search(text))


def clean(text: str) -> str:
    """NFC text without control characters, emoji modifiers or invisible formatting marks."""
    text = unicodedata.normalize("NFC", text)
    return _IGNORABLE.sub("", _CONTROL.sub(" ", text))


def visual_order(text: str) -> str:
    """Right-to-left runs shaped (Arabic joining forms) and put in display order.

    ReportLab lays glyphs out left to right without shaping, so Arabic is reshaped to its
    presentation forms and the bidi algorithm reorders the line. Meant for single lines (names,
    taglines): a wrapped right-to-left paragraph would need reordering per line.
    """
    if not is_rtl(text):
        return text
    return str(get_display(arabic_reshaper.reshape(text)))


def font_runs(text: str, chain: list[EmbeddableFamily]) -> list[tuple[EmbeddableFamily, str]]:
    """Split `text` into (family, run) pairs, each run drawn in the first family that covers it."""
    if text and chain and chain[0].cmap.issuperset(map(ord, text)):
        return [(chain[0], text)]  # the common case, decided in one set operation
    runs: list[tuple[EmbeddableFamily, str]] = []
    for char in text:
        if char.isspace() and runs:
            family = runs[-1][0]
        else:
            found = next((family for family in chain if family.covers(char)), None)
            if found is None:
                continue
            family = found
        if runs and runs[-1][0] is family:
            runs[-1] = (family, runs[-1][1] + char)
        else:
            runs.append((family, char))
    return runs


def named_runs(
    text: str, chain: list[EmbeddableFamily], *, bold: bool = False, rtl: bool = True
) -> list[tuple[str, str]]:
    """(registered font name, run) pairs for user `text`, cleaned and in display order."""
    text = clean(text)
    if rtl:
        text = visual_order(text)
    return [(family.bold_name if bold else family.name, run) for family, run in font_runs(text, chain)]


def markup(text: str, chain: list[EmbeddableFamily], *, bold: bool = False, rtl: bool = True) -> str:
    """Paragraph markup for user `text`: escaped, shaped, one `<font>` tag per run."""
    return "".join(
        f'<font name="{name}">{escape(run)}</font>' for name, run in named_runs(text, chain, bold=bold, rtl=rtl)
    )


def plain(text: str) -> str:
    """Text for metadata and outline entries (Unicode strings, no markup, no shaping)."""
    return " ".join(clean(text).split())


def metadata_text(text: str) -> str:
    """Text for the PDF's Info dictionary: exact (emoji sequences kept), minus control characters."""
    return " ".join(_CONTROL.sub(" ", unicodedata.normalize("NFC", text)).split())
