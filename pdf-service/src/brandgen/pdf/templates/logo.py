"""Logo pages: the primary logo, every lockup and treatment, clear space and minimum size, misuse."""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Group, Line, Rect, String
from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from brandgen.pdf.colours import hsl
from brandgen.pdf.generators.context import DocContext
from brandgen.pdf.generators.layout import table
from brandgen.pdf.generators.vector import fitted, new_drawing, recoloured
from brandgen.shared.contracts import LogoCandidate
from brandgen.shared.i18n import N_
from brandgen.shared.terms import LOGO_KIND_NAMES

LOCKUP_NAMES = {
    "icon": N_("Icon"),
    "wordmark": N_("Wordmark"),
    "combination": N_("Combination"),
    "stacked": N_("Stacked"),
}
TREATMENT_NAMES = {"full_color": N_("Full colour"), "monochrome": N_("Monochrome"), "inverse": N_("Inverse")}
CLEAR_SPACE_RATIO = 0.25  # clear space on every side, as a share of the icon's height
MIN_ICON_MM, MIN_ICON_PX = 10, 24
MIN_COMBINATION_MM, MIN_COMBINATION_PX = 30, 96
WARNING_RED = HexColor("#d32f2f")


def _backgrounds(ctx: DocContext) -> dict[str, str]:
    return {
        "full_color": "#ffffff",
        "monochrome": ctx.tone("neutral", "50", "#f5f5f5"),
        "inverse": ctx.tone("neutral", "900", "#1b1b1f"),
    }


def _grid_table(ctx: DocContext, rows: list[list[Flowable]], columns: int) -> Table:
    width = ctx.grid.span(12 // columns)
    style = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]
    return table(rows, [width + 4 * mm] * columns, style)


def _primary(ctx: DocContext) -> list[Flowable]:
    logo = ctx.any_lockup(("combination", "full_color"), ("icon", "full_color"))
    story: list[Flowable] = [ctx.heading(ctx.gettext("Primary logo"), 1)]
    if logo is not None:
        tile = fitted(logo, ctx.grid.frame_width, 70 * mm, background=HexColor("#ffffff"), padding=12 * mm)
        tile.add(Rect(0, 0, tile.width, tile.height, fillColor=None, strokeColor=HexColor("#dddddd")))
        story.append(tile)
    story.append(Spacer(1, 4 * mm))
    chosen = next((c for c in ctx.inputs.logo.candidates if c.id == ctx.inputs.logo.chosen), None)
    if chosen is not None:
        story.append(
            ctx.para(ctx.gettext("Concept: {concept}.").format(concept=ctx.term(LOGO_KIND_NAMES[chosen.concept])))
        )
    # The logo stage writes its concept in each requested language (an output from before it did is
    # English only, and then left out of other languages' documents).
    logo = ctx.inputs.logo
    if concept := logo.concepts.get(ctx.language) or (logo.concept if ctx.language == "en" else None):
        story.append(ctx.para(concept, "small"))
    story.extend(_icon_credit(ctx, chosen))
    story.extend(_notes(ctx))
    return story


def _notes(ctx: DocContext) -> list[Flowable]:
    """What the logo changed from the request and why (characters no font draws left out of the
    mark ...), as the logo stage wrote it: in English, which the other languages' label says."""
    notes = ctx.inputs.logo.notes
    if not notes:
        return []
    return [ctx.para(ctx.gettext("Notes on the logo:"), "small", bold=True)] + [
        ctx.para(note, "small") for note in notes
    ]


def _icon_credit(ctx: DocContext, chosen: LogoCandidate | None) -> list[Flowable]:
    """The open-licence icon the mark is drawn from, its licence and the set's attribution (which
    licences such as MIT and CC BY require to travel with the work)."""
    icon = chosen.mark.icon if chosen is not None and chosen.mark is not None else None
    if icon is None:
        return []
    line = ctx.gettext("Icon “{name}” from {set}, licensed under {licence}.").format(
        name=icon.name, set=icon.set, licence=icon.licence
    )
    if icon.attribution:
        line = f"{line} {icon.attribution}"
    return [ctx.para(line, "small")]


def _variants(ctx: DocContext) -> list[Flowable]:
    backgrounds = _backgrounds(ctx)
    rows: list[list[Flowable]] = []
    for lockup, treatments in ctx.inputs.logo.lockups.items():
        row: list[Flowable] = []
        for treatment in ("full_color", "monochrome", "inverse"):
            drawing = ctx.lockup(lockup, treatment)
            label = f"{ctx.gettext(LOCKUP_NAMES.get(lockup, lockup))} · {ctx.gettext(TREATMENT_NAMES[treatment])}"
            if drawing is None or treatment not in treatments:
                row.append(ctx.para(ctx.gettext("{label}: not produced").format(label=label), "caption"))
                continue
            tile = fitted(
                drawing, ctx.grid.span(4), 32 * mm, background=HexColor(backgrounds[treatment]), padding=5 * mm
            )
            row.append([tile, ctx.para(label, "caption")])
        rows.append(row)
    story: list[Flowable] = [ctx.heading(ctx.gettext("Lockups and variants"), 1)]
    story.append(
        ctx.para(
            ctx.gettext(
                "Use the full-colour logo on white or light backgrounds, the monochrome logo where only one ink is "
                "available, and the inverse logo on dark or brand-coloured backgrounds."
            ),
            "small",
        )
    )
    if rows:
        story.append(_grid_table(ctx, rows, 3))
    return story


def _clear_space_drawing(ctx: DocContext, logo: Drawing) -> Drawing:
    """The icon with its clear-space zone, drawn to scale with the unit `x` marked."""
    icon_h = 36 * mm
    icon_w = icon_h * logo.width / logo.height
    x = icon_h * CLEAR_SPACE_RATIO
    width, height = icon_w + 2 * x + 24 * mm, icon_h + 2 * x + 8 * mm
    out = new_drawing(width, height)
    left, bottom = 12 * mm, 4 * mm
    zone = Rect(left, bottom, icon_w + 2 * x, icon_h + 2 * x, fillColor=HexColor("#f3f6fb"))
    zone.strokeColor = HexColor(ctx.role("primary"))
    zone.strokeDashArray = [3, 2]
    out.add(zone)
    placed = fitted(logo, icon_w, icon_h)
    group = Group(*placed.contents)
    group.translate(left + x, bottom + x)
    out.add(group)
    marker = HexColor(ctx.role("accent", ctx.role("primary")))
    out.add(Line(left, bottom + x + icon_h / 2, left + x, bottom + x + icon_h / 2, strokeColor=marker))
    out.add(
        String(
            left + x / 2,
            bottom + x + icon_h / 2 + 2,
            "x",
            fontName=ctx.faces.body.name,
            fontSize=8,
            fillColor=marker,
            textAnchor="middle",
        )
    )
    out.add(Line(left + x, bottom, left + x, bottom + x, strokeColor=marker))
    out.add(String(left + x + 2, bottom + x / 2, "x", fontName=ctx.faces.body.name, fontSize=8, fillColor=marker))
    return out


def _minimum_size_drawing(ctx: DocContext, icon: Drawing | None, combination: Drawing | None) -> Drawing:
    out = new_drawing(ctx.grid.frame_width, 22 * mm)
    cursor = 0.0
    for logo, size_mm, px in ((icon, MIN_ICON_MM, MIN_ICON_PX), (combination, MIN_COMBINATION_MM, MIN_COMBINATION_PX)):
        if logo is None:
            continue
        width = size_mm * mm
        height = width * logo.height / logo.width
        placed = fitted(logo, width, height)
        group = Group(*placed.contents)
        group.translate(cursor, 8 * mm)
        out.add(group)
        out.add(Line(cursor, 5 * mm, cursor + width, 5 * mm, strokeColor=HexColor("#888888")))
        out.add(
            String(
                cursor,
                1 * mm,
                f"{size_mm} mm · {px} px",
                fontName=ctx.faces.body.name,
                fontSize=7,
                fillColor=HexColor("#555555"),
            )
        )
        cursor += max(width, 28 * mm) + 16 * mm
    return out


def _clear_space(ctx: DocContext) -> list[Flowable]:
    icon = ctx.any_lockup(("icon", "full_color"))
    combination = ctx.lockup("combination", "full_color")
    story: list[Flowable] = [ctx.heading(ctx.gettext("Clear space and minimum size"), 1)]
    story.append(
        ctx.para(
            ctx.gettext(
                "Keep a clear space of x on every side of the logo, where x is {share} of the icon's height. "
                "No text, edge or other graphic may enter it. Drawn to scale."
            ).format(share=ctx.percent(CLEAR_SPACE_RATIO)),
            "small",
        )
    )
    if icon is not None:
        story.append(_clear_space_drawing(ctx, icon))
    story.append(
        ctx.para(
            ctx.gettext(
                "Minimum sizes: icon {icon_mm} mm in print or {icon_px} px on screen; combination logo "
                "{combination_mm} mm or {combination_px} px wide. Shown at actual size."
            ).format(
                icon_mm=MIN_ICON_MM,
                icon_px=MIN_ICON_PX,
                combination_mm=MIN_COMBINATION_MM,
                combination_px=MIN_COMBINATION_PX,
            ),
            "small",
        )
    )
    story.append(_minimum_size_drawing(ctx, icon, combination))
    return story


def _cross(tile: Drawing) -> Drawing:
    size = 5 * mm
    x, y = tile.width - size - 2 * mm, tile.height - size - 2 * mm
    tile.add(Rect(x - 1, y - 1, size + 2, size + 2, fillColor=white, strokeColor=None))
    tile.add(Line(x, y, x + size, y + size, strokeColor=WARNING_RED, strokeWidth=1.6))
    tile.add(Line(x, y + size, x + size, y, strokeColor=WARNING_RED, strokeWidth=1.6))
    return tile


def _off_brand(hex_code: str) -> Color:
    """A hue opposite the brand colour: clearly wrong, to show recolouring."""
    from coloraide import Color as Colour

    hue, _, _ = hsl(hex_code)
    return HexColor(str(Colour("hsl", [(hue + 150) % 360, 0.85, 0.55]).convert("srgb").to_string(hex=True)))


def _misuse(ctx: DocContext) -> list[Flowable]:
    logo = ctx.any_lockup(("combination", "full_color"), ("icon", "full_color"))
    story: list[Flowable] = [ctx.heading(ctx.gettext("Incorrect use"), 1)]
    if logo is None:
        return story
    width, height = ctx.grid.span(4), 30 * mm
    white_bg = HexColor("#ffffff")
    busy = fitted(logo, width, height, padding=5 * mm)
    stripes = new_drawing(width, height)
    for index in range(0, int(width), 8):
        colour = ctx.role("accent") if (index // 8) % 2 else ctx.role("secondary")
        stripes.add(Rect(index, 0, 8, height, fillColor=HexColor(colour), strokeColor=None))
    stripes.add(Group(*busy.contents))
    shadowed = new_drawing(width, height)
    shadowed.add(Rect(0, 0, width, height, fillColor=white_bg, strokeColor=None))
    shadow = Group(*fitted(recoloured(logo, HexColor("#9e9e9e")), width, height, padding=5 * mm).contents)
    shadow.translate(2.5, -2.5)
    shadowed.add(shadow)
    shadowed.add(Group(*fitted(logo, width, height, padding=5 * mm).contents))
    examples: list[tuple[Drawing, str]] = [
        (
            fitted(logo, width, height, background=white_bg, padding=5 * mm, stretch=(1.5, 0.7)),
            N_("Do not stretch or squash"),
        ),
        (fitted(logo, width, height, background=white_bg, padding=5 * mm, rotate=18), N_("Do not rotate")),
        (
            fitted(
                recoloured(logo, _off_brand(ctx.role("primary"))), width, height, background=white_bg, padding=5 * mm
            ),
            N_("Do not recolour"),
        ),
        (
            fitted(
                logo,
                width,
                height,
                background=HexColor(ctx.tone("primary", "400", ctx.role("primary"))),
                padding=5 * mm,
            ),
            N_("Do not place on low-contrast colour"),
        ),
        (stripes, N_("Do not place on busy backgrounds")),
        (shadowed, N_("Do not add shadows or effects")),
    ]
    cells = [[_cross(tile), ctx.para(ctx.gettext(caption), "caption")] for tile, caption in examples]
    story.append(_grid_table(ctx, [cells[i : i + 3] for i in range(0, len(cells), 3)], 3))
    return story


def logo_pages(ctx: DocContext) -> list[Flowable]:
    return [ctx.heading(ctx.gettext("Logo")), *_primary(ctx), *_variants(ctx), *_clear_space(ctx), *_misuse(ctx)]
