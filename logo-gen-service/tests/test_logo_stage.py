"""The procedural logo stage end to end: the contract output, real files, real renders."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile

import numpy as np
import pytest
from logo_test_helpers import manifest_of, png_pixels, run_logo
from PIL import IcoImagePlugin, Image

from brandgen.logo.settings import LogoSettings, LogoVariant
from brandgen.logo.utils.colours import distance
from brandgen.logo.utils.render import svg_to_png_resvg
from brandgen.shared.contracts import LogoTreatment
from brandgen.shared.models import BrandRequest, JobMetadata

SVG = "{http://www.w3.org/2000/svg}"


async def test_stage_stores_every_file_it_names(acme, store) -> None:
    output, files = await run_logo(acme, store)
    named = [c.svg for c in output.candidates] + [c.png for c in output.candidates]
    for treatments in output.lockups.values():
        for lockup_files in treatments.values():
            named += [lockup_files.svg, *lockup_files.png.values()]
    assert output.social_avatar is not None
    assert output.provenance is not None
    named += [*output.favicons.values(), output.social_avatar, output.provenance]
    assert all(name.startswith("logo/") for name in named)
    assert set(named) <= set(files)
    assert len(output.candidates) == 4
    assert output.chosen == max(output.candidates, key=lambda c: c.score.total if c.score else -1).id
    assert set(output.lockups) == {"icon", "wordmark", "combination", "stacked"}
    assert all(set(t) == {"full_color", "monochrome", "inverse"} for t in output.lockups.values())
    assert set(output.lockups["icon"]["full_color"].png) == {"256", "512", "1024"}


async def test_the_archive_holds_every_other_file_of_the_logo_kit(acme, store) -> None:
    output, files = await run_logo(acme, store)
    assert output.archive == "logo/files.zip"
    archive = zipfile.ZipFile(io.BytesIO(files[output.archive]))
    assert archive.testzip() is None
    others = {name: data for name, data in files.items() if name != output.archive}
    assert {info.filename: archive.read(info) for info in archive.infolist()} == others
    # PNGs are stored as they are (deflating them again saves nothing); SVG and JSON are deflated.
    kinds = {info.filename.rsplit(".", 1)[-1]: info.compress_type for info in archive.infolist()}
    assert kinds["png"] == zipfile.ZIP_STORED
    assert kinds["svg"] == kinds["json"] == zipfile.ZIP_DEFLATED


async def test_svgs_parse_and_render_non_blank_in_the_requested_colour(acme, store) -> None:
    output, files = await run_logo(acme, store)
    for candidate in output.candidates:
        svg = files[candidate.svg].decode()
        ET.fromstring(svg)
        pixels = png_pixels(svg_to_png_resvg(svg, 256))  # resvg: an independent renderer
        opaque = pixels[pixels[..., 3] > 200][:, :3]
        assert len(opaque) > 500, f"{candidate.id} renders almost blank"
        # the requested brand colour is drawn (exactly, up to anti-aliasing)
        closest = min(
            distance("#1a73e8", "#{:02x}{:02x}{:02x}".format(*tuple(rgb))) for rgb in np.unique(opaque, axis=0)[:2000]
        )
        assert closest < 2.0, candidate.id
    assert any(distance("#1a73e8", colour) < 3.0 for colour in output.dominant_colors)


async def test_cairo_and_resvg_render_the_same_picture(acme, store) -> None:
    output, files = await run_logo(acme, store)
    for name in (output.lockups["icon"]["full_color"].svg, output.lockups["combination"]["full_color"].svg):
        cairo = png_pixels(files[name.replace(".svg", "_1024.png")])
        resvg = png_pixels(svg_to_png_resvg(files[name].decode(), 1024))
        # Same width; a height of 225.5 px is 225 for Cairo and 226 for resvg: bring resvg's to Cairo's size.
        assert cairo.shape[1] == resvg.shape[1]
        assert abs(cairo.shape[0] - resvg.shape[0]) <= 1
        alpha = Image.fromarray(resvg[..., 3]).resize((cairo.shape[1], cairo.shape[0]), Image.Resampling.BILINEAR)
        assert np.abs(cairo[..., 3].astype(int) - np.asarray(alpha)).mean() < 3.0


async def test_wordmark_is_outlined_text(acme, store) -> None:
    output, files = await run_logo(acme, store)
    root = ET.fromstring(files[output.lockups["wordmark"]["full_color"].svg])
    assert not list(root.iter(f"{SVG}text")), "text must be converted to paths"
    wordmark = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "wordmark")
    paths = list(wordmark.iter(f"{SVG}path"))
    assert paths
    assert sum(p.get("d", "").count("Z") for p in paths) >= len("AcmeRobotics")
    pixels = png_pixels(files[output.lockups["wordmark"]["full_color"].png["512"]])
    rows, cols = np.nonzero(pixels[..., 3] > 128)
    assert cols.max() - cols.min() > 3 * (rows.max() - rows.min()), "a 13-letter name reads as a wide wordmark"


@pytest.mark.slow
async def test_candidates_differ_and_seeds_reproduce(acme, store) -> None:
    output, files = await run_logo(acme, store)
    renders = [png_pixels(svg_to_png_resvg(files[c.svg].decode(), 128)) for c in output.candidates]
    for i in range(len(renders)):
        for j in range(i + 1, len(renders)):
            a, b = renders[i], renders[j]
            if a.shape == b.shape:
                assert np.abs(a.astype(int) - b).mean() > 5.0, (i, j)
    again, again_files = await run_logo(acme, store)
    assert [again_files[c.svg] for c in again.candidates] == [files[c.svg] for c in output.candidates]
    other, other_files = await run_logo(acme.model_copy(update={"seed": 8}), store)
    assert [other_files[c.svg] for c in other.candidates] != [files[c.svg] for c in output.candidates]


async def test_treatments_are_one_ink(acme, store) -> None:
    output, files = await run_logo(acme, store)
    inks: tuple[tuple[LogoTreatment, str], ...] = (("monochrome", "#111111"), ("inverse", "#ffffff"))
    for treatment, ink in inks:
        lockup = output.lockups["combination"][treatment]
        fills = {p.get("fill") for p in ET.fromstring(files[lockup.svg]).iter(f"{SVG}path")}
        assert fills == {ink}
        pixels = png_pixels(files[lockup.png["256"]])
        visible = pixels[pixels[..., 3] > 0][:, :3]
        assert len(visible)
        assert (visible == [int(ink[k : k + 2], 16) for k in (1, 3, 5)]).all()


async def test_favicons_touch_icon_and_avatar(acme, store) -> None:
    output, files = await run_logo(acme, store)
    ico = Image.open(io.BytesIO(files[output.favicons["favicon.ico"]]))
    assert ico.format == "ICO"
    assert isinstance(ico, IcoImagePlugin.IcoImageFile)  # whose `size` chooses the icon to read
    assert set(ico.info["sizes"]) == {(16, 16), (32, 32), (48, 48)}
    for size in (16, 32, 48):
        ico.size = (size, size)
        assert ico.size == (size, size)
        assert np.array(ico.convert("RGBA"))[..., 3].max() > 0
    touch = Image.open(io.BytesIO(files[output.favicons["apple-touch-icon.png"]]))
    assert touch.size == (180, 180)
    assert np.array(touch.convert("RGBA"))[..., 3].min() == 255, "iOS needs an opaque touch icon"
    assert output.social_avatar is not None
    avatar = Image.open(io.BytesIO(files[output.social_avatar]))
    assert avatar.size[0] == avatar.size[1] >= 400


@pytest.mark.slow
async def test_names_in_cjk_and_arabic_render_with_glyphs(store) -> None:
    for name, family_hint in (("東京ロボ", "CJK"), ("شركة النور", "Arabic"), ("Café Zoë", "")):
        request = BrandRequest(company_name=name, industry="energy", style="classic", seed=3, candidates=2)
        output, files = await run_logo(request, store)
        assert family_hint in output.fonts[0].family
        pixels = png_pixels(files[output.lockups["wordmark"]["full_color"].png["256"]])
        assert (pixels[..., 3] > 128).sum() > 400, name


async def test_names_and_taglines_with_emoji_still_get_a_logo(store) -> None:
    # No installed font has colour emoji: they are left out of the drawing, the rest is drawn.
    request = BrandRequest(
        company_name="🚀 Rocket 🌟 Labs 👩\u200d💻",
        industry="technology",
        style="modern",
        tagline="To the moon 🌙",
        seed=5,
        candidates=2,
    )
    output, files = await run_logo(request, store)
    pixels = png_pixels(files[output.lockups["wordmark"]["full_color"].png["256"]])
    assert (pixels[..., 3] > 128).sum() > 400
    assert output.lockups["combination"]["full_color"].svg in files
    # ... and the job says which were left out, never silently (issue 18).
    name_note, tagline_note = output.notes
    assert name_note.startswith("Left out of the company name")
    assert all(char in name_note for char in ("🚀", "🌟", "👩"))
    assert "💻" not in name_note  # a symbols face draws this one, so the mark keeps it
    assert "ROCKET" in name_note  # the Unicode name, for readers whose screen has no emoji either
    assert "Labs" not in name_note
    assert tagline_note.startswith("Left out of the tagline")
    assert "🌙" in tagline_note


async def test_a_style_the_catalogue_does_not_know_still_gets_a_logo(store) -> None:
    # Styles are free text; one that matches no catalogue style by name or meaning falls back to
    # the default style (it used to crash matching by meaning: styles had no description).
    request = BrandRequest(company_name="Zorblat", industry="technology", style="zzqx wobbly", seed=2, candidates=2)
    output, files = await run_logo(request, store)
    assert output.chosen in {candidate.id for candidate in output.candidates}
    assert output.lockups["icon"]["full_color"].svg in files


async def test_a_name_every_font_draws_has_no_notes(acme, store) -> None:
    output, _ = await run_logo(acme, store)
    assert output.notes == []


async def test_variant_recorded_in_output_manifest_and_metrics(acme, store) -> None:
    from prometheus_client import REGISTRY

    settings = LogoSettings(logo_variants={"tight": LogoVariant(guidance=5.0)})
    output, files = await run_logo(acme, store, settings=settings, metadata=JobMetadata(variant="tight"))
    assert output.variant == "tight"
    manifest = manifest_of(files, output)
    assert manifest["variant"] == "tight"
    assert manifest["backend"] == "procedural"
    assert manifest["seed"] == 7
    assert all(font["licence"] == "OFL-1.1" for font in manifest["fonts"])
    candidates = REGISTRY.get_sample_value(
        "brandgen_logo_candidates_total", {"backend": "procedural", "variant": "tight"}
    )
    assert candidates is not None
    assert candidates >= 4
