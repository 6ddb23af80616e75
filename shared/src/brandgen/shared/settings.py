"""The one settings loader: `BRANDGEN_*` environment variables (and a `.env` file).

Every service subclasses `BrandgenSettings` with its own fields, so the backends chosen by URL
mean the same thing everywhere.
"""

from __future__ import annotations

from typing import TypeVar

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_PIPELINE = ["logo", "palette", "rationale", "pdf"]

SettingsT = TypeVar("SettingsT", bound="BrandgenSettings")


class BrandgenSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BRANDGEN_", env_file=".env", extra="ignore")

    broker_url: str = Field(default="memory://", description="amqp://user:pass@host:5672/vhost or memory://")
    state_url: str = Field(default="memory://", description="redis://host:6379/0 or memory://")
    storage_url: str = Field(default="file://./.brandgen/assets", description="s3://bucket or file:///path")
    s3_endpoint_url: str | None = Field(
        default=None, description="MinIO or other S3-compatible endpoint the services use; unset on AWS."
    )
    s3_public_url: str | None = Field(
        default=None,
        description="The S3/MinIO address clients reach (e.g. https://assets.example.com); download links "
        "are signed for it. Unset: the service endpoint, or AWS's own.",
    )
    s3_region: str | None = Field(
        default=None, description="The bucket's region; unset: asked from the bucket (AWS) or us-east-1."
    )
    s3_presign_seconds: int = Field(default=3600, ge=1, le=7 * 24 * 3600)

    pipeline: list[str] = Field(default_factory=lambda: list(DEFAULT_PIPELINE))
    queue_prefix: str = "brandgen"
    queue_type: str = Field(default="quorum", description="quorum (durable, replicated) or classic (priorities).")
    delivery_limit: int = Field(default=5, ge=1, description="Redeliveries before the broker dead-letters.")
    max_attempts: int = Field(default=4, ge=1, description="Tries of a stage on transient errors.")
    retry_base_delay: float = Field(default=1.0, gt=0, description="Seconds before the first retry.")
    retry_max_delay: float = Field(default=60.0, gt=0)
    backend_patience: float = Field(default=120.0, gt=0, description="Seconds a worker keeps retrying Redis/broker.")
    prefetch: int | None = Field(default=None, ge=1, description="Overrides the stage's own prefetch.")
    job_ttl_seconds: int = Field(
        default=3 * 24 * 3600,
        ge=60,
        description="Seconds a finished job's record and events stay in Redis after its last change (live "
        "jobs never expire). About 32 KB a job: size Redis's maxmemory for kits per day x this.",
    )
    redis_max_connections: int = Field(
        default=64,
        ge=1,
        description="Most connections each of a process's two Redis pools holds: requests, and followers "
        "(event streams, webhook watchers) waiting on a job; followers past it poll every second instead.",
    )

    drain_seconds: float = Field(
        default=300.0,
        gt=0,
        description="Seconds a worker stopping on SIGTERM lets the jobs in hand finish before it gives them "
        "back to the queue. Longer than the longest stage run; the container's grace period is longer still.",
    )
    metrics_port: int | None = Field(
        default=None, description="Serve worker metrics (/metrics) and probes (/healthz, /readyz) on this port."
    )
    log_level: str = "INFO"
    log_json: bool = True


def settings_as(cls: type[SettingsT], base: BrandgenSettings) -> SettingsT:
    """`base` as a service's settings class: its explicit values win, the service's own fields
    come from the environment."""
    if isinstance(base, cls):
        return base
    return cls(**base.model_dump(exclude_unset=True))
