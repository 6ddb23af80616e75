"""Colour properties over many seeds (hypothesis), checked with implementations independent of the service.

The WCAG check uses coloraide's contrast (a second implementation of relative luminance, from its
own XYZ matrix) and, for exactness at the boundary, the WCAG formula written out again below.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from coloraide import Color
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from brandgen.palette.bkg.matching import Match
from brandgen.palette.bkg.repository import JobContext
from brandgen.palette.color.hct import HctColor, from_hct, hue_distance
from brandgen.palette.color.scales import SCALE_TONES
from brandgen.palette.palette import PaletteInputs, build_palette
from brandgen.palette.wcag.contrast import apca_lc, contrast_ratio
from brandgen.palette.wcag.cvd import check_roles, cvd_delta_e
from brandgen.palette.wcag.repair import repair_foreground
from brandgen.shared.contracts import PaletteOutput

hex_colors = st.integers(0, 0xFFFFFF).map(lambda value: f"#{value:06x}")
SPECIAL = ["#000000", "#ffffff", "#ffff00", "#808080", "#777777", "#767676", "#c0c0c0", "#333333", "#ff0000"]
REQUIRED = {"text": 4.5, "large_text": 3.0, "ui": 3.0}
HUE_TOLERANCE = 3.0  # degrees
CHROMATIC = 12.0  # below this HCT chroma a hue is too unstable to compare


def wcag_luminance(hex_color: str) -> float:
    """Relative luminance exactly as WCAG 2.2 defines it (independent of the service's code)."""
    srgb = [int(hex_color[index : index + 2], 16) / 255 for index in range(1, 7, 2)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in srgb]
    return sum(weight * value for weight, value in zip((0.2126, 0.7152, 0.0722), linear, strict=True))


def wcag_ratio(first: str, second: str) -> float:
    high, low = max(wcag_luminance(first), wcag_luminance(second)), min(wcag_luminance(first), wcag_luminance(second))
    return (high + 0.05) / (low + 0.05)


@cache
def palette_for(context_json: str, seed: str | None, logo: tuple[str, ...] = ()) -> PaletteOutput:
    context = JobContext.model_validate_json(context_json)
    inputs = PaletteInputs(
        seed, list(logo), Match(context.industry, "exact"), Match(context.style, "exact"), context.industry, "x"
    )
    return build_palette(inputs, context)


def build(context: JobContext, seed: str | None, logo: tuple[str, ...] = ()) -> PaletteOutput:
    return palette_for(context.model_dump_json(), seed, logo)


many = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.mark.slow
@many
@given(seed=hex_colors)
@example(seed="#000000")
@example(seed="#ffffff")
@example(seed="#ffff00")
@example(seed="#808080")
@example(seed="#777777")
def test_every_pair_marked_passing_really_passes(tech_context: JobContext, seed: str) -> None:
    palette = build(tech_context, seed)
    for check in palette.contrast:
        assert check.ratio == pytest.approx(wcag_ratio(check.foreground_hex, check.background_hex), rel=1e-12)
        assert check.ratio == pytest.approx(
            Color(check.foreground_hex).contrast(check.background_hex, method="wcag21"), rel=2e-3
        )
        assert check.required == REQUIRED[check.kind]
        assert check.aa == (wcag_ratio(check.foreground_hex, check.background_hex) >= check.required)
        assert check.foreground_hex == palette.themes[check.theme][check.foreground]
        assert check.background_hex == palette.themes[check.theme][check.background]
    # Everything but the brand colour itself is repaired until it passes.
    assert all(check.aa for check in palette.contrast if check.foreground != "brand")


@pytest.mark.slow
@many
@given(seed=hex_colors)
@example(seed="#ffff00")
@example(seed="#ffffff")
def test_requested_colour_is_kept_unchanged_and_explained_when_it_cannot_carry_text(
    tech_context: JobContext, seed: str
) -> None:
    palette = build(tech_context, seed)
    assert palette.roles["primary"] == seed
    assert palette.seed_source == "requested"
    for theme in ("light", "dark"):
        assert palette.themes[theme]["brand"] == seed
        background = palette.themes[theme]["background"]
        if wcag_ratio(seed, background) < 4.5:
            alternative = palette.themes[theme]["primary"]
            assert alternative != seed
            assert wcag_ratio(alternative, background) >= 4.5
            assert any(seed in note and alternative in note for note in palette.notes)


TOKEN_ROLE = {
    "outline": "neutral_variant",
    "on_surface_variant": "neutral_variant",
    "on_background": "neutral",
    "on_surface": "neutral",
    "on_primary_container": "primary",
}


def comparable_hue(color: HctColor) -> bool:
    """Hue is only meaningful with some chroma and away from black/white (8-bit quantisation)."""
    return color.chroma >= CHROMATIC and 8.0 <= color.tone <= 95.0


@pytest.mark.slow
@many
@given(seed=hex_colors)
@example(seed="#ffff00")
@example(seed="#000000")
@example(seed="#e4572e")
@example(seed="#0096b6")
def test_repairs_keep_the_hue(tech_context: JobContext, seed: str) -> None:
    assert hue_drifts(build(tech_context, seed)) == []


def hue_drifts(palette: PaletteOutput) -> list[tuple[str, str, float]]:
    """(theme, token, degrees) of each repaired token whose hue left its role's by more than the tolerance."""
    drifts: list[tuple[str, str, float]] = []
    for check in palette.contrast:
        if not check.repaired:
            continue
        role = TOKEN_ROLE.get(check.foreground, check.foreground.removeprefix("on_"))
        repaired, source = HctColor.of(check.foreground_hex), HctColor.of(palette.roles[role])  # type: ignore[index]
        if comparable_hue(repaired) and comparable_hue(source):
            drift = hue_distance(repaired.hue, source.hue)
            if drift > HUE_TOLERANCE:
                drifts.append((check.theme, check.foreground, round(drift, 2)))
    return drifts


# Seeds round the whole hue circle (every 3 degrees, two chromas, two tones), where 8-bit rounding
# of dark tokens turns the hue most, and the corners and edges of the sRGB cube (every 85th level).
HUE_WHEEL = sorted(
    {from_hct(hue, chroma, tone) for hue in range(0, 360, 3) for chroma in (24, 45) for tone in (35, 57)}
)
CUBE_EDGES = [f"#{r:02x}{g:02x}{b:02x}" for r, g, b in itertools.product(range(0, 256, 85), repeat=3)]


@pytest.mark.slow
def test_repairs_keep_the_hue_round_the_hue_circle_and_the_srgb_cube(tech_context: JobContext) -> None:
    """Deterministic companion of the property test: no draw decides whether it runs into a drift.

    Before the repair aimed at the role's hue and chose the rounding nearest to it, #009a8c and
    #6a8ea1 here (like #0096b6) drifted 3.4-3.5 degrees in the dark theme's on_primary.
    """
    drifts = {seed: found for seed in [*HUE_WHEEL, *CUBE_EDGES] if (found := hue_drifts(build(tech_context, seed)))}
    assert drifts == {}


@many
@given(foreground=hex_colors, background=st.sampled_from(SPECIAL))
def test_repair_search_reaches_the_target_without_moving_the_hue(foreground: str, background: str) -> None:
    repaired = repair_foreground(foreground, background, 4.5)
    assert wcag_ratio(repaired, background) >= 4.5
    before, after = HctColor.of(foreground), HctColor.of(repaired)
    if comparable_hue(before) and comparable_hue(after):
        assert hue_distance(before.hue, after.hue) <= HUE_TOLERANCE
    if wcag_ratio(foreground, background) >= 4.5:
        assert repaired == foreground


@pytest.mark.slow
@many
@given(seed=hex_colors)
@example(seed="#000000")
@example(seed="#ffffff")
@example(seed="#ffff00")
@example(seed="#808080")
def test_scales_darken_monotonically_from_50_to_950(tech_context: JobContext, seed: str) -> None:
    palette = build(tech_context, seed)
    for role, scale in palette.scales.items():
        assert list(scale) == list(SCALE_TONES)
        lightness = [Color(value).convert("lab-d65")["lightness"] for value in scale.values()]
        assert all(a > b for a, b in itertools.pairwise(lightness)), (role, scale)


def test_graph_seed_and_logo_seed(tech_context: JobContext) -> None:
    from_graph = build(tech_context, None)
    assert from_graph.seed_source == "graph"
    assert from_graph.seed_color == tech_context.colors[0].hex
    from_logo = build(tech_context, None, ("#ffffff", "#e4572e"))
    assert from_logo.seed_source == "logo"
    assert from_logo.seed_color == "#e4572e"  # the first chromatic logo colour, white skipped
    grey_logo = build(tech_context, None, ("#222222",))
    assert grey_logo.seed_source == "graph"


def test_cvd_check_flags_a_red_green_pair_of_equal_lightness() -> None:
    red, green = "#b5472f", "#5b7f28"  # similar lightness: only hue tells them apart
    assert cvd_delta_e(red, green, "deuteranopia") < 10
    results = check_roles(
        {
            "primary": "#1565c0",
            "accent": "#6a1b9a",
            "success": green,
            "error": red,
            "warning": "#ffb300",
            "info": "#0288d1",
        }
    )
    flagged = {(r.deficiency, r.first, r.second) for r in results if not r.distinguishable}
    assert ("deuteranopia", "success", "error") in flagged
    assert {r.deficiency for r in results} == {"protanopia", "deuteranopia", "tritanopia"}
    blue_orange = {(r.first, r.second) for r in results if r.deficiency == "deuteranopia" and r.distinguishable}
    assert ("primary", "error") in blue_orange


def test_known_contrast_and_apca_values() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") < 4.5 <= contrast_ratio("#767676", "#ffffff")
    assert apca_lc("#000000", "#ffffff") == pytest.approx(106.04, abs=0.01)
    assert apca_lc("#ffffff", "#000000") == pytest.approx(-107.88, abs=0.01)
    assert apca_lc("#888888", "#888888") == 0.0


@pytest.mark.slow
def test_ci_runs_hypothesis_derandomized() -> None:
    """With `CI` set, the repository's conftest loads a fixed-seed profile; without it, draws vary."""
    conftest = Path(__file__).parents[2] / "conftest.py"
    probe = (
        "import runpy; from hypothesis import settings; "
        f"runpy.run_path({str(conftest)!r}); print(settings.default.derandomize, settings.default.database)"
    )
    plain_env = {key: value for key, value in os.environ.items() if key not in ("CI", "HYPOTHESIS_PROFILE")}
    for extra, derandomized in (({"CI": "true"}, True), ({}, False)):
        result = subprocess.run(
            [sys.executable, "-c", probe], env={**plain_env, **extra}, capture_output=True, text=True, check=True
        )
        derandomize, database = result.stdout.split(maxsplit=1)
        assert derandomize == str(derandomized)
        assert (database.strip() == "None") == derandomized  # no example database in CI either
