"""Every script a company name may be written in prints with real glyphs, and the cover stays one page.

Issue 22: Korean names and taglines were missing from the PDF (no embeddable font had Hangul: Noto
Sans CJK is CFF, and Droid Sans Fallback has three Hangul syllables), and the longest name and
tagline the API accepts pushed the cover onto a second page.
"""

from __future__ import annotations

import subprocess
import unicodedata
from pathlib import Path

import pytest
from pdf_helpers import fonts, reader, render
from pypdf import PageObject

from brandgen.pdf.generators.layout import BAND_SHARE
from brandgen.pdf.settings import PdfSettings
from brandgen.shared.models import BrandRequest

NAME_MAX = BrandRequest.model_fields["company_name"].metadata[-1].max_length
TAGLINE_MAX = BrandRequest.model_fields["tagline"].metadata[-1].max_length

# (name, tagline) in each script the name field accepts that the issue asks about.
SCRIPTS: dict[str, tuple[str, str]] = {
    "latin": ("Ćevapi Žužemberk", "Kvalitet od 1962."),
    "cyrillic": ("Москва Пекарня", "Свежий хлеб каждый день"),
    "greek": ("Αθήνα Αρτοποιείο", "Φρέσκο ψωμί κάθε μέρα"),
    "arabic": ("مخبز النور", "خبز طازج كل يوم"),
    "hebrew": ("מאפיית השחר", "לחם טרי בכל יום"),
    "devanagari": ("दिल्ली बेकरी", "हर दिन ताज़ा"),
    "thai": ("เบเกอรี่กรุงเทพ", "ขนมปังสดทุกวัน"),
    "cjk": ("東京ベーカリー", "毎朝焼きたて"),
    "hangul": ("서울 빵집", "매일 신선한 빵"),
    "mixed hangul": ("Seoul 서울 Bakery", "Fresh 매일 신선한 빵"),
    # Scripts past the fixed fallbacks: a face is looked up among the installed TrueType ones.
    "georgian, armenian, ethiopic": ("თბილისი Երևան አዲስ", "პური ჰաց ዳቦ"),
}
SHAPED = {"devanagari": ("बेकरी", "ताज़ा")}  # words of the name and tagline that shaping leaves one-to-one


def cover_text(data: bytes) -> str:
    """Page 1's text; NFKC folds the Arabic presentation forms the PDF draws back to letters."""
    return unicodedata.normalize("NFKC", " ".join((reader(data).pages[0].extract_text() or "").split()))


@pytest.mark.parametrize("script", sorted(SCRIPTS))
async def test_name_and_tagline_print_on_the_cover_in_every_script(
    brand, pdf_settings: PdfSettings, script: str
) -> None:
    name, tagline = SCRIPTS[script]
    fixture = await brand(company_name=name, tagline=tagline)
    _, data = await render(fixture, pdf_settings)
    cover = cover_text(data)
    pdf = reader(data)
    assert pdf.metadata is not None
    assert pdf.metadata.author == name
    assert all(fonts(pdf).values()), "every font is embedded"
    if script in SHAPED:
        # Shaped: the conjunct and the vowel sign drawn before its consonant are glyphs with no
        # one-to-one text (extracted as private-use placeholders), so the one-glyph-per-letter
        # sequence an unshaped draw would give is absent; the clusters that need no shaping read back.
        assert name not in cover, "drawn one glyph per letter: not shaped"
        assert all(word in cover for word in SHAPED[script]), cover
    else:
        assert unicodedata.normalize("NFKC", name) in cover, cover
        assert unicodedata.normalize("NFKC", tagline) in cover, cover


async def test_a_korean_document_embeds_a_hangul_face_and_prints_the_name_in_the_running_head(
    brand, pdf_settings: PdfSettings
) -> None:
    fixture = await brand(company_name="서울 빵집", tagline="매일 신선한 빵")
    _, data = await render(fixture, pdf_settings)
    pdf = reader(data)
    assert "서울 빵집" in (pdf.pages[2].extract_text() or "")  # the running head of a content page
    assert any("Nanum" in font for font in fonts(pdf)), fonts(pdf)


LONGEST = {
    # Words that wrap, one unbroken run, the widest Latin letter, and wide (Hangul) characters: each
    # at the request's maximum lengths.
    "words": (("Northern Lights Renewable Energy Cooperative " * 3)[:NAME_MAX].strip().ljust(NAME_MAX, "x"),
              ("Clean power for every home, farm and workshop in the valley " * 3)[:TAGLINE_MAX]),
    "unbroken": ("Ab" * (NAME_MAX // 2), "Yz" * (TAGLINE_MAX // 2)),
    "widest": ("W" * NAME_MAX, "W" * TAGLINE_MAX),
    "hangul": (("서울 빵집 " * 40)[:NAME_MAX], ("매일 신선한 빵 " * 40)[:TAGLINE_MAX]),
}  # fmt: skip


def text_heights(page: PageObject) -> list[tuple[float, str]]:
    """(baseline height in points, text) of every piece of text drawn on `page`."""
    found: list[tuple[float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            found.append((tm[5] * cm[3] + tm[4] * cm[1] + cm[5], text.strip()))

    page.extract_text(visitor_text=visit)
    return found


@pytest.mark.parametrize("kind", sorted(LONGEST))
async def test_the_longest_name_and_tagline_keep_the_cover_on_one_page(
    brand, pdf_settings: PdfSettings, kind: str, tmp_path: Path
) -> None:
    name, tagline = LONGEST[kind]
    assert (len(name), len(tagline)) == (NAME_MAX, TAGLINE_MAX)
    fixture = await brand(company_name=name, tagline=tagline)
    _, data = await render(fixture, pdf_settings)
    pdf = reader(data)
    cover = cover_text(data).replace(" ", "")
    assert name.replace(" ", "") in cover
    assert tagline.replace(" ", "") in cover
    assert "Brandguidelines" in cover
    assert "technology·modern" in cover  # the details line, last on the cover
    # Page 2 is the contents, not the end of the cover.
    second = [text for _, text in sorted(text_heights(pdf.pages[1]), reverse=True)]
    assert "Contents" in second[:4], second[:6]
    assert not any("Brand guidelines" in text for text in second), "the end of the cover spilled over"
    # All of the cover's text stands on the brand colour, above the bottom band and its accent rule.
    band_top = float(pdf.pages[0].mediabox.height) * BAND_SHARE + 3 * 72 / 25.4
    lowest = min(height for height, _ in text_heights(pdf.pages[0]))
    assert lowest > band_top, (lowest, band_top)
    # Looked at: the cover as an image (poppler renders it without complaint).
    pdf_path = tmp_path / "cover.pdf"
    pdf_path.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf_path), str(tmp_path / "cover")],
                   check=True, timeout=60)  # fmt: skip
