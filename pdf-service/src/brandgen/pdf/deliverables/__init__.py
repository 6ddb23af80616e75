"""What people buy a brand kit for: stationery, social images, print logo files and fonts, made from the kit.

`render_deliverables` is pure and CPU-bound (call it through `asyncio.to_thread`); each deliverable
is recorded with its manifest `kind`, media type and size. With a `background` executor, the
full-size social images and mockups are still being made there when it returns (their thumbnails
are ready): `Deliverable.ready` waits for one.
"""

from __future__ import annotations

from concurrent.futures import Executor
from datetime import UTC, datetime

from reportlab.graphics.shapes import Drawing

from brandgen.pdf.deliverables.card import render_card
from brandgen.pdf.deliverables.common import deliverable_context, drawing_png
from brandgen.pdf.deliverables.contact import contact_lines
from brandgen.pdf.deliverables.fonts import render_fonts
from brandgen.pdf.deliverables.letterhead import render_letterhead
from brandgen.pdf.deliverables.logo_files import render_logo_files
from brandgen.pdf.deliverables.mockups import render_mockups
from brandgen.pdf.deliverables.signature import render_signature
from brandgen.pdf.deliverables.site import render_site
from brandgen.pdf.deliverables.social import render_social
from brandgen.pdf.inputs import BrandInputs
from brandgen.pdf.records import Deliverable
from brandgen.pdf.typefaces import BrandTypefaces

__all__ = ["Deliverable", "render_deliverables"]


def render_deliverables(
    inputs: BrandInputs, faces: BrandTypefaces, drawings: dict[str, Drawing], background: Executor | None = None
) -> list[Deliverable]:
    ctx = deliverable_context(inputs, faces, drawings, background)
    contact = contact_lines(inputs.request)
    paper = inputs.request.paper
    logo = ctx.any_lockup(("combination", "full_color"), ("icon", "full_color"))
    logo_png = drawing_png(logo, 960, 240) if logo is not None else b""
    icon = ctx.any_lockup(("icon", "full_color"), ("combination", "full_color"))
    signature_png = drawing_png(icon, 192, 192, background="#ffffff", padding=12) if icon is not None else b""
    created = inputs.created_at or datetime(2000, 1, 1, tzinfo=UTC)
    return [
        *render_card(ctx, contact, paper),
        *render_letterhead(ctx, contact, paper, logo_png, created),
        *render_signature(ctx, contact, signature_png),
        *render_social(ctx),
        *render_logo_files(ctx),
        *render_fonts(ctx),
        *render_mockups(ctx, contact, paper),
        *render_site(ctx, contact),
    ]
