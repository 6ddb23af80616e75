"""The guidelines PDF shows what the logo stage changed from the request (`LogoOutput.notes`, issue 18)
on the logo page, below the concept: e.g. emoji no font draws, left out of the mark."""

from __future__ import annotations

from pdf_helpers import reader, render
from pdf_upstream import BrandFixture

from brandgen.pdf.settings import PdfSettings

NOTE = (
    "Left out of the company name in the logo: \u2615 (HOT BEVERAGE); no installed font draws them, "
    "so it is drawn without them."
)


def _with_note(fixture: BrandFixture) -> None:
    fixture.logo.notes = [NOTE]
    fixture.job.outputs["logo"] = fixture.logo.model_dump(mode="json")


def _page_with(data: bytes, words: str) -> str:
    """The text of the one page that has `words` (whitespace folded)."""
    pages = [" ".join(page.extract_text().split()) for page in reader(data).pages]
    found = [page for page in pages if words in page]
    assert len(found) == 1, f"{words!r} on {len(found)} pages"
    return found[0]


async def test_the_logo_page_prints_the_logo_stages_notes(brand, pdf_settings: PdfSettings) -> None:
    fixture = await brand()
    _with_note(fixture)
    _, data = await render(fixture, pdf_settings)
    page = _page_with(data, "Notes on the logo:")
    assert "Primary logo" in page
    # The emoji itself is drawn by no installed font; its Unicode name says what it was.
    assert "(HOT BEVERAGE); no installed font draws them, so it is drawn without them." in page


async def test_the_notes_label_is_in_the_documents_language(brand, pdf_settings: PdfSettings) -> None:
    fixture = await brand(languages=["de"])
    _with_note(fixture)
    _, data = await render(fixture, pdf_settings)
    page = _page_with(data, "Hinweise zum Logo (auf Englisch):")
    assert "so it is drawn without them." in page


async def test_a_logo_without_notes_prints_no_notes(brand, pdf_settings: PdfSettings) -> None:
    fixture = await brand()
    _, data = await render(fixture, pdf_settings)
    assert not any("Notes on the logo" in page.extract_text() for page in reader(data).pages)
