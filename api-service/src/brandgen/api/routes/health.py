"""Liveness, readiness and Prometheus metrics (no auth: probes and scrapers call them)."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel, Field

from brandgen.api.deps import GatewayDep
from brandgen.shared.metrics import QUEUE_DEPTH

log = logging.getLogger("brandgen.api")

router = APIRouter(tags=["operations"])


class Health(BaseModel):
    status: str = Field(examples=["ok"])


class Readiness(BaseModel):
    status: str = Field(description="ready or unavailable", examples=["ready"])
    checks: dict[str, str] = Field(description="broker, state -> ok or the reason it is not.")


@router.get("/healthz", response_model=Health, summary="The process is up")
async def healthz() -> Health:
    return Health(status="ok")


@router.get(
    "/readyz",
    response_model=Readiness,
    summary="The broker and Redis are reachable",
    responses={503: {"model": Readiness, "description": "A backend is unreachable."}},
)
async def readyz(gateway: GatewayDep) -> JSONResponse:
    services, timeout = gateway.services, gateway.settings.backend_timeout_seconds

    async def check(ping: object) -> str:
        try:
            async with asyncio.timeout(timeout):
                await ping  # type: ignore[misc]
        except TimeoutError:
            return f"no answer within {timeout:g} s"
        except Exception as error:
            # The error names the backend's host and port: for the log, not for whoever asks.
            log.warning("readiness check failed: %s", error)
            return "unreachable"
        return "ok"

    broker, state = await asyncio.gather(check(services.broker.ping()), check(services.store.ping()))
    checks = {"broker": broker, "state": state}
    ready = all(value == "ok" for value in checks.values())
    body = Readiness(status="ready" if ready else "unavailable", checks=checks)
    return JSONResponse(body.model_dump(), status_code=200 if ready else 503)


@router.get(
    "/metrics",
    summary="Prometheus metrics",
    response_class=Response,
    responses={200: {"content": {CONTENT_TYPE_LATEST: {"schema": {"type": "string"}}}}},
)
async def metrics(gateway: GatewayDep) -> Response:
    # Queue depth is sampled on scrape, so it is as fresh as Prometheus asks for and costs nothing
    # between scrapes. A broker outage leaves the last values rather than failing the scrape.
    breaker = gateway.broker_breaker
    if not breaker.open:
        with contextlib.suppress(Exception):
            async with asyncio.timeout(gateway.settings.backend_timeout_seconds):
                for stage in gateway.settings.pipeline:
                    QUEUE_DEPTH.labels(stage).set((await gateway.services.broker.stats(stage)).ready)
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
