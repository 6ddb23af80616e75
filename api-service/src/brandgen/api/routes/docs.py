"""API reference pages at `/docs` (Swagger UI) and `/redoc` (ReDoc), served with no CDN.

FastAPI's own pages load their scripts from a CDN without integrity checks, on the origin where
the web page keeps the API key. These load the copies that the pinned `fastapi-offline` package
ships (Swagger UI 5, ReDoc 2) from `/docs-assets/`, plus a start-up script of ours, under a
Content-Security-Policy that allows scripts from this origin only.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = "/docs-assets"
_OURS = Path(__file__).resolve().parent.parent / "docs"

# Swagger UI and ReDoc set inline styles (React style props, styled-components), hence
# 'unsafe-inline' for styles only; ReDoc's search runs in a blob: worker.
DOCS_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
DOCS_HEADERS = {"Content-Security-Policy": DOCS_POLICY, "Cache-Control": "no-cache"}

router = APIRouter(include_in_schema=False)


def _page(title: str, head: str, body: str) -> HTMLResponse:
    html = (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<link rel="icon" type="image/png" href="{ASSETS}/favicon.png">\n{head}'
        f"</head>\n<body>\n{body}</body>\n</html>\n"
    )
    return HTMLResponse(html, headers=DOCS_HEADERS)


def _spec_url(request: Request) -> str:
    return escape(request.scope.get("root_path", "") + (request.app.openapi_url or "/openapi.json"))


@router.get("/docs")
async def swagger_ui(request: Request) -> HTMLResponse:
    title = f"{request.app.title} - Swagger UI"
    head = f'<link rel="stylesheet" href="{ASSETS}/swagger-ui.css">\n'
    body = (
        f'<div id="swagger-ui" data-spec-url="{_spec_url(request)}"></div>\n'
        f'<script src="{ASSETS}/swagger-ui-bundle.js"></script>\n'
        f'<script src="{ASSETS}/swagger-init.js"></script>\n'
    )
    return _page(title, head, body)


@router.get("/redoc")
async def redoc(request: Request) -> HTMLResponse:
    title = f"{request.app.title} - ReDoc"
    body = f'<redoc spec-url="{_spec_url(request)}"></redoc>\n<script src="{ASSETS}/redoc.standalone.js"></script>\n'
    return _page(title, "", body)


def mount(app: FastAPI) -> None:
    """The two pages and their files (create the app with docs_url=None, redoc_url=None)."""
    app.include_router(router)
    app.mount(ASSETS, StaticFiles(directory=_OURS, packages=[("fastapi_offline", "static")]), name="docs-assets")
