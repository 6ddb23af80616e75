"""Everything a request handler needs, built once per process in the app's lifespan."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

from brandgen.api.services.breaker import CircuitBreaker
from brandgen.api.services.keys import ApiKeyStore, CachedKeyVerifier, api_key_store
from brandgen.api.services.rate_limit import RateLimiter, rate_limiter
from brandgen.api.services.streams import StreamSlots
from brandgen.api.services.view_cache import ViewCache
from brandgen.api.services.webhooks import WebhookDispatcher
from brandgen.api.settings import ApiSettings
from brandgen.shared.services import Services, build_services


@dataclass
class Gateway:
    settings: ApiSettings
    services: Services
    keys: ApiKeyStore
    verifier: CachedKeyVerifier
    limiter: RateLimiter
    webhooks: WebhookDispatcher
    broker_breaker: CircuitBreaker
    state_breaker: CircuitBreaker
    streams: StreamSlots
    views: ViewCache = field(default_factory=ViewCache)
    """Rendered job views by (job, view, link base), until the job's revision changes."""

    @classmethod
    def build(cls, settings: ApiSettings, services: Services | None = None) -> Gateway:
        services = services or build_services(settings)
        keys = api_key_store(services.store)

        def breaker(name: str) -> CircuitBreaker:
            return CircuitBreaker(
                name,
                failures=settings.breaker_failures,
                reset=settings.breaker_reset_seconds,
                timeout=settings.backend_timeout_seconds,
            )

        return cls(
            settings=settings,
            services=services,
            keys=keys,
            verifier=CachedKeyVerifier(keys, settings.key_cache_seconds),
            limiter=rate_limiter(services.store),
            webhooks=WebhookDispatcher(
                services.store,
                default_secret=settings.webhook_secret,
                attempts=settings.webhook_attempts,
                backoff=settings.webhook_backoff_seconds,
                timeout=settings.webhook_timeout_seconds,
                allow_private_networks=settings.webhook_allow_private_networks,
            ),
            broker_breaker=breaker("message broker"),
            state_breaker=breaker("job state store"),
            streams=StreamSlots(settings.max_event_streams_per_key),
        )

    async def start(self) -> None:
        await self.webhooks.start()

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await self.webhooks.stop()
        await self.services.close()
