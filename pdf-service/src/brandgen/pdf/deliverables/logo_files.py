"""Each lockup as a vector PDF and EPS, for print shops and design tools that take no SVG.

Drawn from the same parsed SVG the guidelines draw (paths only: the logo stage outlines its text),
at the SVG's own size (svglib reads 1 CSS px as 0.75 pt); both formats scale without loss. The EPS is ReportLab's
PostScript renderer's, with an exact %%BoundingBox.

Both are kept per process by the SVG they are drawn from, title and face: a revision that keeps
the logo reuses its parent's files.
"""

from __future__ import annotations

import io
import re

from reportlab.graphics import renderPDF, renderPS
from reportlab.graphics.shapes import Drawing
from reportlab.pdfgen.canvas import Canvas

from brandgen.pdf.generators.context import DocContext
from brandgen.pdf.generators.vector import PARSED_SVGS, Source, source
from brandgen.pdf.lru import Lru
from brandgen.pdf.records import Deliverable

PRINT_FILES: Lru[tuple[Source, str, str], tuple[bytes, bytes]] = Lru(PARSED_SVGS)
"""(PDF, EPS) by (the logo's source, title, face)."""


def _pdf(drawing: Drawing, title: str, font: str) -> bytes:
    # A canvas of our own rather than renderPDF.drawToString: invariant (no creation date or random
    # document id), so the same logo gives the same bytes and the kit zip stays reproducible.
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(drawing.width, drawing.height), invariant=1, initialFontName=font)
    canvas.setTitle(title)
    canvas.setCreator("Brand Generator")
    renderPDF.draw(drawing, canvas, 0, 0)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _eps(drawing: Drawing, title: str) -> bytes:
    data = renderPS.drawToString(drawing)
    text = data.decode("latin-1") if isinstance(data, bytes) else data
    # A DSC title, so design tools list the file by name; parentheses and backslashes would end it.
    safe_title = re.sub(r"[()\\\r\n]", " ", title).encode("latin-1", "replace").decode("latin-1")
    text = text.replace("%%BoundingBox:", f"%%Title: ({safe_title})\n%%BoundingBox:", 1)
    return text.encode("latin-1")


def _print_files(drawing: Drawing, title: str, font: str) -> tuple[bytes, bytes]:
    """The PDF and the EPS of one lockup."""
    made = source(drawing)
    key = (made, title, font) if made is not None else None
    return PRINT_FILES.made(key, lambda: (_pdf(drawing, title, font), _eps(drawing, title)))


def render_logo_files(ctx: DocContext) -> list[Deliverable]:
    found: list[Deliverable] = []
    company = ctx.inputs.request.company_name
    for lockup, treatments in sorted(ctx.inputs.logo.lockups.items()):
        for treatment, files in sorted(treatments.items()):
            drawing = ctx.drawings.get(files.svg)
            if drawing is None:
                continue
            stem = f"deliverables/logo-files/{lockup}-{treatment}"
            title = f"{company} {lockup} logo ({treatment.replace('_', ' ')})"
            size = (round(drawing.width, 2), round(drawing.height, 2))  # svglib gives points already
            extra: dict[str, object] = {"lockup": lockup, "treatment": treatment}
            pdf, eps = _print_files(drawing, title, ctx.faces.body.name)
            found.append(
                Deliverable(
                    f"{stem}.pdf",
                    pdf,
                    "logo_pdf",
                    "application/pdf",
                    *size,
                    "pt",
                    1,
                    extra,
                )
            )
            found.append(
                Deliverable(f"{stem}.eps", eps, "logo_eps", "application/postscript", *size, "pt", extra=extra)
            )
    return found
