"""The public JSON of the catalogue: what the request form can suggest."""

from __future__ import annotations

from pydantic import BaseModel, Field


class CatalogEntry(BaseModel):
    id: str = Field(description="Canonical id in the Brand Knowledge Graph, e.g. real_estate.")
    name: str = Field(description="The words to send as industry or style, e.g. real estate.")
    description: str | None = Field(default=None, description="What the entry covers.")


class CatalogFont(BaseModel):
    family: str = Field(description="The family name to send in a revision's fonts, e.g. Montserrat.")
    category: str = Field(description="sans-serif, serif, display, monospace ...")
    character: str = Field(description="How the typeface reads: geometric, humanist, ...")
    licence: str = Field(description="SPDX id of the font's licence, e.g. OFL-1.1.")


class Catalog(BaseModel):
    industries: list[CatalogEntry] = Field(
        description="Known industries; empty when the palette service (the graph's dataset) is not installed. "
        "Any other words are accepted too and matched to the nearest known industry."
    )
    styles: list[CatalogEntry] = Field(description="Known visual styles; any other words are accepted too.")
    languages: list[str] = Field(description="Languages the rationale can be written in (ISO 639-1).")
    fonts: list[CatalogFont] = Field(
        default_factory=list,
        description="Typefaces a revision may choose for heading and body (installed open-licence families); "
        "empty when the palette service is not installed.",
    )
