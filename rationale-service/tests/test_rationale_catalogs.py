"""The gettext catalogues: complete, in step with the templates, and consistent in placeholders."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rationale_fakes import light_brand_palette, make_logo, make_request, tech_palette

from brandgen.rationale.facts import gather_facts
from brandgen.rationale.i18n.catalogs import CATALOGS
from brandgen.rationale.templates.render import TemplateWriter
from brandgen.shared.contracts import PaletteOutput
from brandgen.shared.i18n import MessageKey, catalogue_drift, catalogue_problems, extracted_messages

SERVICE_DIR = Path(__file__).parents[1]


def messages_in_code() -> set[MessageKey]:
    """What `pybabel extract -F babel.cfg -k N_ -k NC_:1c,2` finds in the templates and Python sources now.

    Each message with its context (msgctxt, None for most), since a word can have one of each."""
    method_map = [("src/brandgen/rationale/**.py", "python"), ("src/brandgen/rationale/templates/**.j2", "jinja2")]
    options = {"src/brandgen/rationale/templates/**.j2": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "NC_": ((1, "c"), 2)}
    return extracted_messages(SERVICE_DIR, method_map, keywords, options)


@pytest.mark.parametrize("language", CATALOGS.translated_languages())
def test_every_entry_is_translated_with_its_placeholders(language: str) -> None:
    assert catalogue_problems(CATALOGS.read(language)) == []


@pytest.mark.parametrize("language", CATALOGS.translated_languages())
def test_catalogue_matches_the_messages_in_the_code(language: str) -> None:
    in_code = messages_in_code()
    assert catalogue_drift(CATALOGS.read(language), in_code) == [], "run pybabel update (README)"


@pytest.mark.parametrize("palette", [tech_palette, light_brand_palette])
@pytest.mark.parametrize("language", CATALOGS.translated_languages())
def test_no_english_sentence_leaks_into_a_translation(language: str, palette: Callable[[], PaletteOutput]) -> None:
    facts = gather_facts(make_request(style="steampunk"), palette(), make_logo())
    english = TemplateWriter.load(["en"]).write(facts, "en")
    translated = TemplateWriter.load([language]).write(facts, language)
    for ours, theirs in zip(english.sections, translated.sections, strict=True):
        english_sentences = {s for s in ours.body.split(". ") if len(s) > 30}
        for sentence in english_sentences:
            assert sentence not in theirs.body, f"{language}/{ours.id} shows English: {sentence!r}"
