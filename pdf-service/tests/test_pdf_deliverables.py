"""The deliverables (issue 20), opened with the libraries that read them: pypdf, Pillow, python-docx."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pypdfium2 as pdfium
import pytest
from deliverable_helpers import HOSTILE, pdf, text_positions
from docx import Document
from pdf_helpers import fonts
from pdf_upstream import build_outputs
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from brandgen.pdf.deliverables.card import BLEED, SAFE, crop_mark_segments
from brandgen.pdf.deliverables.contact import PLACEHOLDERS

MM = 72 / 25.4
CONTACT = {
    "name": "Ada Lovelace",
    "title": "Chief Engineer",
    "email": "ada@acme.example",
    "phone": "+44 20 7946 0958",
    "website": "https://acme.example",
    "address": "12 Analytical Row, London N1 9GU",
}


def _close(a: float, b: float) -> bool:
    return abs(a - b) < 0.01  # a hundredth of a point


@pytest.mark.parametrize(("paper", "trim_mm"), [("a4", (85.0, 55.0)), ("us", (88.9, 50.8))])
def test_card_trim_and_bleed_boxes_are_exact(make_deliverables, paper: str, trim_mm: tuple[float, float]) -> None:
    card = make_deliverables(paper=paper, contact=CONTACT)["business_card_print"]
    reader = pdf(card)
    assert len(reader.pages) == 2  # front and back
    for page in reader.pages:
        trim, bleed, media = page.trimbox, page.bleedbox, page.mediabox
        assert _close(float(trim.width), trim_mm[0] * MM)
        assert _close(float(trim.height), trim_mm[1] * MM)
        for edge in ("left", "bottom"):
            assert _close(float(getattr(trim, edge)) - float(getattr(bleed, edge)), 3 * MM)
        for edge in ("right", "top"):
            assert _close(float(getattr(bleed, edge)) - float(getattr(trim, edge)), 3 * MM)
        assert float(media.left) < float(bleed.left)
        assert float(media.top) > float(bleed.top)


def test_crop_marks_lie_outside_the_bleed_and_are_drawn(make_deliverables) -> None:
    card = make_deliverables(contact=CONTACT)["business_card_print"]
    page = pdf(card).pages[0]
    w, h = float(page.trimbox.width), float(page.trimbox.height)
    segments = crop_mark_segments(w, h)
    assert len(segments) == 8
    for x1, y1, x2, y2 in segments:
        for x, y in ((x1, y1), (x2, y2)):
            outside = x < -BLEED or x > w + BLEED or y < -BLEED or y > h + BLEED
            assert outside, (x, y)
    # ... and they are on the page: dark pixels at each mark's midpoint (PDFium render, 4 px per point).

    image = pdfium.PdfDocument(card.data)[0].render(scale=4).to_pil().convert("L")
    left, bottom = float(page.trimbox.left), float(page.trimbox.bottom)
    height_pt = float(page.mediabox.height)
    for x1, y1, x2, y2 in segments:
        mx, my = left + (x1 + x2) / 2, bottom + (y1 + y2) / 2
        px, py = round(mx * 4), round((height_pt - my) * 4)
        darkest = min(image.getpixel((px + dx, py + dy)) for dx in (-1, 0, 1) for dy in (-1, 0, 1))
        assert darkest < 160, (mx, my)  # a 0.25 pt line is one antialiased pixel wide here; paper is 255


def test_card_prints_the_contact_inside_the_safe_margin_in_embedded_fonts(make_deliverables) -> None:
    card = make_deliverables(contact=CONTACT)["business_card_print"]
    reader = pdf(card)
    text = "\n".join(page.extract_text() for page in reader.pages)
    for value in ("Ada Lovelace", "Chief Engineer", "ada@acme.example", "+44 20 7946 0958", "acme.example"):
        assert value in text
    assert "12 Analytical Row" in text
    assert "[" not in text  # no placeholder when a contact is given
    assert fonts(reader)
    assert all(fonts(reader).values())
    for index, page in enumerate(reader.pages):
        trim = page.trimbox
        for x, y, run in text_positions(reader, index):
            assert float(trim.left) + SAFE - 0.5 <= x <= float(trim.right) - SAFE, run
            assert float(trim.bottom) + SAFE - 0.5 <= y <= float(trim.top) - SAFE, run
        resources = page["/Resources"]
        assert isinstance(resources, DictionaryObject)
        images = [
            name
            for name, xobject in (resources.get("/XObject") or {}).items()
            if xobject.get_object().get("/Subtype") == "/Image"
        ]
        assert images == []  # the logo is drawn as vector paths, not pasted as a picture


def test_hostile_contact_prints_literally_and_stays_inside(make_deliverables) -> None:
    made = make_deliverables(contact=HOSTILE)
    reader = pdf(made["business_card_print"])
    text = reader.pages[0].extract_text()
    assert '<script>alert("x")</script>' in text  # markup is text, not markup
    assert "東京都千代田区" in text
    assert "Postcode 12345" in text  # the 200-character address is all there, shrunk to fit
    trim = reader.pages[0].trimbox
    for _x, y, run in text_positions(reader, 0):
        assert float(trim.bottom) + SAFE - 0.5 <= y <= float(trim.top) - SAFE, run
    letterhead = pdf(made["letterhead_pdf"]).pages[0].extract_text()
    assert '<script>alert("x")</script>' in letterhead


def test_without_contact_every_stationery_item_says_placeholder(make_deliverables) -> None:
    made = make_deliverables()
    card = "\n".join(page.extract_text() for page in pdf(made["business_card_print"]).pages)
    letterhead = pdf(made["letterhead_pdf"]).pages[0].extract_text()
    signature = made["email_signature_text"].data.decode()
    for value in (PLACEHOLDERS["name"], PLACEHOLDERS["email"]):
        assert value in card
        assert value in letterhead
        assert value in signature
    for kind in ("business_card_print", "letterhead_pdf", "letterhead_docx", "email_signature_html"):
        assert made[kind].extra["placeholders"] is True


def test_card_preview_is_the_trimmed_card_at_300_dpi(make_deliverables) -> None:
    made = make_deliverables(paper="us", contact=CONTACT)
    for side in ("front", "back"):
        image = Image.open(io.BytesIO(made[f"business_card_preview:{side}"].data))
        assert image.size == (1050, 600)  # 3.5 x 2 in at 300 dpi


@pytest.mark.parametrize(("paper", "size_mm", "word"), [("a4", (210, 297), "A4"), ("us", (215.9, 279.4), "Letter")])
def test_letterhead_pdf_and_docx(make_deliverables, paper: str, size_mm: tuple[float, float], word: str) -> None:
    made = make_deliverables(paper=paper, contact=CONTACT)
    page = pdf(made["letterhead_pdf"]).pages[0]
    assert _close(float(page.mediabox.width), size_mm[0] * MM)
    assert _close(float(page.mediabox.height), size_mm[1] * MM)
    text = page.extract_text()
    for value in ("Ada Lovelace", "ada@acme.example", "12 Analytical Row"):
        assert value in text
    document = Document(io.BytesIO(made["letterhead_docx"].data))
    section = document.sections[0]
    assert section.page_width is not None
    assert section.page_height is not None
    assert abs(section.page_width.mm - size_mm[0]) < 0.1
    assert abs(section.page_height.mm - size_mm[1]) < 0.1
    header = "\n".join(cell.text for table in section.header.tables for cell in table._cells)
    for value in ("Ada Lovelace", "Chief Engineer", "ada@acme.example", "+44 20 7946 0958", "acme.example"):
        assert value in header
    assert "12 Analytical Row" in section.footer.paragraphs[0].text
    assert len(section.header.part.package.image_parts) == 1  # the logo picture
    assert made["letterhead_docx"].extra["paper"] == word


SOCIAL_SIZES = {
    "social_x_header": (1500, 500),
    "social_linkedin_banner": (1584, 396),
    "social_facebook_cover": (1640, 624),
    "social_youtube_banner": (2560, 1440),
    "social_instagram_post": (1080, 1080),
    "social_instagram_story": (1080, 1920),
    "social_profile": (400, 400),
}


def test_social_images_have_each_platforms_exact_size(make_deliverables) -> None:
    made = make_deliverables()
    for kind, size in SOCIAL_SIZES.items():
        image = Image.open(io.BytesIO(made[kind].data))
        assert image.size == size, kind
        assert (made[kind].width, made[kind].height) == size
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
        assert colours is not None
        assert len(colours) > 50, kind  # composed: not a logo on a flat colour


def test_youtube_banner_keeps_logo_and_words_inside_the_safe_area(make_deliverables) -> None:
    # Outside the central 1546 x 423 the banner is ground and shapes only: the same as a render
    # of the banner with no logo and no words. Compared on a band above and below the safe area.
    made = make_deliverables()
    banner = made["social_youtube_banner"]
    safe = banner.extra["safe_area"]
    assert safe == {"x": 507, "y": 508.5, "width": 1546, "height": 423}
    blank = make_deliverables(company_name="Acme Robotics", tagline=None)["social_youtube_banner"]
    full = Image.open(io.BytesIO(banner.data)).convert("L")
    ground = Image.open(io.BytesIO(blank.data)).convert("L")
    for box in ((0, 0, 2560, 500), (0, 940, 2560, 1440), (0, 500, 500, 940), (2060, 500, 2560, 940)):
        a, b = full.crop(box).tobytes(), ground.crop(box).tobytes()
        differing = sum(1 for p, q in zip(a, b, strict=True) if abs(p - q) > 24)
        assert differing < len(a) * 0.001, box


KINDS = {
    "business_card_print",
    "business_card_preview",
    "letterhead_pdf",
    "letterhead_docx",
    "email_signature_html",
    "email_signature_text",
    "logo_pdf",
    "logo_eps",
    "mockup",
    "guidelines_site",
    "font",
    "font_licence",
    *SOCIAL_SIZES,
}


async def test_the_kit_and_its_manifest_list_every_deliverable(brand, pdf_settings) -> None:
    import json
    import zipfile

    from pdf_helpers import render

    fixture = await brand(paper="us")
    output, _ = await render(fixture, pdf_settings)
    assets = fixture.store.for_job(fixture.job.job_id)
    manifest = json.loads(await assets.get(output.manifest))
    entries = {entry["name"]: entry for entry in manifest["files"]}
    assert {entry["kind"] for entry in entries.values()} >= KINDS
    assert all(entry["kind"] and entry["media_type"] for entry in entries.values())
    card = entries["deliverables/business-card/business-card-print.pdf"]
    assert card["trim"] == {"width": 88.9, "height": 50.8, "unit": "mm"}
    assert card["pages"] == 2
    story = entries["deliverables/social/instagram-story.jpg"]
    assert story["size"] == {"width": 1080, "height": 1920, "unit": "px"}
    assert entries["pdf/brand-guidelines.pdf"]["size"]["unit"] == "mm"
    assert manifest["contact_placeholders"] is True
    assert "placeholders" in manifest["note"]  # the kit says its stationery carries placeholders
    archive = zipfile.ZipFile(io.BytesIO(await assets.get(output.zip)))
    assert set(entries) <= set(archive.namelist())
    for name in entries:
        if name.startswith("deliverables/"):
            assert archive.read(name) == await assets.get(name)


def test_every_lockup_comes_as_vector_pdf_and_eps(make_deliverables, tmp_path) -> None:
    made = make_deliverables().every
    pdfs = {(i.extra["lockup"], i.extra["treatment"]): i for i in made if i.kind == "logo_pdf"}
    epss = {(i.extra["lockup"], i.extra["treatment"]): i for i in made if i.kind == "logo_eps"}
    assert len(pdfs) == len(epss) == 9  # 3 lockups x 3 treatments in the fixture
    for key, item in pdfs.items():
        page = pdf(item).pages[0]
        assert (float(page.mediabox.width), float(page.mediabox.height)) == (item.width, item.height)
        resources = page["/Resources"]
        assert isinstance(resources, DictionaryObject)
        assert "/XObject" not in resources  # paths, no embedded picture
        eps = epss[key]
        assert eps.data.startswith(b"%!PS-Adobe-3.0 EPSF-3.0")
        path = tmp_path / "logo.eps"
        path.write_bytes(eps.data)
        # Ghostscript runs the PostScript and measures the ink: it lies inside the declared box.
        result = subprocess.run(
            ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=bbox", str(path)],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
        declared = re.search(rb"%%BoundingBox: (\d+) (\d+) (\d+) (\d+)", eps.data)
        inked = re.search(r"%%HiResBoundingBox: ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+)", result.stderr)
        assert declared, key
        assert inked, result.stderr
        x0, y0, x1, y1 = map(float, inked.groups())
        bx0, by0, bx1, by1 = map(float, declared.groups())
        assert (bx1 - bx0, by1 - by0) == (round(item.width), round(item.height))
        if key[1] == "inverse":  # white ink: Ghostscript's bbox device does not count white as ink
            continue
        assert x1 > x0, key  # something is drawn ...
        assert y1 > y0, key
        assert bx0 - 1 <= x0, key  # ... inside the declared box
        assert by0 - 1 <= y0, key
        assert x1 <= bx1 + 1, key
        assert y1 <= by1 + 1, key


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed (optional)")
def test_letterhead_docx_opens_in_libreoffice(make_deliverables, tmp_path) -> None:
    made = make_deliverables(contact=CONTACT)
    source = tmp_path / "letterhead.docx"
    source.write_bytes(made["letterhead_docx"].data)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    page = PdfReader(tmp_path / "letterhead.pdf").pages[0]
    assert abs(float(page.mediabox.width) - 210 * MM) < 1
    text = page.extract_text()
    for value in ("Ada Lovelace", "ada@acme.example", "12 Analytical Row"):
        assert value in text


def test_every_deliverable_is_reproducible(make_deliverables) -> None:
    # The kit zip is byte-identical for identical inputs, so each file in it must be too.
    first, second = make_deliverables(contact=CONTACT).every, make_deliverables(contact=CONTACT).every
    assert [item.key for item in first] == [item.key for item in second]
    for one, two in zip(first, second, strict=True):
        assert one.data == two.data, one.key


@pytest.mark.slow
def test_fitted_text_shrinks_rather_than_split_a_word(font_cache) -> None:
    from brandgen.pdf.deliverables.common import deliverable_context, fit_text
    from brandgen.pdf.faces import brand_typefaces
    from brandgen.pdf.generators.document import parse_logos
    from brandgen.pdf.inputs import BrandInputs
    from brandgen.pdf.typefaces import TypefaceBook
    from brandgen.shared.models import BrandRequest

    request = BrandRequest(company_name="Donaudampfschifffahrt", industry="shipping", style="modern")
    files, logo, palette, rationale = build_outputs(request)
    inputs = BrandInputs(request=request, logo=logo, palette=palette, rationale=rationale, files=files)
    faces = brand_typefaces(TypefaceBook(font_cache), palette)
    ctx = deliverable_context(inputs, faces, parse_logos(inputs, faces.heading.name))
    paragraph = fit_text(ctx, request.company_name, width=120, height=80, size=40, colour="#000000", min_size=4)
    assert paragraph.minWidth() <= 120  # the long word set smaller, on one line, not broken in two
    assert paragraph.style.fontSize < 40


def test_mockups_show_the_kit_in_use(make_deliverables) -> None:
    mockups = [item for item in make_deliverables().every if item.kind == "mockup"]
    assert {item.extra["scene"] for item in mockups} == {
        "business card on a desk",
        "Instagram story on a phone",
        "logo on a shop sign",
    }
    for item in mockups:
        image = Image.open(io.BytesIO(item.data))
        assert image.size == (1200, 800)
        assert len(image.convert("RGB").getcolors(maxcolors=1 << 20) or []) > 50  # a scene, not a swatch


def test_the_kit_ships_its_font_files_with_their_licence_texts(make_deliverables) -> None:
    """Inter (heading, CFF .otf) and Lato (body, .ttf): each family's files, each opening as that family,
    with a licence text in the same folder that holds the licence's own words."""
    from fontTools.ttLib import TTFont

    made = make_deliverables()
    fonts_made = [item for item in made.every if item.kind == "font"]
    licences = {item.key.rsplit("/", 1)[0]: item for item in made.every if item.kind == "font_licence"}
    families = {item.extra["family"] for item in fonts_made}
    assert families == {"Inter", "Lato"}
    for family in families:
        styles = {item.extra["style"] for item in fonts_made if item.extra["family"] == family}
        assert {"regular", "bold"} <= styles, (family, styles)
    for item in fonts_made:
        assert item.key.startswith("deliverables/fonts/")
        assert item.media_type in {"font/otf", "font/ttf"}
        with TTFont(io.BytesIO(item.data), lazy=True) as font:
            names = {font["name"].getDebugName(1), font["name"].getDebugName(16)}
        assert item.extra["family"] in names, (item.key, names)
        licence = licences[item.key.rsplit("/", 1)[0]]  # beside the font
        assert licence.extra == {"family": item.extra["family"], "licence": "OFL-1.1"}
        text = licence.data.decode()
        assert "SIL OPEN FONT LICENSE Version 1.1" in text
        assert "Copyright" in text  # the holders, not only the licence


def test_font_licence_texts_hold_the_whole_licence_with_or_without_dpkg(monkeypatch) -> None:
    """Open Sans's Debian copyright file only names Apache-2.0: the full text is added. Where dpkg is
    absent (a slimmer image), Lato's text is its own copyright notice and the OFL this package carries."""
    from brandgen.pdf.deliverables import fonts as kit_fonts

    open_sans = kit_fonts._faces("Open Sans")[0][1]
    licence, text = kit_fonts.licence_text("Open Sans", open_sans)
    assert licence == "Apache-2.0"
    assert "Google" in text  # the holder, from the font and the package
    assert "TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION" in text

    monkeypatch.setattr("brandgen.pdf.deliverables.fonts.shutil.which", lambda _name: None)
    kit_fonts._debian_copyright.cache_clear()
    try:
        lato = kit_fonts._faces("Lato")[0][1]
        licence, text = kit_fonts.licence_text("Lato", lato)
    finally:
        kit_fonts._debian_copyright.cache_clear()
    assert licence == "OFL-1.1"
    assert "Debian package" not in text
    assert "Lukasz Dziedzic" in text  # the font's own notice
    assert "SIL OPEN FONT LICENSE Version 1.1" in text
    assert "Reserved Font Name" in text
