"""Deliverables made straight from realistic upstream outputs, without a job (fast: no stage run)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from pdf_upstream import build_outputs
from pypdf import PdfReader

from brandgen.pdf.deliverables import render_deliverables
from brandgen.pdf.faces import brand_typefaces
from brandgen.pdf.generators.document import parse_logos
from brandgen.pdf.inputs import BrandInputs
from brandgen.pdf.records import Deliverable
from brandgen.pdf.typefaces import TypefaceBook
from brandgen.shared.models import BrandRequest

HOSTILE = {
    "name": '<b>Zoë</b> & <script>alert("x")</script>',
    "title": "مديرة التصميم",
    "email": "zoë@exämple.de",
    "phone": "+49 (30) 1234-5678",
    "website": "exämple.de/über",
    "address": "東京都千代田区丸の内1-1 " + "Long Street Name, " * 9 + "Postcode 12345",
}


class Made(dict[str, Deliverable]):
    """The deliverables by kind (previews by `kind:side`); `every` lists them all (one kind, many files)."""

    every: list[Deliverable]


Make = Callable[..., Made]


def make_deliverables(font_cache: Path) -> Make:
    book = TypefaceBook(font_cache)

    def make(**fields: object) -> Made:
        base: dict[str, object] = {
            "company_name": "Acme Robotics",
            "industry": "technology",
            "style": "modern",
            "tagline": "Machines that help",
        }
        request = BrandRequest.model_validate(base | fields)
        files, logo, palette, rationale = build_outputs(request)
        inputs = BrandInputs(request=request, logo=logo, palette=palette, rationale=rationale, files=files)
        faces = brand_typefaces(book, palette)
        made = render_deliverables(inputs, faces, parse_logos(inputs, faces.heading.name))
        found = Made((item.kind + (f":{item.extra['side']}" if "side" in item.extra else ""), item) for item in made)
        found.every = made
        return found

    return make


def pdf(item: Deliverable) -> PdfReader:
    return PdfReader(io.BytesIO(item.data), strict=True)


def text_positions(reader: PdfReader, page: int) -> list[tuple[float, float, str]]:
    """Where each text run starts on a page, in page coordinates (points)."""
    found: list[tuple[float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((x, y, text))

    reader.pages[page].extract_text(visitor_text=visit)
    return found
