"""A logo design: everything needed to draw a candidate and, if chosen, all of its lockups."""

from __future__ import annotations

from dataclasses import dataclass

from brandgen.logo.i18n import Description
from brandgen.logo.models.marks import Mark
from brandgen.logo.utils.colours import LogoColours
from brandgen.logo.utils.typefaces import StyleTypography
from brandgen.shared.contracts import LogoConcept
from brandgen.shared.fonts import FontFace


@dataclass(frozen=True)
class LogoDesign:
    id: str
    concept: LogoConcept
    seed: int
    name: str
    colours: LogoColours
    face: FontFace
    typography: StyleTypography
    mark: Mark  # the icon; for a wordmark concept, a monogram in the wordmark's face
    text_role: str  # colour role of the company name: "primary" or "ink"
    wordmark_accent: str  # "dot" | "bar" | "first" | "none"
    description: Description  # written in each requested language (brandgen.logo.i18n)
    source_png: bytes | None = None  # the raster a generative backend made, before vectorising
    prompt: str | None = None
    fit: float = 0.3  # 0..1: how much the mark says about this company (its words, its trade)
