"""GET /v1/catalog and the page's own files, as served by the API."""

from __future__ import annotations

import sys

import httpx
import pytest

from brandgen.api.services import catalog as catalog_service
from tests.web.web_checks import LiveApi


def test_web_catalog_lists_the_graphs_industries_without_a_key(live_api: LiveApi) -> None:
    response = httpx.get(f"{live_api.url}/v1/catalog")
    assert response.status_code == 200
    body = response.json()
    industries = {entry["id"]: entry for entry in body["industries"]}
    assert industries["real_estate"]["name"] == "real estate"
    assert "computers" in industries["technology"]["description"]
    assert {"modern", "luxury"} <= {entry["name"] for entry in body["styles"]}
    assert body["languages"] == ["en", "es", "fr", "de", "pt", "ja", "zh"]


def test_web_catalog_is_empty_but_works_without_the_palette_service(monkeypatch: pytest.MonkeyPatch) -> None:
    # None in sys.modules makes the import fail as if brandgen-palette were not installed.
    monkeypatch.setitem(sys.modules, "brandgen.palette.bkg.dataset", None)
    catalog_service.catalog.cache_clear()
    try:
        catalog = catalog_service.catalog()
    finally:
        catalog_service.catalog.cache_clear()
    assert catalog.industries == []
    assert catalog.styles == []
    assert catalog.languages == ["en", "es", "fr", "de", "pt", "ja", "zh"]


def test_web_page_is_served_with_a_strict_content_security_policy(live_api: LiveApi) -> None:
    page = httpx.get(f"{live_api.url}/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    script = httpx.get(f"{live_api.url}/web/app.js")
    assert script.status_code == 200
    assert "javascript" in script.headers["content-type"]
    # The page is not part of the JSON API's contract.
    assert "/" not in httpx.get(f"{live_api.url}/openapi.json").json()["paths"]
    assert httpx.get(f"{live_api.url}/web/missing.js").status_code == 404
