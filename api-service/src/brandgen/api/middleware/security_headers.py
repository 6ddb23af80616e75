"""Security headers on every response, and a Content-Security-Policy on every HTML page.

Routes that serve HTML may set their own policy (the API docs need inline styles); any HTML
response without one (the web page under `/web/...`, an error page) gets the web page's strict
policy, so no path serves a page without it.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

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
}


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                extra = dict(ALWAYS)
                if headers.get("content-type", "").startswith("text/html"):
                    extra |= HTML | {"Content-Security-Policy": PAGE_POLICY}
                for name, value in extra.items():
                    if name not in headers:  # a route's own policy wins
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)
