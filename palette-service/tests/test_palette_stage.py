"""The palette stage end to end: real FalkorDB, real asset store, every export parsed back."""

from __future__ import annotations

import json
import struct
from pathlib import Path
from typing import Any

import pytest
import swatch

from brandgen.palette.bkg.embedded import EmbeddedFalkorDB, free_port
from brandgen.palette.palette import font_catalogue
from brandgen.palette.settings import PaletteSettings
from brandgen.palette.stage import stage
from brandgen.shared.contracts import PaletteOutput
from brandgen.shared.errors import StageError, TransientError
from brandgen.shared.models import BrandRequest, FontSelection
from brandgen.shared.settings import BrandgenSettings
from brandgen.shared.storage import FileAssetStore
from brandgen.shared.testing import make_job, run_stage
from brandgen.shared.testkit import logo_output

LOGO = logo_output(dominant_colors=["#ffffff", "#e4572e"])  # only its dominant colours matter to this stage


async def run_palette(
    settings: PaletteSettings, request: BrandRequest, store: FileAssetStore, outputs: dict[str, Any] | None = None
) -> PaletteOutput:
    job = make_job(request, outputs=outputs)
    output = await run_stage(stage, job, store, settings=settings)
    output.__dict__["job_id"] = job.job_id  # for the assertions below
    return output


@pytest.fixture
def settings(falkordb_server: EmbeddedFalkorDB) -> PaletteSettings:
    return PaletteSettings(graph_uri=f"falkordb://127.0.0.1:{falkordb_server.port}/stage_graph", state_url="memory://")


def test_stage_is_registered_as_the_second_stage() -> None:
    from importlib.metadata import entry_points

    (entry,) = [e for e in entry_points(group="brandgen.stages") if e.name == "palette"]
    assert entry.load() is stage
    assert (stage.name, stage.order) == ("palette", 20)
    assert isinstance(stage.settings_from(BrandgenSettings(state_url="memory://")), PaletteSettings)


async def test_stage_builds_the_palette_from_the_logo_and_stores_every_export(
    settings: PaletteSettings, tmp_path: Path
) -> None:
    store = FileAssetStore(tmp_path)
    request = BrandRequest(company_name="Acme Robotics", industry="robotics", style="modern")
    palette = await run_palette(settings, request, store, {"logo": LOGO.model_dump()})
    job_id = palette.__dict__["job_id"]

    assert (palette.industry, palette.industry_match, palette.style) == ("technology", "synonym", "modern")
    assert (palette.seed_source, palette.seed_color) == ("logo", "#e4572e")
    assert palette.roles["primary"] == "#e4572e"
    assert palette.fonts.body.family
    assert palette.associations[0].source
    assert set(palette.exports) == {"css", "tailwind", "tokens", "ase", "contrast"}

    def read(kind: str) -> bytes:
        return store.path(f"{job_id}/{palette.exports[kind]}").read_bytes()

    css = read("css").decode()
    assert f"--brand-primary: {palette.roles['primary']};" in css
    for theme in ("light", "dark"):
        for token, value in palette.themes[theme].items():
            assert f"--color-{token.replace('_', '-')}: {value};" in css
    assert "@media (prefers-color-scheme: dark)" in css

    tailwind_js = read("tailwind").decode()
    body = tailwind_js.split("module.exports = ", 1)[1].rstrip().removesuffix(";")
    colors = json.loads(body)["theme"]["extend"]["colors"]
    assert colors["primary"]["DEFAULT"] == palette.roles["primary"]
    assert colors["neutral-variant"]["950"] == palette.scales["neutral_variant"]["950"]

    tokens = json.loads(read("tokens"))
    assert tokens["color"]["$type"] == "color"
    assert tokens["color"]["primary"]["base"]["$value"]["hex"] == palette.roles["primary"]
    assert tokens["color"]["error"]["600"]["$value"]["hex"] == palette.scales["error"]["600"]
    for token, value in palette.themes["light"].items():
        entry = tokens["theme"]["light"][token]["$value"]
        if isinstance(entry, str):  # an alias such as {color.primary.600}
            role, step = entry.strip("{}").split(".")[1:]
            assert palette.scales[role][step] == value
        else:
            assert entry["hex"] == value

    ase = read("ase")
    assert ase[:4] == b"ASEF"
    assert struct.unpack(">HH", ase[4:8]) == (1, 0)
    ase_path = tmp_path / "palette.ase"
    ase_path.write_bytes(ase)
    groups = {group["name"]: group["swatches"] for group in swatch.parse(str(ase_path))}
    roles = {item["name"]: item["data"]["values"] for item in groups["Brand roles"]}
    for role, value in palette.roles.items():
        assert "#" + "".join(f"{round(c * 255):02x}" for c in roles[role]) == value
    assert len(groups["primary"]) == 11

    report = json.loads(read("contrast"))
    assert report["summary"]["pairs"] == len(palette.contrast)
    assert report["contrast"][0]["ratio"] == palette.contrast[0].ratio  # unrounded


async def test_unknown_industry_is_placed_by_its_description_and_the_requested_colour_kept(
    settings: PaletteSettings, tmp_path: Path
) -> None:
    request = BrandRequest(
        company_name="Crumb & Co",
        industry="artisan goods",
        style="rustic",
        primary_color="#FFFF00",
        description="A neighbourhood bakery: sourdough bread, pastries and cakes",
    )
    palette = await run_palette(settings, request, FileAssetStore(tmp_path))
    assert (palette.industry, palette.industry_match) == ("bakery", "meaning")
    assert palette.style == "organic"
    assert (palette.seed_source, palette.roles["primary"]) == ("requested", "#ffff00")
    assert any("artisan goods" in note and "bakery" in note for note in palette.notes)
    assert any("#ffff00" in note and palette.themes["light"]["primary"] in note for note in palette.notes)


async def test_embedded_default_starts_seeds_and_stops_its_own_graph(tmp_path: Path) -> None:
    settings = PaletteSettings(graph_uri="embedded", graph_data_dir=tmp_path / "graph", state_url="memory://")
    async with stage.open(settings) as graph:
        server = graph.connection.server
        assert server is not None
        process = server._process
        request = BrandRequest(company_name="Lex", industry="law firm", style="classic")
        job = make_job(request)
        palette = await run_stage(stage, job, FileAssetStore(tmp_path / "assets"), settings=settings, resources=graph)
        assert palette.industry == "legal"
    assert process is not None
    assert process.poll() is not None  # the private server is gone


async def test_unreachable_graph_is_a_transient_error_so_the_runtime_retries(tmp_path: Path) -> None:
    settings = PaletteSettings(
        graph_uri=f"falkordb://127.0.0.1:{free_port()}", graph_attempts=2, graph_timeout=0.5, graph_auto_seed=False
    )
    with pytest.raises(TransientError):
        await run_palette(
            settings, BrandRequest(company_name="A", industry="tech", style="modern"), FileAssetStore(tmp_path)
        )


# --- fonts a customer chose in a revision (issue 19) ---------------------------------------------


async def test_requested_fonts_replace_the_graphs_pairing(settings: PaletteSettings, tmp_path: Path) -> None:
    assert {"Lato", "Inter"} <= {font.family for font in font_catalogue()}
    store = FileAssetStore(tmp_path)
    request = BrandRequest(
        company_name="Acme Robotics",
        industry="robotics",
        style="modern",
        fonts=FontSelection(heading="lato", body="Inter"),
    )
    palette = await run_palette(settings, request, store, {"logo": LOGO.model_dump()})
    assert (palette.fonts.heading.family, palette.fonts.body.family) == ("Lato", "Inter")
    assert palette.fonts.heading.licence == "OFL-1.1"
    assert palette.fonts.reason == "Chosen by the customer."
    css = store.path(f"{palette.__dict__['job_id']}/{palette.exports['css']}").read_text()
    assert "Lato" in css


async def test_a_font_outside_the_catalogue_fails_the_stage_naming_it(
    settings: PaletteSettings, tmp_path: Path
) -> None:
    request = BrandRequest(
        company_name="Acme Robotics",
        industry="robotics",
        style="modern",
        fonts=FontSelection(heading="Inter", body="Wingdings"),
    )
    with pytest.raises(StageError, match="Wingdings") as raised:
        await run_palette(settings, request, FileAssetStore(tmp_path), {"logo": LOGO.model_dump()})
    assert raised.value.code == "unknown_font"


async def test_a_japanese_name_gets_a_pairing_that_draws_japanese(settings: PaletteSettings, tmp_path: Path) -> None:
    store = FileAssetStore(tmp_path)
    request = BrandRequest(company_name="らーめん一番", industry="restaurant", style="modern", languages=["ja"])
    palette = await run_palette(settings, request, store, {"logo": LOGO.model_dump()})
    assert palette.fonts.heading.family == "Noto Sans CJK JP"
    assert palette.fonts.body.family == "Noto Sans CJK JP"
    css = store.path(f"{palette.__dict__['job_id']}/{palette.exports['css']}").read_text()
    assert '--font-body: "Noto Sans CJK JP"' in css
