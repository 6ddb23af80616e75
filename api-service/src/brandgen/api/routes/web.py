"""The web page at `/`: static HTML, CSS and ES modules (no build step) that drive the JSON API."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from brandgen.api.middleware.security_headers import PAGE_POLICY

WEB_ROOT = Path(__file__).resolve().parent.parent / "web"

# SecurityHeadersMiddleware gives these (and nosniff, frame denial) to every HTML response, the
# page's other address `/web/index.html` included; set here too so the page never depends on it.
CONTENT_SECURITY_POLICY = PAGE_POLICY
PAGE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}

router = APIRouter(include_in_schema=False)


@router.get("/")
async def index() -> FileResponse:
    return FileResponse(WEB_ROOT / "index.html", headers=PAGE_HEADERS)


def mount(app: FastAPI) -> None:
    """Serve the page at `/` and its files under `/web/`."""
    app.include_router(router)
    app.mount("/web", StaticFiles(directory=WEB_ROOT), name="web")
