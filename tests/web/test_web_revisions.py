"""Editing a kit in place: another candidate and another colour make a new revision, shown at its
own address, with the kit it revises one click away."""

from __future__ import annotations

import re

from playwright.sync_api import BrowserContext, Page, expect

from tests.web.web_checks import LiveApi, Screenshot, remember_key


def test_web_picking_a_candidate_and_a_colour_makes_a_new_revision(
    context: BrowserContext,
    page: Page,
    api_key: str,
    live_api: LiveApi,
    acme_kit: str,
    screenshot: Screenshot,
) -> None:
    with live_api.client(api_key) as client:
        parent = client.get(f"/v1/jobs/{acme_kit}?view=full").json()
    logo = parent["result"]["logo"]
    other = next(candidate["id"] for candidate in logo["candidates"] if candidate["id"] != logo["chosen"])
    remember_key(context, api_key)
    page.goto(f"/kits/{acme_kit}")
    expect(page.locator("#result")).to_be_visible(timeout=30_000)  # a loaded machine needs more than 5 s

    page.get_by_role("radio", name=f"Candidate {other}").check()
    expect(page.locator(f'#candidates-list li[data-candidate="{other}"]')).to_have_class(re.compile(r"\bpicked\b"))
    page.get_by_label("Primary colour", exact=True).fill("2e7d32")
    page.get_by_role("button", name="Make a new revision").click()

    # The revision has its own address, and shows once built: the picked candidate is its logo and
    # the colour its primary.
    expect(page.locator("#edit-error")).to_be_hidden()
    expect(page).not_to_have_url(re.compile(rf"/kits/{acme_kit}$"), timeout=15_000)
    expect(page).to_have_url(re.compile(r"/kits/[0-9a-f]{32}$"))
    revision = page.url.rsplit("/", 1)[1]
    expect(page.locator("#job-company")).to_have_text("Acme Robotics")
    expect(page.locator("#result")).to_be_visible(timeout=45_000)
    expect(page.get_by_role("radio", name=f"Candidate {other} (current)")).to_be_checked()
    expect(page.locator('#palette-roles [data-role="primary"] code')).to_have_text("#2e7d32")
    with live_api.client(api_key) as client:
        revised = client.get(f"/v1/jobs/{revision}?view=full").json()
    assert revised["revision_of"] == acme_kit
    assert revised["result"]["logo"]["chosen"] == other
    page.wait_for_function(
        "() => [...document.querySelectorAll('#result img')].every(img => img.complete && img.naturalWidth > 0)"
    )
    screenshot(page, "revision-result")

    # The kit it revises is one click away, and lists this revision.
    page.get_by_role("link", name="the earlier kit").click()
    expect(page).to_have_url(re.compile(rf"/kits/{acme_kit}$"))
    expect(page.get_by_role("radio", name=f"Candidate {logo['chosen']} (current)")).to_be_checked()
    revisions = page.get_by_role("navigation", name="Revisions of this kit")
    expect(revisions.get_by_role("link")).to_have_count(1)
    revisions.get_by_role("link", name="Revision 1").click()
    expect(page).to_have_url(re.compile(rf"/kits/{revision}$"))
    page.go_back()
    expect(page).to_have_url(re.compile(rf"/kits/{acme_kit}$"))


def test_web_revision_errors_are_shown_by_their_field(
    context: BrowserContext, page: Page, api_key: str, acme_kit: str
) -> None:
    remember_key(context, api_key)
    page.goto(f"/kits/{acme_kit}")
    expect(page.get_by_role("radio").first).to_be_visible()
    page.get_by_role("button", name="Make a new revision").click()
    expect(page.locator("#edit-error")).to_have_text(
        "Nothing has changed yet: pick another logo, or change the colour, fonts or tagline."
    )
    page.get_by_label("Heading font").fill("No Such Typeface")
    page.get_by_role("button", name="Make a new revision").click()
    expect(page.locator("#fonts-edit-error")).to_be_visible()
    expect(page.locator("#fonts-edit-error")).to_contain_text("No Such Typeface")
    expect(page.get_by_label("Heading font")).to_be_focused()
    expect(page).to_have_url(re.compile(rf"/kits/{acme_kit}$"))
