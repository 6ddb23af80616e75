"""A contact sheet of the procedural candidates for a fixed set of companies: one row per kit, the
chosen candidate framed, each with its mark kind and score. Look at it after changing marks.

Run: .venv/bin/python logo-gen-service/bench/contact_sheet.py [out.png]
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from brandgen.logo.models.procedural import design_candidates
from brandgen.logo.processors.lockups import candidate_drawing
from brandgen.logo.processors.scoring import choose, score_candidates
from brandgen.logo.utils.render import svg_to_image
from brandgen.logo.utils.svg import to_svg
from brandgen.shared.fonts import find_face
from brandgen.shared.models import BrandRequest

COMPANIES = [
    ("Little Acorns", "kindergarten", "playful", None, "A nursery and kindergarten in the park"),
    ("Grave Serpent", "heavy metal band", "bold", None, "Doom metal from the north"),
    ("Menya Kaze", "ramen shop", "modern", None, "Tonkotsu ramen and gyoza"),
    ("Hartley & Shaw", "law firm", "classic", None, "Family law and conveyancing"),
    ("Crumb", "vegan bakery", "friendly", None, "Sourdough bread, croissants and cakes"),
    ("St Mary’s Clinic", "hospital", "corporate", None, "Community hospital and clinic"),
    ("Horloge Fine", "watchmaker", "luxury", None, "Hand-made mechanical watches"),
    ("Pixel Forge", "games studio", "playful", None, "Indie video games"),
    ("Ledgerly", "fintech", "modern", None, "Payments and invoices for freelancers"),
    ("Sunny Side", "kindergarten", "playful", "#ffff00", "Daycare with a garden"),
    ("Dar Al Noor", "hotel", "elegant", None, "A riad hotel in the old town"),
    ("Green Valley Growers Co-operative", "agriculture", "organic", None, "Farmers' co-operative"),
]
CELL, LABEL = 220, 34


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    face = find_face("Noto Sans")
    return ImageFont.truetype(str(face.path), size) if face else ImageFont.load_default()


def _thumb(svg: str) -> Image.Image:
    image = svg_to_image(svg, CELL - 20)
    image.thumbnail((CELL - 20, CELL - LABEL - 20))
    return image


def sheet(companies: list[tuple[str, str, str, str | None, str]] = COMPANIES, candidates: int = 4) -> Image.Image:
    font, small = _font(15), _font(11)
    width = 260 + CELL * candidates
    out = Image.new("RGB", (width, CELL * len(companies)), "white")
    draw = ImageDraw.Draw(out)
    for row, (name, industry, style, colour, description) in enumerate(companies):
        request = BrandRequest(
            company_name=name,
            industry=industry,
            style=style,
            primary_color=colour,
            description=description,
            seed=row + 1,
            candidates=candidates,
        )
        designs = design_candidates(request, candidates, row + 1)
        scores = score_candidates(designs)
        chosen = choose(designs, scores)
        top = row * CELL
        draw.text((10, top + 20), name, fill="black", font=font)
        draw.text((10, top + 44), f"{industry} / {style}", fill="#555555", font=small)
        if colour:
            draw.text((10, top + 60), f"colour {colour}", fill="#555555", font=small)
        for column, design in enumerate(designs):
            left = 260 + column * CELL
            thumb = _thumb(to_svg(candidate_drawing(design), design.colours.as_roles()))
            out.paste(thumb, (left + (CELL - thumb.width) // 2, top + 10), thumb)
            score = scores[design.id]
            label = f"{design.id} {design.mark.kind}"[:34]
            draw.text((left + 6, top + CELL - LABEL), label, fill="black", font=small)
            draw.text(
                (left + 6, top + CELL - LABEL + 14),
                f"total {score.total:.2f} fit {score.fit:.2f} min {score.min_contrast}:1",
                fill="#333333",
                font=small,
            )
            if design.id == chosen:
                draw.rectangle((left + 2, top + 2, left + CELL - 3, top + CELL - 3), outline="#d81b60", width=3)
        draw.line((0, top + CELL - 1, width, top + CELL - 1), fill="#dddddd")
    return out


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "contact-sheet.png")
    sheet().save(target)
    print(target)
