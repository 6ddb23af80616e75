"""Font fallback, escaping, right-to-left shaping, and embeddable brand faces."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdf_helpers import all_text, reader, render
from reportlab.lib import rl_accel

from brandgen.pdf.settings import PdfSettings
from brandgen.pdf.text import font_runs, markup, visual_order
from brandgen.pdf.typefaces import TypefaceBook


@pytest.mark.slow
def test_markup_escapes_user_text_and_uses_a_fallback_for_missing_glyphs(pdf_settings: PdfSettings) -> None:
    book = TypefaceBook(pdf_settings.pdf_font_cache_dir)
    lato = book.family("Lato")
    assert lato is not None
    chain = [lato, *book.fallbacks()]
    built = markup("<b>A&B</b> さくら", chain)
    assert "&lt;b&gt;A&amp;B&lt;/b&gt;" in built
    assert "<b>" not in built
    runs = font_runs("AB さくら", chain)
    assert runs[0][0].family == "Lato"
    assert runs[-1][0].family == "Droid Sans Fallback"  # Lato has no kana
    assert "".join(run for _, run in runs) == "AB さくら"


def test_arabic_is_shaped_and_put_in_display_order() -> None:
    shaped = visual_order("سلام")
    # Joined presentation forms (U+FExx), last letter first in display order.
    assert all(0xFE70 <= ord(char) <= 0xFEFF for char in shaped)
    assert shaped[0] in "\ufee1\ufee2"  # final meem comes first, read from the left
    assert visual_order("Acme") == "Acme"


@pytest.mark.slow
def test_cff_brand_face_is_converted_and_cached(tmp_path: Path) -> None:
    book = TypefaceBook(tmp_path / "cache")
    inter = book.brand_family("Inter", "sans-serif")
    assert inter.family == "Inter"
    assert inter.converted
    assert inter.regular.suffix == ".ttf"
    assert inter.regular.is_relative_to(tmp_path / "cache")
    assert inter.note is not None
    assert "converted" in inter.note


def test_without_conversion_a_truetype_family_of_the_same_category_stands_in(tmp_path: Path) -> None:
    book = TypefaceBook(tmp_path / "cache", convert_cff=False)
    garamond = book.brand_family("EB Garamond", "serif")
    assert garamond.family == "Noto Serif"
    assert garamond.requested == "EB Garamond"
    assert garamond.note is not None
    assert "stands in" in garamond.note
    assert not (tmp_path / "cache").exists()  # nothing was converted


async def test_typography_page_says_when_a_face_stands_in(brand, tmp_path: Path) -> None:
    settings = PdfSettings(pdf_font_cache_dir=tmp_path / "cache", pdf_convert_cff_fonts=False)
    fixture = await brand()
    _, data = await render(fixture, settings)
    text = " ".join(all_text(reader(data)).split())
    assert "Inter could not be embedded in this PDF" in text
    assert "Noto Sans, a sans-serif TrueType family, stands in" in text


def test_reportlab_runs_on_its_c_accelerators() -> None:
    # Without the rl_accel package ReportLab silently falls back to Python versions of its number
    # formatting, text measuring and stream encoders, and every guidelines PDF renders slower.
    for name in ("fp_str", "asciiBase85Encode", "escapePDF", "instanceStringWidthTTF"):
        accelerated = getattr(rl_accel, name)
        assert not accelerated.__name__.startswith("_py_"), f"{name} is ReportLab's pure-Python fallback"
