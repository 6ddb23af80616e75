"""Font pairings by style, industry and the script of the name (issue 18), checked against installed cmaps."""

from __future__ import annotations

import pytest
from fontTools.ttLib import TTFont

from brandgen.palette.bkg.dataset import load_dataset
from brandgen.palette.bkg.repository import FontRecord, PairingRecord
from brandgen.palette.palette import choose_fonts
from brandgen.shared.contracts import FontChoice
from brandgen.shared.fonts import find_face

INDUSTRIES = ["technology", "bakery", "law", "healthcare", "fashion", "restaurant", "finance", "education"]
LATIN = {font.family for font in load_dataset().fonts if not font.family.startswith("Noto")} | {
    "Noto Sans",
    "Noto Serif",
}


def style_pairings(style_id: str) -> list[PairingRecord]:
    """The style's pairings as the graph query returns them, best weight first."""
    dataset = load_dataset()
    fonts = {font.family: FontRecord.model_validate(font.model_dump(exclude={"source"})) for font in dataset.fonts}
    pairings = {pairing.id: pairing for pairing in dataset.pairings}
    style = next(style for style in dataset.styles if style.id == style_id)
    records = [
        PairingRecord(
            id=p.pairing,
            reason=pairings[p.pairing].reason,
            weight=p.weight,
            heading=fonts[pairings[p.pairing].heading],
            body=fonts[pairings[p.pairing].body],
        )
        for p in style.pairings
    ]
    return sorted(records, key=lambda record: (-record.weight, record.id))  # as the repository sorts them


def cmap_covers(choice: FontChoice, text: str) -> bool:
    """Read the installed file's cmap directly, not through the code under test."""
    face = find_face(choice.family)
    assert face is not None, f"{choice.family} is not installed"
    with TTFont(face.path, fontNumber=face.index, lazy=True) as font:
        cmap = font.getBestCmap()
    return all(ord(char) in cmap for char in text if not char.isspace())


@pytest.mark.parametrize("style", ["modern", "classic", "playful", "luxury", "corporate"])
def test_one_style_across_industries_does_not_give_everyone_the_same_pair(style: str) -> None:
    pairs = {
        (fonts.heading.family, fonts.body.family)
        for fonts in (choose_fonts(style_pairings(style), industry=industry) for industry in INDUSTRIES)
    }
    assert len(pairs) >= 2, f"{style}: every industry got {pairs}"
    suitable = {(p.heading.family, p.body.family) for p in style_pairings(style)}
    assert pairs <= suitable  # still the style's own pairings


def test_the_pick_is_stable_for_one_industry_whatever_order_the_graph_answers_in() -> None:
    for industry in INDUSTRIES:
        first = choose_fonts(style_pairings("modern"), industry=industry)
        assert choose_fonts(list(reversed(style_pairings("modern"))), industry=industry) == first, industry


@pytest.mark.parametrize(
    ("name", "languages", "sample"),
    [
        ("らーめん一番", ["en"], "らーめん一番"),
        ("Ramen Ichiban", ["ja"], "らーめん日本語"),
        ("한빛 베이커리", ["en"], "한빛 베이커리"),
        ("فندق النخيل", ["en"], "فندق النخيل"),
        ("מאפיית השחר", ["en"], "מאפיית השחר"),
        ("北京茶馆", ["zh"], "北京茶馆"),
    ],
)
@pytest.mark.parametrize("style", ["modern", "classic"])
def test_a_name_or_language_in_another_script_gets_faces_that_draw_it(
    name: str, languages: list[str], sample: str, style: str
) -> None:
    fonts = choose_fonts(style_pairings(style), industry="restaurant", company_name=name, languages=languages)
    assert cmap_covers(fonts.heading, sample), fonts.heading.family
    assert cmap_covers(fonts.body, sample), fonts.body.family
    assert fonts.heading.family.startswith("Noto")
    assert fonts.body.family.startswith("Noto")
    assert "lack" in fonts.reason


def test_a_latin_name_keeps_a_latin_pairing() -> None:
    fonts = choose_fonts(style_pairings("classic"), industry="law", company_name="Harbor & Vane", languages=["en"])
    assert {fonts.heading.family, fonts.body.family} <= LATIN
    assert cmap_covers(fonts.heading, "Harbor & Vane")
    assert cmap_covers(fonts.body, "Harbor & Vane")
