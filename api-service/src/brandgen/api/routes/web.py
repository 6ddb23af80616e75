"""The web page at `/`: static HTML, CSS and ES modules (no build step) that drive the JSON API."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

WEB_ROOT = Path(__file__).resolve().parent.parent / "web"

# The page loads only its own files; kit images and the PDF preview are blob: URLs of downloaded
# files, or presigned S3 URLs on another origin.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' blob: data: https: http:; frame-src 'self' blob: https: http:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
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
