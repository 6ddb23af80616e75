"""The guidelines PDF as a reader receives it: pages, outline, text, fonts, metadata, determinism."""

from __future__ import annotations

from pdf_helpers import all_text, fonts, outline_titles, reader, render

from brandgen.pdf.settings import PdfSettings
from brandgen.shared.storage import FileAssetStore

SECTIONS = ["Contents", "Logo", "Colour", "Typography", "Rationale", "Applications"]


async def test_document_has_the_designed_pages_outline_and_text(brand, pdf_settings: PdfSettings) -> None:
    fixture = await brand(languages=["en", "ja", "es"])
    output, data = await render(fixture, pdf_settings)
    pdf = reader(data)

    assert output.pages == len(pdf.pages)
    assert 12 <= output.pages <= 24
    assert output.bytes == len(data)

    outline = outline_titles(pdf)
    assert [title for level, title in outline if level == 0] == SECTIONS
    subsections = {title for level, title in outline if level == 1}
    assert {"Primary logo", "Lockups and variants", "Clear space and minimum size", "Incorrect use"} <= subsections
    assert {"Core palette", "Tonal scales", "Contrast", "Colour-vision deficiency"} <= subsections
    assert {"English", "日本語", "Español", "Favicon", "Social avatar", "Business card"} <= subsections

    text = all_text(pdf)
    assert "Acme Robotics" in text
    lowered = text.lower()
    palette = fixture.palette
    hexes = set(palette.roles.values())
    hexes |= {hex_code for scale in palette.scales.values() for hex_code in scale.values()}
    hexes |= {hex_code for tokens in palette.themes.values() for hex_code in tokens.values()}
    missing = sorted(hex_code for hex_code in hexes if hex_code not in lowered)
    assert not missing, f"palette colours not printed: {missing}"
    for document in fixture.rationale.documents.values():
        for section in document.sections:
            assert section.title in text, f"rationale heading {section.title!r} ({document.language}) missing"
    # Markdown from the rationale prints its user text literally: the list item keeps its <point> and &.
    assert "one <point> & another" in text


async def test_every_font_is_embedded_and_metadata_is_set(brand, pdf_settings: PdfSettings) -> None:
    fixture = await brand(languages=["en", "ja"])
    _, data = await render(fixture, pdf_settings)
    pdf = reader(data)

    used = fonts(pdf)
    assert used, "the document uses no fonts"
    assert all(used.values()), f"fonts not embedded: {[name for name, ok in used.items() if not ok]}"
    names = " ".join(used)
    assert "Inter" in names  # the brand's heading face: CFF on Debian, embedded after conversion
    assert "Lato" in names  # the brand's body face
    assert "DroidSansFallback" in names  # Japanese rationale in a TrueType CJK face

    meta = pdf.metadata
    assert meta is not None
    assert meta.title == "Acme Robotics — Brand guidelines"
    assert meta.author == "Acme Robotics"
    assert "Acme Robotics" in (meta.subject or "")
    assert str(pdf.root_object["/Lang"]) == "en-GB"
    preferences = pdf.viewer_preferences
    assert preferences is not None
    assert preferences["/DisplayDocTitle"]


async def test_same_inputs_give_identical_pdf_and_zip(brand, pdf_settings: PdfSettings, tmp_path) -> None:
    fixture = await brand(languages=["en"])
    first, first_pdf = await render(fixture, pdf_settings)
    first_zip = await fixture.store.for_job(fixture.job.job_id).get(first.zip)

    # The same job rendered again from a fresh copy of its inputs.
    copy_store = FileAssetStore(tmp_path / "copy")
    source = fixture.store.for_job(fixture.job.job_id)
    for name in await source.list():
        if not name.startswith("pdf/"):
            await copy_store.for_job(fixture.job.job_id).put(name, await source.get(name))
    fixture.store = copy_store
    second, second_pdf = await render(fixture, pdf_settings)
    second_zip = await copy_store.for_job(fixture.job.job_id).get(second.zip)

    assert first_pdf == second_pdf
    assert first_zip == second_zip
