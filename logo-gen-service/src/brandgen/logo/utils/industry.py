"""What the logo stage knows about the company's trade: the Brand Knowledge Graph's industry, its
colours (ranked for the style) and its motifs.

Read from the versioned dataset the graph is seeded from (brandgen-palette ships it), matched with the
same code the palette stage runs on the graph, so the mark's colour is the one the palette would have
picked and the palette, seeded from the mark, agrees with it. The logo stage needs no graph server.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from brandgen.palette.bkg.dataset import load_dataset
from brandgen.palette.bkg.matching import match_term

DEFAULT_INDUSTRY = "consulting"  # the palette stage's default too (PaletteSettings.default_industry)
DEFAULT_STYLE = "modern"
STYLE_TRAIT_BONUS = 0.15  # as the palette's rank_recommendations


@dataclass(frozen=True)
class IndustryColour:
    family: str
    hex: str
    weight: float  # 0..1, how strongly the industry is associated with it, plus the style's bonus


@dataclass(frozen=True)
class IndustryFit:
    industry: str
    match: str  # exact | synonym | meaning | fallback
    colours: tuple[IndustryColour, ...]  # best first
    motifs: tuple[str, ...]  # words for marks: things the trade is drawn with
    words: tuple[str, ...]  # the industry's id and synonyms, for matching icons


@lru_cache(maxsize=256)
def industry_fit(industry: str, style: str, description: str | None = None) -> IndustryFit:
    dataset = load_dataset()
    industry_match = match_term(industry, dataset.industries, default=DEFAULT_INDUSTRY, description=description)
    style_match = match_term(style, dataset.styles, default=DEFAULT_STYLE)
    record = next(entry for entry in dataset.industries if entry.id == industry_match.id)
    style_record = next(entry for entry in dataset.styles if entry.id == style_match.id)
    families = {family.id: family for family in dataset.color_families}
    wanted = set(style_record.traits)
    colours = sorted(
        (
            IndustryColour(
                a.family,
                families[a.family].hex,
                a.weight + STYLE_TRAIT_BONUS * len(wanted & set(families[a.family].traits)),
            )
            for a in record.colors
        ),
        key=lambda colour: (-colour.weight, colour.family),
    )
    return IndustryFit(
        industry=record.id,
        match=industry_match.kind,
        colours=tuple(colours),
        motifs=tuple(record.motifs),
        words=(record.name, *record.synonyms),
    )
