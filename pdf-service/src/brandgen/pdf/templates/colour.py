"""Colour pages: swatches in four notations, tonal scales, themes, contrast matrix, colour-vision previews."""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from brandgen.pdf.colours import CVD_FILTERS, contrast, describe, readable_on, simulate
from brandgen.pdf.generators.context import DocContext
from brandgen.pdf.generators.layout import table
from brandgen.pdf.generators.vector import new_drawing
from brandgen.shared.i18n import N_
from brandgen.shared.terms import INDUSTRY

ROLE_NAMES = {
    "primary": N_("Primary"),
    "secondary": N_("Secondary"),
    "accent": N_("Accent"),
    "neutral": N_("Neutral"),
    "neutral_variant": N_("Neutral variant"),
    "success": N_("Success"),
    "warning": N_("Warning"),
    "error": N_("Error"),
    "info": N_("Info"),
}
THEME_NAMES = {"light": N_("Light theme"), "dark": N_("Dark theme")}
THEME_ADJECTIVES = {"light": N_("light"), "dark": N_("dark")}
PAIR_KINDS = {"text": N_("text"), "large_text": N_("large text"), "ui": N_("interface")}
DEFICIENCY_NAMES = {"protanopia": N_("Protanopia"), "deuteranopia": N_("Deuteranopia"), "tritanopia": N_("Tritanopia")}
# (approximate match, no match) for each request field the knowledge graph matches.
MATCH_NOTES = {
    "industry": (
        N_("The industry “{asked}” is not in the brand knowledge graph; the closest, “{matched}”, was used."),
        N_("The industry “{asked}” matched nothing in the brand knowledge graph; “{matched}” was used."),
    ),
    "style": (
        N_("The style “{asked}” is not in the brand knowledge graph; the closest, “{matched}”, was used."),
        N_("The style “{asked}” matched nothing in the brand knowledge graph; “{matched}” was used."),
    ),
}
BRAND_TOO_WEAK = N_(
    "{theme}: the brand colour {brand} reaches {ratio} on the background {background}, below the {needed} that text "
    "needs. Keep it for the logo, large shapes and decoration; set text and text buttons in {primary} "
    "({primary_ratio}), the theme's accessible primary."
)
BRAND_TOO_WEAK_LARGE_TEXT = N_(
    "{theme}: the brand colour {brand} reaches {ratio} on the background {background}, below the {needed} that text "
    "needs. Keep it for the logo, large shapes and large text; set text and text buttons in {primary} "
    "({primary_ratio}), the theme's accessible primary."
)
AA_TEXT, AAA_TEXT = 4.5, 7.0


def _role_name(ctx: DocContext, role: str) -> str:
    """A palette role as the document's language names it (a role we have no name for as written)."""
    return ctx.gettext(ROLE_NAMES.get(role, role))


def _swatch(ctx: DocContext, role: str, hex_code: str) -> list[Flowable]:
    width = ctx.grid.span(4)
    block = new_drawing(width, 20 * mm)
    block.add(Rect(0, 0, width, 20 * mm, fillColor=HexColor(hex_code), strokeColor=HexColor("#e0e0e0")))
    block.add(
        String(
            3 * mm,
            3 * mm,
            _role_name(ctx, role),
            fontName=ctx.faces.heading.bold_name,
            fontSize=9,
            fillColor=HexColor(readable_on(hex_code)),
        )
    )
    lines = [f"{name} {value}" for name, value in describe(hex_code).items()]
    return [block, Spacer(1, 1.5 * mm), *(ctx.cell(line, "tiny") for line in lines)]


def _table(rows: list[list[Flowable]], widths: list[float], style: list[tuple[object, ...]] | None = None) -> Table:
    return table(
        rows,
        widths,
        [
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            *(style or []),
        ],
    )


def _core(ctx: DocContext) -> list[Flowable]:
    cells = [_swatch(ctx, role, hex_code) for role, hex_code in ctx.inputs.palette.roles.items()]
    rows = [cells[i : i + 3] for i in range(0, len(cells), 3)]
    for row in rows:
        row.extend([Spacer(1, 1)] * (3 - len(row)))
    story: list[Flowable] = [ctx.heading(ctx.gettext("Core palette"), 1)]
    story.append(
        ctx.para(
            ctx.gettext(
                "HEX and RGB are exact screen values. CMYK is a device conversion without an ICC profile: "
                "proof it with your printer."
            ),
            "small",
        )
    )
    story.append(_table(rows, [ctx.grid.span(4) + 4 * mm] * 3, [("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return story


def _scales(ctx: DocContext) -> list[Flowable]:
    scales = ctx.inputs.palette.scales
    if not scales:
        return []
    tones = sorted(
        {tone for scale in scales.values() for tone in scale}, key=lambda tone: int(tone) if tone.isdigit() else 0
    )
    label_width = 22 * mm
    cell = (ctx.grid.frame_width - label_width) / max(len(tones), 1)
    rows: list[list[Flowable | str]] = [
        [ctx.cell("", "tiny"), *(ctx.cell(tone, "tiny", align="center") for tone in tones)]
    ]
    styles: list[tuple[object, ...]] = []
    for row_index, (role, scale) in enumerate(scales.items(), start=1):
        row: list[Flowable | str] = [ctx.cell(_role_name(ctx, role), "tiny", bold=True)]
        for column, tone in enumerate(tones, start=1):
            hex_code = scale.get(tone)
            if hex_code is None:
                row.append("")
                continue
            row.append(ctx.cell(hex_code, "tiny", align="center", colour=readable_on(hex_code)))
            styles.append(("BACKGROUND", (column, row_index), (column, row_index), HexColor(hex_code)))
        rows.append(row)
    styles.append(("FONTSIZE", (0, 0), (-1, -1), 5))
    return [ctx.heading(ctx.gettext("Tonal scales"), 1), _table(rows, [label_width, *([cell] * len(tones))], styles)]


def _themes(ctx: DocContext) -> list[Flowable]:
    themes = ctx.inputs.palette.themes
    if not themes:
        return []
    columns: list[Flowable] = []
    half = ctx.grid.span(6)
    for theme, tokens in themes.items():
        rows: list[list[Flowable]] = [
            [ctx.para(ctx.gettext(THEME_NAMES[theme]), "small", bold=True), ctx.cell("", "tiny")]
        ]
        styles: list[tuple[object, ...]] = []
        for index, (token, hex_code) in enumerate(tokens.items(), start=1):
            rows.append([ctx.cell(token, "tiny"), ctx.cell(hex_code, "tiny", colour=readable_on(hex_code))])
            styles.append(("BACKGROUND", (1, index), (1, index), HexColor(hex_code)))
        columns.append(_table(rows, [half * 0.55, half * 0.4], styles))
    return [
        ctx.heading(ctx.gettext("Light and dark themes"), 1),
        _table([columns], [half + 4 * mm] * len(columns), [("VALIGN", (0, 0), (-1, -1), "TOP")]),
    ]


def _mark(ratio: float) -> str:
    """The WCAG level a text colour reaches; the level names are WCAG's own, in every language."""
    if ratio >= AAA_TEXT:
        return "AAA"
    if ratio >= AA_TEXT:
        return "AA"
    if ratio >= 3.0:
        return N_("AA large")
    return N_("Fail")


def _matrix(ctx: DocContext) -> list[Flowable]:
    neutral_dark = ctx.tone("neutral", "900", "#1b1b1f")
    neutral = _role_name(ctx, "neutral")
    candidates = [(ctx.gettext("White"), "#ffffff"), (f"{neutral} 900", neutral_dark)]
    candidates += [(_role_name(ctx, r), ctx.roles[r]) for r in ("primary", "secondary", "accent") if r in ctx.roles]
    backgrounds = [*candidates, (f"{neutral} 50", ctx.tone("neutral", "50", "#f5f5f5"))]
    label = 24 * mm
    cell = (ctx.grid.frame_width - label) / len(backgrounds)
    header: list[Flowable] = [ctx.cell(ctx.gettext("Text ↓ on background →"), "tiny")]
    header += [ctx.cell(name, "tiny", bold=True, align="center") for name, _ in backgrounds]
    rows: list[list[Flowable]] = [header]
    styles: list[tuple[object, ...]] = []
    for row_index, (fg_name, fg) in enumerate(candidates, start=1):
        row: list[Flowable] = [ctx.cell(fg_name, "tiny", bold=True)]
        for column, (_, bg) in enumerate(backgrounds, start=1):
            if fg == bg:
                row.append(ctx.cell("—", "tiny", align="center"))
                continue
            ratio = contrast(fg, bg)
            mark = ctx.gettext(_mark(ratio))
            row.append(ctx.cell(f"Aa {ctx.ratio(ratio)} {mark}", "tiny", align="center", colour=fg))
            styles.append(("BACKGROUND", (column, row_index), (column, row_index), HexColor(bg)))
        rows.append(row)
    styles.append(("GRID", (0, 0), (-1, -1), 0.25, HexColor("#dddddd")))
    story: list[Flowable] = [ctx.heading(ctx.gettext("Contrast"), 1)]
    story.append(
        ctx.para(
            ctx.gettext(
                "WCAG 2.2 contrast ratios. AA needs {aa} for body text and {large} for large text and interface "
                "elements; AAA needs {aaa}."
            ).format(aa=f"{ctx.decimal(AA_TEXT, 1)}:1", large="3:1", aaa=f"{AAA_TEXT:g}:1"),
            "small",
        )
    )
    story.append(_table(rows, [label, *([cell] * len(backgrounds))], styles))
    checks = ctx.inputs.palette.contrast
    if checks:
        story.append(Spacer(1, 4 * mm))
        story.append(ctx.para(ctx.gettext("Theme pairs checked by the palette"), "h3"))
        heads = (N_("Theme"), N_("Text"), N_("Background"), N_("Kind"), N_("Ratio"), "AA", "AAA")
        check_rows: list[list[Flowable]] = [[ctx.cell(ctx.gettext(head), "tiny", bold=True) for head in heads]]
        passed, failed = ctx.gettext("Pass"), ctx.gettext("Fail")
        for check in checks:
            ratio_text = ctx.ratio(check.ratio)
            if check.repaired:
                ratio_text += " " + ctx.gettext("(adjusted)")
            check_rows.append(
                [
                    ctx.cell(ctx.gettext(THEME_ADJECTIVES[check.theme]), "tiny"),
                    ctx.cell(f"{check.foreground} {check.foreground_hex}", "tiny"),
                    ctx.cell(f"{check.background} {check.background_hex}", "tiny"),
                    ctx.cell(ctx.gettext(PAIR_KINDS[check.kind]), "tiny"),
                    ctx.cell(ratio_text, "tiny"),
                    ctx.cell(passed if check.aa else failed, "tiny", bold=not check.aa),
                    ctx.cell(passed if check.aaa else failed, "tiny"),
                ]
            )
        widths = [ctx.grid.frame_width * share for share in (0.09, 0.25, 0.25, 0.11, 0.14, 0.08, 0.08)]
        story.append(_table(check_rows, widths, [("LINEBELOW", (0, 0), (-1, -1), 0.25, HexColor("#e5e5e5"))]))
    return story


def _strip(ctx: DocContext, colours: list[str]) -> Drawing:
    width = ctx.grid.frame_width - 30 * mm
    strip = new_drawing(width, 9 * mm)
    step = width / max(len(colours), 1)
    for index, hex_code in enumerate(colours):
        strip.add(Rect(index * step, 0, step, 9 * mm, fillColor=HexColor(hex_code), strokeColor=None))
    return strip


def _vision(ctx: DocContext) -> list[Flowable]:
    colours = list(ctx.inputs.palette.roles.values())
    rows: list[list[Flowable]] = [[ctx.cell(ctx.gettext("Typical vision"), "tiny", bold=True), _strip(ctx, colours)]]
    for deficiency in CVD_FILTERS:
        simulated = [simulate(hex_code, deficiency) for hex_code in colours]
        name = ctx.gettext(DEFICIENCY_NAMES[deficiency])
        rows.append([ctx.cell(name, "tiny", bold=True), _strip(ctx, simulated)])
    story: list[Flowable] = [ctx.heading(ctx.gettext("Colour-vision deficiency"), 1)]
    story.append(
        ctx.para(
            ctx.gettext(
                "The palette as people with the three common colour-vision deficiencies see it (simulated). "
                "Never rely on colour alone to carry meaning."
            ),
            "small",
        )
    )
    story.append(_table(rows, [30 * mm, ctx.grid.frame_width - 30 * mm]))
    for check in ctx.inputs.palette.cvd:
        finding = (
            ctx.gettext("{deficiency}: {first} and {second} are distinguishable (ΔE2000 {delta_e}).")
            if check.distinguishable
            else ctx.gettext("{deficiency}: {first} and {second} are hard to tell apart (ΔE2000 {delta_e}).")
        )
        deficiency = ctx.gettext(DEFICIENCY_NAMES[check.deficiency])
        first, second = _role_name(ctx, check.first), _role_name(ctx, check.second)
        story.append(
            ctx.para(
                finding.format(
                    deficiency=deficiency, first=first, second=second, delta_e=ctx.decimal(check.delta_e, 1)
                ),
                "tiny",
            )
        )
    if any(not check.distinguishable for check in ctx.inputs.palette.cvd):
        story.append(
            ctx.para(
                ctx.gettext(
                    "For the pairs that are hard to tell apart, never rely on colour alone: add an icon, a label or "
                    "a pattern (WCAG 1.4.1)."
                ),
                "small",
            )
        )
    story += [ctx.para(note, "small") for note in _palette_notes(ctx)]
    return story


def _palette_notes(ctx: DocContext) -> list[str]:
    """The palette's notes in the document's language, written from the fields they derive from (the
    palette's own `notes` are English): requests the knowledge graph matched only approximately, and
    brand colours too weak for text. Colour-vision findings are printed check by check above."""
    palette, request = ctx.inputs.palette, ctx.inputs.request
    notes = []
    for asked, matched, kind, nearest, nothing in (
        (request.industry, ctx.term(palette.industry, INDUSTRY), palette.industry_match, *MATCH_NOTES["industry"]),
        (request.style, ctx.term(palette.style), palette.style_match, *MATCH_NOTES["style"]),
    ):
        if kind in ("meaning", "fuzzy", "description"):
            notes.append(ctx.gettext(nearest).format(asked=asked, matched=matched))
        elif kind in ("fallback", "default"):
            notes.append(ctx.gettext(nothing).format(asked=asked, matched=matched))
    for found in palette.brand_text_contrast():
        note = BRAND_TOO_WEAK_LARGE_TEXT if found.large_text else BRAND_TOO_WEAK
        notes.append(
            ctx.gettext(note).format(
                theme=ctx.gettext(THEME_NAMES[found.theme]),
                brand=found.brand,
                ratio=ctx.ratio(found.ratio),
                background=found.background,
                primary=found.primary,
                primary_ratio=ctx.ratio(found.primary_ratio),
                needed=f"{ctx.decimal(AA_TEXT, 1)}:1",
            )
        )
    return notes


def colour_pages(ctx: DocContext) -> list[Flowable]:
    return [ctx.heading(ctx.gettext("Colour")), *_core(ctx), *_scales(ctx), *_themes(ctx), *_matrix(ctx), *_vision(ctx)]
