"""A person creates a brand kit in the browser, watches it build, and downloads it."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from playwright.sync_api import Page, Request, Route, expect
from pypdf import PdfReader
from web_checks import AxeCheck, LiveApi, SaveKey, Screenshot

from brandgen.pdf.i18n import CATALOGS

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
    expect(page.locator("#job-status")).to_have_text("Done. Your brand kit is below.")
    for name in PIPELINE:
        stage = page.locator(f'#stages .stage[data-stage="{name}"]')
        expect(stage).to_have_attribute("data-status", "done")
        assert stage.locator("progress").evaluate("bar => bar.value") == 1

    # Logos: two candidates, and each lockup in full colour on light and dark, monochrome on light
    # and inverse on dark; every image really loaded.
    expect(page.locator("#candidates-list > li")).to_have_count(2)
    expect(page.locator("#candidates-list .tile.chosen")).to_have_count(1)
    lockups = page.locator("#variants-list > li")
    expect(lockups).to_have_count(3)
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
    expect(rows.first.locator("td").nth(4)).to_have_text(["\u2713 passes AA"])

    # Rationale in each requested language, marked with its language.
    expect(page.locator("#rationale details")).to_have_count(2)
    # German comes first (the guidelines' language), so it is the one shown open.
    expect(page.locator('#rationale details[data-language="de"] [lang="de"] h4').first).to_be_visible()
    expect(page.locator('#rationale details[data-language="en"] [lang="en"] h4').first).to_be_hidden()
    # PDF preview of the guidelines.
    expect(page.locator('#pdf-preview iframe[title="Brand guidelines PDF preview"]')).to_have_attribute(
        "src", re.compile(r"^blob:")
    )
    screenshot(page, "kit-result")

    # Downloads: the PDF is a real PDF, the zip a real zip, and single files download by name.
    with page.expect_download() as pdf_download:
        page.get_by_role("button", name="Download the guidelines (PDF)").click()
    pdf_path = tmp_path / pdf_download.value.suggested_filename
    pdf_download.value.save_as(pdf_path)
    assert pdf_path.name == "brand-guidelines.pdf"
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

    with page.expect_download() as svg_download:
        page.get_by_role("button", name="Download logo/lockups/icon/full_color.svg").click()
    assert svg_download.value.suggested_filename == "full_color.svg"
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
    expect(page.get_by_role("button", name="Cancel this job")).to_be_hidden()
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
