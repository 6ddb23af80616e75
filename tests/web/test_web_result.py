"""The result page: the chosen logo first, candidates, palette, fonts, applications; details folded
away; files named after the company; light, dark and phone all pass axe."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import BrowserContext, Page, expect

from tests.web.web_checks import AxeCheck, LiveApi, Screenshot, remember_key


def open_kit(context: BrowserContext, page: Page, api_key: str, job_id: str) -> None:
    remember_key(context, api_key)
    page.goto(f"/kits/{job_id}")
    expect(page.locator("#result")).to_be_visible()
    page.wait_for_function(
        "() => [...document.querySelectorAll('#result img')].every(img => img.complete && img.naturalWidth > 0)"
    )


def test_web_result_page_leads_with_the_logo_and_names_files_after_the_company(
    context: BrowserContext,
    page: Page,
    api_key: str,
    acme_kit: str,
    live_api: LiveApi,
    screenshot: Screenshot,
    axe: AxeCheck,
    tmp_path: Path,
) -> None:
    open_kit(context, page, api_key, acme_kit)
    with live_api.client(api_key) as client:
        kit = client.get(f"/v1/jobs/{acme_kit}?view=full").json()["result"]

    # The chosen logo, large, on light and on dark, at the top of the result.
    hero = page.locator("#hero figure")
    expect(hero).to_have_count(2)
    assert hero.evaluate_all("figures => figures.map(f => f.className)") == ["art light", "art dark"]
    assert page.locator("#hero img").first.evaluate("img => img.getBoundingClientRect().width") >= 300
    assert page.locator("#hero").evaluate("hero => hero.getBoundingClientRect().top") < 400
    # The other candidates, to pick from; the current one marked.
    expect(page.get_by_role("radio")).to_have_count(3)
    expect(page.get_by_role("radio", name=f"Candidate {kit['logo']['chosen']} (current)")).to_be_checked()
    # Palette swatches, and font specimens set in the kit's fonts (named, with a fallback).
    expect(page.locator("#palette-roles .swatch")).to_have_count(len(kit["palette"]["roles"]))
    for role in ("heading", "body"):
        family = kit["palette"]["fonts"][role]["family"]
        specimen = page.locator(f'#font-specimens [data-role="{role}"]')
        expect(specimen).to_contain_text(family)
        assert family in specimen.locator(".specimen").evaluate("node => getComputedStyle(node).fontFamily")
    # Applications: the business card, letterhead and social images, really loaded.
    applications = page.locator("#applications img")
    assert applications.count() >= 3
    # The mockups (the kit in use: card on a desk, story on a phone, shop sign) lead them, loaded and described.
    mockup_names = sorted(a["name"] for a in kit["assets"] if a["name"].startswith("deliverables/mockups/"))
    assert len(mockup_names) == 3
    tiles = page.locator("#applications > li")
    shown = tiles.evaluate_all("tiles => tiles.map(t => t.dataset.application)")
    assert shown[:3] == mockup_names
    mockups = page.locator('#applications li[data-application^="deliverables/mockups/"] img')
    assert mockups.evaluate_all("imgs => imgs.map(i => i.complete && i.naturalWidth)") == [1200, 1200, 1200]
    assert all(alt.startswith("Mockup: ") for alt in mockups.evaluate_all("imgs => imgs.map(i => i.alt)"))
    # The contrast report and the file list are folded away.
    for fold in ("#contrast-fold", "#files-fold", "#pdf-fold"):
        expect(page.locator(fold)).not_to_have_attribute("open", "")
    expect(page.locator("#contrast-table")).to_be_hidden()
    expect(page.locator("#contrast-fold summary")).to_contain_text("pairs pass AA")
    # The rationale's Markdown is rendered: no escapes, no literal backticks.
    rationale = page.locator("#rationale").inner_text()
    assert "\\" not in rationale
    assert "`" not in rationale
    expect(page.locator("#rationale code").first).to_be_visible()

    # Every download name carries the company's name, and no two are alike.
    page.locator("#files-fold summary").click()
    names = page.locator("#files-list button").all_inner_texts()
    assert len(names) == len(kit["assets"])
    assert len(set(names)) == len(names)
    assert all(name.startswith("acme-robotics-") for name in names)
    assert {"acme-robotics-logo-icon.svg", "acme-robotics-brand-guidelines.pdf", "acme-robotics-brand-kit.zip"} <= set(
        names
    )
    with page.expect_download() as pdf:
        page.get_by_role("button", name="Download the guidelines (PDF)").click()
    assert pdf.value.suggested_filename == "acme-robotics-brand-guidelines.pdf"
    with page.expect_download() as zipped:
        page.get_by_role("button", name="Download the whole kit (zip)").click()
    assert zipped.value.suggested_filename == "acme-robotics-brand-kit.zip"
    with page.expect_download() as icon:
        page.get_by_role("button", name="acme-robotics-logo-icon.svg").click()
    assert icon.value.suggested_filename == "acme-robotics-logo-icon.svg"
    assert b"<svg" in Path(icon.value.path()).read_bytes()

    page.locator("#contrast-fold summary").click()
    assert axe(page) == []
    page.locator("#files-fold summary").click()
    page.locator("#contrast-fold summary").click()
    screenshot(page, "result-desktop")


def test_web_result_page_fits_a_phone_and_passes_axe(
    context: BrowserContext, page: Page, api_key: str, acme_kit: str, screenshot: Screenshot, axe: AxeCheck
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    open_kit(context, page, api_key, acme_kit)
    for fold in ("#contrast-fold", "#files-fold"):
        page.locator(f"{fold} summary").click()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the result page scrolls sideways by {overflow}px at 390 px"
    assert axe(page) == []
    for fold in ("#contrast-fold", "#files-fold"):
        page.locator(f"{fold} summary").click()
    screenshot(page, "result-phone")


def test_web_dark_mode_follows_the_system(
    context: BrowserContext, page: Page, api_key: str, acme_kit: str, screenshot: Screenshot, axe: AxeCheck
) -> None:
    page.emulate_media(color_scheme="dark")
    open_kit(context, page, api_key, acme_kit)
    background = page.evaluate("getComputedStyle(document.querySelector('#result')).backgroundColor")
    text = page.evaluate("getComputedStyle(document.body).color")
    assert background == "rgb(27, 34, 48)", background
    assert text == "rgb(229, 231, 235)", text
    assert axe(page) == []
    screenshot(page, "result-dark")
    page.emulate_media(color_scheme="light")
    assert page.evaluate("getComputedStyle(document.querySelector('#result')).backgroundColor") == "rgb(255, 255, 255)"


def test_web_rationale_markdown_is_rendered_safely(page: Page) -> None:
    page.goto("/")
    rendered = page.evaluate(
        """async (source) => {
            const { markdownBlocks } = await import('/web/markdown.js');
            const holder = document.createElement('div');
            holder.append(...markdownBlocks(source));
            return { html: holder.innerHTML, text: holder.textContent, images: holder.querySelectorAll('img').length };
        }""",
        "**Mom\\_&\\_Pop \\*Deli\\*** uses `#c62828` and *warm* tones.\n\n"
        "- one `a`\n- two <img src=x onerror=alert(1)>\n\nsnake_case_words stay",
    )
    assert rendered["images"] == 0
    assert "<strong>Mom_&amp;_Pop *Deli*</strong>" in rendered["html"]
    assert "<code>#c62828</code>" in rendered["html"]
    assert "<em>warm</em>" in rendered["html"]
    assert "<li>two &lt;img src=x onerror=alert(1)&gt;</li>" in rendered["html"]
    assert "snake_case_words stay" in rendered["text"]
    assert "\\" not in rendered["text"]
    assert "`" not in rendered["text"]


def test_web_download_names_never_collide(page: Page, live_api: LiveApi, api_key: str, acme_kit: str) -> None:
    with live_api.client(api_key) as client:
        assets = [asset["name"] for asset in client.get(f"/v1/jobs/{acme_kit}?view=full").json()["result"]["assets"]]
    page.goto("/")
    names = page.evaluate(
        f"""async () => {{
            const {{ downloadNames, slug }} = await import('/web/names.js');
            return {{ names: [...downloadNames('Café Ünïcode & Co.', {json.dumps(assets)}).values()],
                      clash: [...downloadNames('X', ['a/b_c.svg', 'a-b/c.svg', 'a/b-c.svg']).values()],
                      empty: slug('   ') }};
        }}"""
    )
    assert len(set(names["names"])) == len(assets)
    assert all(name.startswith("cafe-unicode-co-") for name in names["names"])
    assert len(set(names["clash"])) == 3
    assert names["empty"] == "brand"
