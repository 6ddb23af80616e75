"""API keys as stored (the hash, never the key) and as listed."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from brandgen.shared.models import utcnow


class ApiKeyRecord(BaseModel):
    id: str = Field(description="Public id; also the owner of the key's jobs.")
    name: str
    hash: str = Field(description="SHA-256 of the key (keys are 256-bit random, so a fast hash is enough).")
    created_at: datetime = Field(default_factory=utcnow)
    rate_limit_per_minute: int | None = Field(default=None, description="Overrides the default limit.")
    webhook_secret: str | None = Field(default=None, description="Signs this key's webhooks.")


class Caller(BaseModel):
    """Who is calling: the key's id (owner of jobs), its limit and webhook secret."""

    id: str
    rate_limit_per_minute: int
    webhook_secret: str | None = None
