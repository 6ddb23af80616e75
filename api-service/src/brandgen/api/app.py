"""The FastAPI application: `create_app(settings)`; uvicorn serves `brandgen.api.app:app`."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.telemetry import TelemetryConfig

from brandgen.api.errors import register_error_handlers
from brandgen.api.middleware.body_limit import BodySizeLimitMiddleware
from brandgen.api.middleware.metrics import MetricsMiddleware
from brandgen.api.middleware.security_headers import SecurityHeadersMiddleware
from brandgen.api.routes import catalog, docs, health, jobs, revisions, web
from brandgen.api.services.gateway import Gateway
from brandgen.api.settings import ApiSettings
from brandgen.shared.services import Services
from brandgen.shared.stage import Stage

if TYPE_CHECKING:
    from brandgen.shared.worker import Worker

log = logging.getLogger("brandgen.api")

DESCRIPTION = """\
Brand kits (logos, palette, rationale, guidelines PDF) from a company name, an industry and a style.

Submit with `POST /v1/brand-kits`, then poll `GET /v1/jobs/{job_id}`, follow
`GET /v1/jobs/{job_id}/events` (server-sent events) or pass a `webhook_url`.
Authenticate with `X-API-Key: <key>` (or `Authorization: Bearer <key>`); keys come from
`brandgen keys create`. Every error has the shape `{"error": {"code", "message", "field"}}`.
"""


_NO_TELEMETRY: TelemetryConfig = {"tracing": False, "metrics": False, "logs": False, "operation_spans": False}


def create_app(
    settings: ApiSettings | None = None,
    *,
    services: Services | None = None,
    stages: dict[str, Stage] | None = None,
) -> FastAPI:
    """The API over the configured backends; with `stages`, also their workers in this process."""
    settings = settings or ApiSettings()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        gateway = Gateway.build(settings, services)
        app.state.gateway = gateway
        await gateway.start()
        workers: list[Worker] = []
        if stages:
            # Imported here: only a process that runs stages beside the API (`serve --embedded`,
            # tests) loads the consume loop; the API alone never does (test_api_imports).
            from brandgen.shared.worker import start_workers

            workers = await start_workers(gateway.services, stages)
        try:
            yield
        finally:
            for worker in workers:
                await worker.stop(grace=5.0)
            await gateway.close()

    app = FastAPI(
        title="Brand Generator API",
        version="1.0.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # served by routes/docs.py from this origin, not from a CDN
        redoc_url=None,
        # FastAPI's native OpenTelemetry checks for a configured SDK on every request; with none
        # wanted, switching it off saves that per-request work (Prometheus covers the metrics).
        telemetry=None if settings.opentelemetry else _NO_TELEMETRY,
        openapi_tags=[
            {"name": "brand kits", "description": "Submit jobs and read their results."},
            {"name": "operations", "description": "Health, readiness and metrics."},
        ],
    )
    register_error_handlers(app)
    app.include_router(health.router)
    app.include_router(jobs.router)
    app.include_router(revisions.router)
    app.include_router(catalog.router)
    web.mount(app)  # the browser page at /
    docs.mount(app)  # /docs and /redoc
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["X-API-Key", "Authorization", "Content-Type", "Idempotency-Key", "Last-Event-ID"],
            expose_headers=["Location", "Retry-After", "Idempotent-Replayed", "X-RateLimit-Remaining"],
        )
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(SecurityHeadersMiddleware)  # on every response, 413s included
    app.add_middleware(MetricsMiddleware)  # outermost: it times everything, 413s included
    return app


def app() -> FastAPI:
    """Factory for `uvicorn --factory brandgen.api.app:app`: settings from the environment."""
    return create_app()
