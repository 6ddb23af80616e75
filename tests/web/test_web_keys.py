"""The API key is entered once and kept in the browser; past jobs are this key's own."""

from __future__ import annotations

from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.web.web_checks import LiveApi, SaveKey, Screenshot


def test_web_asks_for_a_key_by_the_key_field(page: Page) -> None:
    page.goto("/")
    message = page.locator("#api-key-error")
    expect(message).to_have_text("This server needs an API key: enter it above and save it.")
    expect(page.get_by_label("API key")).to_have_attribute("aria-invalid", "true")
    page.get_by_label("Company name").fill("No Key Inc")
    page.get_by_label("Industry").fill("retail")
    page.get_by_role("button", name="Create brand kit").click()
    expect(page.get_by_label("API key")).to_be_focused()


def test_web_rejected_key_is_explained_by_the_key_field(page: Page, save_key: SaveKey) -> None:
    page.goto("/")
    page.get_by_label("API key").fill("bgk_000000000000_not-a-real-key")
    page.get_by_role("button", name="Save key").click()
    expect(page.locator("#api-key-error")).to_have_text(
        "The API key was not accepted: Invalid or revoked API key. Enter a valid key above."
    )
    # Checked before it is kept: a refused key is never "saved".
    expect(page.locator("#api-key-status")).not_to_have_text("Key saved in this browser.")
    assert page.evaluate("localStorage.getItem('brandgen.apiKey')") is None


def test_web_key_box_is_folded_away_where_no_key_is_needed(browser: Browser, embedded_api: LiveApi) -> None:
    context = browser.new_context(base_url=embedded_api.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto("/")
        box = page.locator("#key-box")
        expect(page.locator("#key-summary")).to_have_text("API key (not needed on this server)")
        expect(box).not_to_have_attribute("open", "")
        expect(page.get_by_label("API key")).to_be_hidden()
        expect(page.locator("#history-status")).to_have_text("No jobs yet.")
        # The box takes one short line of the header.
        assert box.evaluate("node => node.getBoundingClientRect().height") < 60
    finally:
        context.close()


def test_web_key_is_kept_and_past_jobs_are_this_keys_own(
    context: BrowserContext, page: Page, live_api: LiveApi, api_key: str, save_key: SaveKey, screenshot: Screenshot
) -> None:
    other_key = live_api.create_key("someone else")
    with live_api.client(api_key) as mine, live_api.client(other_key) as theirs:
        body = {"industry": "coffee", "style": "friendly", "candidates": 1}
        mine_id = mine.post("/v1/brand-kits", json=body | {"company_name": "Mine Roasters"}).json()["job_id"]
        theirs.post("/v1/brand-kits", json=body | {"company_name": "Their Roasters"})

    page.goto("/")
    save_key(page, api_key)
    # A new page in the same browser knows the key without asking again.
    later = context.new_page()
    later.goto("/")
    expect(later.get_by_label("API key")).to_have_value(api_key)
    history = later.locator("#history")
    expect(history.locator(f'li[data-job-id="{mine_id}"] .name')).to_have_text("Mine Roasters")
    expect(history).not_to_contain_text("Their Roasters")

    # Opening a past job shows it, and once done its kit.
    later.get_by_role("button", name="Open Mine Roasters", exact=False).click()
    expect(later.locator("#job-company")).to_have_text("Mine Roasters")
    expect(later.locator("#result")).to_be_visible(timeout=45_000)
    expect(later.locator("#candidates-list > li")).to_have_count(1)
    screenshot(later, "past-job-opened")

    # The saved key is folded into one line of the header; opening it shows the key and Forget.
    later.locator("#key-summary").click()
    later.get_by_role("button", name="Forget").click()
    later.reload()
    expect(later.get_by_label("API key")).to_have_value("")
