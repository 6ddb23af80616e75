"""The web page at `/`: static HTML, CSS and ES modules (no build step) that drive the JSON API."""

from __future__ import annotations

from pathlib import Path as FilePath
from typing import Annotated

from fastapi import APIRouter, FastAPI, Path
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from brandgen.api.middleware.edge import PAGE_POLICY

WEB_ROOT = FilePath(__file__).resolve().parent.parent / "web"

# EdgeMiddleware gives these (and nosniff, frame denial) to every HTML response, the
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


@router.get("/kits/{job_id}")
async def kit_page(job_id: Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{1,64}$")]) -> FileResponse:
    """A kit's own address: the same page, which reads the job id from its URL (reload, Back, sharing)."""
    return FileResponse(WEB_ROOT / "index.html", headers=PAGE_HEADERS)


@router.get("/favicon.ico")
async def favicon() -> FileResponse:
    # Browsers ask for /favicon.ico whatever the page links; an SVG answers it (every current browser
    # reads an SVG icon by its content type).
    return FileResponse(
        WEB_ROOT / "favicon.svg", media_type="image/svg+xml", headers={"Cache-Control": "max-age=86400"}
    )


def mount(app: FastAPI) -> None:
    """Serve the page at `/` and at each kit's address `/kits/{job_id}`, its files under `/web/`."""
    app.include_router(router)
    app.mount("/web", StaticFiles(directory=WEB_ROOT), name="web")
