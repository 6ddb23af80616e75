"""The guidelines in the reader's language: catalogues complete and in step with the code, and a
document whose headings, bookmarks, tables, numbers, date and metadata follow the first language asked for."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.dates import format_skeleton
from babel.messages.extract import extract_from_dir
from pdf_helpers import all_text, outline_titles, reader, render

from brandgen.pdf.generators.document import LANGUAGE_TAGS
from brandgen.pdf.i18n import CATALOGS
from brandgen.pdf.settings import PdfSettings
from brandgen.shared.i18n import catalogue_problems

SERVICE_DIR = Path(__file__).parents[1]
SECTIONS = ["Contents", "Logo", "Colour", "Typography", "Rationale", "Applications"]
# Long enough that no translation contains them by chance ("Contrast" is inside "Contraste").
ENGLISH_CHROME = [
    "Core palette",
    "Tonal scales",
    "Incorrect use",
    "Typical vision",
    "Theme pairs checked by the palette",
    "Clear space and minimum size",
    "Fonts and licences",
    "Do not rotate",
    "Text ↓ on background →",
]


def extracted_messages() -> set[str]:
    """What `pybabel extract -F babel.cfg -k N_` finds in the sources now (README, Translations)."""
    method_map = [("src/brandgen/pdf/**.py", "python")]
    keywords = {"gettext": None, "N_": None}
    return {
        message
        for _file, _line, message, _comments, _context in extract_from_dir(SERVICE_DIR, method_map, keywords=keywords)
    }


@pytest.mark.parametrize("language", CATALOGS.translated_languages())
def test_catalogue_is_complete_and_keeps_placeholders(language: str) -> None:
    assert catalogue_problems(CATALOGS.read(language)) == []


@pytest.mark.parametrize("language", CATALOGS.translated_languages())
def test_catalogue_matches_the_messages_in_the_code(language: str) -> None:
    in_code = extracted_messages()
    in_catalog = {message.id for message in CATALOGS.read(language) if message.id}
    assert in_code - in_catalog == set(), "messages missing from the catalogue: run pybabel update (README)"
    assert in_catalog - in_code == set(), "obsolete messages in the catalogue: run pybabel update (README)"


@pytest.mark.parametrize("language", CATALOGS.translated_languages())
async def test_document_speaks_the_first_requested_language(brand, pdf_settings: PdfSettings, language: str) -> None:
    fixture = await brand(languages=[language, "en"])
    _, data = await render(fixture, pdf_settings)
    pdf = reader(data)
    gettext = CATALOGS.translations(language).gettext

    # Bookmarks and the running order of sections, in the reader's language.
    sections = [title for level, title in outline_titles(pdf) if level == 0]
    assert sections == [gettext(section) for section in SECTIONS]
    assert sections != SECTIONS

    text = all_text(pdf)
    for english in ENGLISH_CHROME:
        assert gettext(english) in text, f"{language}: {english!r} not printed as {gettext(english)!r}"
        assert english not in text, f"{language}: {english!r} printed in English"
    # The cover's date in the language's own month-and-year pattern.
    created = fixture.job.metadata.created_at
    assert format_skeleton("yMMMM", created, locale=language) in text
    # Contrast ratios with the language's decimal sign (a comma in de, es, fr, pt).
    ratios = re.findall(r"\d+([.,])\d\d:1", text)
    assert ratios, "no contrast ratios printed"
    expected_sign = "," if language in ("de", "es", "fr", "pt") else "."
    assert set(ratios) == {expected_sign}

    meta = pdf.metadata
    assert meta is not None
    assert meta.title == f"Acme Robotics — {gettext('Brand guidelines')}"
    assert pdf.trailer["/Root"]["/Lang"] == LANGUAGE_TAGS[language]
