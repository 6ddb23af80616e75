"""The guidelines document: page templates, running heads, bookmarks, contents, metadata.

`render_guidelines` is pure and CPU-bound (call it through `asyncio.to_thread`). Output is
deterministic for the same inputs: ReportLab's invariant mode fixes dates and document ids.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, NextPageTemplate, PageBreak, PageTemplate
from reportlab.platypus.tableofcontents import TableOfContents

from brandgen.pdf import templates
from brandgen.pdf.generators.context import DocContext, OutlinedHeading
from brandgen.pdf.generators.layout import (
    ACCENT_RULE,
    BAND_SHARE,
    BODY_FONT,
    HEADER,
    MARGIN,
    PAGE_SIZES,
    Grid,
    paragraph_styles,
)
from brandgen.pdf.generators.vector import UnreadableSvgError, svg_drawing
from brandgen.pdf.inputs import BrandInputs
from brandgen.pdf.lru import Lru
from brandgen.pdf.text import metadata_text
from brandgen.pdf.typefaces import BrandTypefaces

log = logging.getLogger(__name__)

LANGUAGE_TAGS = {
    "en": "en-GB",
    "es": "es-ES",
    "fr": "fr-FR",
    "de": "de-DE",
    "pt": "pt-BR",  # Brazilian, like CLDR's pt and the rationale catalogue
    "ja": "ja-JP",
    "zh": "zh-CN",
}


ContentsEntry = tuple[int, str, int, str]
"""One line of the contents page as ReportLab's TableOfContents takes it: level, text, page, key."""
CONTENTS_KEPT = 256
"""Contents pages remembered, one per company, page size and headings (a revision finds its parent's),
and one per page size and headings whatever the company (a new kit's guess)."""


CONTENTS: Lru[tuple[object, ...], list[ContentsEntry]] = Lru(CONTENTS_KEPT)
"""The contents page a document ended with, by what decides its lines (page size, company, headings).

A revision that changes the colours lays its pages out as its parent did: given the parent's
contents, its first pass is final (ReportLab checks the guess, and makes another pass if the page
numbers moved), instead of a draft pass to find them and a second to draw them. A new company's
kit takes the latest contents of any kit with the same headings and page size: sections are the
same length for most companies (11 of 12 varied kits, six industries and a 52-letter name, had the
same page numbers), so the guess saves the draft pass; a wrong guess costs one drawn pass more.
"""


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int
    outline: list[tuple[int, str]]


class GuidelinesDocument(BaseDocTemplate):  # type: ignore[misc]
    def __init__(self, buffer: io.BytesIO, ctx: DocContext, **kwargs: object) -> None:
        super().__init__(buffer, **kwargs)
        self.ctx = ctx
        self.section = ""
        self.outline_seen: list[tuple[int, str]] = []
        self.passes = 0
        self.guessed = False
        """The contents page starts with a guess of its lines (see `CONTENTS`): no draft."""
        self.contents: list[ContentsEntry] = []
        """The contents page's lines of the latest pass."""
        self._undrawn: list[Flowable] = []
        grid = ctx.grid
        # The cover's text stands on the brand colour: its frame ends above the band at the foot.
        cover = Frame(MARGIN, grid.cover_bottom, grid.frame_width, grid.cover_height, id="cover", showBoundary=0)
        body = Frame(MARGIN, MARGIN, grid.frame_width, grid.frame_height, id="body", showBoundary=0)
        self.addPageTemplates(
            [
                PageTemplate(id="cover", frames=[cover], onPage=self._cover_background),
                PageTemplate(id="content", frames=[body], onPageEnd=self._running_head),
            ]
        )

    def _cover_background(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        ctx = self.ctx
        width, height = ctx.grid.page_width, ctx.grid.page_height
        canvas.saveState()
        canvas.setFillColor(HexColor(ctx.role("primary")))
        canvas.rect(0, 0, width, height, stroke=0, fill=1)
        canvas.setFillColor(HexColor(ctx.role("secondary", ctx.role("primary"))))
        canvas.rect(0, 0, width, height * BAND_SHARE, stroke=0, fill=1)
        canvas.setFillColor(HexColor(ctx.role("accent", ctx.role("primary"))))
        canvas.rect(0, height * BAND_SHARE, width * 0.38, ACCENT_RULE, stroke=0, fill=1)
        canvas.restoreState()

    def _running_head(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        if self.drafting:
            return
        ctx = self.ctx
        grid = ctx.grid
        top = grid.page_height - MARGIN
        canvas.saveState()
        canvas.setStrokeColor(HexColor(ctx.role("primary")))
        canvas.setLineWidth(0.8)
        canvas.line(MARGIN, top - HEADER + 3 * mm, grid.page_width - MARGIN, top - HEADER + 3 * mm)
        head = ctx.para(ctx.inputs.request.company_name, "caption")
        head.wrapOn(canvas, grid.span(8), HEADER)
        head.drawOn(canvas, MARGIN, top - HEADER + 5 * mm)
        section = ctx.para(self.section, "caption", align="right")
        section.wrapOn(canvas, grid.span(4), HEADER)
        section.drawOn(canvas, MARGIN + grid.span(8) + 4 * mm, top - HEADER + 5 * mm)
        canvas.setFont(ctx.faces.body.name, 7.5)
        canvas.setFillColor(HexColor(ctx.tone("neutral", "600", "#666666")))
        canvas.drawRightString(grid.page_width - MARGIN, MARGIN / 2, str(canvas.getPageNumber()))
        canvas.restoreState()

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - ReportLab's hook name
        if isinstance(flowable, OutlinedHeading):
            level = flowable.outline_level
            if level == 0:
                self.section = flowable.outline_title
            self.canv.bookmarkPage(flowable.outline_key)
            self.canv.addOutlineEntry(flowable.outline_title, flowable.outline_key, level=level, closed=False)
            self.outline_seen.append((level, flowable.outline_title))
            if level <= 1:  # the contents page lists sections and subsections; topics stay in the outline
                entry = (level, flowable.text, self.page, flowable.outline_key)
                self.contents.append(entry)
                self.notify("TOCEntry", entry)

    @property
    def drafting(self) -> bool:
        """True in the first pass, unless the contents were guessed: it only lays the pages out, to
        learn where the headings land (the contents page's numbers), and is thrown away; nothing
        in it is drawn."""
        return self.passes == 1 and not self.guessed

    def handle_documentBegin(self) -> None:  # noqa: N802 - ReportLab's hook name
        self.section = ""
        self.outline_seen = []
        self.contents = []
        self.passes += 1
        self.draw_again()
        super().handle_documentBegin()

    def filterFlowables(self, flowables: list[Flowable | None]) -> None:  # noqa: N802 - ReportLab's hook name
        # Each flowable the draft meets is laid out (wrapped, split) but not drawn: drawing is two
        # thirds of a pass. An instance attribute shadows the class's drawOn until the next pass
        # (set in the instance's dict: drawings refuse attributes they do not declare); a piece a
        # frame splits off and places at once is drawn still (few are).
        first = flowables[0] if flowables else None
        if self.drafting and first is not None and hasattr(first, "__dict__"):
            vars(first)["drawOn"] = _not_drawn
            self._undrawn.append(first)

    def draw_again(self) -> None:
        """Flowables the draft left undrawn draw again."""
        for flowable in self._undrawn:
            vars(flowable).pop("drawOn", None)
        self._undrawn.clear()


def _not_drawn(canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N803 - ReportLab's name
    """A draft pass's drawOn: the flowable takes its place and draws nothing."""


def parse_logos(inputs: BrandInputs, text_font: str) -> dict[str, Drawing]:
    drawings: dict[str, Drawing] = {}
    for key, data in inputs.files.items():
        if key.endswith(".svg"):
            try:
                drawings[key] = svg_drawing(data, text_font)
            except (UnreadableSvgError, ValueError, SyntaxError) as error:
                log.warning("logo %s could not be drawn: %s", key, error)
    return drawings


def render_guidelines(inputs: BrandInputs, faces: BrandTypefaces, page_size: str = "A4") -> RenderedPdf:
    width, height = PAGE_SIZES[page_size]
    palette = inputs.palette
    text_hex = palette.scales.get("neutral", {}).get("900", "#1b1b1f")
    muted_hex = palette.scales.get("neutral", {}).get("600", "#5f5f66")
    request = inputs.request
    # Scripts past the fixed fallbacks (Ethiopic, Cherokee ...) get an installed face of their own.
    faces.cover(" ".join(filter(None, (request.company_name, request.tagline, request.description))))
    ctx = DocContext(
        inputs=inputs,
        faces=faces,
        grid=Grid(width, height),
        styles=paragraph_styles(faces, text_hex, muted_hex),
        language=request.languages[0],  # the request has at least one
    )
    BODY_FONT.set(faces.body.name)
    ctx.drawings = parse_logos(inputs, faces.heading.name)

    company = metadata_text(request.company_name)
    buffer = io.BytesIO()
    doc = GuidelinesDocument(
        buffer,
        ctx,
        pagesize=(width, height),
        title=f"{company} — {ctx.gettext('Brand guidelines')}",
        author=company,
        subject=ctx.gettext("Brand guidelines: logo, colour, typography and usage for {company}").format(
            company=company
        ),
        keywords=[ctx.gettext("brand guidelines"), metadata_text(request.industry), metadata_text(request.style)],
        creator="Brand Generator",
        producer="Brand Generator (ReportLab)",
        lang=LANGUAGE_TAGS.get(ctx.language, "en"),
        invariant=1,
        displayDocTitle=1,
        initialFontName=faces.body.name,
    )
    story: list[Flowable] = [*templates.cover(ctx), NextPageTemplate("content"), PageBreak()]
    story.extend(templates.contents(ctx))
    for builder in (
        templates.logo_pages,
        templates.colour_pages,
        templates.typography_pages,
        templates.rationale_pages,
        templates.application_pages,
    ):
        story.append(PageBreak())
        story.extend(builder(ctx))
    structure = (page_size, tuple(ctx.headings))
    layout = (*structure, request.company_name)
    guess = CONTENTS.get(layout) or CONTENTS.get(structure)
    toc = next((flowable for flowable in story if isinstance(flowable, TableOfContents)), None)
    if guess and toc is not None:
        toc.addEntries(guess)  # the first pass sets them on the contents page (multiBuild's beforeBuild)
        doc.guessed = True
    try:
        if doc.multiBuild(story, maxPasses=4) == 1 and not doc.guessed:
            # The draft was the only pass (nothing in the contents): build the document in full.
            buffer.seek(0)
            buffer.truncate()
            doc.multiBuild(story, maxPasses=4)
    finally:
        doc.draw_again()  # the story's flowables are the caller's
    CONTENTS.put(layout, list(doc.contents))
    CONTENTS.put(structure, list(doc.contents))
    return RenderedPdf(data=buffer.getvalue(), pages=doc.page, outline=doc.outline_seen)
