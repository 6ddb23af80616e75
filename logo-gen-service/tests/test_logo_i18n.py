"""The logo stage writes its descriptions and concept in each requested language: catalogues
complete and in step with the code, every mark and typeface phrase translated, and the stage's
output carrying the texts the rationale and the guidelines PDF print."""

from __future__ import annotations

from pathlib import Path

import pytest
from logo_test_helpers import run_logo

from brandgen.logo.i18n import CATALOGS, sentence, write
from brandgen.logo.models.procedural import design_candidate
from brandgen.shared.i18n import N_, MessageKey, catalogue_drift, catalogue_problems, extracted_messages
from brandgen.shared.models import BrandRequest

SERVICE_DIR = Path(__file__).parents[1]
STYLES = ["modern", "minimal", "playful", "friendly", "luxury", "classic", "vintage", "bold", "tech", "corporate"]


def messages_in_code() -> set[MessageKey]:
    """What `pybabel extract -F babel.cfg -k N_` finds in the sources now (README)."""
    return extracted_messages(SERVICE_DIR, [("src/brandgen/logo/**.py", "python")], keywords={"N_": None})


@pytest.mark.parametrize("language", CATALOGS.translated_languages())
def test_catalogue_is_complete_and_keeps_placeholders(language: str) -> None:
    assert catalogue_problems(CATALOGS.read(language)) == []


@pytest.mark.parametrize("language", CATALOGS.translated_languages())
def test_catalogue_matches_the_messages_in_the_code(language: str) -> None:
    in_code = messages_in_code()
    assert ("The letters are cut out of a solid field.", None) in in_code
    assert catalogue_drift(CATALOGS.read(language), in_code) == [], "run pybabel update (README)"


@pytest.mark.slow
def test_every_design_reads_in_every_language() -> None:
    """Forty designs over the styles and concepts: no sentence stays English in a translation, the
    letters and the family are kept, and Chinese and Japanese join sentences without a space."""
    seen_kinds: set[str] = set()
    for index in range(40):
        request = BrandRequest(
            company_name="Acme Robotics", industry="technology", style=STYLES[index % len(STYLES)], seed=index
        )
        design = design_candidate(request, index % 5, seed=index * 7)
        seen_kinds.add(design.mark.kind.split("-")[0])
        english = write(design.description)
        for language in CATALOGS.translated_languages():
            text = write(design.description, language)
            for part in design.description:
                assert part.text("en") not in text, f"{language}: {part.text('en')!r} left in English"
            if design.concept in ("monogram", "emblem"):
                assert "AR" in text
            assert design.face.family in text or design.concept == "geometric", (language, text)
            if language in ("ja", "zh") and len(design.description) > 1:
                assert "。 " not in text
        assert english == " ".join(part.text("en") for part in design.description)
    assert {kind.split("/")[0] for kind in seen_kinds} == {"monogram", "geometric", "emblem"}, seen_kinds


def test_words_of_the_catalogue_and_of_the_graph_are_translated_in_place() -> None:
    combination = sentence(
        N_("Paired with the name in {family}, {character}."), family="Cabin", character="a warm humanist sans",
        words=["character"],
    )  # fmt: skip
    assert combination.text("en") == "Paired with the name in Cabin, a warm humanist sans."
    assert combination.text("de") == "Dazu der Name in Cabin, eine warme humanistische Serifenlose."
    generated = sentence(
        N_("A generated mark (layout: {layout}), traced to vector."), layout="combination mark", graph_words=["layout"]
    )
    assert generated.text("es") == "Un símbolo generado (composición: logotipo combinado), vectorizado."


@pytest.mark.slow
async def test_the_stage_writes_descriptions_and_concept_in_the_requested_languages(store) -> None:
    request = BrandRequest(
        company_name="Acme Robotics", industry="technology", style="friendly", seed=3, languages=["es", "ja", "en"]
    )
    output, _ = await run_logo(request, store)
    assert set(output.concepts) == {"es", "ja", "en"}
    assert output.concepts["en"] == output.concept
    assert "Colores: armonía" in output.concepts["es"]
    assert "配色：" in output.concepts["ja"]
    for candidate in output.candidates:
        assert set(candidate.descriptions) == {"es", "ja", "en"}
        assert candidate.descriptions["en"] == candidate.description
        assert candidate.descriptions["es"] != candidate.description
    chosen = next(c for c in output.candidates if c.id == output.chosen)
    assert output.concepts["es"].startswith(chosen.descriptions["es"])
