"""What the fleet suites do as a client: submit over HTTP, poll, download, and check a brand kit.

The checks recompute what the job claims (WCAG contrast, zip contents, PDF text) without using
any Brand Generator code, so a bug in a service cannot vouch for itself.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import re
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
from PIL import Image
from pypdf import PdfReader

from brandgen.shared.models import EventKind, JobEvent, JobRecord
from brandgen.shared.state import RedisJobStore
from brandgen.shared.testkit import eventually

HEX = re.compile(r"#[0-9a-fA-F]{6}\b")
TERMINAL = ("succeeded", "failed", "canceled")


class ApiClient:
    """The fleet's HTTP API with its key; polls ride out 503s and refused connections (outages)."""

    def __init__(self, base_url: str, key: str) -> None:
        self.http = httpx.AsyncClient(base_url=base_url, headers={"X-API-Key": key}, timeout=30)
        # The last view of each (job, view) and its ETag: polls revalidate, and 304 reuses the view.
        self._seen: dict[tuple[str, bool], tuple[str, dict[str, Any]]] = {}

    async def close(self) -> None:
        await self.http.aclose()

    async def submit(self, company: str, *, priority: int = 5, **fields: Any) -> str:
        body = {"company_name": company, "industry": "technology", "style": "modern", "priority": priority, **fields}
        response = await self.http.post("/v1/brand-kits", json=body)
        assert response.status_code == 202, response.text
        return str(response.json()["job_id"])

    async def revise(self, job_id: str, **changes: Any) -> dict[str, Any]:
        """`POST /v1/jobs/{id}/revisions`; the 202's body (the new job, what is reused)."""
        response = await self.http.post(f"/v1/jobs/{job_id}/revisions", json=changes)
        assert response.status_code == 202, response.text
        return dict(response.json())

    async def job(self, job_id: str, *, full: bool = False) -> dict[str, Any] | None:
        """The job's compact view (no result), or with `full` its full view (with the kit)."""
        seen = self._seen.get((job_id, full))
        try:
            response = await self.http.get(
                f"/v1/jobs/{job_id}",
                params={"view": "full"} if full else None,
                headers={"If-None-Match": seen[0]} if seen else None,
            )
        except httpx.TransportError:
            return None
        if response.status_code == 503:
            return None
        if response.status_code == 304 and seen:
            return dict(seen[1])
        assert response.status_code == 200, response.text
        view = dict(response.json())
        self._seen[(job_id, full)] = (response.headers["etag"], view)
        return dict(view)

    async def wait(self, job_id: str, timeout: float = 60, interval: float = 0.05) -> dict[str, Any]:
        """Poll until the job is final, then read its full view; fails the test with the last view seen
        after `timeout` (a view is None while the API is unreachable, as in an outage)."""
        await eventually(
            lambda: self.job(job_id),
            lambda view: view is not None and view["status"] in TERMINAL,
            timeout=timeout,
            interval=interval,
            what=f"job {job_id} final",
        )
        full: dict[str, Any] | None = await eventually(
            lambda: self.job(job_id, full=True), timeout=timeout, what=f"job {job_id}'s full view"
        )
        assert full is not None
        return full

    async def follow(self, job_id: str, timeout: float = 180) -> tuple[dict[str, Any], list[str]]:
        """Follow the job's server-sent events until the stream ends (after the final event), as the
        API's docs advise clients that wait, then read the job once: its view and the event kinds."""
        kinds: list[str] = []
        async with asyncio.timeout(timeout):
            async with self.http.stream("GET", f"/v1/jobs/{job_id}/events", timeout=None) as response:
                assert response.status_code == 200, await response.aread()
                async for line in response.aiter_lines():
                    if line.startswith("event:"):
                        kinds.append(line.removeprefix("event:").strip())
        view = await self.job(job_id, full=True)
        assert view is not None, job_id
        assert view["status"] in TERMINAL, f"events ended ({kinds}) before the job did: {view['status']}"
        return view, kinds

    async def wait_for(
        self, job_id: str, predicate: Callable[[dict[str, Any]], bool], timeout: float = 30, interval: float = 0.02
    ) -> dict[str, Any]:
        view = await eventually(
            lambda: self.job(job_id),
            lambda view: view is not None and predicate(view),
            timeout=timeout,
            interval=interval,
            what=f"job {job_id}: the condition",
        )
        assert view is not None
        return view

    async def download(self, view: dict[str, Any]) -> dict[str, bytes]:
        """Every asset of a succeeded job, by name, from its (presigned) URL."""
        files: dict[str, bytes] = {}
        for asset in view["result"]["assets"]:
            response = await self.http.get(asset["url"])
            assert response.status_code == 200, f"{asset['name']}: {response.status_code}"
            files[asset["name"]] = response.content
        return files


# --- checks that a kit is what the job says it is ---------------------------------------------


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2.2 relative luminance of an sRGB colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def palette_colours(palette: dict[str, Any]) -> set[str]:
    """Every colour the job's palette result names (roles, scales, themes, associations)."""
    colours = set(palette["roles"].values())
    for tones in palette["scales"].values():
        colours |= set(tones.values())
    for tokens in palette["themes"].values():
        colours |= set(tokens.values())
    colours |= {association["hex"] for association in palette.get("associations", [])}
    return {colour.lower() for colour in colours}


@dataclass
class KitReport:
    files: int
    pdf_pages: int
    contrast_pairs_checked: int


def check_kit(view: dict[str, Any], files: dict[str, bytes], company: str, record: JobRecord) -> KitReport:
    """Everything a client relies on in a finished kit; raises AssertionError on the first lie.

    `record` is the job record in Redis: the API's result is a summary (no tonal scales), so the
    full palette output the PDF was made from is read from the record, and the summary must agree.
    """
    result = view["result"]
    palette = record.outputs["palette"]
    for field in ("roles", "themes", "contrast", "seed_color"):
        assert result["palette"][field] == palette[field], f"API result and job record disagree on {field}"
    names = set(files)

    # The PDF: valid, the company's name in it, the palette's own colours and no others.
    # Beside the guidelines, the deliverables (issue 20) carry PDFs of their own: logo files, card, letterhead.
    pdf_names = [name for name in names if name.endswith(".pdf") and not name.startswith("deliverables/")]
    assert pdf_names == ["pdf/brand-guidelines.pdf"], pdf_names
    pdf = files["pdf/brand-guidelines.pdf"]
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    text = pdf_text(pdf)
    assert company in text, "company name missing from the PDF text"
    in_pdf = {colour.lower() for colour in HEX.findall(text)}
    expected = palette_colours(palette)
    assert set(palette["roles"].values()) <= in_pdf, set(palette["roles"].values()) - in_pdf
    # The logo's colours are the palette's seed; its concept text names the colours it was drawn with.
    logo = record.outputs["logo"]
    logo_text = " ".join([logo["concept"], *(candidate["description"] for candidate in logo["candidates"])])
    logo_colours = {colour.lower() for colour in [*logo["dominant_colors"], *HEX.findall(logo_text)]}
    named = expected | logo_colours | {palette["seed_color"]}
    assert in_pdf <= named, f"PDF shows colours the job result does not name: {in_pdf - named}"

    # Contrast: every pair called passing really passes, by the WCAG formula computed here.
    themes = palette["themes"]
    for pair in palette["contrast"]:
        ratio = contrast_ratio(pair["foreground_hex"], pair["background_hex"])
        assert abs(ratio - pair["ratio"]) < 0.01, (pair, ratio)
        if pair["aa"]:
            assert ratio >= pair["required"] - 1e-9, (pair, ratio)
        if pair["aaa"]:
            assert ratio >= {"text": 7.0, "large_text": 4.5, "ui": 3.0}[pair["kind"]] - 1e-9, (pair, ratio)
        tokens = themes[pair["theme"]]
        if pair["foreground"] in tokens:
            assert tokens[pair["foreground"]] == pair["foreground_hex"], pair
        if pair["background"] in tokens:
            assert tokens[pair["background"]] == pair["background_hex"], pair
    assert palette["contrast"], "no contrast report"

    # Logos: every raster opens and every SVG parses as SVG.
    for name, data in files.items():
        if name.endswith((".png", ".ico")):
            with Image.open(io.BytesIO(data)) as image:
                image.verify()
        elif name.endswith(".svg"):
            assert b"<svg" in data[:2000], name
    assert result["logo"]["chosen"] in {candidate["id"] for candidate in result["logo"]["candidates"]}

    # The zip: every other file of the kit, byte for byte, but the logo stage's archive, whose
    # files are the zip's logo/ folder (and nothing else).
    kit_zip, logo_archive = record.outputs["pdf"]["zip"], record.outputs["logo"]["archive"]
    assert sorted(name for name in names if name.endswith(".zip")) == sorted([kit_zip, logo_archive])
    with zipfile.ZipFile(io.BytesIO(files[kit_zip])) as archive:
        assert archive.testzip() is None
        inside = {info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()}
    expected = names - {kit_zip, logo_archive}
    assert set(inside) == expected, set(inside) ^ expected
    for name, data in inside.items():
        assert hashlib.sha256(data).digest() == hashlib.sha256(files[name]).digest(), name
    with zipfile.ZipFile(io.BytesIO(files[logo_archive])) as archive:
        logo_files = {info.filename: archive.read(info) for info in archive.infolist()}
    assert logo_files == {name: data for name, data in inside.items() if name.startswith("logo/")}
    return KitReport(files=len(files), pdf_pages=len(reader.pages), contrast_pairs_checked=len(palette["contrast"]))


# --- exactly once -------------------------------------------------------------------------------


async def job_events(redis_url: str, prefix: str, job_id: str) -> list[JobEvent]:
    store = RedisJobStore.from_url(redis_url, prefix=prefix)
    try:
        return await store.events(job_id)
    finally:
        await store.close()


async def job_record(redis_url: str, prefix: str, job_id: str) -> JobRecord:
    store = RedisJobStore.from_url(redis_url, prefix=prefix)
    try:
        return await store.get(job_id)
    finally:
        await store.close()


def assert_exactly_once(events: list[JobEvent], pipeline: tuple[str, ...], *, outcome: str = "job_succeeded") -> None:
    """One final event, and each finished stage recorded done once: nothing lost, nothing twice."""
    kinds = Counter(event.kind for event in events)
    final_kinds = (EventKind.job_succeeded, EventKind.job_failed, EventKind.job_canceled)
    finals = {kind: kinds[kind] for kind in final_kinds if kinds[kind]}
    assert finals == {outcome: 1}, finals
    done = Counter(event.stage for event in events if event.kind == "stage_done")
    if outcome == "job_succeeded":
        assert done == Counter(pipeline), done
    else:
        assert all(count == 1 for count in done.values()), done
