"""The web page in headless Chromium against a live API with the real stages.

The API runs in this process (uvicorn in a thread) with memory broker and state, files in a
temporary folder, API keys ON, and every installed stage (logo, palette, rationale, pdf) on the
shared worker runtime, so a kit really builds in a few seconds. The browser is Debian's chromium
driven by Playwright; Playwright's own browser download is not used.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from brandgen.api.app import create_app
from brandgen.api.settings import ApiSettings
from brandgen.shared.stage import discover_stages
from brandgen.shared.testkit import ThreadServer, marks_users
from tests.web.web_checks import AxeCheck, LiveApi, SaveKey, Screenshot

CHROMIUM = os.environ.get("BRANDGEN_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / ".artifacts" / "web"
AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe.min.js"


@pytest.fixture(scope="session")
def live_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApi]:
    assets = tmp_path_factory.mktemp("web-assets")
    settings = ApiSettings(
        broker_url="memory://",
        state_url="memory://",
        storage_url=f"file://{assets}",
        auth_enabled=True,
        key_cache_seconds=0,
        # Every browser test shares this key, one after another on one worker: together they
        # send more than the default 600 requests a minute. The limiter has its own tests.
        rate_limit_per_minute=100_000,
    )
    with _serving(create_app(settings, stages=discover_stages())) as api:
        yield api


@contextlib.contextmanager
def _serving(app: FastAPI) -> Iterator[LiveApi]:
    """Runs the app with uvicorn on a thread of this process until the block ends."""
    with ThreadServer(app) as url:
        paths = frozenset(str(getattr(route, "path", "")) for route in app.routes)
        yield LiveApi(url=url, gateway=app.state.gateway, paths=paths)


@pytest.fixture(scope="session")
def embedded_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApi]:
    """The API as `brandgen serve --embedded` runs it (auth off), without stages: for the page's own behaviour."""
    settings = ApiSettings(
        broker_url="memory://",
        state_url="memory://",
        storage_url=f"file://{tmp_path_factory.mktemp('embedded-assets')}",
        auth_enabled=False,
    )
    with _serving(create_app(settings, stages={})) as api:
        yield api


@pytest.fixture(scope="session")
def api_key(live_api: LiveApi) -> str:
    return live_api.create_key("web tests")


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as running:
        yield running


@pytest.fixture(scope="session")
@marks_users("slow", pytest.mark.xdist_group("browser"))  # a real Chromium: seconds a test; one per run
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def context(browser: Browser, live_api: LiveApi) -> Iterator[BrowserContext]:
    context = browser.new_context(
        base_url=live_api.url, accept_downloads=True, viewport={"width": 1280, "height": 900}, locale="en-GB"
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_api.url)
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    """A fresh page; any uncaught JavaScript error on it fails the test."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    assert not errors, f"JavaScript errors on the page: {errors}"


def _screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture
def screenshot() -> Screenshot:
    """Saves a full-page screenshot under .artifacts/web/<name>.png, kept as a test artifact."""
    return _screenshot


def _axe_violations(page: Page) -> list[dict[str, Any]]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # evaluate() runs outside the page's Content-Security-Policy, which refuses inline scripts.
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    results: dict[str, Any] = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"][:5]]}
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def axe() -> AxeCheck:
    """axe-core's serious and critical WCAG 2.x A/AA (and best-practice) findings for the page as it is now."""
    return _axe_violations


def _save_key(page: Page, key: str) -> None:
    page.get_by_label("API key").fill(key)
    page.get_by_role("button", name="Save key").click()
    page.get_by_text("Key saved in this browser.").wait_for()


@pytest.fixture
def save_key() -> SaveKey:
    """Enters the API key in the page's key form and saves it (as a person would, once)."""
    return _save_key


@pytest.fixture(scope="session")
def acme_kit(live_api: LiveApi, api_key: str) -> str:
    """One finished kit for the tests that only look at a result page (built once, through the API)."""
    body = {"company_name": "Acme Robotics", "industry": "technology", "style": "modern", "candidates": 3}
    return live_api.build_kit(api_key, body)
