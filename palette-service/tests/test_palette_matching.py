"""Free-text industries and styles land on the nearest known entry instead of failing."""

from __future__ import annotations

import pytest

from brandgen.palette.bkg.matching import match_term
from brandgen.palette.bkg.repository import BrandGraphRepository


@pytest.mark.parametrize(
    ("asked", "description", "industry", "kind"),
    [
        ("Technology", None, "technology", "exact"),
        ("real estate", None, "real_estate", "exact"),
        ("FinTech", None, "finance", "synonym"),
        ("Food & Beverage", None, "food", "synonym"),
        ("resturant", None, "restaurant", "fuzzy"),
        ("softwares", None, "software", "fuzzy"),
        ("artisan goods", "a small bakery selling sourdough bread and cakes", "bakery", "description"),
        ("we build robots for warehouses", None, "technology", "description"),
        ("xyzzy", None, "consulting", "default"),
    ],
)
def test_industry_matching(
    seeded_repository: BrandGraphRepository, asked: str, description: str | None, industry: str, kind: str
) -> None:
    catalogue = seeded_repository.catalogue()
    match = match_term(asked, catalogue.industries, default="consulting", description=description)
    assert (match.id, match.kind) == (industry, kind)


def test_style_synonyms_and_default(seeded_repository: BrandGraphRepository) -> None:
    styles = seeded_repository.catalogue().styles
    assert match_term("minimalist", styles, default="modern").id == "minimal"
    assert match_term("premium", styles, default="modern").id == "luxury"
    assert match_term("qqqq", styles, default="modern").kind == "default"
