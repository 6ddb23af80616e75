"""Palette service settings (env prefix BRANDGEN_, inherited from the shared settings)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from brandgen.shared.settings import BrandgenSettings


class PaletteSettings(BrandgenSettings):
    graph_uri: str = Field(
        default="embedded",
        description="bolt://host:7687 or neo4j://host:7687 (Neo4j), falkordb://host:6379, or embedded.",
    )
    graph_name: str = Field(default="brandgen", description="FalkorDB graph key.")
    graph_database: str | None = Field(default=None, description="Neo4j database name (default database if unset).")
    graph_user: str | None = None
    graph_password: str | None = None
    graph_data_dir: Path | None = Field(default=None, description="Data dir of the embedded FalkorDB (temp if unset).")
    graph_pool_size: int = Field(default=16, ge=1)
    graph_attempts: int = Field(default=4, ge=1, description="Tries per query on connection errors.")
    graph_timeout: float = Field(default=5.0, gt=0, description="Connect/read timeout per query, seconds.")
    graph_auto_seed: bool = Field(default=True, description="Seed the graph at startup when it is empty.")
    graph_cache_url: str | None = Field(
        default=None, description="redis:// URL for the shared query cache (default: state_url when it is redis://)."
    )
    graph_cache_ttl_seconds: int = Field(default=3600, ge=1)
    graph_cache_size: int = Field(default=512, ge=1, description="Entries of the in-process LRU.")
    default_industry: str = Field(default="consulting", description="Used when nothing matches the request.")
    default_style: str = "modern"
