"""Reading back what the stage wrote: the PDF through pypdf, fonts, outline."""

from __future__ import annotations

import io
from typing import Any

from pypdf import PdfReader

from brandgen.pdf.settings import PdfSettings
from brandgen.pdf.stage import stage
from brandgen.shared.contracts import PdfOutput
from brandgen.shared.testing import run_stage


async def render(fixture: Any, settings: PdfSettings) -> tuple[PdfOutput, bytes]:
    output = await run_stage(stage, fixture.job, fixture.store, settings=settings)
    assert isinstance(output, PdfOutput)
    data = await fixture.store.for_job(fixture.job.job_id).get(output.pdf)
    return output, data


def reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data), strict=True)


def all_text(pdf: PdfReader) -> str:
    return "\n".join(page.extract_text() or "" for page in pdf.pages)


def outline_titles(pdf: PdfReader) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []

    def walk(items: list[Any], level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, item.title))

    walk(pdf.outline, 0)
    return found


def fonts(pdf: PdfReader) -> dict[str, bool]:
    """Base font name -> whether its font program is embedded (FontFile/2/3 in the descriptor)."""
    result: dict[str, bool] = {}

    def visit(font: Any) -> None:
        font = font.get_object()
        name = str(font.get("/BaseFont"))
        for descendant in font.get("/DescendantFonts", []) or []:
            visit(descendant)
            return
        descriptor = font.get("/FontDescriptor")
        embedded = descriptor is not None and any(
            key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3")
        )
        result[name] = result.get(name, False) or embedded

    for page in pdf.pages:
        resources = page.get("/Resources")
        if resources is None:
            continue
        for font in (resources.get_object().get("/Font") or {}).values():
            visit(font)
        for xobject in (resources.get_object().get("/XObject") or {}).values():
            sub = xobject.get_object().get("/Resources")
            if sub is not None:
                for font in (sub.get_object().get("/Font") or {}).values():
                    visit(font)
    return result
