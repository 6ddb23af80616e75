"""The shared terms catalogue: complete, in step with the vocabulary, and looked up as the rationale
and the guidelines PDF both need (graph ids, contexts, words the catalogue lacks)."""

from __future__ import annotations

from pathlib import Path

import pytest

from brandgen.shared.i18n import MessageKey, catalogue_drift, catalogue_problems, extracted_messages
from brandgen.shared.terms import INDUSTRY, TERMS, known_term, term

SHARED_DIR = Path(__file__).parents[1]


def terms_in_code() -> set[MessageKey]:
    """What `pybabel extract -F babel.cfg -k N_ -k NC_:1c,2` finds in the vocabulary now (README)."""
    method_map = [("src/brandgen/shared/terms/**.py", "python")]
    return extracted_messages(SHARED_DIR, method_map, keywords={"N_": None, "NC_": ((1, "c"), 2)})


@pytest.mark.parametrize("language", TERMS.translated_languages())
def test_every_term_is_translated(language: str) -> None:
    assert catalogue_problems(TERMS.read(language)) == []


@pytest.mark.parametrize("language", TERMS.translated_languages())
def test_catalogue_matches_the_vocabulary(language: str) -> None:
    in_code = terms_in_code()
    assert ("real estate", None) in in_code
    assert ("energy", INDUSTRY) in in_code
    assert catalogue_drift(TERMS.read(language), in_code) == [], "run pybabel update (README)"


def test_graph_ids_are_looked_up_as_words() -> None:
    assert term("es", "real_estate") == "inmobiliario"
    assert term("de", "sans-serif") == "serifenlos"
    assert term("en", "real_estate") == "real estate"


def test_an_industry_word_takes_its_industry_sense_first() -> None:
    # Chinese says 能源 for the energy sector and 活力 for energy as a trait.
    assert term("zh", "energy", INDUSTRY) == "能源"
    assert term("zh", "energy") == "活力"
    # A word with no industry sense of its own falls back to its plain translation.
    assert term("zh", "technology", INDUSTRY) == term("zh", "technology") != "technology"


def test_a_word_the_catalogue_lacks_stays_as_written() -> None:
    assert term("ja", "steampunk_noir") == "steampunk noir"
    assert term("fr", "") == ""


def test_a_sentence_is_given_only_where_it_is_translated() -> None:
    reason = "Two quiet humanist faces: nothing distracts from the content."
    assert known_term("fr", reason) == "Deux humanes discrètes : rien ne détourne du contenu."
    assert known_term("en", reason) == reason
    assert known_term("fr", "A pairing new to the graph.") is None
    assert known_term("en", "A pairing new to the graph.") == "A pairing new to the graph."
