"""Typography page: the pairing, specimens, the type hierarchy, licences and any stand-in faces."""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from brandgen.pdf.generators.context import DocContext
from brandgen.pdf.generators.layout import leading, table, type_size
from brandgen.pdf.text import markup
from brandgen.pdf.typefaces import EmbeddableFamily

ALPHABET = "Aa Bb Cc Dd Ee Ff Gg Hh Ii Jj Kk Ll Mm Nn Oo Pp Qq Rr Ss Tt Uu Vv Ww Xx Yy Zz"
FIGURES = "0123456789 &?!@€$%()"
PANGRAM = "Sphinx of black quartz, judge my vow."
HIERARCHY = [
    ("Display", "display", 6),
    ("Heading 1", "h1", 4),
    ("Heading 2", "h2", 2),
    ("Heading 3", "h3", 1),
    ("Body", "body", 0),
    ("Small", "small", -1),
    ("Caption", "caption", -2),
]


def _specimen(ctx: DocContext, role: str, face: EmbeddableFamily, bold: bool) -> list[Flowable]:
    chain = ctx.faces.chain(face)
    big = ctx.styles["display"]
    body = ctx.styles["body"]
    name = face.family + (
        f" (standing in for {face.requested})" if face.requested and face.note and not face.converted else ""
    )
    return (
        [
            ctx.para(f"{role}: {name}", "h3"),
            ctx.rich(markup("Aa", chain, bold=bold), "Aa", "display"),
            ctx.rich(markup(ALPHABET, chain, bold=bold), ALPHABET, "body"),
            ctx.rich(markup(FIGURES, chain, bold=bold), FIGURES, "body"),
            ctx.rich(markup(PANGRAM, chain, bold=bold), PANGRAM, "h2" if bold else "body"),
            ctx.para(f"Licence: {face.licence}", "caption"),
            Spacer(1, 2 * mm),
        ]
        if big and body
        else []
    )


def _hierarchy(ctx: DocContext) -> Table:
    rows: list[list[Flowable]] = []
    for label, style, step in HIERARCHY:
        size = type_size(step)
        face = ctx.faces.heading if style in ("display", "h1", "h2", "h3") else ctx.faces.body
        rows.append(
            [
                ctx.para(f"{label} · {size:g}/{leading(size):g} pt · {face.family}", "caption"),
                ctx.para(ctx.inputs.request.company_name if step >= 4 else PANGRAM, style),
            ]
        )
    style = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.25, HexColor("#e5e5e5"))]
    return table(rows, [ctx.grid.span(4), ctx.grid.span(8) + 4 * mm], style)


def typography_pages(ctx: DocContext) -> list[Flowable]:
    pairing = ctx.inputs.palette.fonts
    story: list[Flowable] = [ctx.heading("Typography"), ctx.heading("Type pairing", 1)]
    story.append(
        ctx.para(
            f"Headings: {pairing.heading.family} ({pairing.heading.character} {pairing.heading.category}). "
            f"Body: {pairing.body.family} ({pairing.body.character} {pairing.body.category}).",
        )
    )
    story.append(ctx.para(pairing.reason, "small"))
    story += _specimen(ctx, "Headings", ctx.faces.heading, True)
    story += _specimen(ctx, "Body", ctx.faces.body, False)
    story += [ctx.heading("Hierarchy", 1), _hierarchy(ctx)]
    story.append(ctx.heading("Fonts and licences", 1))
    for use in ctx.inputs.logo.fonts:
        story.append(
            ctx.para(
                f"Logo {use.role}: {use.family} — {use.licence}" + (f" ({use.source})" if use.source else ""), "small"
            )
        )
    for face in (ctx.faces.heading, ctx.faces.body):
        story.append(ctx.para(f"{face.family}: {face.licence}; embedded in this document as a subset.", "small"))
    for note in ctx.faces.notes:
        story.append(ctx.para(note, "small"))
    story.append(
        ctx.para(
            "Characters the brand faces lack (other scripts, symbols) are set in Noto, DejaVu or Droid Sans "
            "Fallback so that every name prints with real glyphs.",
            "caption",
        )
    )
    return story
