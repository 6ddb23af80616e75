"""The Brand Knowledge Graph repository: seeding and the reads a job needs, cached.

Runs the Cypher texts of `queries` through a `GraphClient`, so Neo4j and FalkorDB share one code
path. Calls are synchronous (the drivers are); the stage runs them in a worker thread.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict

from brandgen.palette.bkg import queries
from brandgen.palette.bkg.cache import QueryCache
from brandgen.palette.bkg.client import GraphClient
from brandgen.palette.bkg.dataset import Dataset

DEFAULT_BATCH_BYTES = 256 * 1024
"""Rows per UNWIND batch are capped by their JSON size; adapters may set a lower `batch_bytes`."""
CATALOGUE_TTL_SECONDS = 30.0
"""How soon a running worker notices a re-seed done by another process."""


class CatalogueEntry(BaseModel):
    id: str
    synonyms: list[str] = []
    description: str = ""


class Catalogue(BaseModel):
    version: str
    checksum: str
    industries: list[CatalogueEntry]
    styles: list[CatalogueEntry]


class ColorRecommendation(BaseModel):
    model_config = ConfigDict(frozen=True)

    family: str
    hex: str
    traits: list[str]
    weight: float
    meaning: str
    source: str


class FontRecord(BaseModel):
    model_config = ConfigDict(frozen=True)

    family: str
    licence: str
    category: str
    character: str


class PairingRecord(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    reason: str
    weight: float
    heading: FontRecord
    body: FontRecord


class JobContext(BaseModel):
    model_config = ConfigDict(frozen=True)

    industry: str
    style: str
    chroma: float
    colors: list[ColorRecommendation]
    industry_traits: list[str]
    style_traits: list[str]
    pairings: list[PairingRecord]


@dataclass(frozen=True)
class SeedReport:
    version: str
    checksum: str
    nodes: dict[str, int]
    relationships: dict[str, int]


class GraphNotSeededError(LookupError):
    pass


class BrandGraphRepository:
    def __init__(self, client: GraphClient, cache: QueryCache | None = None) -> None:
        self.client = client
        self.cache = cache or QueryCache()

    # --- seeding ------------------------------------------------------------------------------

    def ensure_schema(self) -> None:
        for label, prop in queries.INDEXED:
            self.client.create_index(label, prop)

    def seed(self, dataset: Dataset) -> SeedReport:
        """Load `dataset`; idempotent: the same dataset twice leaves the same graph."""
        self.ensure_schema()
        seed = dataset.checksum

        def run(cypher: str, params: dict[str, Any]) -> None:
            # UNWIND batches bounded in size: large parameter maps cost memory on any server, and
            # FalkorDB's Bolt server crashes on messages over about 4 KB.
            rows = params.get("rows")
            if rows is None:
                self.client.query(cypher, params)
                return
            for batch in _batches(rows, getattr(self.client, "batch_bytes", DEFAULT_BATCH_BYTES)):
                self.client.query(cypher, {**params, "rows": batch})

        run(queries.SEED_TRAITS, {"rows": [{"id": trait} for trait in dataset.traits], "seed": seed})
        run(
            queries.SEED_SOURCES,
            {"rows": [{"id": key, "citation": text} for key, text in dataset.sources.items()], "seed": seed},
        )
        run(queries.SEED_COLOR_FAMILIES, {"rows": [f.model_dump() for f in dataset.color_families], "seed": seed})
        industries = [
            {"id": i.id, "name": i.name, "synonyms": i.synonyms, "description": i.description, "traits": i.traits}
            for i in dataset.industries
        ]
        run(queries.SEED_INDUSTRIES, {"rows": industries, "seed": seed})
        associations = [
            {"industry": i.id, **association.model_dump()} for i in dataset.industries for association in i.colors
        ]
        run(queries.SEED_ASSOCIATIONS, {"rows": associations, "seed": seed})
        styles = [{"id": s.id, "synonyms": s.synonyms, "chroma": s.chroma, "traits": s.traits} for s in dataset.styles]
        run(queries.SEED_STYLES, {"rows": styles, "seed": seed})
        run(queries.SEED_FONTS, {"rows": [f.model_dump() for f in dataset.fonts], "seed": seed})
        run(queries.SEED_PAIRINGS, {"rows": [p.model_dump() for p in dataset.pairings], "seed": seed})
        style_pairings = [
            {"style": s.id, "pairing": p.pairing, "weight": p.weight} for s in dataset.styles for p in s.pairings
        ]
        run(queries.SEED_STYLE_PAIRINGS, {"rows": style_pairings, "seed": seed})
        run(queries.SET_DATASET_META, {"version": dataset.version, "seed": seed})
        run(queries.PRUNE_RELATIONSHIPS, {"seed": seed})
        run(queries.PRUNE_NODES, {"seed": seed})
        self.cache.invalidate()
        nodes, relationships = self.stats()
        return SeedReport(dataset.version, seed, nodes, relationships)

    def stats(self) -> tuple[dict[str, int], dict[str, int]]:
        nodes = {row["label"]: int(row["count"]) for row in self.client.query(queries.NODE_COUNTS)}
        relationships = {row["type"]: int(row["count"]) for row in self.client.query(queries.RELATIONSHIP_COUNTS)}
        return nodes, relationships

    # --- reads --------------------------------------------------------------------------------

    def catalogue(self) -> Catalogue:
        """Industries and styles with synonyms; raises GraphNotSeededError on an empty graph."""
        cached = self.cache.local.get("catalogue")
        if isinstance(cached, Catalogue):
            return cached
        rows = self.client.query(queries.CATALOGUE)
        if not rows:
            raise GraphNotSeededError("the Brand Knowledge Graph is empty: run `brandgen graph seed`")
        catalogue = Catalogue.model_validate(_without_nulls(rows[0]))
        self.cache.local.set("catalogue", catalogue, ttl=CATALOGUE_TTL_SECONDS)
        return catalogue

    def job_context(self, industry: str, style: str) -> JobContext:
        """Colours, traits and font pairings for one (industry, style), in one query; cached."""
        key = f"{self.catalogue().checksum}:job:{industry}:{style}"
        cached: JobContext | None = self.cache.get(key, JobContext)
        if cached is not None:
            return cached  # shared between jobs: treat as read-only (the models are frozen)
        rows = self.client.query(queries.JOB_CONTEXT, {"industry": industry, "style": style})
        if not rows:
            raise LookupError(f"unknown industry {industry!r} or style {style!r} in the graph")
        row = rows[0]
        row["colors"] = [c for c in row["colors"] if c.get("family")]
        row["pairings"] = [p for p in row["pairings"] if p.get("id") and p.get("body")]
        row["colors"].sort(key=lambda color: (-color["weight"], color["family"]))
        row["pairings"].sort(key=lambda pairing: (-pairing["weight"], pairing["id"]))
        context = JobContext.model_validate(row)
        self.cache.set(key, context)
        return context


def _batches(rows: list[dict[str, Any]], limit: int) -> list[list[dict[str, Any]]]:
    batches: list[list[dict[str, Any]]] = [[]]
    size = 0
    for row in rows:
        row_size = len(json.dumps(row))
        if batches[-1] and size + row_size > limit:
            batches.append([])
            size = 0
        batches[-1].append(row)
        size += row_size
    return batches


def _without_nulls(row: dict[str, Any]) -> dict[str, Any]:
    """OPTIONAL MATCH on an empty label collects maps of nulls; drop them."""
    for key in ("industries", "styles"):
        row[key] = [entry for entry in row.get(key) or [] if entry.get("id")]
    return row
