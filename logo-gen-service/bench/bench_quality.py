"""Quality benchmark of the procedural marks: does the chosen mark fit the company?

For 32 varied companies, each with the words a designer would accept in its mark (icon names or tags),
it reports: the share whose chosen mark shows a fitting icon, the share of industries the knowledge
graph matched without falling back, the smallest perceptual-hash distance between the chosen marks of
two companies of one industry and style, the time per set of candidates (designed, checked, scored), and
how alike the companies' rationales read: each company's English template rationale is written from its
procedural logo and a palette built on the real knowledge graph (embedded FalkorDB); for every pair of
companies, the sentences both kits contain divided by the sentences of the smaller kit, as a mean over
pairs and the largest pair. It is a `make bench` section ("quality").

Run: .venv/bin/python logo-gen-service/bench/bench_quality.py
"""

from __future__ import annotations

import re
import statistics
import time
from itertools import combinations

import numpy as np

from brandgen.logo.i18n import write
from brandgen.logo.models.design import LogoDesign
from brandgen.logo.models.procedural import design_candidates
from brandgen.logo.processors.kit import brand_first
from brandgen.logo.processors.lockups import icon_drawing
from brandgen.logo.processors.scoring import choose, score_candidates
from brandgen.logo.utils.industry import industry_fit
from brandgen.logo.utils.render import svg_to_image
from brandgen.logo.utils.svg import to_svg
from brandgen.palette.bkg.cache import QueryCache
from brandgen.palette.bkg.dataset import load_dataset
from brandgen.palette.bkg.embedded import EmbeddedFalkorDB
from brandgen.palette.bkg.falkordb_adapter import FalkorDBGraphClient
from brandgen.palette.bkg.matching import match_term
from brandgen.palette.bkg.repository import BrandGraphRepository
from brandgen.palette.palette import PaletteInputs, build_palette
from brandgen.rationale.facts import gather_facts
from brandgen.rationale.templates.render import TemplateWriter
from brandgen.shared.contracts import FontUse, LogoCandidate, LogoOutput, MarkInfo, RationaleDocument
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


def _logo_output(request: BrandRequest, designs: list[LogoDesign], chosen_id: str) -> LogoOutput:
    """The logo stage's output without its files: what the rationale reads (candidates, chosen, colours, font)."""
    chosen = next(design for design in designs if design.id == chosen_id)
    candidates = [
        LogoCandidate(
            id=d.id, concept=d.concept, description=write(d.description), svg="-", png="-", seed=d.seed,
            mark=MarkInfo(kind=d.mark.kind, icon=d.mark.icon),
        )
        for d in designs
    ]  # fmt: skip
    colours = chosen.colours
    return LogoOutput(
        backend="procedural",
        candidates=candidates,
        chosen=chosen_id,
        lockups={},
        dominant_colors=brand_first([colours.primary, colours.secondary, colours.accent], colours.primary),
        fonts=[FontUse(family=chosen.face.family, role="wordmark", licence="OFL-1.1", source="-")],
        concept=write(chosen.description),
    )


def _sentences(document: RationaleDocument) -> set[str]:
    """A kit's sentences: each section's text split at sentence ends and line breaks, markup and bullets removed."""
    found: set[str] = set()
    for section in document.sections:
        for line in section.body.splitlines():
            for part in re.split(r"(?<=[.!?])\s+", line.strip().lstrip("-* ").strip()):
                if len(part) > 3:
                    found.add(part)
    return found


def shared_sentence_share(kits: dict[str, RationaleDocument]) -> tuple[float, float]:
    """For every pair of kits of different companies: sentences in common / sentences of the smaller
    kit. Returns the mean and the largest share over all pairs."""
    sets = {name: _sentences(document) for name, document in kits.items()}
    shares = [len(a & b) / min(len(a), len(b)) for (_, a), (_, b) in combinations(sets.items(), 2)]
    return statistics.mean(shares), max(shares)


def rationale_kits() -> dict[str, RationaleDocument]:
    """Each benchmark company's English template rationale, written from its procedural logo and its
    palette built on the real knowledge graph (embedded FalkorDB), as the stages would."""
    dataset = load_dataset()
    server = EmbeddedFalkorDB().start()
    writer = TemplateWriter.load(["en"])
    kits: dict[str, RationaleDocument] = {}
    try:
        repository = BrandGraphRepository(FalkorDBGraphClient(server.host, server.port, "quality"), QueryCache())
        repository.seed(dataset)
        catalogue = repository.catalogue()
        for index, (name, industry, style, description, _) in enumerate(COMPANIES):
            request = BrandRequest(company_name=name, industry=industry, style=style, description=description)
            designs = design_candidates(request, 4, index)
            logo = _logo_output(request, designs, choose(designs, score_candidates(designs)))
            matched = match_term(industry, catalogue.industries, default="consulting", description=description)
            style_match = match_term(style, catalogue.styles, default="modern")
            context = repository.job_context(matched.id, style_match.id)
            inputs = PaletteInputs(None, logo.dominant_colors, matched, style_match, industry, style)
            palette = build_palette(inputs, context)
            kits[name] = writer.write(gather_facts(request, palette, logo), "en")
    finally:
        server.stop()
    return kits


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
    mean_share, max_share = shared_sentence_share(rationale_kits())
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
        ("rationale sentences shared by two companies' kits, mean over pairs", 100 * mean_share, "%"),
        ("rationale sentences shared by two companies' kits, largest pair", 100 * max_share, "%"),
    ]


if __name__ == "__main__":
    for label, value, unit in bench():
        print(f"{label}: {value:.3g} {unit}")
