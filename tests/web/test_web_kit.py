"""A person creates a brand kit in the browser, watches it build, and downloads it."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from playwright.sync_api import BrowserContext, Page, Request, Route, expect
from pypdf import PdfReader

from brandgen.pdf.i18n import CATALOGS
from tests.web.web_checks import AxeCheck, LiveApi, SaveKey, Screenshot, remember_key

PIPELINE = ["logo", "palette", "rationale", "pdf"]


def test_web_kit_builds_live_and_downloads(
    page: Page,
    api_key: str,
    save_key: SaveKey,
    live_api: LiveApi,
    screenshot: Screenshot,
    axe: AxeCheck,
    tmp_path: Path,
) -> None:
    page.goto("/")
    save_key(page, api_key)
    page.get_by_label("Company name").fill("Acme Robotics")
    industry = page.get_by_label("Industry")
    industry.fill("technology")
    page.get_by_label("Style").fill("modern")
    page.get_by_label("Primary colour (optional)", exact=True).fill("#1a73e8")
    page.get_by_label("Logo candidates").fill("2")
    page.get_by_role("checkbox", name="German (de)").check()
    page.get_by_label("Language of the guidelines PDF").select_option("de")
    screenshot(page, "kit-form-filled")
    page.get_by_role("button", name="Create brand kit").click()

    # Live progress: one bar per stage, and a stage seen at work with its note from the events.
    stages = page.locator("#stages .stage")
    expect(stages).to_have_count(len(PIPELINE))
    expect(stages.locator(".stage-name")).to_have_text(PIPELINE)
    working = page.locator('#stages .stage[data-status="running"] .stage-note')
    working.first.wait_for()
    screenshot(page, "kit-progress")

    result = page.locator("#result")
    expect(result).to_be_visible(timeout=45_000)
    # Done: the progress panel gives way to the kit, which has its own address.
    expect(page.locator("#job")).to_be_hidden()
    expect(page).to_have_url(re.compile(r"/kits/[0-9a-f]{32}$"))
    for name in PIPELINE:
        stage = page.locator(f'#stages .stage[data-stage="{name}"]')
        expect(stage).to_have_attribute("data-status", "done")
        assert stage.locator("progress").evaluate("bar => bar.value") == 1

    # Logos: two candidates, and each lockup in full colour on light and dark, monochrome on light
    # and inverse on dark; every image really loaded.
    expect(page.locator("#candidates-list > li")).to_have_count(2)
    expect(page.locator("#candidates-list .tile.chosen")).to_have_count(1)
    lockups = page.locator("#variants-list > li")
    expect(lockups.first).to_be_visible()
    assert lockups.count() >= 3
    for lockup in ("icon", "wordmark", "combination"):
        shown = page.locator(f'#variants-list [data-lockup="{lockup}"] figure')
        expect(shown).to_have_count(4)
        backgrounds = shown.evaluate_all("figures => figures.map(f => `${f.dataset.treatment}/${f.className}`)")
        assert backgrounds == [
            "full_color/art light",
            "full_color/art dark",
            "monochrome/art light",
            "inverse/art dark",
        ]
    page.wait_for_function(
        "() => [...document.querySelectorAll('#result img')].every(img => img.complete && img.naturalWidth > 0)"
    )
    # The logo's concept and each candidate's description read in the kit's first language, German.
    job_id = page.locator("#history li").first.get_attribute("data-job-id")
    with live_api.client(api_key) as client:
        logo = client.get(f"/v1/jobs/{job_id}?view=full").json()["result"]["logo"]
    assert logo["concepts"]["de"] != logo["concept"]
    expect(page.locator('#logo-concept[lang="de"]')).to_have_text(logo["concepts"]["de"])
    descriptions = page.locator('#candidates-list .description[lang="de"]')
    expect(descriptions).to_have_text([candidate["descriptions"]["de"] for candidate in logo["candidates"]])

    # Palette: roles with hex codes that copy to the clipboard, contrast pairs marked pass or fail.
    primary = page.locator('#palette-roles [data-role="primary"]')
    hex_code = primary.locator("code").inner_text()
    assert re.fullmatch(r"#[0-9a-f]{6}", hex_code)
    primary.get_by_role("button", name=f"Copy primary colour {hex_code}").click()
    expect(page.locator("#copy-status")).to_contain_text(f"Copied {hex_code}")
    assert page.evaluate("navigator.clipboard.readText()") == hex_code
    rows = page.locator("#contrast-table tbody tr")
    assert rows.count() > 5
    expect(rows.first).to_be_hidden()  # folded away until asked for
    page.get_by_text("Contrast report (WCAG 2.2)").click()
    expect(rows.first.locator("td").nth(4)).to_have_text(["\u2713 passes AA"])

    # Rationale in each requested language, marked with its language.
    expect(page.locator("#rationale details")).to_have_count(2)
    # German comes first (the guidelines' language), so it is the one shown open.
    expect(page.locator('#rationale details[data-language="de"] [lang="de"] h4').first).to_be_visible()
    expect(page.locator('#rationale details[data-language="en"] [lang="en"] h4').first).to_be_hidden()
    # PDF preview of the guidelines (folded away).
    page.get_by_text("Preview the guidelines PDF").click()
    expect(page.locator('#pdf-preview iframe[title="Brand guidelines PDF preview"]')).to_have_attribute(
        "src", re.compile(r"^blob:")
    )
    screenshot(page, "kit-result")

    # Downloads: the PDF is a real PDF, the zip a real zip, and single files download by name.
    with page.expect_download() as pdf_download:
        page.get_by_role("button", name="Download the guidelines (PDF)").click()
    pdf_path = tmp_path / pdf_download.value.suggested_filename
    pdf_download.value.save_as(pdf_path)
    assert pdf_path.name == "acme-robotics-brand-guidelines.pdf"
    reader = PdfReader(pdf_path)
    assert len(reader.pages) > 1
    assert "Acme Robotics" in reader.pages[0].extract_text()
    # Written in the language chosen for the guidelines: its sections are German bookmarks.
    german = CATALOGS.translations("de").gettext
    sections = [item.title for item in reader.outline if not isinstance(item, list)]
    assert sections[:3] == [german("Contents"), german("Logo"), german("Colour")]
    assert sections[0] != "Contents"

    with page.expect_download() as zip_download:
        page.get_by_role("button", name="Download the whole kit (zip)").click()
    with zipfile.ZipFile(io.BytesIO(Path(zip_download.value.path()).read_bytes())) as kit:
        assert any(name.endswith(".pdf") for name in kit.namelist())

    page.get_by_text("Every file of the kit").click()
    with page.expect_download() as svg_download:
        page.get_by_role("button", name="acme-robotics-logo-icon.svg").click()
    assert svg_download.value.suggested_filename == "acme-robotics-logo-icon.svg"
    assert b"<svg" in Path(svg_download.value.path()).read_bytes()

    assert axe(page) == []


def test_web_cancel_stops_the_job_and_says_so(page: Page, api_key: str, save_key: SaveKey, live_api: LiveApi) -> None:
    page.goto("/")
    save_key(page, api_key)
    page.get_by_label("Company name").fill("Change Of Mind")
    page.get_by_label("Industry").fill("consulting")
    page.get_by_role("button", name="Create brand kit").click()
    page.get_by_role("button", name="Cancel this job").click()

    expect(page.locator("#job-status")).to_have_text("The job was canceled.", timeout=30_000)
    expect(page.locator("#job-heading")).to_have_text("Canceled: Change Of Mind")
    expect(page.get_by_role("button", name="Cancel this job")).to_be_hidden()
    expect(page.get_by_role("button", name="Try again")).to_be_visible()
    expect(page.locator("#result")).to_be_hidden()
    job_id = page.locator("#history li").first.get_attribute("data-job-id")
    with live_api.client(api_key) as client:
        assert client.get(f"/v1/jobs/{job_id}").json()["status"] == "canceled"
    expect(page.locator(f'#history li[data-job-id="{job_id}"] .status-badge')).to_have_text("canceled")


def test_web_progress_resumes_after_a_dropped_events_stream(page: Page, api_key: str, save_key: SaveKey) -> None:
    # Fake network cut: the first events request gets only the first event, then the connection
    # ends; later requests reach the real server. The page must resume after the event it saw.
    last_event_ids: list[str | None] = []

    def cut_first_stream(route: Route, request: Request) -> None:
        last_event_ids.append(request.headers.get("last-event-id"))
        if len(last_event_ids) == 1:
            first = '{"kind": "job_queued", "stage": "logo", "message": null, "data": {}}'
            route.fulfill(
                status=200, content_type="text/event-stream", body=f"id: 0\nevent: job_queued\ndata: {first}\n\n"
            )
        else:
            route.continue_()

    page.route("**/v1/jobs/*/events", cut_first_stream)
    page.goto("/")
    save_key(page, api_key)
    page.get_by_label("Company name").fill("Patchy Network")
    page.get_by_label("Industry").fill("telecommunications")
    page.get_by_label("Logo candidates").fill("1")
    page.get_by_role("button", name="Create brand kit").click()

    expect(page.locator("#result")).to_be_visible(timeout=45_000)
    assert last_event_ids[:2] == [None, "0"]
    expect(page.locator('#stages .stage[data-status="done"]')).to_have_count(len(PIPELINE))


def test_web_failing_events_stream_falls_back_to_polling(page: Page, api_key: str, save_key: SaveKey) -> None:
    # The first events request gets the first event and then its connection ends; every later one
    # fails outright (a proxy that breaks streams). The page must say so and poll to the result.
    events_requests: list[str | None] = []

    def break_stream(route: Route, request: Request) -> None:
        events_requests.append(request.headers.get("last-event-id"))
        if len(events_requests) == 1:
            first = '{"kind": "job_queued", "stage": "logo", "message": null, "data": {}}'
            route.fulfill(
                status=200, content_type="text/event-stream", body=f"id: 0\nevent: job_queued\ndata: {first}\n\n"
            )
        else:
            route.abort("connectionreset")

    polls: list[str] = []
    page.on(
        "request",
        lambda request: polls.append(request.url) if re.search(r"/v1/jobs/[0-9a-f]{32}$", request.url) else None,
    )
    page.route("**/v1/jobs/*/events", break_stream)
    page.goto("/")
    save_key(page, api_key)
    page.get_by_label("Company name").fill("Broken Stream")
    page.get_by_label("Industry").fill("telecommunications")
    page.get_by_label("Logo candidates").fill("1")
    page.get_by_role("button", name="Create brand kit").click()

    notice = page.locator("#job-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Live progress stopped")
    expect(notice).to_contain_text("Checking the job every second instead.")
    expect(page.get_by_role("button", name="Cancel this job")).to_be_visible()
    expect(page.locator("#result")).to_be_visible(timeout=45_000)
    assert events_requests[:2] == [None, "0"]
    assert len(events_requests) == 2, "the page kept retrying the broken stream instead of polling"
    assert len(polls) >= 2, polls  # the first look at the job, then at least one poll


def test_web_failed_job_reads_as_failed_and_can_be_tried_again(
    context: BrowserContext, page: Page, api_key: str, live_api: LiveApi, screenshot: Screenshot
) -> None:
    # A real failure: a one-second time limit that the logo stage cannot meet.
    with live_api.client(api_key) as client:
        body = {"company_name": "Too Hasty", "industry": "bakery", "style": "modern", "candidates": 1, "timeout": 1}
        job_id = client.post("/v1/brand-kits", json=body).json()["job_id"]
    remember_key(context, api_key)
    page.goto(f"/kits/{job_id}")

    expect(page.locator("#job-status")).to_have_text("The job failed.", timeout=30_000)
    expect(page.locator("#job-heading")).to_have_text("Could not build Too Hasty")
    error = page.locator("#job-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("It took longer than its time limit.")
    assert "(timeout)" not in error.inner_text()
    assert "stage_failed" not in error.inner_text()
    expect(page.get_by_role("button", name="Cancel this job")).to_be_hidden()
    expect(page.locator("#result")).to_be_hidden()
    screenshot(page, "kit-failed")

    # Try again: the same request as a new job, at its own address, which this time succeeds.
    page.get_by_role("button", name="Try again").click()
    expect(page).not_to_have_url(re.compile(rf"/kits/{job_id}$"))
    expect(page).to_have_url(re.compile(r"/kits/[0-9a-f]{32}$"))
    expect(page.locator("#result-heading")).to_have_text("Too Hasty: your brand kit", timeout=45_000)
