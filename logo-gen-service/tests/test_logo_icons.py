"""Icon marks: the vendored set loads offline, matching puts a fitting icon in the top two
candidates, two companies of one trade and style get different marks, licences travel with the kit."""

from __future__ import annotations

import json
import socket

import numpy as np
import pytest
from logo_test_helpers import manifest_of, png_pixels, run_logo

from brandgen.logo.icons.draw import icon_path
from brandgen.logo.icons.library import icon_set, mark_icons
from brandgen.logo.models.procedural import design_candidates
from brandgen.logo.processors.lockups import icon_drawing
from brandgen.logo.processors.scoring import choose, score_candidates
from brandgen.logo.utils.render import svg_to_png_resvg
from brandgen.logo.utils.svg import to_svg
from brandgen.shared.models import BrandRequest

# company, trade as typed, description, the icons a designer would accept
FITTING = [
    ("Little Acorns", "nursery", "A nursery and kindergarten", {"acorn", "tree", "trees", "leaf", "seedling"}),
    ("Grave Serpent", "heavy metal band", None, {"skull", "coffin", "grave", "grave-2", "snake", "dragon"}),
    ("Menya Kaze", "ramen shop", None, {"bowl-chopsticks", "soup", "bowl", "bowl-spoon"}),
    ("Hartley & Shaw", "law firm", None, {"scale", "gavel"}),
    (
        "Crumb",
        "bakery",
        "Sourdough bread and croissants",
        {"bread", "baguette", "cookie", "cake", "cake-roll", "wheat"},
    ),
    ("St Mary’s", "hospital", None, {"building-hospital", "stethoscope", "medical-cross", "hospital", "heartbeat"}),
    ("Paws & Claws", "vet", None, {"paw", "dog", "cat", "bone"}),
    ("Pixel Forge", "games studio", None, {"device-gamepad", "device-gamepad-2", "dice", "sword", "joystick"}),
]


def test_icons_load_from_the_package_without_a_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the icon set must not reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    icon_set.cache_clear()
    tabler = icon_set("tabler")
    assert len(tabler.icons) >= 4000
    assert len(mark_icons()) >= 3000
    assert tabler.licence == "MIT"
    assert "Paweł Kuna" in tabler.attribution
    assert "Permission is hereby granted" in tabler.licence_text()
    assert not [name for name in tabler.icons if name.startswith("brand-")], "no other company's logo"
    acorn = tabler.icons["acorn"]
    assert {"oak", "nut", "seed"} <= set(acorn.tags)


def test_an_icon_is_drawn_as_filled_outlines_with_its_holes() -> None:
    d = icon_path(icon_set().icons["skull"], 0, 0, 100)
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><path d="{d}" fill="#000"/></svg>'
    alpha = png_pixels(svg_to_png_resvg(svg, 100))[..., 3]
    assert 0.15 < (alpha > 128).mean() < 0.6, "a stroke drawing outlined: neither empty nor a solid blob"
    assert alpha[40:60, 30:45].max() > 128, "the skull's outline is there"
    assert "stroke" not in svg


@pytest.mark.parametrize(("company", "trade", "description", "fitting"), FITTING)
def test_a_fitting_icon_is_among_the_two_best_candidates(
    company: str, trade: str, description: str | None, fitting: set[str]
) -> None:
    request = BrandRequest(company_name=company, industry=trade, style="modern", description=description, seed=5)
    designs = design_candidates(request, 4, 5)
    scores = score_candidates(designs)
    best_two = sorted(designs, key=lambda d: -scores[d.id].total)[:2]
    shown = {d.mark.icon.name for d in best_two if d.mark.icon}
    assert shown & fitting, f"{company}: best two show {[d.mark.kind for d in best_two]} {shown}"
    assert choose(designs, scores) in {d.id for d in best_two}


def _chosen_mark(request: BrandRequest) -> np.ndarray:
    designs = design_candidates(request, 4, request.seed or 0)
    chosen = next(d for d in designs if d.id == choose(designs, score_candidates(designs)))
    svg = to_svg(icon_drawing(chosen), chosen.colours.as_roles())
    return png_pixels(svg_to_png_resvg(svg, 64)).astype(int)


@pytest.mark.parametrize(
    ("trade", "style", "names"),
    [
        ("law firm", "classic", ("Hartley & Shaw", "Baker Legal")),
        ("kindergarten", "playful", ("Little Acorns", "Sunny Days")),
        ("ramen shop", "modern", ("Menya Kaze", "Noodle Bar Ichi")),
    ],
)
def test_two_names_in_one_trade_and_style_get_different_marks(trade: str, style: str, names: tuple[str, str]) -> None:
    first, second = (
        _chosen_mark(BrandRequest(company_name=name, industry=trade, style=style, seed=1)) for name in names
    )
    assert np.abs(first - second).mean() > 12.0, names


async def test_the_kit_records_each_icon_with_its_licence_and_ships_the_licence(store) -> None:
    request = BrandRequest(company_name="Little Acorns", industry="nursery", style="playful", seed=2)
    output, files = await run_logo(request, store)
    icons = [c.mark.icon for c in output.candidates if c.mark and c.mark.icon]
    assert icons
    for icon in icons:
        assert (icon.set, icon.licence) == ("tabler", "MIT")
        assert icon.tags
        assert icon.attribution
    assert "Permission is hereby granted" in files["logo/licences/tabler-icons-LICENSE.txt"].decode()
    manifest = manifest_of(files, output)
    named = {entry["name"] for entry in manifest["icons"]}
    assert named == {icon.name for icon in icons}
    assert all(entry["licence_file"] == "logo/licences/tabler-icons-LICENSE.txt" for entry in manifest["icons"])
    assert json.dumps(manifest["candidates"][0]["mark"])
