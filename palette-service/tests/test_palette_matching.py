"""Free-text industries and styles land on a graph entry that fits, read from the real graph."""

from __future__ import annotations

import pytest

from brandgen.palette.bkg.dataset import load_dataset
from brandgen.palette.bkg.matching import match_term
from brandgen.palette.bkg.repository import BrandGraphRepository


@pytest.mark.parametrize(
    ("asked", "description", "industry", "kind"),
    [
        ("Technology", None, "technology", "exact"),
        ("real estate", None, "real_estate", "exact"),
        ("FinTech", None, "finance", "synonym"),
        ("Food & Beverage", None, "food", "synonym"),
        ("resturant", None, "restaurant", "synonym"),  # a misspelt name
        ("softwares", None, "software", "synonym"),
        ("law firm", None, "legal", "synonym"),
        ("hospital", None, "healthcare", "synonym"),
        ("kindergarten", None, "childcare", "synonym"),
        ("watchmaker", None, "luxury_goods", "synonym"),
        ("vegan bakery", None, "bakery", "synonym"),  # the trade inside a longer phrase
        ("heavy metal band", None, "music", "synonym"),
        ("ramen shop", None, "restaurant", "synonym"),  # ramen (the trade) beats shop (generic)
        ("Japanese ramen restaurant", None, "restaurant", "synonym"),
        ("games studio", None, "gaming", "synonym"),
        ("artisan goods", "a small bakery selling sourdough bread and cakes", "bakery", "meaning"),
        ("we build robots for warehouses", None, "technology", "meaning"),
        ("xyzzy", None, "consulting", "fallback"),
    ],
)
def test_industry_matching(
    seeded_repository: BrandGraphRepository, asked: str, description: str | None, industry: str, kind: str
) -> None:
    catalogue = seeded_repository.catalogue()
    match = match_term(asked, catalogue.industries, default="consulting", description=description)
    assert (match.id, match.kind) == (industry, kind)


def test_short_synonyms_count_only_as_the_whole_request(seeded_repository: BrandGraphRepository) -> None:
    industries = seeded_repository.catalogue().industries
    assert match_term("it", industries, default="consulting").id == "technology"
    # "it" (technology) and "pr" (marketing) inside a sentence are ordinary words, not trades.
    assert match_term("make it a pretty bakery", industries, default="consulting").id == "bakery"


@pytest.mark.slow
def test_every_graph_industry_has_colours_and_matches_itself(seeded_repository: BrandGraphRepository) -> None:
    catalogue = seeded_repository.catalogue()
    assert len(catalogue.industries) == len(load_dataset().industries) >= 50
    for entry in catalogue.industries:
        assert match_term(entry.id, catalogue.industries, default="consulting").id == entry.id
        context = seeded_repository.job_context(entry.id, "modern")
        assert len(context.colors) >= 2, f"{entry.id} has {len(context.colors)} colour associations"
        for synonym in entry.synonyms:
            match = match_term(synonym, catalogue.industries, default="consulting")
            assert (match.id, match.kind) in {(entry.id, "synonym"), (entry.id, "exact")}, (synonym, match)


def test_style_synonyms_and_fallback(seeded_repository: BrandGraphRepository) -> None:
    styles = seeded_repository.catalogue().styles
    assert match_term("minimalist", styles, default="modern").id == "minimal"
    assert match_term("premium", styles, default="modern").id == "luxury"
    assert match_term("qqqq", styles, default="modern").kind == "fallback"
