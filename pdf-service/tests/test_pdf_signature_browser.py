"""The email signature rendered by headless Chromium (Debian's, through Playwright): no script runs,
the contact reads as typed, the logo loads from its data URI, and every line of text contrasts with
the ground it is drawn on in light and in dark colour schemes."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from deliverable_helpers import HOSTILE
from playwright.sync_api import Browser, sync_playwright

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
def test_signature_renders_safely_in_chromium(make_deliverables, browser: Browser, scheme: str) -> None:
    made = make_deliverables(contact=HOSTILE)
    html = made["email_signature_html"].data.decode()
    assert "<script" not in html.lower().replace("&lt;script", "")  # the name's <script> is escaped text
    page = browser.new_page(color_scheme=scheme, java_script_enabled=True)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
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
