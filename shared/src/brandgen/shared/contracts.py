"""Stage outputs: what each stage records on the job for the stages after it and for the client.

One schema for producer and consumers (FastStream style): the logo stage returns a `LogoOutput`,
the palette stage reads it back with `ctx.output("logo", LogoOutput)`. Asset fields hold keys
relative to the job's prefix in the asset store (`logo/primary.svg`), never absolute paths or URLs.
Fields may be added; renaming or removing one is a breaking change for downstream stages.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from brandgen.shared.models import HexColor

# --- logo ---------------------------------------------------------------------------------------

LogoConcept = Literal["monogram", "geometric", "emblem", "wordmark", "combination"]
Lockup = Literal["icon", "wordmark", "combination", "stacked"]
LogoTreatment = Literal["full_color", "monochrome", "inverse"]


class FontUse(BaseModel):
    family: str
    role: str = Field(description="wordmark, tagline, heading, body ...")
    licence: str = Field(description="SPDX id or licence name, e.g. OFL-1.1")
    source: str | None = Field(default=None, description="Package or foundry the font came from.")


class MarkIcon(BaseModel):
    """An open-licence icon a mark is drawn from; its licence and attribution travel with the kit."""

    set: str = Field(description="Icon set, e.g. tabler.")
    name: str = Field(description="Icon name within the set, e.g. acorn.")
    licence: str = Field(description="SPDX id of the icon set's licence, e.g. MIT.")
    tags: list[str] = Field(default_factory=list, description="The set's tags for the icon.")
    attribution: str | None = Field(default=None, description="Copyright line of the icon set.")


class MarkInfo(BaseModel):
    kind: str = Field(description="What the mark is, e.g. icon/container-circle, monogram/hexagon-knockout.")
    icon: MarkIcon | None = Field(default=None, description="The icon drawn in the mark; absent for marks without one.")


class CandidateScore(BaseModel):
    """Why a candidate was (not) chosen; each part 0..1, total their weighted sum."""

    total: float
    fit: float = Field(description="How well the mark relates to the company's words and trade.")
    legibility: float = Field(description="How much of the mark survives at 16 px.")
    contrast: float = Field(description="Weakest ink against its background, measured on a render (1 = 4.5:1).")
    distinctness: float = Field(description="How different the mark is from the other candidates.")
    min_contrast: float | None = Field(default=None, description="The weakest ink's contrast ratio, e.g. 3.2.")


class LogoCandidate(BaseModel):
    id: str = Field(description="Stable id within the job, e.g. c1.")
    concept: LogoConcept
    description: str = Field(description="One sentence on the idea of the mark, for the rationale (English).")
    descriptions: dict[str, str] = Field(
        default_factory=dict, description="The description in each language of the request (ISO 639-1 -> text)."
    )
    svg: str = Field(description="Asset key of the candidate as SVG.")
    png: str = Field(description="Asset key of a 512 px transparent PNG preview.")
    seed: int
    mark: MarkInfo | None = None
    score: CandidateScore | None = Field(default=None, description="The best total is the chosen candidate.")


class LockupFiles(BaseModel):
    """One lockup in one treatment."""

    svg: str
    png: dict[str, str] = Field(default_factory=dict, description="Pixel width -> asset key, e.g. {'512': key}.")


class LogoOutput(BaseModel):
    backend: Literal["procedural", "sdxl"]
    variant: str | None = None
    candidates: list[LogoCandidate]
    chosen: str = Field(description="Id of the chosen candidate; lockups are made from it.")
    lockups: dict[Lockup, dict[LogoTreatment, LockupFiles]]
    favicons: dict[str, str] = Field(
        default_factory=dict, description="favicon.ico, apple-touch-icon (180 px), sizes -> asset keys."
    )
    social_avatar: str | None = None
    dominant_colors: list[HexColor] = Field(description="Most prominent colours of the chosen logo, strongest first.")
    fonts: list[FontUse] = Field(default_factory=list)
    concept: str = Field(description="Why the chosen mark looks as it does, in a sentence or two (English).")
    concepts: dict[str, str] = Field(
        default_factory=dict, description="The concept in each language of the request (ISO 639-1 -> text)."
    )
    provenance: str | None = Field(default=None, description="Asset key of the provenance manifest JSON.")
    archive: str | None = Field(
        default=None, description="Asset key of a zip holding every file of the logo kit (by asset name)."
    )
    notes: list[str] = Field(
        default_factory=list,
        description="What the logo changed from the request and why (English), e.g. emoji left out of the mark.",
    )


# --- palette ------------------------------------------------------------------------------------

PaletteRole = Literal[
    "primary", "secondary", "accent", "neutral", "neutral_variant", "success", "warning", "error", "info"
]
ContrastKind = Literal["text", "large_text", "ui"]
ThemeName = Literal["light", "dark"]


class ContrastCheck(BaseModel):
    theme: ThemeName
    foreground: str = Field(description="Theme token of the foreground, e.g. on_primary.")
    background: str = Field(description="Theme token of the background, e.g. primary.")
    foreground_hex: HexColor
    background_hex: HexColor
    kind: ContrastKind
    ratio: float = Field(description="WCAG 2.2 contrast ratio, unrounded.")
    required: float = Field(description="Ratio this kind of pair must reach for AA.")
    aa: bool
    aaa: bool
    apca_lc: float | None = Field(default=None, description="APCA lightness contrast, advisory only.")
    repaired: bool = Field(default=False, description="True when the foreground was adjusted to pass.")


class CvdCheck(BaseModel):
    deficiency: Literal["protanopia", "deuteranopia", "tritanopia"]
    first: str
    second: str
    delta_e: float = Field(description="Colour difference (CIEDE2000) under simulation.")
    distinguishable: bool


class FontChoice(BaseModel):
    family: str
    licence: str
    character: str = Field(description="How the typeface reads: geometric, humanist, ...")
    category: str = Field(description="sans-serif, serif, display, monospace ...")


class FontPairing(BaseModel):
    heading: FontChoice
    body: FontChoice
    reason: str


class ColorAssociation(BaseModel):
    family: str = Field(description="Colour family, e.g. blue.")
    hex: HexColor
    meaning: str = Field(description="What the colour says in this industry.")
    source: str = Field(description="Where the association comes from (reference or reasoning).")
    weight: float


TEXT_CONTRAST_AA = 4.5  # WCAG 2.2 AA for normal-size text


class BrandTextContrast(BaseModel):
    """A theme where the brand colour, kept as asked, is too light or dark for text on the background."""

    theme: ThemeName
    brand: HexColor
    background: HexColor
    ratio: float
    large_text: bool = Field(description="Whether it still passes for large text (3:1).")
    primary: HexColor = Field(description="The theme's accessible primary, to use for text instead.")
    primary_ratio: float


MatchKind = Literal["exact", "synonym", "meaning", "fallback", "fuzzy", "description", "default"]
"""The palette stage writes the first four; the last three are what jobs recorded before 2026-12 say."""


class PaletteOutput(BaseModel):
    seed_color: HexColor
    seed_source: Literal["requested", "graph", "logo"]
    industry: str = Field(description="Canonical industry of the knowledge graph the request was matched to.")
    industry_match: MatchKind = Field(
        description="How: exact (the graph id), synonym (a name, a misspelt name, or one inside the phrase), "
        "meaning (words of the request and description), fallback (the default industry)."
    )
    style: str = Field(description="Canonical style the request was matched to.")
    style_match: MatchKind = "exact"
    moods: list[str] = Field(default_factory=list, description="Traits the industry and style convey.")
    roles: dict[PaletteRole, HexColor]
    scales: dict[str, dict[str, HexColor]] = Field(description="Role -> tone (50..950) -> colour.")
    themes: dict[ThemeName, dict[str, HexColor]] = Field(description="Theme -> token (primary, on_primary, ...).")
    contrast: list[ContrastCheck]
    cvd: list[CvdCheck] = Field(default_factory=list)
    fonts: FontPairing
    associations: list[ColorAssociation] = Field(default_factory=list)
    notes: list[str] = Field(
        default_factory=list,
        description="Accessibility notes a user must read, in English; each is also derivable from the fields above.",
    )
    exports: dict[str, str] = Field(default_factory=dict, description="css, tailwind, tokens, ase, contrast -> key.")

    def brand_text_contrast(self) -> list[BrandTextContrast]:
        """Themes whose primary had to differ from the brand colour because the brand colour cannot
        carry text on the background: the palette's note and the rationale's sentence both say so."""
        found = []
        for theme, tokens in self.themes.items():
            brand, primary = tokens.get("brand"), tokens.get("primary")
            if brand is None or primary is None or brand == primary:
                continue
            checks = [check for check in self.contrast if check.theme == theme]
            on_background = next((check for check in checks if check.foreground == "brand"), None)
            primary_check = next((check for check in checks if check.foreground == "primary"), None)
            if on_background is None or primary_check is None or on_background.ratio >= TEXT_CONTRAST_AA:
                continue
            found.append(
                BrandTextContrast(
                    theme=theme,
                    brand=brand,
                    background=on_background.background_hex,
                    ratio=on_background.ratio,
                    large_text=on_background.aa,
                    primary=primary,
                    primary_ratio=primary_check.ratio,
                )
            )
        return found


# --- rationale ----------------------------------------------------------------------------------

RationaleSectionId = Literal["concept", "color", "typography", "accessibility", "usage"]


class RationaleSection(BaseModel):
    id: RationaleSectionId
    title: str
    body: str = Field(description="Markdown.")


class RationaleDocument(BaseModel):
    language: str
    sections: list[RationaleSection]
    title: str | None = Field(default=None, description="Document title in its language.")


class RationaleOutput(BaseModel):
    backend: Literal["template", "openai"]
    model: str | None = None
    fallback_reason: str | None = Field(default=None, description="Why the LLM was not used, when it was asked for.")
    documents: dict[str, RationaleDocument] = Field(description="Language -> document.")
    markdown: dict[str, str] = Field(default_factory=dict, description="Language -> asset key of the Markdown file.")


# --- pdf ----------------------------------------------------------------------------------------


class PdfOutput(BaseModel):
    pdf: str = Field(description="Asset key of the brand-guidelines PDF.")
    zip: str = Field(description="Asset key of the kit zip.")
    manifest: str = Field(description="Asset key of the kit manifest JSON.")
    pages: int
    bytes: int
