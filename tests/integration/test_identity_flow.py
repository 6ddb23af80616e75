"""Identity follows from the company: the graph industry it matches, a mark in that industry's colours,
and a palette seeded from the mark. The real logo stage, then the real palette stage on a real FalkorDB."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from coloraide import Color

from brandgen.logo.stage import stage as logo_stage
from brandgen.palette.bkg.embedded import EmbeddedFalkorDB
from brandgen.palette.settings import PaletteSettings
from brandgen.palette.stage import stage as palette_stage
from brandgen.shared.contracts import LogoOutput, PaletteOutput
from brandgen.shared.models import BrandRequest
from brandgen.shared.storage import FileAssetStore
from brandgen.shared.testing import make_job, run_stage

OLD_DEFAULT_BLUE = "#1a73e8"
# company, industry as a user types it, graph industry, a colour family of that industry in the graph
COMPANIES = [
    ("Little Acorns", "kindergarten", "childcare", ("yellow", "coral", "sky")),
    ("Hartley & Shaw", "law firm", "legal", ("navy", "burgundy", "gold")),
    ("St Mary’s", "hospital", "healthcare", ("teal", "blue", "mint")),
    ("Crumb", "vegan bakery", "bakery", ("amber", "pink", "brown")),
    ("Grave Serpent", "heavy metal band", "music", ("purple", "magenta", "charcoal")),
    ("Menya Kaze", "ramen shop", "restaurant", ("red", "amber", "burgundy")),
    ("Horloge Fine", "watchmaker", "luxury_goods", ("gold", "purple", "charcoal")),
]
FAMILY_HEX = {
    "yellow": "#fdd835", "coral": "#e8604c", "sky": "#0288d1", "navy": "#1a237e", "burgundy": "#7b1e3a",
    "gold": "#b8922a", "teal": "#00796b", "blue": "#1565c0", "mint": "#3eb489", "amber": "#ffb300",
    "pink": "#e4577f", "brown": "#6d4c41", "purple": "#6a1b9a", "magenta": "#c2185b", "charcoal": "#263238",
    "red": "#c62828",
}  # fmt: skip


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedFalkorDB]:
    server = EmbeddedFalkorDB(tmp_path_factory.mktemp("falkordb")).start()
    yield server
    server.stop()


async def identity(request: BrandRequest, graph: EmbeddedFalkorDB, tmp: Path) -> tuple[LogoOutput, PaletteOutput]:
    store = FileAssetStore(tmp)
    job = make_job(request)
    logo = await run_stage(logo_stage, job, store)
    assert isinstance(logo, LogoOutput)
    settings = PaletteSettings(graph_uri=f"falkordb://127.0.0.1:{graph.port}/identity", state_url="memory://")
    palette = await run_stage(
        palette_stage, make_job(request, outputs={"logo": logo.model_dump()}), store, settings=settings
    )
    return logo, palette


def hue_gap(first: str, second: str) -> float:
    a, b = Color(first).convert("oklch")["hue"], Color(second).convert("oklch")["hue"]
    return abs((a - b + 180) % 360 - 180)


@pytest.mark.slow
async def test_industry_colours_and_a_palette_seeded_from_the_mark(graph: EmbeddedFalkorDB, tmp_path: Path) -> None:
    primaries = {}
    for company, asked, industry, families in COMPANIES:
        request = BrandRequest(company_name=company, industry=asked, style="modern", seed=11, candidates=3)
        logo, palette = await identity(request, graph, tmp_path)
        assert (palette.industry, palette.industry_match) == (industry, "synonym"), asked
        mark_colour = logo.dominant_colors[0]
        # The palette is seeded from the mark, not from the name's near-black ink.
        assert (palette.seed_source, palette.seed_color) == ("logo", mark_colour), company
        assert Color(mark_colour).convert("oklch")["lightness"] > 0.27, f"{company}: {mark_colour} is ink, not mark"
        # ... and the mark is in one of the industry's colours from the graph (lightness may be
        # adjusted for contrast, hue kept), never the old default blue.
        assert mark_colour != OLD_DEFAULT_BLUE
        assert min(hue_gap(mark_colour, FAMILY_HEX[family]) for family in families) < 12.0, (company, mark_colour)
        primaries[company] = palette.roles["primary"]
    assert primaries["Little Acorns"] != primaries["Horloge Fine"]
    assert len(set(primaries.values())) >= 5
