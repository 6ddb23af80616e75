"""Icons that fit a company: its name's words, its description, its trade and the trade's motifs.

Lexical and explainable: each word of the request (singular, lower case, a small thesaurus for words
no icon is tagged with, such as serpent or grave) is looked up in the icons' names and tags. A word of
the company's own name counts most (Little Acorns -> acorn), then the trade as the user typed it and the
knowledge graph's motifs for the industry, then the description, then the industry's other names.
Words that tag hundreds of icons (food, business) count for less.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from brandgen.logo.icons.library import Icon, mark_icons
from brandgen.logo.utils.industry import IndustryFit
from brandgen.palette.bkg.matching import singular

SOURCES = {"name": 1.6, "trade": 0.8, "motif": 0.7, "description": 0.6, "industry": 0.3}
NAME_HIT, TAG_HIT = 1.0, 0.7
RELATED = 0.8  # a thesaurus word counts this much of the word it came from

# Words people use that the icon set has no name or tag for, and what to draw instead.
THESAURUS: dict[str, tuple[str, ...]] = {
    "serpent": ("snake", "dragon", "skull"),
    "snake": ("skull", "dragon"),
    "viper": ("snake", "skull"),
    "grave": ("skull", "death", "coffin"),
    "doom": ("skull", "flame"),
    "metal": ("skull", "flame", "bolt"),
    "death": ("skull",),
    "acorn": ("acorn", "tree", "leaf"),
    "oak": ("tree", "acorn", "leaf"),
    "ramen": ("bowl-chopsticks", "soup", "noodles"),
    "noodle": ("bowl-chopsticks", "soup"),
    "udon": ("bowl-chopsticks", "soup"),
    "sushi": ("fish", "bowl-chopsticks"),
    "law": ("scale", "gavel", "justice"),
    "lawyer": ("scale", "gavel"),
    "attorney": ("scale", "gavel"),
    "solicitor": ("scale", "gavel"),
    "justice": ("scale", "gavel"),
    "court": ("gavel", "scale"),
    "bakery": ("bread", "baguette", "cake", "cookie"),
    "croissant": ("bread", "baguette"),
    "sourdough": ("bread", "wheat"),
    "watch": ("clock", "hourglass"),
    "watchmaker": ("clock", "hourglass", "diamond"),
    "horology": ("clock", "hourglass"),
    "horloge": ("clock", "hourglass"),
    "hospital": ("building-hospital", "heartbeat", "medical-cross"),
    "clinic": ("stethoscope", "medical-cross", "heartbeat"),
    "kindergarten": ("balloon", "horse-toy", "puzzle", "mood-kid"),
    "nursery": ("baby-carriage", "balloon", "seedling"),
    "tooth": ("dental",),
    "teeth": ("dental",),
    "dentist": ("dental",),
    "forge": ("hammer", "flame", "anvil"),
    "pixel": ("device-gamepad-2", "grid-dots"),
    "ledger": ("book", "coin", "chart-line"),
    "valley": ("mountain", "trees", "plant"),
    "grower": ("plant", "seedling", "wheat"),
    "co": (),
    "noor": ("sun", "star", "moon"),
    "sunny": ("sun",),
    "sunshine": ("sun",),
    "riad": ("building-arch", "key", "bed"),
    "guitar": ("music", "microphone"),
    "bookshop": ("book", "books"),
    "bookstore": ("book", "books"),
    "bookseller": ("book", "books"),
    "florist": ("flower", "plant"),
    "motor": ("engine", "car"),
    "rock": ("music", "bolt", "flame"),
    "kaze": ("wind",),
    "wind": ("wind",),
}
_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "of",
        "for",
        "in",
        "on",
        "at",
        "to",
        "by",
        "with",
        "our",
        "your",
        "we",
        "you",
        "co",
        "inc",
        "ltd",
        "llc",
        "gmbh",
        "sa",
        "group",
        "company",
        "studio",
        "shop",
        "store",
        "house",
        "services",
        "service",
        "from",
        "made",
        "best",
        "new",
        "small",
        "local",
        "little",
        "big",
        "fine",
        "great",
        "good",
        "grand",
        "royal",
        "first",
    ]
)
_MIN_SCORE = 0.35  # below this an icon is a guess; the mark falls back to letters or a shape


@dataclass(frozen=True)
class IconMatch:
    icon: Icon
    score: float
    words: tuple[str, ...]  # the request's words it answered


def words_of(text: str | None) -> list[str]:
    if not text:
        return []
    raw = re.findall(r"[^\W\d_]+", text.lower())
    return [singular(word) for word in raw if len(word) > 2 and word not in _STOP]


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, list[tuple[Icon, float]]], dict[str, int]]:
    """word -> (icon, how strongly: its name or a tag); and how many icons each word tags."""
    index: dict[str, list[tuple[Icon, float]]] = defaultdict(list)
    for icon in mark_icons():
        hits: dict[str, float] = {}
        for tag in icon.tags:
            for word in {tag, *tag.split("-")}:
                hits[singular(word)] = max(hits.get(singular(word), 0.0), TAG_HIT)
        for word in {icon.name, *icon.words}:
            hits[singular(word)] = max(hits.get(singular(word), 0.0), NAME_HIT if word == icon.name else 0.85)
        for word, strength in hits.items():
            index[word].append((icon, strength))
    return dict(index), {word: len(icons) for word, icons in index.items()}


def request_words(name: str, trade: str, description: str | None, fit: IndustryFit) -> list[tuple[str, float]]:
    """(word, weight) to look up, strongest source first; thesaurus words added at RELATED weight."""
    found: dict[str, float] = {}

    def add(word: str, weight: float) -> None:
        found[word] = max(found.get(word, 0.0), weight)
        for related in THESAURUS.get(word, ()):
            found[related] = max(found.get(related, 0.0), weight * RELATED)

    for word in words_of(name):
        add(word, SOURCES["name"])
    for word in words_of(trade):
        add(word, SOURCES["trade"])
    for rank, motif in enumerate(fit.motifs):
        add(motif, SOURCES["motif"] * (1 - 0.05 * rank))
    for word in words_of(description):
        add(word, SOURCES["description"])
    for word in words_of(" ".join(fit.words)):
        add(word, SOURCES["industry"])
    return sorted(found.items(), key=lambda item: -item[1])


def rank_icons(name: str, trade: str, description: str | None, fit: IndustryFit, limit: int = 12) -> list[IconMatch]:
    index, counts = _index()
    scores: dict[str, float] = defaultdict(float)
    answered: dict[str, list[str]] = defaultdict(list)
    icons: dict[str, Icon] = {}
    for word, weight in request_words(name, trade, description, fit):
        hits = index.get(singular(word), [])
        rarity = 1.0 / (1.0 + math.log1p(counts.get(singular(word), 0) / 15))  # "food" tags 90 icons
        for icon, strength in hits:
            gain = weight * strength * rarity
            scores[icon.name] += gain
            answered[icon.name].append(word)
            icons[icon.name] = icon
    ranked = sorted(scores, key=lambda key: (-scores[key], len(icons[key].words), key))
    return [
        IconMatch(icons[key], round(scores[key], 3), tuple(dict.fromkeys(answered[key])))
        for key in ranked[:limit]
        if scores[key] >= _MIN_SCORE
    ]
