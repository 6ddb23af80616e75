"""The backends a process talks to (broker, job store, asset store), built once from its settings."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from brandgen.shared.broker import Broker, broker_from_url
from brandgen.shared.settings import BrandgenSettings
from brandgen.shared.state import JobStore, job_store_from_url
from brandgen.shared.storage import AssetStore, asset_store_from_url


@dataclass
class Services:
    """The backends a worker (or the API) talks to; built once per process."""

    broker: Broker
    store: JobStore
    assets: AssetStore
    settings: BrandgenSettings

    async def close(self) -> None:
        for closer in (self.broker.close, self.store.close, self.assets.close):
            with contextlib.suppress(Exception):
                await closer()


def build_services(settings: BrandgenSettings) -> Services:
    """The backends the settings' URLs name (`memory://` for each in one process)."""
    return Services(
        broker=broker_from_url(
            settings.broker_url,
            prefix=settings.queue_prefix,
            queue_type=settings.queue_type,
            delivery_limit=settings.delivery_limit,
        ),
        store=job_store_from_url(
            settings.state_url,
            prefix=settings.queue_prefix,
            ttl=settings.job_ttl_seconds,
            max_connections=settings.redis_max_connections,
        ),
        assets=asset_store_from_url(
            settings.storage_url,
            endpoint_url=settings.s3_endpoint_url,
            region=settings.s3_region,
            presign_seconds=settings.s3_presign_seconds,
            public_url=settings.s3_public_url,
        ),
        settings=settings,
    )
