"""Typography page: the pairing, specimens, the type hierarchy, licences and any stand-in faces."""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from brandgen.pdf.generators.context import DocContext
from brandgen.pdf.generators.layout import leading, table, type_size
from brandgen.pdf.text import markup
from brandgen.pdf.typefaces import EmbeddableFamily
from brandgen.shared.i18n import N_
from brandgen.shared.terms import known_term

ALPHABET = "Aa Bb Cc Dd Ee Ff Gg Hh Ii Jj Kk Ll Mm Nn Oo Pp Qq Rr Ss Tt Uu Vv Ww Xx Yy Zz"
FIGURES = "0123456789 &?!@€$%()"
# A pangram of the document's language, so the specimen shows the brand faces with its accents
# (ñ, ü, ß, œ, ã); languages in other scripts keep the English one: the brand faces are Latin.
PANGRAM = N_("Sphinx of black quartz, judge my vow.")
HIERARCHY = [
    (N_("Display"), "display", 6),
    (N_("Heading 1"), "h1", 4),
    (N_("Heading 2"), "h2", 2),
    (N_("Heading 3"), "h3", 1),
    (N_("Body"), "body", 0),
    (N_("Small"), "small", -1),
    (N_("Caption"), "caption", -2),
]


def _specimen(ctx: DocContext, role: str, face: EmbeddableFamily, bold: bool) -> list[Flowable]:
    chain = ctx.faces.chain(face)
    pangram = ctx.gettext(PANGRAM)
    big = ctx.styles["display"]
    body = ctx.styles["body"]
    name = face.family
    if face.requested and face.note and not face.converted:
        name = ctx.gettext("{family} (standing in for {requested})").format(
            family=face.family, requested=face.requested
        )
    return (
        [
            ctx.para(f"{ctx.gettext(role)}: {name}", "h3"),
            ctx.rich(markup("Aa", chain, bold=bold), "Aa", "display"),
            ctx.rich(markup(ALPHABET, chain, bold=bold), ALPHABET, "body"),
            ctx.rich(markup(FIGURES, chain, bold=bold), FIGURES, "body"),
            ctx.rich(markup(pangram, chain, bold=bold), pangram, "h2" if bold else "body"),
            ctx.para(ctx.gettext("Licence: {licence}").format(licence=face.licence), "caption"),
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
                ctx.para(f"{ctx.gettext(label)} · {size:g}/{leading(size):g} pt · {face.family}", "caption"),
                ctx.para(ctx.inputs.request.company_name if step >= 4 else ctx.gettext(PANGRAM), style),
            ]
        )
    rules = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.25, HexColor("#e5e5e5"))]
    return table(rows, [ctx.grid.span(4), ctx.grid.span(8) + 4 * mm], rules)


def typography_pages(ctx: DocContext) -> list[Flowable]:
    pairing = ctx.inputs.palette.fonts
    story: list[Flowable] = [ctx.heading(ctx.gettext("Typography")), ctx.heading(ctx.gettext("Type pairing"), 1)]
    # Family names print as named; the graph's words for them in the document's language.
    heading, body = pairing.heading, pairing.body
    story.append(
        ctx.para(
            ctx.gettext("Headings: {heading}. Body: {body}.").format(
                heading=f"{heading.family} ({ctx.term(heading.character)} · {ctx.term(heading.category)})",
                body=f"{body.family} ({ctx.term(body.character)} · {ctx.term(body.category)})",
            )
        )
    )
    # The graph's reason for the pairing, where the terms catalogue has it in this language.
    if reason := known_term(ctx.language, pairing.reason):
        story.append(ctx.para(reason, "small"))
    story += _specimen(ctx, N_("Headings"), ctx.faces.heading, True)
    story += _specimen(ctx, N_("Body"), ctx.faces.body, False)
    story += [ctx.heading(ctx.gettext("Hierarchy"), 1), _hierarchy(ctx)]
    story.append(ctx.heading(ctx.gettext("Fonts and licences"), 1))
    for use in ctx.inputs.logo.fonts:
        story.append(
            ctx.para(
                ctx.gettext("Logo {role}: {family} — {licence}").format(
                    role=use.role, family=use.family, licence=use.licence
                )
                + (f" ({use.source})" if use.source else ""),
                "small",
            )
        )
    for face in (ctx.faces.heading, ctx.faces.body):
        story.append(
            ctx.para(
                ctx.gettext("{family}: {licence}; embedded in this document as a subset.").format(
                    family=face.family, licence=face.licence
                ),
                "small",
            )
        )
    for note in ctx.faces.notes:
        story.append(ctx.para(note, "small"))
    story.append(
        ctx.para(
            ctx.gettext(
                "Characters the brand faces lack (other scripts, symbols) are set in Noto, DejaVu, "
                "Nanum Gothic or Droid Sans Fallback so that every name prints with real glyphs."
            ),
            "caption",
        )
    )
    return story
