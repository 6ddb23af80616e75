"""Request latency by route template and response counts by status, in the shared metric names."""

from __future__ import annotations

import time

from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from brandgen.shared.metrics import HTTP_LATENCY, HTTP_REQUESTS


class MetricsMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def record_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, record_status)
        finally:
            route = scope.get("route")
            # The template (/v1/jobs/{job_id}), never the raw path, so label values stay few.
            template = route.path if isinstance(route, Route) else "<unmatched>"
            method = scope["method"]
            if template != "/v1/jobs/{job_id}/events":  # streams last minutes; their latency says nothing
                HTTP_LATENCY.labels(method, template).observe(time.perf_counter() - started)
            HTTP_REQUESTS.labels(method, template, str(status)).inc()
