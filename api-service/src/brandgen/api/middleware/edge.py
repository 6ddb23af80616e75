"""What every HTTP request passes on its way in and out, in one pure ASGI middleware.

- Metrics: latency by route template and response counts by status, in the shared metric names;
  every answer counts, 413s included.
- Security headers on every response (nosniff, Referrer-Policy), and on every HTML response a
  Content-Security-Policy and frame denial. Routes that serve HTML may set their own policy (the
  API docs need inline styles): a header a route set wins. Any HTML response without one (the
  web page under `/web/...`, an error page) gets the web page's strict policy, so no path serves a
  page without it.
- The body limit: bodies over it are refused with 413 before the app reads them into memory,
  by their Content-Length or, for chunked or lying clients, by what actually arrives.

One middleware rather than three: each layer cost every request a call and a wrapped `send`
(the three were a tenth of a poll's CPU, profile in issue 23); headers are added as
precomputed bytes.
"""

from __future__ import annotations

import contextlib
import time
from typing import Any

from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from brandgen.api.errors import error_response
from brandgen.shared.metrics import HTTP_LATENCY, HTTP_REQUESTS

PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' blob: data: https: http:; frame-src 'self' blob: https: http:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
"""The web page loads only its own files; kit images and the PDF preview are blob: URLs of
downloaded files, or presigned S3 URLs on another origin."""

ALWAYS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
HTML = {
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
    "Cross-Origin-Opener-Policy": "same-origin",
    "Content-Security-Policy": PAGE_POLICY,
}


def _raw(headers: dict[str, str]) -> list[tuple[bytes, bytes]]:
    # ASGI header names are lower-case bytes, as Starlette's responses send them.
    return [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()]


_ALWAYS_RAW = _raw(ALWAYS)
_HTML_RAW = _raw(HTML)

STREAM_TEMPLATES = frozenset({"/v1/jobs/{job_id}/events"})
"""Routes whose latency says nothing (streams last minutes): counted, not timed."""


class BodyTooLargeError(Exception):
    pass


class EdgeMiddleware:
    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app, self.max_body_bytes = app, max_body_bytes
        # The metrics' children by label values: `labels()` takes a lock and checks its arguments
        # on every call. Label values are few: route templates, HTTP methods, statuses.
        self._latency: dict[tuple[str, str], Any] = {}
        self._count: dict[tuple[str, str, int], Any] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        rejected = responded = False

        async def send_out(message: Message) -> None:
            nonlocal status, responded
            if message["type"] == "http.response.start":
                status, responded = message["status"], True
                message["headers"] = _secured(message.get("headers") or [])
            await send(message)

        async def too_large() -> None:
            # Built only when sent: building it for every request cost a poll about 8 % of its CPU.
            answer = error_response(413, "payload_too_large", f"request body larger than {self.max_body_bytes} bytes")
            await answer(scope, receive, send_out)

        try:
            if self._declared_length(scope) > self.max_body_bytes:
                await too_large()
                return
            # Chunked or lying clients: count what actually arrives. FastAPI turns errors raised while
            # it reads the body into its own 400, so the 413 is sent from here and the app's answer dropped.
            received = 0

            async def counted_receive() -> Message:
                nonlocal received, rejected
                message = await receive()
                if message["type"] == "http.request":
                    received += len(message.get("body", b""))
                    if received > self.max_body_bytes:
                        if not responded and not rejected:
                            rejected = True
                            await too_large()
                        raise BodyTooLargeError
                return message

            async def app_send(message: Message) -> None:
                if not rejected:
                    await send_out(message)

            with contextlib.suppress(BodyTooLargeError):
                await self.app(scope, counted_receive, app_send)
        finally:
            self._record(scope, status, time.perf_counter() - started)

    @staticmethod
    def _declared_length(scope: Scope) -> int:
        for name, value in scope["headers"]:
            if name == b"content-length":
                try:
                    return int(value)
                except ValueError:
                    return 0
        return 0

    def _record(self, scope: Scope, status: int, seconds: float) -> None:
        route = scope.get("route")
        # The template (/v1/jobs/{job_id}), never the raw path, so label values stay few.
        template = route.path if isinstance(route, Route) else "<unmatched>"
        method: str = scope["method"]
        if template not in STREAM_TEMPLATES:
            latency = self._latency.get((method, template))
            if latency is None:
                latency = self._latency[method, template] = HTTP_LATENCY.labels(method, template)
            latency.observe(seconds)
        count = self._count.get((method, template, status))
        if count is None:
            count = self._count[method, template, status] = HTTP_REQUESTS.labels(method, template, str(status))
        count.inc()


def _secured(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """The response's headers with the security headers it lacks (a header a route set wins)."""
    present = set()
    html = False
    for name, value in headers:
        present.add(name)
        if name == b"content-type" and value.startswith(b"text/html"):
            html = True
    added = [header for header in _ALWAYS_RAW if header[0] not in present]
    if html:
        added += [header for header in _HTML_RAW if header[0] not in present]
    return [*headers, *added] if added else headers
