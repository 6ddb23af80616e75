"""What text a request may carry: checked once, at the door, so no stage fails on it later.

A brand kit prints the company name, tagline and description in SVG (XML), PNG and PDF. Characters
that have no visible form there are refused with a message that says what to remove:

- control characters (Unicode category Cc: NUL, BEL, tab, newline, VT, FF, ...): XML cannot hold
  most of them and none means anything in a one-line name;
- format characters (Cf: zero-width space, bidi overrides, soft hyphen, BOM, tag characters), with
  two exceptions: ZERO WIDTH NON-JOINER (U+200C) and ZERO WIDTH JOINER (U+200D) spell words in
  Persian, Arabic and Indic scripts (and join emoji), so they are kept;
- unpaired surrogates (Cs), line and paragraph separators (Zl, Zp) and Unicode noncharacters
  (U+FFFE, U+FFFF, ...), which XML forbids or misreads and no font draws.

Private-use characters (Co) pass: they are no risk to the files (no font has them, so they are left
out of the drawing, like emoji) and listing their 137,000 code points in the schema's pattern would
make it slow to generate from.

Every free-text field needs at least one visible character (not only spaces and joiners), and the
company name needs at least one letter or digit the kit's fonts draw (the logo outlines the name, so
a name it cannot draw at all would fail late). Those scripts are `NAME_SCRIPTS`; a name written only
in another script is refused with the script's name. Other characters in a name (emoji, symbols,
letters of other scripts) are accepted and left out of the drawing where no font has them.

The same rules are published in the OpenAPI schema as regular expressions (`text_pattern`,
`name_pattern`, `plain_pattern`) that Python, ECMA-262 and Rust regex engines all read.
"""

from __future__ import annotations

import sys
import unicodedata
from functools import cache
from typing import Literal

from fontTools import unicodedata as font_unicodedata

JOINERS = frozenset("\u200c\u200d")
"""Format characters kept: ZWNJ and ZWJ shape Persian, Arabic and Indic words (and emoji sequences)."""

_REFUSED_CATEGORIES = {
    "Cc": "a control character",
    "Cf": "an invisible formatting character",
    "Cs": "an unpaired surrogate",
    "Zl": "a line separator",
    "Zp": "a paragraph separator",
}

# Letters and digits in these blocks are drawn by the logo's fonts (Noto Sans, DejaVu Sans, Noto Sans
# CJK, Noto Sans Arabic/Hebrew/Thai/Devanagari); test_api_hardening_inputs checks every one of them
# against the installed fonts. A few recent letters the fonts lack are left out of the ranges.
_NAME_BLOCKS: tuple[tuple[int, int], ...] = (
    (0x0000, 0x02AF),  # Basic Latin .. IPA Extensions
    (0x0370, 0x052F),  # Greek and Coptic, Cyrillic, Cyrillic Supplement
    (0x0531, 0x055F),  # Armenian capitals
    (0x0561, 0x0587),  # Armenian small letters
    (0x0590, 0x05EE),  # Hebrew
    (0x0600, 0x06FF),  # Arabic
    (0x0750, 0x077F),  # Arabic Supplement
    (0x0900, 0x097F),  # Devanagari
    (0x0E00, 0x0E7F),  # Thai
    (0x10A0, 0x10C6),  # Georgian capitals (Asomtavruli)
    (0x10D0, 0x10FC),  # Georgian letters (Mkhedruli)
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x1E00, 0x1FFF),  # Latin Extended Additional (Vietnamese), Greek Extended
    (0x2C60, 0x2C7F),  # Latin Extended-C
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3100, 0x312F),  # Bopomofo
    (0x3130, 0x318F),  # Hangul Compatibility Jamo
    (0x31F0, 0x31FF),  # Katakana Phonetic Extensions
    (0x3400, 0x4DB5),  # CJK Unified Ideographs Extension A
    (0x4E00, 0x9FEF),  # CJK Unified Ideographs
    (0xAC00, 0xD7AF),  # Hangul Syllables
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
)

NAME_SCRIPTS = (
    "Latin, Greek, Cyrillic, Armenian, Georgian, Hebrew, Arabic, Devanagari, Thai, "
    "Chinese, Japanese (kana) and Korean (Hangul)"
)
"""The scripts a company name can be drawn in, for messages and docs."""


def _noncharacter(code: int) -> bool:
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def refused(char: str) -> str | None:
    """Why `char` may not appear in request text (a phrase), or None when it may."""
    if char in JOINERS:
        return None
    reason = _REFUSED_CATEGORIES.get(unicodedata.category(char))
    if reason is None and _noncharacter(ord(char)):
        reason = "a Unicode noncharacter"
    return reason


def visible(char: str) -> bool:
    """A character that shows: not white space, not a joiner, not one `refused` names."""
    return not char.isspace() and char not in JOINERS and refused(char) is None


def name_letter(char: str) -> bool:
    """A letter or digit the logo's fonts draw (see `_NAME_BLOCKS`)."""
    code = ord(char)
    return unicodedata.category(char)[0] in "LN" and any(low <= code <= high for low, high in _NAME_BLOCKS)


def describe(char: str) -> str:
    """`U+0007 (BELL)`: how a message names a character the reader may not be able to see."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


def _script_of(text: str) -> str | None:
    """The name of the first script (not Common/Inherited) among the letters of `text`."""
    for char in text:
        if unicodedata.category(char)[0] in "LN":
            code = font_unicodedata.script(char)
            if code not in ("Zyyy", "Zinh", "Zzzz"):
                return str(font_unicodedata.script_name(code))
    return None


Requirement = Literal["nothing", "visible", "name_letter"]
"""Beyond no refused character: nothing more, a visible character, or a letter the logo draws."""


def problem(text: str, *, max_length: int | None = None, require: Requirement = "visible") -> str | None:
    """What is wrong with `text` as a request field and how to fix it, or None when it is fine.

    Checked on the text as sent (before surrounding white space is trimmed), so the published
    length and pattern describe exactly what is accepted.
    """
    if max_length is not None and len(text) > max_length:
        return f"must be at most {max_length} characters (this has {len(text)}); shorten it"
    # Printable ASCII has no refused character (a test over all of ASCII says so): most requests'
    # text skips the per-character check, a tenth of a submit's CPU (issue 23).
    if not (text.isascii() and text.isprintable()):
        for position, char in enumerate(text, start=1):
            reason = refused(char)
            if reason:
                return (
                    f"contains {reason}, {describe(char)}, at character {position}; "
                    "remove it (the kit prints request text on one line, in visible characters only)"
                )
    if require == "nothing":
        return None
    if not any(visible(char) for char in text):
        return "must contain at least one visible character (not only spaces or invisible characters)"
    if require == "name_letter" and not any(name_letter(char) for char in text):
        script = _script_of(text)
        found = f"it is written in {script} only" if script else "it has no letter or digit"
        return (
            f"must contain at least one letter or digit the logo fonts can draw ({found}); "
            f"supported scripts: {NAME_SCRIPTS}"
        )
    return None


# --- the same rules as regular expressions, for the OpenAPI schema ---------------------------------
# Written so that Python's `re`, ECMA-262 (JSON Schema's dialect) and Rust's regex read them alike:
# BMP characters as `\\uXXXX`, astral ones literally (no `\\U` or `\\u{...}`, each unknown to one of
# them), white space listed rather than `\\s` (whose meaning differs), and no surrogates: a JSON text
# cannot carry a lone one to a validator, and pydantic refuses any that arrive.


def _escape(code: int) -> str:
    return f"\\u{code:04x}" if code <= 0xFFFF else chr(code)


def _char_class(codes: list[int]) -> str:
    ranges: list[tuple[int, int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return "".join(_escape(low) if low == high else f"{_escape(low)}-{_escape(high)}" for low, high in ranges)


def _all_codes() -> range:
    return range(sys.maxunicode + 1)


@cache
def _refused_class() -> str:
    return _char_class([code for code in _all_codes() if refused(chr(code)) and not 0xD800 <= code <= 0xDFFF])


@cache
def _invisible_class() -> str:
    """White space and joiners: allowed, but not visible (refused characters are excluded apart)."""
    spaces = [code for code in _all_codes() if chr(code).isspace() and not refused(chr(code))]
    return _char_class(sorted([*spaces, *(ord(char) for char in JOINERS)]))


@cache
def text_pattern() -> str:
    """Free text: no refused character, at least one visible one."""
    bad = _refused_class()
    return f"^[^{bad}]*[^{bad}{_invisible_class()}][^{bad}]*$"


@cache
def name_pattern() -> str:
    """A company name: no refused character, at least one letter or digit of `NAME_SCRIPTS`."""
    bad = _refused_class()
    letters = [code for low, high in _NAME_BLOCKS for code in range(low, high + 1) if name_letter(chr(code))]
    return f"^[^{bad}]*[{_char_class(letters)}][^{bad}]*$"


@cache
def plain_pattern() -> str:
    """Short labels (a variant name): no refused character; may be empty."""
    return f"^[^{_refused_class()}]*$"
