"""The template backend: specific, translated, locale-formatted rationale text."""

from __future__ import annotations

import re

import pytest
from rationale_fakes import light_brand_palette, make_logo, make_request, tech_palette

from brandgen.rationale.facts import BrandFacts, gather_facts
from brandgen.rationale.sections import SECTION_IDS
from brandgen.rationale.templates.render import TemplateWriter
from brandgen.shared.models import SUPPORTED_LANGUAGES


@pytest.fixture(scope="module")
def writer() -> TemplateWriter:
    return TemplateWriter.load()


def full_text(writer: TemplateWriter, facts: BrandFacts, language: str) -> str:
    document = writer.write(facts, language)
    return "\n".join(f"{s.title}\n{s.body}" for s in document.sections)


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_every_language_has_the_five_sections_with_substance(
    writer: TemplateWriter, tech_facts: BrandFacts, language: str
) -> None:
    document = writer.write(tech_facts, language)
    assert document.language == language
    assert [s.id for s in document.sections] == list(SECTION_IDS)
    for section in document.sections:
        assert section.title.strip()
        assert len(section.body) > 150, f"{language}/{section.id} is too thin: {section.body!r}"


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_names_the_jobs_hex_codes_fonts_and_contrast_ratios(
    writer: TemplateWriter, tech_facts: BrandFacts, language: str
) -> None:
    text = full_text(writer, tech_facts, language)
    for hex_code in ("#1a56db", "#0e7490", "#f59e0b", "#64748b"):  # primary, secondary, accent, neutral
        assert hex_code in text
    assert "Inter" in text
    assert "Source Serif 4" in text
    assert "OFL-1.1" in text
    decimal = "." if language in ("en", "ja", "zh") else ","
    # on_primary/primary 6.2351 and the repaired secondary pair 4.5389, truncated, never rounded up
    assert f"6{decimal}23:1" in text
    assert f"4{decimal}53:1" in text
    # the failing UI pair and what it needs
    assert f"2{decimal}04:1" in text
    assert f"3{decimal}00:1" in text


def test_contrast_ratios_are_never_shown_higher_than_measured(writer: TemplateWriter) -> None:
    palette = tech_palette()
    palette.contrast[0].ratio = 4.4999  # fails 4.5 and must not read "4.50:1"
    palette.contrast[0].aa = False
    palette.contrast[0].aaa = False
    text = full_text(writer, gather_facts(make_request(), palette, make_logo()), "en")
    assert "4.49:1" in text
    assert "below the 4.50:1 WCAG AA asks for" in text


def test_german_and_french_use_decimal_commas_and_their_own_words(
    writer: TemplateWriter, tech_facts: BrandFacts
) -> None:
    german = full_text(writer, tech_facts, "de")
    assert "Text auf der Primärfarbe von Acme Robotics (`#ffffff` auf `#1a56db`) erreicht 6,23:1" in german
    assert "Innovation, Vertrauen und Klarheit" in german  # moods translated and listed the German way
    assert "Branche „Technologie“" in german
    french = full_text(writer, tech_facts, "fr")
    assert "innovation, confiance et clarté" in french
    assert "secteur « technologie »" in french


def test_japanese_sentences_are_joined_without_spaces(writer: TemplateWriter, tech_facts: BrandFacts) -> None:
    text = full_text(writer, tech_facts, "ja")
    assert "テクノロジー" in text
    assert "。 " not in text
    assert "革新、信頼、明快さ" in text  # CLDR list pattern for Japanese


def test_chinese_sentences_are_joined_without_spaces(writer: TemplateWriter, tech_facts: BrandFacts) -> None:
    text = full_text(writer, tech_facts, "zh")
    assert "“科技”行业" in text
    assert "。 " not in text
    assert "，" in text
    assert "创新、信任和清晰" in text  # CLDR list pattern for Chinese: "、" between items, "和" before the last
    # a space between Han characters and code, in the catalogue's sentences and around CLDR's 和 alike
    assert "标志中最突出的颜色是 `#1a56db` 和 `#f59e0b`。" in text
    assert "错误色 `#b91c1c` 和信息色 `#0369a1`；" in text


def test_energy_is_a_sector_and_a_mood_in_chinese(writer: TemplateWriter) -> None:
    # one English word, two Chinese ones: the industry "energy" is 能源, the trait "energy" is 活力
    palette = tech_palette().model_copy(update={"industry": "energy", "moods": ["energy", "stability", "safety"]})
    facts = gather_facts(make_request(industry="energy"), palette, make_logo())
    chinese = full_text(writer, facts, "zh")
    assert "“能源”行业" in chinese
    assert "活力、稳定和安全" in chinese
    assert "活力”行业" not in chinese
    assert "Energie, Stabilität und Sicherheit" in full_text(writer, facts, "de")  # one word where one fits


def test_two_jobs_read_differently(writer: TemplateWriter, tech_facts: BrandFacts, bakery_facts: BrandFacts) -> None:
    tech = writer.write(tech_facts, "en")
    bakery = writer.write(bakery_facts, "en")
    for tech_section, bakery_section in zip(tech.sections, bakery.sections, strict=True):
        assert tech_section.body != bakery_section.body, tech_section.id
    tech_text, bakery_text = full_text(writer, tech_facts, "en"), full_text(writer, bakery_facts, "en")
    # the explanation changes with the industry, style, logo kind and origin of the colours, not just the name
    assert "“technology” sector" in tech_text
    assert "“food” sector" in bakery_text
    assert "monogram" in tech_text
    assert "emblem" in bakery_text
    assert "the colour you asked for" in bakery_text
    assert "You described the industry as “bakery”" in bakery_text
    assert "warmth, fun, and freshness" in bakery_text
    assert "Fredoka" in bakery_text
    assert "Fredoka" not in tech_text
    # the bakery's accent fails AA for text and the rationale says so
    assert "`#ffffff` on `#db2777` (light theme): 4.12:1, needs 4.50:1" in bakery_text

    def sentences(text: str) -> set[str]:
        return set(re.split(r"(?<=[.:])\s+", text))

    shared = sentences(tech_text) & sentences(bakery_text)
    assert len(shared) < len(sentences(tech_text)) / 2


def test_without_a_logo_the_rationale_says_so(writer: TemplateWriter) -> None:
    facts = gather_facts(make_request(), tech_palette(), None)
    concept = writer.write(facts, "en").sections[0].body
    assert "No logo was made for this job" in concept
    usage = writer.write(facts, "en").sections[-1].body
    assert "inverse version" not in usage


def test_user_text_cannot_inject_markdown(writer: TemplateWriter) -> None:
    # A newline cannot reach the writer (request text is one line: brandgen.shared.texts), but a
    # description that starts like a heading or a list item still must not become one.
    request = make_request(company_name="*Star* [click](http://evil) <b>", description="# Heading - item")
    facts = gather_facts(request, tech_palette(), make_logo())
    concept = writer.write(facts, "en").sections[0].body
    assert r"**\*Star\* \[click\](http://evil) \<b\>**" in concept
    assert "\n#" not in concept


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_graph_ids_with_underscores_read_as_words(writer: TemplateWriter, language: str) -> None:
    palette = tech_palette().model_copy(update={"industry": "real_estate"})
    facts = gather_facts(make_request(industry="real estate"), palette, make_logo())
    text = full_text(writer, facts, language)
    assert "real_estate" not in text
    if language == "es":
        assert "inmobiliari" in text.lower()


@pytest.mark.parametrize("language", ["de", "zh"])
def test_the_palette_findings_are_written_in_the_documents_language(language: str) -> None:
    facts = gather_facts(make_request(style="steampunk"), light_brand_palette(), make_logo())
    document = TemplateWriter.load([language]).write(facts, language)
    sections = {section.id: section.body for section in document.sections}
    expected = {
        "de": ("„steampunk“", "Die Markenfarbe `#60a5fa`", "`#1a56db` (6,23:1)", "Dekoration"),
        "zh": ("“steampunk”", "品牌色 `#60a5fa`", "`#1a56db`（6.23:1）", "装饰"),
    }[language]
    assert expected[0] in sections["concept"], "the style the graph did not know, and what it was matched to"
    for part in expected[1:]:
        assert part in sections["accessibility"], part
    assert "#0b1120" not in sections["accessibility"], "the dark theme's brand colour passes: nothing to say"
    assert "keep it for the logo" not in sections["accessibility"], "no English note in a translated document"


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_the_graphs_reason_for_the_pairing_is_given_in_every_language(writer: TemplateWriter, language: str) -> None:
    """A reason the shared terms catalogue knows is written in the document's language; one it does
    not know (a pairing new to the graph) is left out rather than printed in English."""
    known = "Two quiet humanist faces: nothing distracts from the content."
    palette = tech_palette()
    with_known = palette.model_copy(update={"fonts": palette.fonts.model_copy(update={"reason": known})})
    typography = {
        s.id: s.body for s in writer.write(gather_facts(make_request(), with_known, make_logo()), language).sections
    }
    unknown = palette.fonts.reason
    assert unknown not in typography["typography"]
    plain = {s.id: s.body for s in writer.write(gather_facts(make_request(), palette, make_logo()), language).sections}
    assert (unknown in plain["typography"]) == (language == "en")
    translated = {
        "en": known,
        "es": "Dos humanistas discretas: nada distrae del contenido.",
        "de": "Zwei ruhige humanistische Schriften: Nichts lenkt vom Inhalt ab.",
        "ja": "控えめなヒューマニスト書体を2つ。内容から注意をそらすものはありません。",
    }
    if language in translated:
        assert translated[language] in typography["typography"]


def test_the_logo_concept_is_told_once(writer: TemplateWriter, tech_facts: BrandFacts) -> None:
    concept = {s.id: s.body for s in writer.write(tech_facts, "en").sections}["concept"]
    assert concept.count("Interlocking A and R built on one stroke width.") == 1


@pytest.mark.parametrize("language", ["en", "es", "zh"])
def test_the_logo_concept_is_told_in_the_documents_language(writer: TemplateWriter, language: str) -> None:
    logo = make_logo()
    english = logo.concept
    spanish = "A y R entrelazadas sobre un mismo grosor de trazo. Colores: armonía análoga en torno a #1a56db."
    with_spanish = logo.model_copy(update={"concepts": {"en": english, "es": spanish}})
    concept = {
        s.id: s.body
        for s in writer.write(gather_facts(make_request(), tech_palette(), with_spanish), language).sections
    }["concept"]
    assert (english in concept) == (language == "en")
    assert (spanish in concept) == (language == "es")
    # An output from before the logo stage wrote each language: English documents only.
    older = {s.id: s.body for s in writer.write(gather_facts(make_request(), tech_palette(), logo), language).sections}
    assert (english in older["concept"]) == (language == "en")
