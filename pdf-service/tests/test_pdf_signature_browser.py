"""The email signature and the guidelines site in headless Chromium (Debian's, through Playwright).

Signature: no script runs, the contact reads as typed, the logo loads from its data URI, and every
line of text contrasts with its ground in light and dark schemes. Site: offline, literal text,
no sideways scrolling on a phone, colour values copied, no serious axe-core violation."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import pytest
from deliverable_helpers import HOSTILE
from playwright.sync_api import Browser, Dialog, Route, sync_playwright

pytestmark = pytest.mark.slow

CHROMIUM = os.environ.get("BRANDGEN_TEST_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / ".artifacts" / "deliverables"

CONTRAST_JS = """() => {
  const lum = (c) => {
    const [r, g, b] = c.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number).map((v) => {
      v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ground = (el) => {
    for (let node = el; node; node = node.parentElement) {
      const bg = getComputedStyle(node).backgroundColor;
      if (bg && bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent') return bg;
    }
    return getComputedStyle(document.documentElement).backgroundColor;
  };
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode.textContent.trim();
    if (!text) continue;
    const el = walker.currentNode.parentElement;
    const a = lum(getComputedStyle(el).color), b = lum(ground(el));
    found.push([text, (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)]);
  }
  return found;
}"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_signature_renders_safely_in_chromium(
    make_deliverables, browser: Browser, scheme: Literal["light", "dark"]
) -> None:
    made = make_deliverables(contact=HOSTILE)
    html = made["email_signature_html"].data.decode()
    assert "<script" not in html.lower().replace("&lt;script", "")  # the name's <script> is escaped text
    page = browser.new_page(color_scheme=scheme, java_script_enabled=True)
    dialogs: list[str] = []

    def dismiss(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.set_content(html, wait_until="load")
    assert page.locator("script").count() == 0
    assert dialogs == []  # nothing ran
    text = page.inner_text("body")
    for value in (HOSTILE["name"], HOSTILE["title"], HOSTILE["email"], HOSTILE["phone"], "exämple.de/über"):
        assert value in text
    assert "Postcode 12345" in text
    logo = page.locator("img")
    assert logo.count() == 1
    assert logo.evaluate("img => img.complete && img.naturalWidth") == 192  # the embedded PNG decoded
    assert page.locator("a[href^='mailto:']").count() == 1
    for line, ratio in page.evaluate(CONTRAST_JS):
        assert ratio >= 4.5, (line, ratio)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"email-signature-{scheme}.png"), full_page=True)
    page.close()


def test_plain_text_twin_has_the_same_facts(make_deliverables) -> None:
    made = make_deliverables(contact=HOSTILE)
    text = made["email_signature_text"].data.decode()
    assert text.startswith("-- \n")
    for value in (HOSTILE["name"], HOSTILE["email"], HOSTILE["phone"], HOSTILE["address"]):
        assert value in text


AXE_JS = Path(__file__).resolve().parents[2] / "tests" / "web" / "vendor" / "axe.min.js"


def test_guidelines_site_works_offline_is_accessible_and_copies_colours(
    make_deliverables, browser: Browser, tmp_path: Path
) -> None:
    made = make_deliverables(company_name="<i>Acme</i> & Söhne", contact={"name": "Ada Lovelace"})
    site = [item for item in made.every if item.kind == "guidelines_site"]
    for item in site:
        path = tmp_path / item.key.rsplit("/", 1)[-1]  # one flat folder: index.html, css, js, logos
        path.write_bytes(item.data)
    context = browser.new_context(viewport={"width": 375, "height": 800})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    outside: list[str] = []

    def local_only(route: Route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", local_only)
    page.goto((tmp_path / "index.html").as_uri(), wait_until="load")
    assert outside == []  # works offline: nothing fetched from the network
    assert page.title() == "<i>Acme</i> & Söhne — Brand guidelines"  # literal, not markup
    assert page.locator("header h1").inner_text() == "<i>Acme</i> & Söhne"
    assert page.evaluate("[...document.images].every(img => img.complete && img.naturalWidth > 0)")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scroll
    assert "Ada Lovelace" in page.locator("#contact").inner_text()
    button = page.locator('button[data-copy^="#"]').first
    value = button.get_attribute("data-copy")
    button.click()
    page.wait_for_function("document.getElementById('copy-status').textContent.startsWith('Copied')")
    assert page.locator("#copy-status").inner_text() == f"Copied {value}"  # said to screen readers
    assert page.evaluate("navigator.clipboard.readText()") == value
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [
        (v["id"], [node["target"] for node in v["nodes"]][:3], v["nodes"][0].get("failureSummary", "")[:200])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
    page.screenshot(path=str(ARTIFACTS / "guidelines-site-375.png"), full_page=False)
    context.close()
