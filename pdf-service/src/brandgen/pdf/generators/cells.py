"""One line of plain text in a table cell, drawn as the Paragraph of the same text would draw it.

The colour pages' tables hold some six hundred cells a document (tonal scales, themes, the contrast
matrix and the palette's checks), each a hex code, a ratio or a word. As Paragraphs they were a
fifth of the guidelines' render: markup parsed into fragments, words measured and broken into lines,
every cell, every pass. A `TextLine` measures its runs once and draws them with one text object,
at the baseline, alignment and colour the Paragraph uses (a single line is `leading` tall, its
baseline `fontSize` under its top: ReportLab's default `paraFontSizeHeightOffset`). Text that needs
more than the width it is given, or that needs shaping or right-to-left order, is the Paragraph's
job: the cell hands itself to the Paragraph it stands for.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph


class TextLine(Flowable):  # type: ignore[misc]  # ReportLab ships no type information
    """`runs` ((font name, text) pairs, already cleaned) on one line in `style`, in `colour`."""

    def __init__(
        self,
        runs: list[tuple[str, str]],
        style: ParagraphStyle,
        colour: Color,
        paragraph: Callable[[], Paragraph],
    ) -> None:
        super().__init__()
        self.runs = runs
        self.style = style
        self.colour = colour
        self._make_paragraph = paragraph
        self._paragraph: Paragraph | None = None
        self.text_width = sum(stringWidth(text, font, style.fontSize) for font, text in runs)

    def _fits(self, width: float) -> bool:
        return bool(self.text_width <= width - self.style.leftIndent - self.style.rightIndent)

    def paragraph(self) -> Paragraph:
        if self._paragraph is None:
            self._paragraph = self._make_paragraph()
        return self._paragraph

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if not self._fits(available_width):
            self.width, self.height = self.paragraph().wrap(available_width, available_height)
            return self.width, self.height
        self.width, self.height = available_width, self.style.leading
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        if self._fits(available_width):
            return []  # one line: it moves whole
        return list(self.paragraph().split(available_width, available_height))

    def getSpaceBefore(self) -> float:  # noqa: N802 - ReportLab's name
        return float(self.style.spaceBefore)

    def getSpaceAfter(self) -> float:  # noqa: N802 - ReportLab's name
        return float(self.style.spaceAfter)

    def draw(self) -> None:
        if not self._fits(self.width):
            self.paragraph().drawOn(self.canv, 0, 0)
            return
        style = self.style
        x = style.leftIndent
        if style.alignment == TA_CENTER:
            x += (self.width - style.leftIndent - style.rightIndent - self.text_width) / 2
        elif style.alignment == TA_RIGHT:
            x = self.width - style.rightIndent - self.text_width
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(self.colour)
        text = canvas.beginText(x, self.height - style.fontSize)
        for font, run in self.runs:
            text.setFont(font, style.fontSize, style.leading)
            text.textOut(run)
        canvas.drawText(text)
        canvas.restoreState()
