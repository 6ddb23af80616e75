"""Quality benchmark of the procedural marks: does the chosen mark fit the company?

For 32 varied companies, each with the words a designer would accept in its mark (icon names or tags),
it reports: the share whose chosen mark shows a fitting icon, the share of industries the knowledge
graph matched without falling back, the smallest perceptual-hash distance between the chosen marks of
two companies of one industry and style, and the time per set of candidates (designed, checked, scored).

Run: .venv/bin/python logo-gen-service/bench/bench_quality.py
"""

from __future__ import annotations

import statistics
import time
from itertools import combinations

import numpy as np

from brandgen.logo.models.procedural import design_candidates
from brandgen.logo.processors.lockups import icon_drawing
from brandgen.logo.processors.scoring import choose, score_candidates
from brandgen.logo.utils.industry import industry_fit
from brandgen.logo.utils.render import svg_to_image
from brandgen.logo.utils.svg import to_svg
from brandgen.shared.models import BrandRequest

# name, industry as typed, style, description, words a designer would accept in the mark
COMPANIES: list[tuple[str, str, str, str | None, set[str]]] = [
    ("Little Acorns", "kindergarten", "playful", None, {"acorn", "tree", "leaf", "oak", "seed"}),
    ("Sunny Days", "kindergarten", "playful", None, {"sun", "balloon", "toy", "kid", "baby", "puzzle"}),
    ("Grave Serpent", "heavy metal band", "bold", None, {"skull", "snake", "coffin", "grave", "death"}),
    ("Iron Choir", "heavy metal band", "bold", None, {"skull", "music", "microphone", "flame", "coffin"}),
    ("Menya Kaze", "ramen shop", "modern", None, {"bowl", "soup", "ramen", "noodles", "chopsticks"}),
    ("Noodle Bar Ichi", "ramen shop", "modern", None, {"bowl", "soup", "ramen", "noodles", "chopsticks"}),
    ("Hartley & Shaw", "law firm", "classic", None, {"scale", "gavel", "justice", "law"}),
    ("Baker Legal", "law firm", "classic", None, {"scale", "gavel", "justice", "law"}),
    ("Crumb", "vegan bakery", "friendly", None, {"bread", "baguette", "cake", "cookie", "wheat", "bakery"}),
    ("St Mary’s", "hospital", "corporate", None, {"hospital", "stethoscope", "medical", "heartbeat", "health"}),
    ("Horloge Fine", "watchmaker", "luxury", None, {"clock", "hourglass", "watch", "time", "diamond"}),
    ("Pixel Forge", "games studio", "playful", None, {"gamepad", "game", "dice", "sword", "joystick"}),
    ("Ledgerly", "fintech", "modern", None, {"coin", "wallet", "money", "chart", "bank", "cash"}),
    ("Dar Al Noor", "hotel", "elegant", None, {"bed", "hotel", "moon", "sun", "star", "key"}),
    ("Paws & Claws", "vet", "friendly", None, {"paw", "dog", "cat", "pet", "bone"}),
    ("Bean There", "coffee shop", "friendly", None, {"coffee", "cup", "mug", "bean"}),
    ("Bright Smile", "dentist", "modern", None, {"dental", "tooth", "smile", "sparkles"}),
    ("Volt Motors", "electric vehicles", "technical", None, {"car", "bolt", "battery", "plug", "motor", "engine"}),
    ("Greenfield Farm", "farm", "organic", None, {"tractor", "wheat", "plant", "leaf", "seedling", "farm"}),
    ("Helio Power", "solar", "modern", None, {"sun", "solar", "bolt", "energy"}),
    ("Safe Harbour", "insurance", "corporate", None, {"shield", "umbrella", "anchor", "home", "heart"}),
    ("Bloom & Petal", "florist", "elegant", None, {"flower", "rose", "plant", "leaf", "bouquet"}),
    ("Page Turner", "bookshop", "vintage", None, {"book", "books", "reading", "library"}),
    ("Peak Fitness", "gym", "bold", None, {"barbell", "run", "heartbeat", "mountain", "fitness"}),
    ("Wanderlust", "travel agency", "playful", None, {"plane", "compass", "world", "map", "mountain", "suitcase"}),
    ("Stonebridge Builders", "construction", "bold", None, {"hammer", "crane", "helmet", "bricks", "tool"}),
    ("Quantum Labs", "research", "technical", None, {"atom", "flask", "microscope", "rocket", "dna"}),
    ("Rosé Atelier", "fashion", "luxury", None, {"shirt", "hanger", "needle", "scissors", "dress", "diamond"}),
    ("Lens & Light", "photography", "minimal", None, {"camera", "photo", "aperture", "lens"}),
    ("Hopfield Brewing", "brewery", "vintage", None, {"beer", "bottle", "glass", "hop", "wheat"}),
    ("Shield Point", "cybersecurity", "technical", None, {"shield", "lock", "key", "fingerprint"}),
    ("Open Hands", "charity", "friendly", None, {"heart", "handshake", "hand", "users", "home"}),
]
HASH = 16


def _words(name: str, tags: tuple[str, ...]) -> set[str]:
    found = set(name.split("-"))
    for tag in tags:
        found |= {tag, *tag.split("-")}
    return found


def _dhash(image: np.ndarray) -> np.ndarray:
    """Difference hash of a greyscale mark (HASH x HASH bits)."""
    from PIL import Image

    small = np.asarray(Image.fromarray(image).convert("L").resize((HASH + 1, HASH)), dtype=np.int16)
    return (small[:, 1:] > small[:, :-1]).flatten()


def bench() -> list[tuple[str, float, str]]:
    fitting, matched, times = 0, 0, []
    hashes: dict[tuple[str, str], list[tuple[str, np.ndarray]]] = {}
    for index, (name, industry, style, description, accepted) in enumerate(COMPANIES):
        request = BrandRequest(company_name=name, industry=industry, style=style, description=description, seed=index)
        started = time.perf_counter()
        designs = design_candidates(request, 4, index)
        scores = score_candidates(designs)
        chosen = next(design for design in designs if design.id == choose(designs, scores))
        times.append(time.perf_counter() - started)
        icon = chosen.mark.icon
        shown = _words(icon.name, tuple(icon.tags)) if icon else set()
        fitting += bool(shown & accepted)
        fit = industry_fit(industry, style, description)
        matched += fit.match != "fallback"
        image = np.asarray(svg_to_image(to_svg(icon_drawing(chosen), chosen.colours.as_roles()), 128))
        hashes.setdefault((fit.industry, style), []).append((name, _dhash(image)))
    distances = [
        int(np.count_nonzero(a != b)) for group in hashes.values() for (_, a), (_, b) in combinations(group, 2)
    ]
    return [
        ("companies", float(len(COMPANIES)), ""),
        ("chosen mark fits (icon name or tag among the accepted words)", 100 * fitting / len(COMPANIES), "%"),
        ("industries matched without fallback", 100 * matched / len(COMPANIES), "%"),
        ("smallest dHash distance, same industry and style (of 256 bits)", float(min(distances)), "bits"),
        ("pairs of same industry and style", float(len(distances)), ""),
        ("candidates designed, checked and scored, median", statistics.median(times), "s"),
    ]


if __name__ == "__main__":
    for label, value, unit in bench():
        print(f"{label}: {value:.3g} {unit}")
