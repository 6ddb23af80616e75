"""The form: suggestions from the knowledge graph, API errors by their field, keyboard and phone use."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.web.web_checks import AxeCheck, LiveApi, SaveKey, Screenshot


def test_web_bad_colour_shows_the_api_message_by_the_field(
    page: Page, api_key: str, save_key: SaveKey, screenshot: Screenshot, live_api: LiveApi
) -> None:
    page.goto("/")
    save_key(page, api_key)
    with live_api.client(api_key) as client:
        jobs_before = len(client.get("/v1/jobs").json()["jobs"])
    page.get_by_label("Company name").fill("Bad Colour Ltd")
    page.get_by_label("Industry").fill("bakery")
    colour = page.get_by_label("Primary colour (optional)", exact=True)
    colour.fill("#12345")
    page.get_by_role("button", name="Create brand kit").click()

    message = page.locator("#primary_color-error")
    expect(message).to_be_visible()
    # The API's own words (from the shared HexColor validator), without pydantic's "Value error," prefix.
    expect(message).to_have_text("Must be a hex colour in the form #rrggbb (for example #1a73e8), got '#12345'.")
    expect(colour).to_have_attribute("aria-invalid", "true")
    expect(colour).to_be_focused()
    # The message is announced with the field: it is part of the field's description.
    assert "primary_color-error" in (colour.get_attribute("aria-describedby") or "")
    expect(page.locator("#job")).to_be_hidden()
    screenshot(page, "form-bad-colour")
    with live_api.client(api_key) as client:
        assert len(client.get("/v1/jobs").json()["jobs"]) == jobs_before

    # Typing a fix clears the message; the picker follows a valid hex code.
    colour.fill("#AA3300")
    expect(message).to_be_hidden()
    expect(page.locator("#primary_color_picker")).to_have_value("#aa3300")


def test_web_blank_name_and_no_language_are_shown_by_their_fields(page: Page, api_key: str, save_key: SaveKey) -> None:
    page.goto("/")
    save_key(page, api_key)
    page.get_by_label("Company name").fill("   ")
    page.get_by_label("Industry").fill("legal")
    page.get_by_role("button", name="Create brand kit").click()
    expect(page.locator("#company_name-error")).to_have_text("Please fill this in.")
    expect(page.get_by_label("Company name")).to_be_focused()

    page.get_by_label("Company name").fill("Lex & Co")
    page.get_by_role("checkbox", name="English (en)").uncheck()
    page.get_by_role("button", name="Create brand kit").click()
    expect(page.locator("#languages-error")).to_have_text("Choose at least one.")
    expect(page.get_by_role("checkbox", name="English (en)")).to_be_focused()


def test_web_industry_and_style_suggestions_come_from_the_knowledge_graph(page: Page) -> None:
    page.goto("/")
    industries = page.locator("#industry-options option")
    expect(industries.first).to_be_attached()
    values = industries.evaluate_all("options => options.map(option => option.value)")
    assert {"technology", "real estate", "bakery"} <= set(values)
    assert page.get_by_label("Industry").get_attribute("list") == "industry-options"
    styles = page.locator("#style-options option").evaluate_all("options => options.map(option => option.value)")
    assert {"modern", "playful", "luxury"} <= set(styles)
    languages = page.locator('#language-options input[name="languages"]')
    expect(languages).to_have_count(7)
    expect(page.get_by_role("checkbox", name="Japanese (ja)")).not_to_be_checked()
    expect(page.get_by_role("checkbox", name="Chinese (zh)")).not_to_be_checked()


def test_web_form_is_usable_by_keyboard_alone(page: Page, api_key: str, save_key: SaveKey) -> None:
    page.goto("/")
    save_key(page, api_key)
    page.get_by_label("Company name").focus()
    page.keyboard.type("Keys Only")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Industry")).to_be_focused()
    page.keyboard.type("coffee")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Style")).to_be_focused()
    # Focus is visible: the focused control draws an outline.
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")
    page.locator("#submit").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#job-heading")).to_be_focused()
    expect(page.locator("#job-company")).to_have_text("Keys Only")


def test_web_page_fits_a_phone_and_passes_axe(
    page: Page, api_key: str, save_key: SaveKey, screenshot: Screenshot, axe: AxeCheck
) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/")
    expect(page.locator("#language-options input").first).to_be_attached()
    assert axe(page) == []
    save_key(page, api_key)
    page.get_by_role("button", name="Create brand kit").click()  # empty form: errors shown by the fields
    expect(page.locator("#company_name-error")).to_be_visible()
    assert axe(page) == []
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at phone width"
    screenshot(page, "phone-form-errors")


def test_web_short_and_bare_hex_colours_are_normalised(page: Page, api_key: str, save_key: SaveKey) -> None:
    page.goto("/")
    save_key(page, api_key)
    colour = page.get_by_label("Primary colour (optional)", exact=True)
    colour.fill("#abc")
    expect(page.locator("#primary_color_picker")).to_have_value("#aabbcc")
    colour.blur()
    expect(colour).to_have_value("#aabbcc")
    colour.fill("1A73E8")
    colour.blur()
    expect(colour).to_have_value("#1a73e8")
    expect(page.locator("#primary_color_picker")).to_have_value("#1a73e8")


def test_web_every_field_to_fix_is_shown_at_once(
    page: Page, api_key: str, save_key: SaveKey, live_api: LiveApi
) -> None:
    page.goto("/")
    save_key(page, api_key)
    with live_api.client(api_key) as client:
        jobs_before = len(client.get("/v1/jobs").json()["jobs"])
    page.get_by_label("Style").fill("")
    page.get_by_label("Primary colour (optional)", exact=True).fill("#12345")
    page.get_by_role("checkbox", name="English (en)").uncheck()
    page.get_by_role("button", name="Create brand kit").click()

    for field in ("company_name", "industry", "style", "primary_color", "languages"):
        expect(page.locator(f"#{field}-error")).to_be_visible()
    expect(page.locator("#company_name-error")).to_have_text("Please fill this in.")
    expect(page.locator("#languages-error")).to_have_text("Choose at least one.")
    expect(page.get_by_label("Company name")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Primary colour (optional)", exact=True)).to_have_attribute("aria-invalid", "true")
    with live_api.client(api_key) as client:
        assert len(client.get("/v1/jobs").json()["jobs"]) == jobs_before


def test_web_every_field_the_api_refuses_is_shown_at_once(page: Page, api_key: str, save_key: SaveKey) -> None:
    # Slips only the API sees (a control character, a name of invisible characters): it lists
    # each field in `problems`, and the page marks every one of them, not only the first.
    page.goto("/")
    save_key(page, api_key)
    page.get_by_label("Company name").fill("Acme\u0007 Robotics")
    page.get_by_label("Industry").fill("\u200b\u200b")
    page.get_by_role("button", name="Create brand kit").click()

    for field in ("company_name", "industry"):
        expect(page.locator(f"#{field}-error")).to_be_visible()
    expect(page.locator("#company_name-error")).to_contain_text("U+0007")
    expect(page.get_by_label("Industry")).to_have_attribute("aria-invalid", "true")
