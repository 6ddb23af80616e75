"""One job's palette from the graph's answer: pure computation, no I/O (what the benchmark times)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import cast

from brandgen.palette import typography
from brandgen.palette.bkg.dataset import Font, load_dataset
from brandgen.palette.bkg.matching import Match
from brandgen.palette.bkg.repository import JobContext, PairingRecord
from brandgen.palette.color.roles import derive_roles
from brandgen.palette.color.scales import tonal_scale
from brandgen.palette.color.seed import choose_seed, rank_recommendations
from brandgen.palette.color.themes import draft_theme, token_hues
from brandgen.palette.wcag.audit import ThemeAudit, audit_theme
from brandgen.palette.wcag.cvd import check_roles
from brandgen.shared.contracts import (
    ColorAssociation,
    ContrastCheck,
    CvdCheck,
    FontChoice,
    FontPairing,
    PaletteOutput,
    PaletteRole,
    ThemeName,
)
from brandgen.shared.errors import StageError
from brandgen.shared.fonts import has_family
from brandgen.shared.i18n import format_ratio
from brandgen.shared.models import FontSelection

FALLBACK_PAIRING = PairingRecord.model_validate(
    {
        "id": "fallback",
        "reason": "Noto covers most scripts and is installed with the service.",
        "weight": 0.0,
        "heading": {"family": "Noto Serif", "licence": "OFL-1.1", "category": "serif", "character": "modulated serif"},
        "body": {"family": "Noto Sans", "licence": "OFL-1.1", "category": "sans-serif", "character": "humanist sans"},
    }
)


@dataclass(frozen=True)
class PaletteInputs:
    requested_color: str | None
    logo_colors: Sequence[str]
    industry: Match
    style: Match
    requested_industry: str
    requested_style: str
    # The name's script and the kit's languages choose Noto faces where the Latin pairing lacks them.
    company_name: str = ""
    languages: Sequence[str] = ()


def build_palette(inputs: PaletteInputs, context: JobContext) -> PaletteOutput:
    ranked = rank_recommendations(context.colors, context.style_traits)
    seed = choose_seed(inputs.requested_color, inputs.logo_colors, ranked)
    others = [
        color.hex for color in ranked if seed.recommendation is None or color.family != seed.recommendation.family
    ]
    if seed.source != "graph":
        others = [color.hex for color in ranked]
    roles = derive_roles(seed.color, others, style_chroma=context.chroma)
    scales = {role: tonal_scale(color) for role, color in roles.items()}
    audits: dict[ThemeName, ThemeAudit] = {
        "light": audit_theme(draft_theme(roles, dark=False), token_hues(roles)),
        "dark": audit_theme(draft_theme(roles, dark=True), token_hues(roles)),
    }
    contrast = [
        ContrastCheck(
            theme=theme,
            foreground=r.foreground,
            background=r.background,
            foreground_hex=r.foreground_hex,
            background_hex=r.background_hex,
            kind=r.kind,
            ratio=r.ratio,
            required=r.required,
            aa=r.aa,
            aaa=r.aaa,
            apca_lc=r.apca_lc,
            repaired=r.repaired,
        )
        for theme, audit in audits.items()
        for r in audit.results
    ]
    cvd_colors = {**roles, **{k: v for k, v in audits["light"].tokens.items() if k in roles}}
    cvd = [CvdCheck(**vars(result)) for result in check_roles(cvd_colors)]
    moods = list(dict.fromkeys([*context.industry_traits, *context.style_traits]))
    palette = PaletteOutput(
        seed_color=seed.color,
        seed_source=seed.source,
        industry=context.industry,
        industry_match=inputs.industry.kind,
        style=context.style,
        style_match=inputs.style.kind,
        moods=moods,
        # derive_roles names every role of PaletteRole; pydantic checks the keys again here.
        roles=cast("dict[PaletteRole, str]", roles),
        scales=scales,
        themes={theme: audit.tokens for theme, audit in audits.items()},
        contrast=contrast,
        cvd=cvd,
        fonts=choose_fonts(
            context.pairings,
            industry=context.industry,
            company_name=inputs.company_name,
            languages=inputs.languages,
        ),
        associations=[
            ColorAssociation(family=c.family, hex=c.hex, meaning=c.meaning, source=c.source, weight=c.weight)
            for c in ranked
        ],
    )
    # English, for the report and the API. The rationale and the guidelines PDF write the same findings
    # in each language from the structured fields (matches, contrast, cvd): a new kind of note needs a
    # sentence in both.
    palette.notes = _match_notes(inputs) + _brand_notes(palette) + _cvd_notes(cvd)
    return palette


def choose_fonts(
    pairings: Sequence[PairingRecord], *, industry: str = "", company_name: str = "", languages: Sequence[str] = ()
) -> FontPairing:
    """The style's pairing for this industry, in faces that draw the name (see `typography`)."""
    return typography.choose_fonts(
        pairings, FALLBACK_PAIRING, industry=industry, company_name=company_name, languages=languages
    )


@lru_cache(maxsize=1)
def font_catalogue() -> tuple[Font, ...]:
    """The dataset's fonts installed here: what a customer may choose (`GET /v1/catalog`, revisions)."""
    return tuple(font for font in load_dataset().fonts if has_family(font.family))


def requested_fonts(selection: FontSelection) -> FontPairing:
    """The pairing a customer chose; a family outside the catalogue fails the stage, naming it."""
    known = {font.family.casefold(): font for font in font_catalogue()}
    choices = {}
    for role in ("heading", "body"):
        family = getattr(selection, role)
        font = known.get(family.casefold())
        if font is None:
            raise StageError("unknown_font", f"the {role} font {family!r} is not in the font catalogue")
        choices[role] = FontChoice(
            family=font.family, licence=font.licence, category=font.category, character=font.character
        )
    return FontPairing(**choices, reason="Chosen by the customer.")


def _match_notes(inputs: PaletteInputs) -> list[str]:
    notes = []
    for label, asked, match in (
        ("industry", inputs.requested_industry, inputs.industry),
        ("style", inputs.requested_style, inputs.style),
    ):
        if match.kind == "meaning":
            notes.append(f"The {label} {asked!r} is not in the knowledge graph; the nearest, {match.id!r}, was used.")
        elif match.kind == "fallback":
            notes.append(f"The {label} {asked!r} matched nothing in the knowledge graph; {match.id!r} was used.")
    return notes


def _brand_notes(palette: PaletteOutput) -> list[str]:
    return [
        f"The brand colour {found.brand} reaches {format_ratio(found.ratio, 'en')} on the {found.theme} background "
        f"{found.background}, below 4.5:1 for text: keep it for the logo, large shapes and "
        f"{'large text' if found.large_text else 'decoration'}; for text and text buttons use the accessible "
        f"alternative {found.primary} ({format_ratio(found.primary_ratio, 'en')}), the {found.theme} theme's primary."
        for found in palette.brand_text_contrast()
    ]


def _cvd_notes(cvd: Sequence[CvdCheck]) -> list[str]:
    confused: dict[tuple[str, str], list[str]] = {}
    for check in cvd:
        if not check.distinguishable:
            confused.setdefault((check.first, check.second), []).append(check.deficiency)
    if not confused:
        return []
    pairs = "; ".join(f"{first}/{second} ({', '.join(kinds)})" for (first, second), kinds in confused.items())
    return [
        f"Hard to tell apart with colour-vision deficiencies: {pairs}. Never rely on colour alone for these; "
        "add an icon, a label or a pattern (WCAG 1.4.1)."
    ]
