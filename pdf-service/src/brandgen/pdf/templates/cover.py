"""The cover (full-bleed brand colour, the logo, the name) and the contents page."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepInFrame, Paragraph, Spacer, TableStyle
from reportlab.platypus.tableofcontents import TableOfContents

from brandgen.pdf.colours import readable_on
from brandgen.pdf.generators.context import DocContext
from brandgen.pdf.generators.layout import BODY_FONT
from brandgen.pdf.generators.vector import fitted
from brandgen.shared.terms import INDUSTRY

NAME_STYLES = ("display", "h1", "h2")
"""Sizes the company name may take on the cover, largest first (steps 6, 4, 2 of the type scale)."""
NAME_MAX_LINES = 3


def _name(ctx: DocContext, name: str, ink: str) -> Paragraph:
    """The company name in the largest style that sets it in at most NAME_MAX_LINES lines."""
    width = ctx.grid.frame_width
    for style in NAME_STYLES:
        para = ctx.para(name, style, colour=ink)
        _, height = para.wrap(width, ctx.grid.page_height)
        if height <= NAME_MAX_LINES * para.style.leading + 0.01:
            return para
    return para


def cover(ctx: DocContext) -> list[Flowable]:
    request = ctx.inputs.request
    primary = ctx.role("primary")
    ink = readable_on(primary)
    # On a dark brand colour the inverse (light) logo reads; on a light one, the monochrome (dark) one.
    treatment = "inverse" if ink == "#ffffff" else "monochrome"
    logo = ctx.any_lockup(("icon", treatment), ("combination", treatment), ("icon", "full_color"))
    story: list[Flowable] = [Spacer(1, 30 * mm)]
    if logo is not None:
        story += [fitted(logo, ctx.grid.span(4), 40 * mm), Spacer(1, 14 * mm)]
    story.append(_name(ctx, request.company_name, ink))
    if request.tagline:
        story.append(ctx.para(request.tagline, "h3", colour=ink))
    story += [Spacer(1, 10 * mm), ctx.para(ctx.gettext("Brand guidelines"), "h2", colour=ink)]
    when = ctx.month_year(ctx.inputs.created_at) if ctx.inputs.created_at else ""
    industry, style = ctx.term(ctx.inputs.palette.industry, INDUSTRY), ctx.term(ctx.inputs.palette.style)
    details = " · ".join(part for part in (industry, style, when) if part)
    story.append(ctx.para(details, "small", colour=ink))
    # The cover is one page whatever the name and tagline: if the longest still overflow its frame
    # (above the band), the whole cover is scaled down to fit rather than spill onto a second page.
    return [KeepInFrame(ctx.grid.frame_width, ctx.grid.cover_height, story, mode="shrink", name="cover")]


def contents(ctx: DocContext) -> list[Flowable]:
    toc = TableOfContents(dotsMinLevel=0)
    body = ctx.styles["body"]
    toc.levelStyles = [
        ParagraphStyle("toc0", parent=body, fontName=ctx.faces.heading.bold_name, fontSize=11, leading=20),
        ParagraphStyle("toc1", parent=body, leftIndent=12, fontSize=9, leading=14),
        ParagraphStyle("toc2", parent=body, leftIndent=24, fontSize=8, leading=12),
    ]
    if BODY_FONT.get():  # the contents table's cells, like every table, start in the embedded body face
        toc.tableStyle = TableStyle([*toc.tableStyle.getCommands(), ("FONTNAME", (0, 0), (-1, -1), BODY_FONT.get())])
    return [ctx.heading(ctx.gettext("Contents")), toc]
