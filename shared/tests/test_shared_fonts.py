"""Which scripts the installed fonts can draw, as the API asks before accepting a name (issue 22)."""

from __future__ import annotations

import subprocess

import pytest

from brandgen.shared.fonts import unsupported_scripts

# A name in each script the issue lists, all drawable with the fonts system-deps.sh installs.
DRAWABLE = {
    "Latin": "Ćevapi Žužemberk",
    "Cyrillic": "Москва Пекарня",
    "Greek": "Αθήνα Αρτοποιείο",
    "Arabic": "مخبز النور",
    "Hebrew": "מאפיית השחר",
    "Devanagari": "दिल्ली बेकरी",
    "Thai": "เบเกอรี่กรุงเทพ",
    "CJK": "東京ベーカリー",
    "Hangul": "서울 빵집",
    "mixed": "Seoul 서울 Bakery",
}
# Khitan Small Script (Unicode 13): no Debian font package has it.
KHITAN = "\U00018b00\U00018b01"


def fonts_with_glyph(char: str) -> list[str]:
    """fontconfig's own answer: installed families with a glyph for `char` (independent of the code)."""
    listing = subprocess.run(
        ["fc-list", f":charset={ord(char):x}", "family"], capture_output=True, text=True, check=True
    ).stdout
    return [line for line in listing.splitlines() if line.strip()]


@pytest.mark.parametrize("script", sorted(DRAWABLE))
def test_names_in_the_scripts_the_fonts_cover_are_supported(script: str) -> None:
    assert unsupported_scripts(DRAWABLE[script]) == []


def test_a_script_no_installed_font_has_is_named() -> None:
    assert fonts_with_glyph(KHITAN[0]) == [], "a font with Khitan is installed: pick another script"
    assert unsupported_scripts(f"Acme {KHITAN} 서울") == ["Khitan Small Script"]


def test_emoji_and_symbols_are_not_scripts_to_refuse() -> None:
    # Colour emoji cannot be drawn in a logo or embedded in a PDF; they are left out, not refused.
    assert unsupported_scripts("Rocket 🚀 Labs ✓") == []
