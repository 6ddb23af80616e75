"""The sections every rationale has, in reading order, with their titles."""

from __future__ import annotations

from typing import get_args

from brandgen.shared.contracts import RationaleSectionId
from brandgen.shared.i18n import N_

SECTION_IDS: tuple[RationaleSectionId, ...] = get_args(RationaleSectionId)

SECTION_TITLES: dict[RationaleSectionId, str] = {
    "concept": N_("Concept"),
    "color": N_("Colour"),
    "typography": N_("Typography"),
    "accessibility": N_("Accessibility"),
    "usage": N_("Using the brand"),
}

DOCUMENT_TITLE = N_("Brand rationale for %(company)s")
