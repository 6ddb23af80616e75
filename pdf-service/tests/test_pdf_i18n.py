"""The guidelines in the reader's language: catalogues complete and in step with the code, and a
document whose headings, bookmarks, tables, numbers, date and metadata follow the first language asked for."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.dates import format_skeleton
from pdf_helpers import all_text, outline_titles, reader, render

from brandgen.pdf.generators.document import LANGUAGE_TAGS
from brandgen.pdf.i18n import CATALOGS
from brandgen.pdf.settings import PdfSettings
from brandgen.shared.contracts import ContrastCheck, CvdCheck, PaletteOutput
from brandgen.shared.i18n import MessageKey, catalogue_drift, catalogue_problems, extracted_messages
from brandgen.shared.terms import INDUSTRY, term

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


def messages_in_code() -> set[MessageKey]:
    """What `pybabel extract -F babel.cfg -k N_` finds in the sources now (README, Translations)."""
    method_map = [("src/brandgen/pdf/**.py", "python")]
    return extracted_messages(SERVICE_DIR, method_map, keywords={"gettext": None, "N_": None})


@pytest.mark.parametrize("language", CATALOGS.translated_languages())
def test_catalogue_is_complete_and_keeps_placeholders(language: str) -> None:
    assert catalogue_problems(CATALOGS.read(language)) == []


@pytest.mark.parametrize("language", CATALOGS.translated_languages())
def test_catalogue_matches_the_messages_in_the_code(language: str) -> None:
    in_code = messages_in_code()
    assert catalogue_drift(CATALOGS.read(language), in_code) == [], "run pybabel update (README)"


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

    # A pairing reason the terms catalogue lacks is left out rather than printed in English.
    assert "".join(fixture.palette.fonts.reason.split()) not in "".join(text.split())
    # The type specimens in the language's own pangram (its accents in the brand faces); the brand
    # faces are Latin, so Japanese and Chinese documents keep the English one.
    pangram = gettext("Sphinx of black quartz, judge my vow.")
    assert "".join(pangram.split()) in "".join(text.split())
    assert (pangram == "Sphinx of black quartz, judge my vow.") == (language in ("ja", "zh"))

    meta = pdf.metadata
    assert meta is not None
    assert meta.title == f"Acme Robotics — {gettext('Brand guidelines')}"
    assert str(pdf.root_object["/Lang"]) == LANGUAGE_TAGS[language]


KNOWN_REASON = "Two quiet humanist faces: nothing distracts from the content."  # one of the graph's
LOGO_CONCEPTS = {
    "es": "Un triángulo ascendente dentro de un círculo. Colores: armonía análoga en torno a #1a56db.",
    "ja": "円の中で上昇する三角形。配色：#1a56dbを軸にした類似色の組み合わせ。",
}


def _with_findings(palette: PaletteOutput) -> PaletteOutput:
    """The palette of a request the graph matched only roughly, whose brand colour is too light for
    text in the light theme, and whose status colours blur under deuteranopia."""
    light = {**palette.themes["light"], "brand": "#f5c518", "primary": "#7a5f00"}
    weak_brand = ContrastCheck(
        theme="light", foreground="brand", background="surface", foreground_hex="#f5c518",
        background_hex="#fbfbff", kind="ui", ratio=1.6389, required=3.0, aa=False, aaa=False,
    )  # fmt: skip
    primary_text = ContrastCheck(
        theme="light", foreground="primary", background="surface", foreground_hex="#7a5f00",
        background_hex="#fbfbff", kind="text", ratio=5.8791, required=4.5, aa=True, aaa=False,
    )  # fmt: skip
    blurred = CvdCheck(deficiency="deuteranopia", first="success", second="warning", delta_e=6.1, distinguishable=False)
    return palette.model_copy(
        update={
            "industry": "technology",
            "industry_match": "fuzzy",
            "style": "modern",
            "style_match": "default",
            "themes": {**palette.themes, "light": light},
            "contrast": [*palette.contrast, weak_brand, primary_text],
            "cvd": [*palette.cvd, blurred],
            "notes": ["The palette's notes, in English."],
            "fonts": palette.fonts.model_copy(update={"reason": KNOWN_REASON}),
        }
    )


@pytest.mark.parametrize("language", ["en", "es", "ja"])
async def test_stage_findings_are_written_in_the_documents_language(
    brand, pdf_settings: PdfSettings, language: str
) -> None:
    """What the logo and palette stages found reaches the reader in the document's language, written
    from their structured outputs and the graph's words; their English sentences appear in English
    documents only."""
    fixture = await brand(languages=[language], industry="robot makers", style="steampunk")
    palette = _with_findings(fixture.palette)
    fixture.job.outputs["palette"] = palette.model_dump(mode="json")
    # The logo stage's concept, as it writes it in each requested language.
    concept = LOGO_CONCEPTS.get(language, fixture.logo.concept)
    logo = fixture.logo.model_copy(update={"concepts": {language: concept}})
    fixture.job.outputs["logo"] = logo.model_dump(mode="json")
    # Without whitespace: lines of Japanese wrap anywhere, and the extracted text breaks them there.
    text = "".join(all_text(reader((await render(fixture, pdf_settings))[1])).split())
    gettext = CATALOGS.translations(language).gettext

    # Ratios print truncated, as the rationale prints them: 1.6389 as 1.63 (not 1.64), 5.8791 as 5.87.
    def ratio(value: float, places: int = 2) -> str:
        return f"{value:.{places}f}:1".replace(".", "," if language == "es" else ".")

    expected = [
        # The graph's words (cover, type pairing, logo kind) from the terms catalogue the rationale uses.
        f"{term(language, 'technology', INDUSTRY)} · {term(language, 'modern')}",
        f"Inter ({term(language, 'neo-grotesque')} · {term(language, 'sans-serif')})",
        gettext("Concept: {concept}.").format(concept=term(language, "geometric mark")),
        term(language, KNOWN_REASON),
        concept,
        gettext(
            "The industry “{asked}” is not in the brand knowledge graph; the closest, “{matched}”, was used."
        ).format(asked="robot makers", matched=term(language, "technology", INDUSTRY)),
        gettext("The style “{asked}” matched nothing in the brand knowledge graph; “{matched}” was used.").format(
            asked="steampunk", matched=term(language, "modern")
        ),
        gettext(
            "{theme}: the brand colour {brand} reaches {ratio} on the background {background}, below the {needed} "
            "that text needs. Keep it for the logo, large shapes and decoration; set text and text buttons in "
            "{primary} ({primary_ratio}), the theme's accessible primary."
        ).format(
            theme=gettext("Light theme"),
            brand="#f5c518",
            ratio=ratio(1.63),
            background="#fbfbff",
            needed=ratio(4.5, 1),
            primary="#7a5f00",
            primary_ratio=ratio(5.87),
        ),
        gettext(
            "For the pairs that are hard to tell apart, never rely on colour alone: add an icon, a label or a "
            "pattern (WCAG 1.4.1)."
        ),
    ]
    for sentence in expected:
        assert "".join(sentence.split()) in text, f"{language}: missing {sentence!r}"
    if language != "en":
        assert "technology·modern" not in text
        assert "(neo-grotesque·sans-serif)" not in text
    # The palette's own notes are never printed: the document writes them from the fields.
    assert "Thepalette'snotes,inEnglish." not in text
    # The logo stage's English prose: English documents only.
    assert ("".join(fixture.logo.concept.split()) in text) == (language == "en")
