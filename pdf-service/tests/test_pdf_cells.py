"""Table cells drawn as `TextLine`s look exactly like the Paragraphs they stand for.

The colour pages draw some six hundred cells with `DocContext.cell`; a cell that fits on one line is
drawn without Paragraph's machinery. The same table is built both ways and both PDFs are rasterised:
every pixel must match, for left, centred and right text, bold, coloured, a fallback face (Japanese)
and a cell too narrow for its text (which must wrap as the Paragraph wraps it).
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from pdf_upstream import build_outputs
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, SimpleDocTemplate

from brandgen.pdf.faces import brand_typefaces
from brandgen.pdf.generators.cells import TextLine
from brandgen.pdf.generators.context import DocContext
from brandgen.pdf.generators.layout import Grid, paragraph_styles, table
from brandgen.pdf.inputs import BrandInputs
from brandgen.pdf.typefaces import TypefaceBook
from brandgen.shared.models import BrandRequest

CELLS: list[tuple[str, dict[str, object]]] = [
    ("#1a56db", {"align": "center", "colour": "#ffffff"}),
    ("Aa 4.50:1 AA", {"align": "center", "colour": "#1a56db"}),
    ("Primary", {"bold": True}),
    ("Neutral  900", {"align": "right"}),  # white space collapses as a Paragraph collapses it
    ("プライマリ 4.5:1", {}),  # Japanese from the fallback chain, Latin from the body face
    ("AA (large text only)", {"align": "center"}),  # too wide for its 12 mm column: two lines
]
WIDTHS = [30 * mm, 30 * mm, 25 * mm, 25 * mm, 30 * mm, 12 * mm]


@pytest.fixture
def ctx(font_cache: Path) -> DocContext:
    request = BrandRequest(company_name="Acme Robotics", industry="technology", style="modern", languages=["en"])
    files, logo, palette, rationale = build_outputs(request)
    faces = brand_typefaces(TypefaceBook(font_cache), palette)
    width, height = A4
    return DocContext(
        inputs=BrandInputs(request=request, logo=logo, palette=palette, rationale=rationale, files=files),
        faces=faces,
        grid=Grid(width, height),
        styles=paragraph_styles(faces, "#1b1b1f", "#5f5f66"),
    )


def _page(cells: list[Flowable]) -> np.ndarray:
    buffer = io.BytesIO()
    styles = [("BACKGROUND", (0, 0), (0, 0), "#1a56db"), ("GRID", (0, 0), (-1, -1), 0.25, "#dddddd")]
    SimpleDocTemplate(buffer, pagesize=A4, invariant=1).build([table([cells], WIDTHS, styles)])
    document = pdfium.PdfDocument(buffer.getvalue())
    try:
        return np.asarray(document[0].render(scale=3).to_pil().convert("RGB"))
    finally:
        document.close()


def test_cells_draw_what_their_paragraphs_draw(ctx: DocContext) -> None:
    paragraphs = [ctx.para(text, "tiny", **options) for text, options in CELLS]  # type: ignore[arg-type]
    cells = [ctx.cell(text, "tiny", **options) for text, options in CELLS]  # type: ignore[arg-type]
    assert all(isinstance(cell, TextLine) for cell in cells)

    expected, drawn = _page(paragraphs), _page(cells)

    assert (expected < 128).sum() > 2000  # the page has text on it to compare
    assert np.array_equal(expected, drawn)
    narrow = cells[-1]
    assert isinstance(narrow, TextLine)
    _, height = narrow.wrap(WIDTHS[-1] - 4, 1000)
    assert height >= 2 * ctx.styles["tiny"].leading  # the wrapped cell took the Paragraph's two lines


def test_text_that_needs_shaping_or_nothing_stays_a_paragraph(ctx: DocContext) -> None:
    assert not isinstance(ctx.cell("नमस्ते"), TextLine)  # Devanagari is shaped
    assert not isinstance(ctx.cell("مرحبا"), TextLine)  # right to left
    assert not isinstance(ctx.cell("  "), TextLine)  # a Paragraph of nothing is no line tall
