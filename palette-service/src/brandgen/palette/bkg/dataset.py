"""The versioned Brand Knowledge Graph dataset: loaded from the YAML file shipped in the package.

The file is validated here (every reference resolves) so a broken dataset fails the seed command
and the tests, never a job.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from pydantic import BaseModel, Field, model_validator

from brandgen.shared.models import HexColor

DATASET_RESOURCE = "data/brand_graph.yaml"


class ColorFamily(BaseModel):
    id: str
    hex: HexColor
    traits: list[str]


class Association(BaseModel):
    family: str
    weight: float = Field(ge=0, le=1)
    meaning: str
    source: str


class Industry(BaseModel):
    id: str
    synonyms: list[str]
    description: str
    traits: list[str]
    colors: list[Association]
    motifs: list[str] = Field(
        default_factory=list, description="Things the trade is drawn with (icon names and tags), for logo marks."
    )

    @property
    def name(self) -> str:
        return self.id.replace("_", " ")


class StylePairing(BaseModel):
    pairing: str
    weight: float = Field(ge=0, le=1)


class Style(BaseModel):
    id: str
    synonyms: list[str]
    # Matching by meaning reads every entry's description; styles have none in the dataset yet.
    description: str = ""
    traits: list[str]
    chroma: float = Field(gt=0, le=2, description="Multiplier on the seed's chroma for derived roles.")
    pairings: list[StylePairing]


class Font(BaseModel):
    family: str
    licence: str
    category: str
    character: str
    source: str


class Pairing(BaseModel):
    id: str
    heading: str
    body: str
    reason: str


class Dataset(BaseModel):
    version: str
    checksum: str = ""
    sources: dict[str, str]
    traits: list[str]
    color_families: list[ColorFamily]
    industries: list[Industry]
    styles: list[Style]
    fonts: list[Font]
    pairings: list[Pairing]

    @model_validator(mode="after")
    def _references_resolve(self) -> Dataset:
        families = {family.id for family in self.color_families}
        traits = set(self.traits)
        fonts = {font.family for font in self.fonts}
        pairings = {pairing.id for pairing in self.pairings}
        problems: list[str] = []
        for family in self.color_families:
            problems += [f"colour {family.id}: unknown trait {t}" for t in family.traits if t not in traits]
        owners: dict[str, str] = {}
        for industry in self.industries:
            problems += [f"{industry.id}: unknown trait {t}" for t in industry.traits if t not in traits]
            if not industry.colors:
                problems.append(f"{industry.id}: no colour associations (a job in it would get no colour)")
            for name in {_key(n) for n in (industry.id, *industry.synonyms)}:
                if owners.setdefault(name, industry.id) != industry.id:
                    problems.append(f"{industry.id}: synonym {name!r} also belongs to {owners[name]}")
            for association in industry.colors:
                if association.family not in families:
                    problems.append(f"{industry.id}: unknown colour family {association.family}")
                if association.source not in self.sources:
                    problems.append(f"{industry.id}: unknown source {association.source}")
        for style in self.styles:
            problems += [f"style {style.id}: unknown trait {t}" for t in style.traits if t not in traits]
            problems += [
                f"style {style.id}: unknown pairing {p.pairing}" for p in style.pairings if p.pairing not in pairings
            ]
        for pairing in self.pairings:
            problems += [
                f"pairing {pairing.id}: unknown font {f}" for f in (pairing.heading, pairing.body) if f not in fonts
            ]
        if problems:
            raise ValueError("dataset references do not resolve: " + "; ".join(problems))
        return self


def _key(name: str) -> str:
    """How industry matching compares names: case, spacing, hyphens and underscores do not count."""
    return " ".join(name.lower().replace("_", " ").replace("-", " ").split())


def _normalise(raw: dict[str, Any]) -> dict[str, Any]:
    """The YAML writes associations and style pairings as compact lists; turn them into mappings."""
    for industry in raw["industries"]:
        industry["colors"] = [
            {"family": family, "weight": weight, "meaning": meaning, "source": source}
            for family, weight, meaning, source in industry["colors"]
        ]
    for style in raw["styles"]:
        style["pairings"] = [{"pairing": pairing, "weight": weight} for pairing, weight in style["pairings"]]
    return raw


def parse_dataset(text: str) -> Dataset:
    raw = _normalise(yaml.safe_load(text))
    raw["checksum"] = hashlib.sha256(text.encode()).hexdigest()[:16]
    return Dataset.model_validate(raw)


@lru_cache(maxsize=1)
def load_dataset() -> Dataset:
    text = resources.files("brandgen.palette.bkg").joinpath(DATASET_RESOURCE).read_text(encoding="utf-8")
    return parse_dataset(text)
