"""What the request form can suggest: known industries, styles and rationale languages."""

from __future__ import annotations

from fastapi import APIRouter, Response

from brandgen.api.models.catalog import Catalog
from brandgen.api.services.catalog import catalog

router = APIRouter(prefix="/v1", tags=["brand kits"])


@router.get(
    "/catalog",
    response_model=Catalog,
    summary="Industries, styles and languages to suggest",
    description="Public (no API key): the same for every caller. Industry and style are free text in a "
    "request; these are the entries the Brand Knowledge Graph knows by name.",
)
async def get_catalog(response: Response) -> Catalog:
    response.headers["Cache-Control"] = "public, max-age=3600"
    return catalog()
