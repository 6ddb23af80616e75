"""The letterhead: a print PDF (A4 or US Letter) and an editable DOCX with the same header and footer.

The DOCX is what people type letters in: Word and LibreOffice open it, the logo sits in the page
header as a picture, the contact block and footer are real text in the brand's colours, and the
body starts empty in the brand's body face (named, not embedded: the reader's installed copy, or
the application's substitute, is used).
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt, RGBColor
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm

from brandgen.pdf.deliverables.common import (
    draw_logo,
    draw_text,
    fit_text,
    new_canvas,
    pdf_page_png,
    png_size,
)
from brandgen.pdf.deliverables.contact import ContactLines
from brandgen.pdf.generators.context import DocContext
from brandgen.pdf.kit import ZIP_EPOCH
from brandgen.pdf.records import Deliverable

MARGIN = 20 * mm
THUMBNAIL_SCALE = 0.6  # the guidelines show it 62 mm wide: 357 px of an A4 page is about 150 dpi
LOGO_HEIGHT = 16 * mm
PAPER = {"a4": (A4, "A4", "A4 (210 × 297 mm)"), "us": (LETTER, "Letter", "US Letter (8.5 × 11 in)")}


def _rgb(hex_code: str) -> RGBColor:
    return RGBColor.from_string(hex_code.lstrip("#").upper())


def _contact_block(contact: ContactLines) -> list[str]:
    return [line for line in (contact.name, contact.title, contact.email, contact.phone, contact.website) if line]


def letterhead_pdf(ctx: DocContext, contact: ContactLines, paper: str) -> bytes:
    size, _, label = PAPER.get(paper, PAPER["a4"])
    width, height = size
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, size, ctx, f"Letterhead ({label})")
    primary = ctx.role("primary")
    accent = ctx.role("accent", primary)
    ink = ctx.tone("neutral", "900", "#1b1b1f")
    muted = ctx.tone("neutral", "700", "#44464f")
    # A primary bar across the top edge with an accent segment: the brand's colours on every letter.
    canvas.setFillColor(HexColor(primary))
    canvas.rect(0, height - 6 * mm, width, 6 * mm, stroke=0, fill=1)
    canvas.setFillColor(HexColor(accent))
    canvas.rect(0, height - 7.2 * mm, width * 0.3, 1.2 * mm, stroke=0, fill=1)
    logo = ctx.any_lockup(("combination", "full_color"), ("icon", "full_color"))
    top = height - 14 * mm
    draw_logo(canvas, logo, MARGIN, top - LOGO_HEIGHT, 70 * mm, LOGO_HEIGHT)
    column = 70 * mm
    y = top
    for index, line in enumerate(_contact_block(contact)):
        paragraph = fit_text(
            ctx,
            line,
            width=column,
            height=4.5 * mm,
            size=8.5 if index == 0 else 7.5,
            colour=ink if index == 0 else muted,
            bold=index == 0,
            align="right",
        )
        y = draw_text(canvas, paragraph, width - MARGIN - column, y, column) - 0.4 * mm
    rule = min(y, top - LOGO_HEIGHT) - 5 * mm
    canvas.setStrokeColor(HexColor(primary))
    canvas.setLineWidth(0.6)
    canvas.line(MARGIN, rule, width - MARGIN, rule)
    # Footer: company, address and website on one line in the muted tone.
    footer = " · ".join(part for part in (ctx.inputs.request.company_name, contact.address, contact.website) if part)
    paragraph = fit_text(ctx, footer, width=width - 2 * MARGIN, height=9 * mm, size=7.5, colour=muted, align="center")
    draw_text(canvas, paragraph, MARGIN, 16 * mm, width - 2 * MARGIN)
    canvas.setFillColor(HexColor(primary))
    canvas.rect(0, 0, width, 3 * mm, stroke=0, fill=1)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _no_borders(table: object) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)  # type: ignore[attr-defined]


def _paragraph_fill(paragraph: object, hex_code: str) -> None:
    """A shaded paragraph: the brand bar at the top of the page, as Word draws it."""
    properties = paragraph._p.get_or_add_pPr()  # type: ignore[attr-defined]
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), hex_code.lstrip("#").upper())
    properties.append(shading)


def letterhead_docx(ctx: DocContext, contact: ContactLines, paper: str, logo_png: bytes, created: datetime) -> bytes:
    """An editable letterhead: logo and contact in the header, company line in the footer."""
    _, paper_name, label = PAPER.get(paper, PAPER["a4"])
    document = Document()
    section = document.sections[0]
    if paper_name == "A4":
        section.page_width, section.page_height = Mm(210), Mm(297)
    else:
        section.page_width, section.page_height = Mm(215.9), Mm(279.4)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(20))
    section.top_margin, section.header_distance = Mm(45), Mm(10)
    section.bottom_margin, section.footer_distance = Mm(25), Mm(8)
    body_face = ctx.inputs.palette.fonts.body.family
    normal = document.styles["Normal"]
    normal.font.name = body_face
    normal.font.size = Pt(10.5)
    normal.font.color.rgb = _rgb(ctx.tone("neutral", "900", "#1b1b1f"))

    header = section.header
    bar = header.paragraphs[0]
    _paragraph_fill(bar, ctx.role("primary"))
    bar.paragraph_format.space_after = Pt(6)
    table = header.add_table(rows=1, cols=2, width=Emu(section.page_width - Mm(40)))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(table)
    left, right = table.rows[0].cells
    left.paragraphs[0].add_run().add_picture(io.BytesIO(logo_png), height=Mm(14))
    muted = _rgb(ctx.tone("neutral", "700", "#44464f"))
    for index, line in enumerate(_contact_block(contact)):
        paragraph = right.paragraphs[0] if index == 0 else right.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(line)  # plain text: markup in a name stays text
        run.font.size = Pt(9 if index == 0 else 8)
        run.font.bold = index == 0
        run.font.color.rgb = None if index == 0 else muted

    footer_text = " · ".join(
        part for part in (ctx.inputs.request.company_name, contact.address, contact.website) if part
    )
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = footer.add_run(footer_text)
    run.font.size = Pt(8)
    run.font.color.rgb = muted
    document.add_paragraph("")  # the letter starts here

    properties = document.core_properties
    properties.title = f"{ctx.inputs.request.company_name} — Letterhead ({label})"
    properties.author = properties.last_modified_by = ctx.inputs.request.company_name
    properties.created = properties.modified = created.replace(microsecond=0, tzinfo=None)
    properties.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The DOCX zip rewritten with fixed timestamps: the same letterhead gives the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():  # [Content_Types].xml stays first, as Office expects
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_EPOCH)
            media = info.filename.lower().endswith((".png", ".jpeg", ".jpg"))
            fixed.compress_type = zipfile.ZIP_STORED if media else zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename), compresslevel=None if media else 1)
    return buffer.getvalue()


def render_letterhead(
    ctx: DocContext, contact: ContactLines, paper: str, logo_png: bytes, created: datetime
) -> list[Deliverable]:
    size, paper_name, _ = PAPER.get(paper, PAPER["a4"])
    pdf = letterhead_pdf(ctx, contact, paper)
    docx = letterhead_docx(ctx, contact, paper, logo_png, created)
    width, height = round(size[0] / mm, 1), round(size[1] / mm, 1)
    extra = {"paper": paper_name, "placeholders": contact.placeholder}
    preview = pdf_page_png(pdf, scale=96 / 72)
    return [
        Deliverable(
            "deliverables/letterhead/letterhead.pdf",
            pdf,
            "letterhead_pdf",
            "application/pdf",
            width,
            height,
            "mm",
            pages=1,
            extra=extra,
        ),
        Deliverable(
            "deliverables/letterhead/letterhead.docx",
            docx,
            "letterhead_docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            width,
            height,
            "mm",
            extra=extra,
        ),
        Deliverable(
            "deliverables/letterhead/letterhead-preview.png",
            preview,
            "letterhead_preview",
            "image/png",
            *png_size(preview),
            "px",
            extra={"placeholders": contact.placeholder},
            # The guidelines show a JPEG (passed through to the PDF as is): a PNG would be re-deflated.
            thumbnail=pdf_page_png(pdf, scale=THUMBNAIL_SCALE, jpeg=True),
        ),
    ]
