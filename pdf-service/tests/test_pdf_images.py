"""Raster images in the guidelines (`NamedImage`): the same pixels as ReportLab's ImageReader gives,
a JPEG embedded as it is, an image drawn twice stored once."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from brandgen.pdf.templates.applications import NamedImage


def _jpeg() -> bytes:
    image = Image.new("RGB", (120, 80), "#1a56db")
    ImageDraw.Draw(image).ellipse((20, 10, 100, 70), fill="#f59e0b")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def _png() -> bytes:
    image = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((4, 4, 60, 60), fill=(200, 30, 60, 255))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _document(make: Callable[[bytes], ImageReader | NamedImage], jpeg: bytes, png: bytes) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(300, 200), invariant=1)
    canvas.setFillColor("#eeeeee")
    canvas.rect(0, 0, 300, 200, stroke=0, fill=1)
    canvas.drawImage(make(jpeg), 10, 10, 120, 80, mask="auto")
    for x in (150, 220):  # the same PNG twice, as the avatar is shown square and round
        canvas.drawImage(make(png), x, 100, 64, 64, mask="auto")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _pixels(data: bytes) -> np.ndarray:
    document = pdfium.PdfDocument(data)
    try:
        return np.asarray(document[0].render(scale=2).to_pil().convert("RGB"))
    finally:
        document.close()


def test_named_images_draw_what_image_readers_draw_and_are_stored_once(monkeypatch: pytest.MonkeyPatch) -> None:
    jpeg, png = _jpeg(), _png()
    expected = _document(lambda data: ImageReader(io.BytesIO(data)), jpeg, png)
    decoded: list[str] = []
    decode = ImageReader.getRGBData

    def counted(reader: ImageReader) -> bytes:
        decoded.append(reader._image.format or reader._image.mode)
        return decode(reader)  # type: ignore[no-any-return]

    monkeypatch.setattr(ImageReader, "getRGBData", counted)
    drawn = _document(NamedImage, jpeg, png)

    assert np.array_equal(_pixels(expected), _pixels(drawn))
    assert b"/DCTDecode" in drawn, "the JPEG is embedded as JPEG"
    # The JPEG, the PNG's colour and its alpha (soft mask): three images, the PNG drawn twice.
    assert len(re.findall(rb"/Subtype /Image", drawn)) == 3
    # Pixels read only to be embedded: the PNG once though drawn twice, the JPEG never.
    assert decoded.count("PNG") == 1
    assert "JPEG" not in decoded
    assert NamedImage(png) == NamedImage(png)
    assert NamedImage(png) != NamedImage(jpeg)
