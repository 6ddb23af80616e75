"""The FastAPI application: `create_app(settings)`; uvicorn serves `brandgen.api.app:app`."""

from __future__ import annotations

import contextlib
import gc
import logging
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.telemetry import TelemetryConfig

from brandgen.api.errors import register_error_handlers
from brandgen.api.fast_path import add_routes
from brandgen.api.middleware.edge import EdgeMiddleware
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
    server_process: bool = False,
) -> FastAPI:
    """The API over the configured backends; with `stages`, also their workers in this process.

    `server_process`: this app is what the process serves (uvicorn's factory, `brandgen serve`), so
    what its start-up built lives as long as the process and is frozen out of the garbage
    collector's sight (`gc.freeze`). Under load a full collection came every half second or so
    and walked ~110,000 objects (modules, models, routes) each time, ~90 ms: a quarter of a poll's
    CPU (issue 23). Not for apps a test process makes by the dozen: they would pile up frozen.
    """
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
        if server_process:
            gc.collect()  # start-up's garbage goes first; what is left is the process's for good
            gc.freeze()
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
    # As include_router, without its per-request cost; the jobs' routes first, as a request tries
    # routes in order and nearly all requests are submits and polls.
    for router in (jobs.router, revisions.router, catalog.router, health.router):
        add_routes(app, router)
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
    # Outermost of ours: metrics, security headers and the body limit, on every answer (413s included).
    app.add_middleware(EdgeMiddleware, max_body_bytes=settings.max_body_bytes)
    return app


def app() -> FastAPI:
    """Factory for `uvicorn --factory brandgen.api.app:app`: settings from the environment."""
    return create_app(server_process=True)
