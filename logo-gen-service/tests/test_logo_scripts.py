"""Names mixing scripts no one font has are drawn whole (issue 22: Hangul was dropped from such names).

A logo is outlined text; when no installed face has every script of a name (Hangul with Arabic,
Hebrew, Thai, Devanagari ...), each run is drawn with a face that has it instead of leaving it out.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from logo_test_helpers import png_pixels, run_logo

from brandgen.logo.utils.text_paths import outline_mixed
from brandgen.logo.utils.typefaces import drawable_text
from brandgen.shared.contracts import LogoOutput
from brandgen.shared.fonts import face_for_text
from brandgen.shared.models import BrandRequest

SVG = "{http://www.w3.org/2000/svg}"
MIXED = {
    "hangul + arabic": ("서울 نور Bakery", "نور Bakery"),
    "hangul + hebrew": ("서울 שחר Bakery", "שחר Bakery"),
    "hangul + thai": ("서울 กรุงเทพ Bakery", "กรุงเทพ Bakery"),
    "hangul + devanagari": ("서울 दिल्ली Bakery", "दिल्ली Bakery"),
}


def contours(path_data: str) -> int:
    return len(re.findall(r"[Mm]", path_data))


def wordmark(files: dict[str, bytes], output: LogoOutput) -> tuple[str, float]:
    """The wordmark's outline path data and the width of its drawing (name at 100 px)."""
    svg = files[output.lockups["wordmark"]["full_color"].svg]
    root = ET.fromstring(svg)
    group = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "wordmark")
    data = " ".join(p.get("d", "") for p in group.iter(f"{SVG}path"))
    return data, float(root.get("viewBox", "0 0 0 0").split()[2])


def ink_words(pixels: np.ndarray) -> int:
    """Runs of inked columns separated by gaps wider than a word space's share of the ink height.

    Only the upper part of the ink is read: an accent bar or dot under or beside the name's
    baseline would join its words."""
    rows = np.nonzero((pixels[..., 3] > 128).any(axis=1))[0]
    top, height = rows.min(), rows.max() - rows.min()
    inked = (pixels[top : top + int(height * 0.6), :, 3] > 128).any(axis=0)
    assert isinstance(inked, np.ndarray)  # one flag per column (numpy's stubs allow a scalar for any axis)
    min_gap = 0.18 * height
    words, gap, seen = 0, min_gap, False
    for column in inked:
        if column:
            if gap >= min_gap or not seen:
                words += 1
            gap, seen = 0, True
        else:
            gap += 1
    return words


@pytest.mark.parametrize("mix", sorted(MIXED))
def test_no_letter_of_a_mixed_name_is_left_out(mix: str) -> None:
    name, _ = MIXED[mix]
    assert drawable_text(name) == name
    face = face_for_text("Bakery", ["Inter Display"])
    outline = outline_mixed(name, face, 100)
    assert 0 not in outline.glyph_ids  # no .notdef box anywhere
    hangul = outline_mixed("서울", face_for_text("서울", []), 100)
    assert outline.width > hangul.width + outline_mixed(name[3:], face, 100).width * 0.9


@pytest.mark.slow
@pytest.mark.parametrize("mix", ["hangul + arabic", "hangul + devanagari"])
async def test_the_wordmark_draws_the_hangul_of_a_mixed_name(store, mix: str) -> None:
    name, without_hangul = MIXED[mix]
    request = BrandRequest(company_name=name, industry="bakery", style="modern", primary_color="#1a73e8", seed=3)
    output, files = await run_logo(request, store)
    data, width = wordmark(files, output)
    short = request.model_copy(update={"company_name": without_hangul})
    short_output, short_files = await run_logo(short, store)
    short_data, short_width = wordmark(short_files, short_output)
    hangul_contours = contours(outline_mixed("서울", face_for_text("서울", []), 100).d)
    assert contours(data) >= contours(short_data) + hangul_contours - 2, "the Hangul word is missing"
    assert width > short_width  # the faces may differ (a mixed name leads with its first letter's)
    # Ink where the text is: the name's three words are three blobs of ink in the rendered PNG.
    pixels = png_pixels(files[output.lockups["wordmark"]["full_color"].png["1024"]])
    assert ink_words(pixels) == 3


async def test_a_korean_name_and_tagline_are_drawn_in_a_hangul_face(store) -> None:
    request = BrandRequest(
        company_name="서울 빵집", tagline="매일 신선한 빵", industry="bakery", style="modern", seed=3
    )
    output, files = await run_logo(request, store)
    data, _ = wordmark(files, output)
    assert contours(data) >= contours(outline_mixed("서울빵집", face_for_text("서울빵집", []), 100).d) - 2
    roles = {use.role: use.family for use in output.fonts}
    assert "CJK" in roles["wordmark"], roles
    assert "CJK" in roles["tagline"], roles
    combination = png_pixels(files[output.lockups["combination"]["full_color"].png["512"]])
    rows = np.nonzero((combination[..., 3] > 128).any(axis=1))[0]
    assert rows.max() - rows.min() > 0.4 * combination.shape[0]  # the name and the tagline below it
