"""The cover shows the brand's colours; hostile names still give a valid, readable PDF."""

from __future__ import annotations

import io
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from pdf_helpers import all_text, fonts, reader, render
from pdf_upstream import ACCENT, PRIMARY, SECONDARY
from PIL import Image

from brandgen.pdf.settings import PdfSettings


def _rgb(hex_code: str) -> tuple[int, int, int]:
    return int(hex_code[1:3], 16), int(hex_code[3:5], 16), int(hex_code[5:7], 16)


def _near(a: tuple[int, ...], b: tuple[int, ...], tolerance: int = 6) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


async def test_cover_dominant_colours_are_the_brand_colours(brand, pdf_settings: PdfSettings, tmp_path: Path) -> None:
    fixture = await brand()
    _, data = await render(fixture, pdf_settings)
    pdf_path = tmp_path / "guidelines.pdf"
    pdf_path.write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-r", "24", "-png", "-f", "1", "-l", "1", str(pdf_path), str(tmp_path / "cover")],
        check=True,
        timeout=30,
    )
    image = Image.open(next(tmp_path.glob("cover*.png"))).convert("RGB")
    # An RGB image's pixels are (r, g, b) tuples; Pillow's type also allows one band's floats.
    counts = Counter(pixel for pixel in image.get_flattened_data() if isinstance(pixel, tuple))
    total = sum(counts.values())
    top = [colour for colour, _ in counts.most_common(3)]
    assert _near(top[0], _rgb(PRIMARY)), f"most of the cover should be the primary colour, got {top[0]}"
    assert counts[top[0]] / total > 0.5
    assert any(_near(colour, _rgb(SECONDARY)) for colour in top), "the secondary band is missing"
    assert any(_near(colour, _rgb(ACCENT)) for colour, _ in counts.most_common(8)), "the accent rule is missing"


HOSTILE_NAMES = {
    "markup": "<b>A&B</b> <script>x</script>",
    "long": "Ab" * 50,
    "arabic": "شركة النور للتقنية",
    "cjk": "株式会社さくら技研",
    "emoji": "Rocket 🚀 Labs 👩\u200d💻",
    "mixed": "Café Ñandú — Über & Co.",
}


@pytest.mark.parametrize("kind", sorted(HOSTILE_NAMES))
async def test_hostile_company_names_give_a_valid_pdf(brand, pdf_settings: PdfSettings, kind: str) -> None:
    name = HOSTILE_NAMES[kind]
    fixture = await brand(company_name=name, tagline=name[:120], languages=["en", "ja"])
    output, data = await render(fixture, pdf_settings)
    pdf = reader(data)
    assert len(pdf.pages) == output.pages
    assert all(fonts(pdf).values())
    assert pdf.metadata is not None
    assert pdf.metadata.author == name  # metadata keeps the exact name, emoji included
    text = all_text(pdf)
    if kind in ("markup", "cjk", "mixed"):
        assert name in text  # printed literally, with real glyphs
    if kind == "long":
        assert "AbAbAbAb" in text
    if kind == "arabic":
        assert any("NotoSansArabic" in font for font in fonts(pdf))
    if kind == "emoji":
        assert "Rocket" in text
        assert "Labs" in text


async def test_pdf_opens_as_an_image_with_poppler(brand, pdf_settings: PdfSettings, tmp_path: Path) -> None:
    fixture = await brand(company_name="<b>A&B</b>")
    _, data = await render(fixture, pdf_settings)
    result = subprocess.run(
        ["pdftoppm", "-r", "10", "-png", "-", str(tmp_path / "p")],
        input=data,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode()
    assert b"Error" not in result.stderr
    assert len(list(tmp_path.glob("p*.png"))) == len(reader(data).pages)
    Image.open(io.BytesIO(next(tmp_path.glob("p*.png")).read_bytes())).verify()


async def test_cover_shows_graph_ids_as_words(brand, pdf_settings: PdfSettings) -> None:
    fixture = await brand(industry="real estate")
    fixture.job.outputs["palette"]["industry"] = "real_estate"
    _, data = await render(fixture, pdf_settings)
    cover = reader(data).pages[0].extract_text()
    assert "real estate" in cover
    assert "real_estate" not in cover
