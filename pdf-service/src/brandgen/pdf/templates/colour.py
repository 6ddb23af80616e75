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

ROLE_NAMES = {
    "primary": "Primary",
    "secondary": "Secondary",
    "accent": "Accent",
    "neutral": "Neutral",
    "neutral_variant": "Neutral variant",
    "success": "Success",
    "warning": "Warning",
    "error": "Error",
    "info": "Info",
}
AA_TEXT, AAA_TEXT = 4.5, 7.0


def _swatch(ctx: DocContext, role: str, hex_code: str) -> list[Flowable]:
    width = ctx.grid.span(4)
    block = new_drawing(width, 20 * mm)
    block.add(Rect(0, 0, width, 20 * mm, fillColor=HexColor(hex_code), strokeColor=HexColor("#e0e0e0")))
    block.add(
        String(
            3 * mm,
            3 * mm,
            ROLE_NAMES.get(role, role),
            fontName=ctx.faces.heading.bold_name,
            fontSize=9,
            fillColor=HexColor(readable_on(hex_code)),
        )
    )
    lines = [f"{name} {value}" for name, value in describe(hex_code).items()]
    return [block, Spacer(1, 1.5 * mm), *(ctx.para(line, "tiny") for line in lines)]


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
    story: list[Flowable] = [ctx.heading("Core palette", 1)]
    story.append(
        ctx.para(
            "HEX and RGB are exact screen values. CMYK is a device conversion without an ICC profile: "
            "proof it with your printer.",
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
        [ctx.para("", "tiny"), *(ctx.para(tone, "tiny", align="center") for tone in tones)]
    ]
    styles: list[tuple[object, ...]] = []
    for row_index, (role, scale) in enumerate(scales.items(), start=1):
        row: list[Flowable | str] = [ctx.para(ROLE_NAMES.get(role, role), "tiny", bold=True)]
        for column, tone in enumerate(tones, start=1):
            hex_code = scale.get(tone)
            if hex_code is None:
                row.append("")
                continue
            row.append(ctx.para(hex_code, "tiny", align="center", colour=readable_on(hex_code)))
            styles.append(("BACKGROUND", (column, row_index), (column, row_index), HexColor(hex_code)))
        rows.append(row)
    styles.append(("FONTSIZE", (0, 0), (-1, -1), 5))
    return [ctx.heading("Tonal scales", 1), _table(rows, [label_width, *([cell] * len(tones))], styles)]


def _themes(ctx: DocContext) -> list[Flowable]:
    themes = ctx.inputs.palette.themes
    if not themes:
        return []
    columns: list[Flowable] = []
    half = ctx.grid.span(6)
    for theme, tokens in themes.items():
        rows: list[list[Flowable]] = [
            [ctx.para(f"{theme.capitalize()} theme", "small", bold=True), ctx.para("", "tiny")]
        ]
        styles: list[tuple[object, ...]] = []
        for index, (token, hex_code) in enumerate(tokens.items(), start=1):
            rows.append([ctx.para(token, "tiny"), ctx.para(hex_code, "tiny", colour=readable_on(hex_code))])
            styles.append(("BACKGROUND", (1, index), (1, index), HexColor(hex_code)))
        columns.append(_table(rows, [half * 0.55, half * 0.4], styles))
    return [
        ctx.heading("Light and dark themes", 1),
        _table([columns], [half + 4 * mm] * len(columns), [("VALIGN", (0, 0), (-1, -1), "TOP")]),
    ]


def _mark(ratio: float) -> str:
    if ratio >= AAA_TEXT:
        return "AAA"
    if ratio >= AA_TEXT:
        return "AA"
    if ratio >= 3.0:
        return "AA large"
    return "Fail"


def _matrix(ctx: DocContext) -> list[Flowable]:
    neutral_dark = ctx.tone("neutral", "900", "#1b1b1f")
    candidates = [("White", "#ffffff"), ("Neutral 900", neutral_dark)]
    candidates += [(ROLE_NAMES[r], ctx.roles[r]) for r in ("primary", "secondary", "accent") if r in ctx.roles]
    backgrounds = [*candidates, ("Neutral 50", ctx.tone("neutral", "50", "#f5f5f5"))]
    label = 24 * mm
    cell = (ctx.grid.frame_width - label) / len(backgrounds)
    header: list[Flowable] = [ctx.para("Text ↓ on background →", "tiny")]
    header += [ctx.para(name, "tiny", bold=True, align="center") for name, _ in backgrounds]
    rows: list[list[Flowable]] = [header]
    styles: list[tuple[object, ...]] = []
    for row_index, (fg_name, fg) in enumerate(candidates, start=1):
        row: list[Flowable] = [ctx.para(fg_name, "tiny", bold=True)]
        for column, (_, bg) in enumerate(backgrounds, start=1):
            if fg == bg:
                row.append(ctx.para("—", "tiny", align="center"))
                continue
            ratio = contrast(fg, bg)
            row.append(ctx.para(f"Aa {ratio:.2f}:1 {_mark(ratio)}", "tiny", align="center", colour=fg))
            styles.append(("BACKGROUND", (column, row_index), (column, row_index), HexColor(bg)))
        rows.append(row)
    styles.append(("GRID", (0, 0), (-1, -1), 0.25, HexColor("#dddddd")))
    story: list[Flowable] = [ctx.heading("Contrast", 1)]
    story.append(
        ctx.para(
            "WCAG 2.2 contrast ratios. AA needs 4.5:1 for body text and 3:1 for large text and interface "
            "elements; AAA needs 7:1.",
            "small",
        )
    )
    story.append(_table(rows, [label, *([cell] * len(backgrounds))], styles))
    checks = ctx.inputs.palette.contrast
    if checks:
        story.append(Spacer(1, 4 * mm))
        story.append(ctx.para("Theme pairs checked by the palette", "h3"))
        check_rows: list[list[Flowable]] = [
            [ctx.para(h, "tiny", bold=True) for h in ("Theme", "Text", "Background", "Kind", "Ratio", "AA", "AAA")]
        ]
        for check in checks:
            ratio_text = f"{check.ratio:.2f}:1" + (" (adjusted)" if check.repaired else "")
            check_rows.append(
                [
                    ctx.para(check.theme, "tiny"),
                    ctx.para(f"{check.foreground} {check.foreground_hex}", "tiny"),
                    ctx.para(f"{check.background} {check.background_hex}", "tiny"),
                    ctx.para(check.kind.replace("_", " "), "tiny"),
                    ctx.para(ratio_text, "tiny"),
                    ctx.para("Pass" if check.aa else "Fail", "tiny", bold=not check.aa),
                    ctx.para("Pass" if check.aaa else "Fail", "tiny"),
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
    rows: list[list[Flowable]] = [[ctx.para("Typical vision", "tiny", bold=True), _strip(ctx, colours)]]
    for deficiency in CVD_FILTERS:
        simulated = [simulate(hex_code, deficiency) for hex_code in colours]
        rows.append([ctx.para(deficiency.capitalize(), "tiny", bold=True), _strip(ctx, simulated)])
    story: list[Flowable] = [ctx.heading("Colour-vision deficiency", 1)]
    story.append(
        ctx.para(
            "The palette as people with the three common colour-vision deficiencies see it (simulated). "
            "Never rely on colour alone to carry meaning.",
            "small",
        )
    )
    story.append(_table(rows, [30 * mm, ctx.grid.frame_width - 30 * mm]))
    for check in ctx.inputs.palette.cvd:
        verdict = "distinguishable" if check.distinguishable else "hard to tell apart"
        story.append(
            ctx.para(
                f"{check.deficiency.capitalize()}: {check.first} and {check.second} are {verdict} "
                f"(ΔE2000 {check.delta_e:.1f}).",
                "tiny",
            )
        )
    for note in ctx.inputs.palette.notes:
        story.append(ctx.para(note, "small"))
    return story


def colour_pages(ctx: DocContext) -> list[Flowable]:
    return [ctx.heading("Colour"), *_core(ctx), *_scales(ctx), *_themes(ctx), *_matrix(ctx), *_vision(ctx)]
