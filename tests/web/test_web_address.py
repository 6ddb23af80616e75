"""Each kit has its own address, /kits/{job_id}: a fresh load, a reload, Back and Forward show it."""

from __future__ import annotations

import re

from playwright.sync_api import BrowserContext, Page, expect

from tests.web.web_checks import LiveApi, remember_key


def kit_address(job_id: str) -> re.Pattern[str]:
    return re.compile(rf"/kits/{job_id}$")


def test_web_kit_address_survives_reload_back_and_forward(
    context: BrowserContext, page: Page, api_key: str, acme_kit: str
) -> None:
    remember_key(context, api_key)
    # A fresh load of a kit's address shows that kit, not the form.
    page.goto(f"/kits/{acme_kit}")
    result = page.locator("#result")
    expect(result).to_be_visible()
    expect(page.locator("#result-heading")).to_have_text("Acme Robotics: your brand kit")
    expect(page.locator("#create")).to_be_hidden()

    page.get_by_role("link", name="New brand kit").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("#create")).to_be_visible()
    expect(result).to_be_hidden()

    page.get_by_label("Company name").fill("Second Address")
    page.get_by_label("Industry").fill("consulting")
    page.get_by_label("Logo candidates").fill("1")
    page.get_by_role("button", name="Create brand kit").click()
    expect(page).to_have_url(re.compile(r"/kits/[0-9a-f]{32}$"))
    second = page.url.rsplit("/", 1)[1]
    # A reload while the job runs comes back to the same job (its progress, or its result if done).
    page.reload()
    expect(page.locator("#job-company")).to_have_text("Second Address")
    expect(page.locator("#result-heading")).to_have_text("Second Address: your brand kit", timeout=45_000)

    page.go_back()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("#create")).to_be_visible()
    expect(result).to_be_hidden()
    page.go_back()
    expect(page).to_have_url(kit_address(acme_kit))
    expect(page.locator("#result-heading")).to_have_text("Acme Robotics: your brand kit")
    page.go_forward()
    expect(page.locator("#create")).to_be_visible()
    page.go_forward()
    expect(page).to_have_url(kit_address(second))
    expect(page.locator("#result-heading")).to_have_text("Second Address: your brand kit")

    # A past job opens at its address too, as a new history entry.
    page.locator(f'#history li[data-job-id="{acme_kit}"] button').click()
    expect(page).to_have_url(kit_address(acme_kit))
    expect(page.locator("#result-heading")).to_have_text("Acme Robotics: your brand kit")
    page.go_back()
    expect(page.locator("#result-heading")).to_have_text("Second Address: your brand kit")


def test_web_unknown_kit_address_says_so(context: BrowserContext, page: Page, api_key: str) -> None:
    remember_key(context, api_key)
    page.goto("/kits/0123456789abcdef")
    expect(page.locator("#job-error")).to_have_text(
        "There is no kit at this address for this API key. Check the link, or start a new brand kit."
    )
    expect(page.locator("#result")).to_be_hidden()


def test_web_kit_address_and_favicon_are_served_like_the_page(live_api: LiveApi) -> None:
    with live_api.client("") as client:
        home = client.get("/")
        kit = client.get("/kits/4e25a918108c464b90db6a3b3248e5d6")
        icon = client.get("/favicon.ico")
        bad = client.get("/kits/not%20an%20id")
    assert kit.status_code == 200
    assert kit.text == home.text
    for header in ("content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy"):
        assert kit.headers[header] == home.headers[header]
    assert icon.status_code == 200
    assert icon.headers["content-type"].startswith("image/svg+xml")
    assert icon.text.startswith("<svg")
    assert bad.status_code == 422
