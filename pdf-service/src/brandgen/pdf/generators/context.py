"""What every page builder shares: inputs, faces, grid, styles, parsed logos, and safe text helpers."""

from __future__ import annotations

from concurrent.futures import Executor
from dataclasses import dataclass, field
from datetime import datetime

from babel.dates import format_skeleton
from babel.numbers import format_decimal, format_percent
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from brandgen.pdf.generators.cells import TextLine
from brandgen.pdf.generators.layout import Grid
from brandgen.pdf.i18n import CATALOGS
from brandgen.pdf.inputs import BrandInputs
from brandgen.pdf.text import has_cjk, is_rtl, markup, named_runs, needs_shaping, plain
from brandgen.pdf.typefaces import BrandTypefaces, EmbeddableFamily
from brandgen.shared.i18n import format_ratio
from brandgen.shared.terms import term


class OutlinedHeading(Paragraph):  # type: ignore[misc]  # ReportLab ships no type information
    """A heading that becomes a bookmark (outline entry) and a contents line where it lands."""

    def __init__(self, text: str, style: ParagraphStyle, *, title: str, level: int, key: str) -> None:
        super().__init__(text, style)
        self.outline_title = title
        self.outline_level = level
        self.outline_key = key


@dataclass
class DocContext:
    inputs: BrandInputs
    faces: BrandTypefaces
    grid: Grid
    styles: dict[str, ParagraphStyle]
    drawings: dict[str, Drawing] = field(default_factory=dict)
    language: str = "en"
    """The language of the document's own words: the first the user asked for."""
    background: Executor | None = None
    """Where deliverables make the full-size rasters the guidelines do not show; None: at once."""
    _variants: dict[tuple[str, str], ParagraphStyle] = field(default_factory=dict)
    _heading_count: int = 0
    headings: list[tuple[int, str]] = field(default_factory=list)
    """(level, title) of every heading made, in order."""

    def gettext(self, message: str) -> str:
        """`message` (an English msgid) in the document's language."""
        return CATALOGS.translations(self.language).gettext(message)

    def term(self, word: str, context: str | None = None) -> str:
        """A word of the knowledge graph or the contracts (`real_estate`, `humanist`) in the document's
        language, from the shared terms catalogue the rationale uses too."""
        return term(self.language, word, context)

    def decimal(self, value: float, places: int = 2) -> str:
        """A number as the document's language writes it (4.50 in English, 4,50 in German)."""
        return format_decimal(value, format="0." + "0" * places, locale=self.language)

    def ratio(self, value: float) -> str:
        """A contrast ratio as the document's language writes it, truncated (`4,49:1` for 4.499):
        never shown higher than it is, and the same figure the rationale prints."""
        return format_ratio(value, self.language)

    def percent(self, share: float) -> str:
        """A share as the document's language writes it (25% in English, 25 % in German)."""
        return format_percent(share, locale=self.language)

    def month_year(self, moment: datetime) -> str:
        """'November 2026', 'noviembre de 2026', '2026年11月': CLDR's month-and-year pattern."""
        return format_skeleton("yMMMM", moment, locale=self.language)

    @property
    def roles(self) -> dict[str, str]:
        return {role: hex_color for role, hex_color in self.inputs.palette.roles.items()}

    def role(self, name: str, default: str = "#777777") -> str:
        return self.roles.get(name, default)

    def tone(self, role: str, tone: str, default: str) -> str:
        return self.inputs.palette.scales.get(role, {}).get(tone, default)

    def _style_for(self, style: str, text: str, align: str | None) -> ParagraphStyle:
        base = self.styles[style]
        shaping = needs_shaping(text)
        # ReportLab's CJK line breaking does not shape: where both are wanted, shaping wins (a
        # wrong glyph misreads; a line broken only at spaces still reads).
        wrap = "CJK" if has_cjk(text) and not shaping else None
        alignment = {"center": TA_CENTER, "right": TA_RIGHT}.get(align or "")
        if is_rtl(text) and align is None:
            alignment = TA_RIGHT
        if wrap is None and alignment is None and not shaping:
            return base
        key = (style, f"{wrap}:{alignment}:{shaping}")
        if key not in self._variants:
            extra: dict[str, object] = {}
            if wrap:
                extra["wordWrap"] = wrap
            if alignment is not None:
                extra["alignment"] = alignment
            if shaping:
                extra["shaping"] = 1
            self._variants[key] = ParagraphStyle(f"{style}-{wrap}-{alignment}-{shaping}", parent=base, **extra)
        return self._variants[key]

    def chain(self, face: EmbeddableFamily | None = None) -> list[EmbeddableFamily]:
        return self.faces.chain(face or self.faces.body)

    def _face_for(self, style: str, bold: bool) -> tuple[EmbeddableFamily, bool]:
        heading_style = style in ("display", "h1", "h2", "h3")
        return (self.faces.heading if heading_style else self.faces.body), bold or heading_style

    def markup(self, text: str, *, style: str = "body", bold: bool = False) -> str:
        face, bold = self._face_for(style, bold)
        return markup(text, self.chain(face), bold=bold)

    def cell(
        self, text: str, style: str = "tiny", *, bold: bool = False, align: str | None = None, colour: str | None = None
    ) -> Flowable:
        """A table cell of literal text: a `TextLine` (drawn without Paragraph's machinery) when it is
        one line of text that needs no shaping or reordering, else the Paragraph `para` makes."""

        def paragraph() -> Paragraph:
            return self.para(text, style, bold=bold, align=align, colour=colour)

        words = " ".join(text.split())  # as a Paragraph collapses white space
        if not words or is_rtl(words) or needs_shaping(words):
            return paragraph()
        face, bold = self._face_for(style, bold)
        runs = named_runs(words, self.chain(face), bold=bold, rtl=False)
        base = self._style_for(style, text, align)
        return TextLine(runs, base, HexColor(colour) if colour else base.textColor, paragraph)

    def para(
        self, text: str, style: str = "body", *, bold: bool = False, align: str | None = None, colour: str | None = None
    ) -> Paragraph:
        """A paragraph of literal text (escaped; any markup in `text` prints as typed)."""
        content = self.markup(text, style=style, bold=bold)
        if colour:
            content = f'<font color="{colour}">{content}</font>'
        return Paragraph(content, self._style_for(style, text, align))

    def rich(self, content: str, source_text: str, style: str = "body") -> Paragraph:
        """A paragraph from markup already built with `markup` (inline bold, links)."""
        return Paragraph(content, self._style_for(style, source_text, None))

    def heading(self, text: str, level: int = 0) -> OutlinedHeading:
        """A heading with a bookmark: section (level 0, h1), subsection (1, h2) or topic (2, h3)."""
        self._heading_count += 1
        self.headings.append((level, plain(text)))
        style = ("h1", "h2", "h3")[min(level, 2)]
        return OutlinedHeading(
            self.markup(text, style=style),
            self._style_for(style, text, None),
            title=plain(text),
            level=level,
            key=f"s{self._heading_count}",
        )

    def lockup(self, lockup: str, treatment: str) -> Drawing | None:
        files = self.inputs.logo.lockups.get(lockup, {}).get(treatment)  # type: ignore[call-overload]
        return self.drawings.get(files.svg) if files else None

    def any_lockup(self, *preferences: tuple[str, str]) -> Drawing | None:
        for lockup, treatment in preferences:
            found = self.lockup(lockup, treatment)
            if found is not None:
                return found
        return next(iter(self.drawings.values()), None)
