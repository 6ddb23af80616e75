"""The guidelines PDF names the open-licence icon its logo is drawn from, with the set's licence and attribution."""

from __future__ import annotations

from pdf_helpers import all_text, reader, render
from pdf_upstream import BrandFixture

from brandgen.pdf.settings import PdfSettings
from brandgen.shared.contracts import MarkIcon, MarkInfo

ICON = MarkIcon(
    set="tabler",
    name="robot-face",
    licence="MIT",
    tags=["robot"],
    attribution="Copyright (c) 2020-2024 Paweł Kuna",
)


def _with_icon(fixture: BrandFixture) -> None:
    """The chosen candidate carries an icon, as the logo stage's semantic marks do."""
    fixture.logo.candidates[0].mark = MarkInfo(kind="icon/container-circle", icon=ICON)
    fixture.job.outputs["logo"] = fixture.logo.model_dump(mode="json")


async def test_the_logo_page_prints_the_icons_licence_and_attribution(brand, pdf_settings: PdfSettings) -> None:
    fixture = await brand()
    _with_icon(fixture)
    _, data = await render(fixture, pdf_settings)
    text = " ".join(all_text(reader(data)).split())
    assert "Icon “robot-face” from tabler, licensed under MIT. Copyright (c) 2020-2024 Paweł Kuna" in text


async def test_the_icon_line_is_in_the_documents_language(brand, pdf_settings: PdfSettings) -> None:
    fixture = await brand(languages=["de"])
    _with_icon(fixture)
    _, data = await render(fixture, pdf_settings)
    assert "Icon „robot-face“ aus tabler, lizenziert unter MIT." in " ".join(all_text(reader(data)).split())


async def test_a_mark_without_an_icon_prints_no_icon_line(brand, pdf_settings: PdfSettings) -> None:
    fixture = await brand()
    _, data = await render(fixture, pdf_settings)
    assert "licensed under MIT" not in all_text(reader(data))
