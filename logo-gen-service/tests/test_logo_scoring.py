"""Candidates are scored, the best is chosen, and no candidate has an ink under 3:1 against what it
sits on: measured here on resvg renders of the stored SVGs (not Cairo, not the generator's numbers)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from logo_test_helpers import png_pixels, run_logo
from PIL import Image, ImageFilter

from brandgen.logo.utils.render import svg_to_png_resvg
from brandgen.shared.models import BrandRequest

FILL = re.compile(r'fill="(#[0-9a-fA-F]{6})"')
KITS = [
    BrandRequest(company_name="Sunny Side", industry="kindergarten", style="playful", primary_color="#ffff00", seed=3),
    BrandRequest(company_name="Lemon Law", industry="law firm", style="classic", primary_color="#ffff00", seed=8),
    BrandRequest(company_name="Coral Reef Dive", industry="travel", style="friendly", primary_color="#ff7f50", seed=2),
    BrandRequest(company_name="Little Acorns", industry="kindergarten", style="playful", seed=4),
    BrandRequest(company_name="Horloge Fine", industry="watchmaker", style="luxury", seed=5),
    BrandRequest(company_name="Grave Serpent", industry="heavy metal band", style="bold", seed=9),
    BrandRequest(company_name="Acme Robotics", industry="technology", style="modern", primary_color="#1a73e8", seed=7),
]


def luminance(rgb: np.ndarray) -> float:
    channel = rgb / 255.0
    linear = np.where(channel <= 0.04045, channel / 12.92, ((channel + 0.055) / 1.055) ** 2.4)
    return float(linear @ np.array([0.2126, 0.7152, 0.0722]))


def ratio(first: np.ndarray, second: np.ndarray) -> float:
    a, b = sorted((luminance(first), luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def weak_inks(svg: str, width: int = 360) -> list[tuple[str, str, float]]:
    """(ink, neighbour, ratio) for each ink under 3:1 against a colour making up >= 25 % of its border
    (or the one it borders most), on a render composited on white; anti-aliased pixels left out."""
    rgba = png_pixels(svg_to_png_resvg(svg, width)).astype(float)
    rgb = rgba[..., :3] * rgba[..., 3:] / 255 + 255 * (1 - rgba[..., 3:] / 255)
    rgb = np.pad(rgb, ((3, 3), (3, 3), (0, 0)), constant_values=255)
    colours = ["#ffffff", *sorted({fill.lower() for fill in FILL.findall(svg)} - {"#ffffff"})]
    values = [np.array([int(c[i : i + 2], 16) for i in (1, 3, 5)], dtype=float) for c in colours]
    labels = np.full(rgb.shape[:2], -1)
    for index, value in enumerate(values):
        labels[(np.abs(rgb - value).max(axis=2) <= 6) & (labels == -1)] = index
    weak = []
    for index in range(1, len(colours)):
        mask = labels == index
        if mask.sum() < 10:
            continue
        grown = np.asarray(Image.fromarray(mask.astype(np.uint8) * 255).filter(ImageFilter.MaxFilter(5))) > 0
        around = labels[grown & ~mask]
        around = around[around >= 0]
        counts = np.bincount(around, minlength=len(colours))
        for other in {int(counts.argmax()), *np.flatnonzero(counts / counts.sum() >= 0.25).tolist()} - {index}:
            found = ratio(values[index], values[other])
            if found < 3.0:
                weak.append((colours[index], colours[other], round(found, 2)))
    return weak


@pytest.mark.slow
async def test_every_ink_of_every_candidate_and_lockup_reaches_3_to_1(store) -> None:
    for request in KITS:
        output, files = await run_logo(request, store)
        svgs = {c.id: files[c.svg].decode() for c in output.candidates}
        for treatments in output.lockups.values():
            svgs[treatments["full_color"].svg] = files[treatments["full_color"].svg].decode()
        for name, svg in svgs.items():
            assert not weak_inks(svg), (request.company_name, name, weak_inks(svg))


async def test_a_mandated_colour_too_light_for_text_stays_in_the_mark_not_in_the_name(store) -> None:
    output, files = await run_logo(KITS[0], store)
    for candidate in output.candidates:
        root = ET.fromstring(files[candidate.svg])
        groups = {g.get("class"): [p.get("fill") for p in g.iter("{http://www.w3.org/2000/svg}path")] for g in root}
        if "mark" in groups:
            assert "#ffff00" in groups["mark"], candidate.id  # the brand colour is in the mark
        assert "#ffff00" not in groups.get("wordmark", []), candidate.id  # 1.07:1 on white: never the name


@pytest.mark.slow
async def test_candidates_are_scored_and_the_best_total_is_chosen(store) -> None:
    chosen = []
    for request in KITS:
        output, _ = await run_logo(request, store)
        for candidate in output.candidates:
            score = candidate.score
            assert score is not None
            parts = (score.fit, score.legibility, score.contrast, score.distinctness)
            assert all(0.0 <= part <= 1.0 for part in parts), candidate.id
            assert score.total > 0, f"{candidate.id} has an ink under 3:1"
            assert score.min_contrast is not None
            assert score.min_contrast >= 3.0
            assert candidate.mark is not None
            assert candidate.mark.kind
        best = max(output.candidates, key=lambda c: (c.score.total if c.score else 0.0, -output.candidates.index(c)))
        assert output.chosen == best.id
        chosen.append(output.chosen)
    assert set(chosen) != {"c1"}, "the best candidate is chosen, not always the first"
