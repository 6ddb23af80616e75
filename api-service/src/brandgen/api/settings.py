"""Gateway settings: `BRANDGEN_*` environment variables, on top of the shared backends."""

from __future__ import annotations

from pydantic import Field, HttpUrl

from brandgen.shared.settings import BrandgenSettings


class ApiSettings(BrandgenSettings):
    auth_enabled: bool = Field(default=True, description="Require an API key (X-API-Key or Bearer) on /v1 routes.")
    key_cache_seconds: float = Field(
        default=5.0, ge=0, description="How long a verified key is trusted without asking Redis (revocation delay)."
    )
    rate_limit_per_minute: int = Field(default=600, ge=1, description="Default requests per key per minute.")
    max_body_bytes: int = Field(default=64 * 1024, ge=1024, description="Larger request bodies are refused (413).")
    cors_origins: list[str] = Field(default_factory=list, description="Origins allowed by CORS; empty: CORS off.")
    idempotency_ttl_seconds: int = Field(default=24 * 3600, ge=60)
    max_event_streams_per_key: int = Field(
        default=20, ge=1, description="Event streams one API key may have open at once per API process (429 past it)."
    )
    public_url: HttpUrl | None = Field(
        default=None,
        description="Origin (and path prefix) of every link the API returns, e.g. https://api.example.com; "
        "unset: links follow only a trusted Host header, else they are relative (/v1/jobs/...).",
    )
    trusted_hosts: list[str] = Field(
        default_factory=lambda: ["localhost", "127.0.0.1", "::1"],
        description="Host header names links may be built on when public_url is unset "
        "(`*.example.com` for subdomains, `*` for any host).",
    )
    timeout_grace_seconds: float = Field(
        default=5.0, ge=0, description="A job this long past its timeout is reported failed when read."
    )

    webhook_secret: str | None = Field(
        default=None, description="Signs webhooks of keys that have no secret of their own."
    )
    webhook_attempts: int = Field(default=6, ge=1, description="Tries per webhook delivery.")
    webhook_backoff_seconds: float = Field(default=1.0, gt=0, description="First retry delay; doubles each try.")
    webhook_timeout_seconds: float = Field(
        default=10.0, gt=0, description="Deadline of one delivery try: connect, send and the answer together."
    )
    webhook_allow_private_networks: bool = Field(
        default=False, description="Deliver webhooks to loopback/private addresses too (tests, intranets)."
    )

    opentelemetry: bool = Field(
        default=False,
        description="Let FastAPI emit OpenTelemetry spans and metrics (needs an OTel SDK configured); "
        "Prometheus metrics are always on.",
    )

    backend_timeout_seconds: float = Field(
        default=2.0, gt=0, description="Longest a request waits on the broker or Redis before answering 503."
    )
    breaker_failures: int = Field(default=3, ge=1, description="Failures in a row that open a circuit breaker.")
    breaker_reset_seconds: float = Field(default=5.0, gt=0, description="How long an open breaker fails fast.")
