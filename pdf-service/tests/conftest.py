"""Fixtures of the pdf tests: a job whose upstream outputs (pdf_upstream.py) and their files are in a
real FileAssetStore, the font cache, the deliverables renderer."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from deliverable_helpers import Make
from deliverable_helpers import make_deliverables as deliverables_maker
from pdf_upstream import BrandFixture, build_outputs

from brandgen.pdf.settings import PdfSettings
from brandgen.shared.models import BrandRequest
from brandgen.shared.storage import FileAssetStore
from brandgen.shared.testing import make_job
from brandgen.shared.testkit import marks_users

BrandFactory = Callable[..., Awaitable[BrandFixture]]


@pytest.fixture
def pdf_settings(tmp_path_factory: pytest.TempPathFactory) -> PdfSettings:
    return PdfSettings(pdf_font_cache_dir=font_cache_dir(tmp_path_factory))


def font_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # One cache for the session: converting a CFF face takes ~0.4 s, once.
    return tmp_path_factory.getbasetemp() / "font-cache"


@pytest.fixture(scope="session")
def font_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return font_cache_dir(tmp_path_factory)


@pytest.fixture
@marks_users("slow")  # its tests render the whole guidelines document: one to a few seconds each
def brand(tmp_path: Path) -> BrandFactory:
    """Builds a job with upstream outputs and their files in a FileAssetStore under tmp_path."""

    async def build(**request_fields: object) -> BrandFixture:
        fields: dict[str, object] = {
            "company_name": "Acme Robotics",
            "industry": "technology",
            "style": "modern",
            "tagline": "Machines that help",
            "languages": ["en"],
        }
        fields.update(request_fields)
        request = BrandRequest.model_validate(fields)
        files, logo, palette, rationale = build_outputs(request)
        job = make_job(
            request,
            outputs={
                "logo": logo.model_dump(mode="json"),
                "palette": palette.model_dump(mode="json"),
                "rationale": rationale.model_dump(mode="json"),
            },
        )
        store = FileAssetStore(tmp_path / "assets")
        assets = store.for_job(job.job_id)
        for name, data in files.items():
            await assets.put(name, data)
        return BrandFixture(store, job, request, logo, palette, rationale)

    return build


@pytest.fixture(scope="module")
@marks_users("slow")  # cards, letterheads, social images and mockups: about a second a test
def make_deliverables(tmp_path_factory: pytest.TempPathFactory) -> Make:
    """Renders the deliverables for a request (fields over Acme Robotics's) from these outputs."""
    return deliverables_maker(font_cache_dir(tmp_path_factory))
