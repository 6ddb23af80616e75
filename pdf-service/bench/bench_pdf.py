"""Benchmark: time to render the brand-guidelines PDF, the deliverables, and the whole pdf stage.

Inputs are the realistic upstream outputs the tests use (three lockups x three treatments as SVG,
favicons, a nine-role palette with scales, rationale in en/ja/es). Fonts are registered before
timing, as the worker's startup does. Run: `.venv/bin/python pdf-service/bench/bench_pdf.py`.
"""

from __future__ import annotations

import asyncio
import importlib.util
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

from brandgen.pdf.deliverables import render_deliverables
from brandgen.pdf.faces import brand_typefaces
from brandgen.pdf.generators.document import parse_logos, render_guidelines
from brandgen.pdf.inputs import BrandInputs
from brandgen.pdf.settings import PdfSettings
from brandgen.pdf.stage import stage
from brandgen.pdf.typefaces import TypefaceBook
from brandgen.shared.models import BrandRequest
from brandgen.shared.storage import FileAssetStore
from brandgen.shared.testing import make_job, run_stage

RUNS = 7


def _fixtures() -> ModuleType:
    path = Path(__file__).resolve().parents[1] / "tests" / "pdf_upstream.py"  # build_outputs
    spec = importlib.util.spec_from_file_location("pdf_bench_fixtures", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the module loads
    spec.loader.exec_module(module)
    return module


def bench() -> list[tuple[str, float, str]]:
    fixtures = _fixtures()
    request = BrandRequest(
        company_name="Acme Robotics",
        industry="technology",
        style="modern",
        tagline="Machines that help",
        languages=["en", "ja", "es"],
    )
    files, logo, palette, rationale = fixtures.build_outputs(request)
    with tempfile.TemporaryDirectory() as tmp:
        settings = PdfSettings(pdf_font_cache_dir=Path(tmp) / "fonts")
        book = TypefaceBook(settings.pdf_font_cache_dir)
        faces = brand_typefaces(book, palette)  # startup work, not timed
        inputs = BrandInputs(request=request, logo=logo, palette=palette, rationale=rationale, files=files)
        # The deliverables (card, letterhead, signature, social images, logo files, mockups), timed
        # apart; the guidelines then show them, as in the stage.
        inputs.deliverables = render_deliverables(inputs, faces, parse_logos(inputs, faces.heading.name))
        deliverable_times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            made = render_deliverables(inputs, faces, parse_logos(inputs, faces.heading.name))
            deliverable_times.append(time.perf_counter() - start)
        render_guidelines(inputs, faces)  # warm-up
        render_times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            rendered = render_guidelines(inputs, faces)
            render_times.append(time.perf_counter() - start)

        async def stage_runs() -> list[float]:
            store = FileAssetStore(Path(tmp) / "assets")
            job = make_job(
                request,
                outputs={
                    "logo": logo.model_dump(mode="json"),
                    "palette": palette.model_dump(mode="json"),
                    "rationale": rationale.model_dump(mode="json"),
                },
            )
            for name, data in files.items():
                await store.for_job(job.job_id).put(name, data)
            times = []
            async with stage.open(settings) as typefaces:  # opened once, as the worker's start-up does
                for _ in range(RUNS):
                    start = time.perf_counter()
                    await run_stage(stage, job, store, settings=settings, resources=typefaces)
                    times.append(time.perf_counter() - start)
            return times

        stage_times = asyncio.run(stage_runs())
    return [
        ("pdf_render_median", statistics.median(render_times) * 1000, "ms"),
        ("pdf_render_max", max(render_times) * 1000, "ms"),
        ("pdf_deliverables_median", statistics.median(deliverable_times) * 1000, "ms"),
        ("pdf_deliverables_files", float(len(made)), "files"),
        ("pdf_stage_median", statistics.median(stage_times) * 1000, "ms"),
        ("pdf_pages", float(rendered.pages), "pages"),
        ("pdf_bytes", float(len(rendered.data)), "bytes"),
    ]


if __name__ == "__main__":
    for name, value, unit in bench():
        print(f"{name:24} {value:10.1f} {unit}")
