"""The facts a rationale explains, gathered once from the request and the earlier stages.

Both backends write from the same `BrandFacts`: the template backend renders it, the LLM backend
receives it as JSON data. Keeping it small and explicit is what keeps the LLM grounded.
"""

from __future__ import annotations

import hashlib
from typing import Any

from pydantic import BaseModel, Field

from brandgen.shared.contracts import BrandTextContrast, ContrastCheck, LogoCandidate, LogoOutput, PaletteOutput
from brandgen.shared.models import BrandRequest

# Roles shown in the colour section, in the order a reader meets them.
BRAND_ROLES = ("primary", "secondary", "accent", "neutral")
STATUS_ROLES = ("success", "warning", "error", "info")
MAX_ASSOCIATIONS = 3
MAX_FAILURES_SHOWN = 5
MAX_ICON_TAGS = 3


class ColorFact(BaseModel):
    role: str
    hex: str


class AssociationFact(BaseModel):
    family: str
    hex: str
    meaning: str


class FontFact(BaseModel):
    family: str
    character: str
    category: str
    licence: str


class ContrastFact(BaseModel):
    theme: str
    foreground: str
    background: str
    foreground_hex: str
    background_hex: str
    kind: str
    ratio: float
    required: float
    aa: bool
    aaa: bool
    repaired: bool

    @classmethod
    def of(cls, check: ContrastCheck) -> ContrastFact:
        return cls.model_validate(check.model_dump(exclude={"apca_lc"}))


class ContrastSummary(BaseModel):
    checked: int
    aa_passed: int
    aaa_passed: int
    repaired: int
    primary_text: ContrastFact | None = Field(description="Text on the primary colour in the light theme.")
    body_text: ContrastFact | None = Field(description="Best-known body text pair in the light theme.")
    weakest: ContrastFact | None
    failures: list[ContrastFact]


class CvdFact(BaseModel):
    deficiency: str
    first: str
    second: str
    delta_e: float


class LogoFact(BaseModel):
    kind: str = Field(description="monogram, geometric, emblem, wordmark or combination.")
    concept: str
    concepts: dict[str, str] = Field(default_factory=dict, description="The concept in each requested language.")
    description: str
    wordmark_font: str | None
    colors: list[str]
    icon: str | None = Field(default=None, description="The chosen mark's icon, in words (e.g. bowl chopsticks).")
    icon_set: str | None = None
    icon_tags: list[str] = Field(default_factory=list, description="What the icon depicts, from its set's tags.")


class BrandFacts(BaseModel):
    company: str
    description: str | None
    tagline: str | None
    industry: str
    industry_match: str
    requested_industry: str
    style_match: str = "exact"
    requested_style: str = ""
    style: str
    moods: list[str]
    seed_color: str
    seed_source: str
    colors: list[ColorFact]
    status_colors: list[ColorFact]
    themes: dict[str, dict[str, str]]
    associations: list[AssociationFact]
    heading_font: FontFact
    body_font: FontFact
    pairing_reason: str
    contrast: ContrastSummary
    cvd_problems: list[CvdFact]
    cvd_checked: int
    brand_contrast: list[BrandTextContrast] = Field(default_factory=list)
    notes: list[str]
    logo: LogoFact | None

    @property
    def primary(self) -> str:
        return next((color.hex for color in self.colors if color.role == "primary"), self.seed_color)

    def pick(self, fact: str, count: int) -> int:
        """Which of `count` phrasings states `fact` for this company: fixed by a hash of the company and
        the fact, so a kit always reads the same, and two companies rarely read alike."""
        key = "\x00".join((self.company, self.industry, self.style, fact)).encode()
        return int.from_bytes(hashlib.sha256(key).digest()[:4], "big") % count

    def role(self, name: str) -> str | None:
        return next((color.hex for color in [*self.colors, *self.status_colors] if color.role == name), None)


def _find(checks: list[ContrastCheck], theme: str, foreground: str, background: str) -> ContrastCheck | None:
    return next(
        (c for c in checks if c.theme == theme and c.foreground == foreground and c.background == background), None
    )


def summarise_contrast(checks: list[ContrastCheck]) -> ContrastSummary:
    primary_text = _find(checks, "light", "on_primary", "primary")
    body_text = next(
        (
            found
            for background in ("surface", "background", "neutral")
            if (found := _find(checks, "light", f"on_{background}", background)) is not None
        ),
        None,
    )
    text_checks = [c for c in checks if c.kind != "ui"] or checks
    weakest = min(text_checks, key=lambda c: c.ratio / c.required, default=None)
    failures = sorted((c for c in checks if not c.aa), key=lambda c: c.ratio / c.required)
    return ContrastSummary(
        checked=len(checks),
        aa_passed=sum(c.aa for c in checks),
        aaa_passed=sum(c.aaa for c in checks),
        repaired=sum(c.repaired for c in checks),
        primary_text=ContrastFact.of(primary_text) if primary_text else None,
        body_text=ContrastFact.of(body_text) if body_text else None,
        weakest=ContrastFact.of(weakest) if weakest else None,
        failures=[ContrastFact.of(c) for c in failures[:MAX_FAILURES_SHOWN]],
    )


def _font(choice: object) -> FontFact:
    return FontFact.model_validate(choice, from_attributes=True)


def _icon_facts(chosen: LogoCandidate | None) -> dict[str, Any]:
    icon = chosen.mark.icon if chosen and chosen.mark else None
    if icon is None:
        return {}
    name = icon.name.replace("-", " ").replace("_", " ")
    tags = [tag.replace("-", " ") for tag in icon.tags if tag.replace("-", " ") not in name][:MAX_ICON_TAGS]
    return {"icon": name, "icon_set": icon.set, "icon_tags": tags}


def gather_facts(request: BrandRequest, palette: PaletteOutput, logo: LogoOutput | None) -> BrandFacts:
    logo_fact: LogoFact | None = None
    if logo is not None:
        chosen = next((c for c in logo.candidates if c.id == logo.chosen), None)
        wordmark = next((f.family for f in logo.fonts if f.role == "wordmark"), None)
        logo_fact = LogoFact(
            kind=chosen.concept if chosen else "combination",
            concept=logo.concept,
            concepts=logo.concepts,
            description=chosen.description if chosen else "",
            wordmark_font=wordmark or (logo.fonts[0].family if logo.fonts else None),
            colors=list(logo.dominant_colors[:3]),
            **_icon_facts(chosen),
        )
    associations = sorted(palette.associations, key=lambda a: a.weight, reverse=True)[:MAX_ASSOCIATIONS]
    return BrandFacts(
        company=request.company_name,
        description=request.description,
        tagline=request.tagline,
        industry=palette.industry,
        industry_match=palette.industry_match,
        requested_industry=request.industry,
        style_match=palette.style_match,
        requested_style=request.style,
        style=palette.style,
        moods=list(palette.moods),
        seed_color=palette.seed_color,
        seed_source=palette.seed_source,
        colors=[ColorFact(role=r, hex=palette.roles[r]) for r in BRAND_ROLES if r in palette.roles],
        status_colors=[ColorFact(role=r, hex=palette.roles[r]) for r in STATUS_ROLES if r in palette.roles],
        themes={name: dict(tokens) for name, tokens in palette.themes.items()},
        associations=[AssociationFact(family=a.family, hex=a.hex, meaning=a.meaning) for a in associations],
        heading_font=_font(palette.fonts.heading),
        body_font=_font(palette.fonts.body),
        pairing_reason=palette.fonts.reason,
        contrast=summarise_contrast(palette.contrast),
        cvd_problems=[
            CvdFact(deficiency=c.deficiency, first=c.first, second=c.second, delta_e=c.delta_e)
            for c in palette.cvd
            if not c.distinguishable
        ],
        cvd_checked=len(palette.cvd),
        brand_contrast=palette.brand_text_contrast(),
        notes=list(palette.notes),
        logo=logo_fact,
    )
