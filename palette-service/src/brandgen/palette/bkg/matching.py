"""Place a free-text industry or style on the graph's vocabulary instead of failing.

Order: exact id, synonym, fuzzy match on names and synonyms (rapidfuzz), then the free-text
description against each industry's description; else the configured default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz, process

from brandgen.palette.bkg.repository import CatalogueEntry

MatchKind = Literal["exact", "synonym", "fuzzy", "description", "default"]

FUZZY_CUTOFF = 86.0
"""Levenshtein similarity (0-100) a name must reach: catches typos and plurals; whole-string, so a
short name inside a longer phrase ("art" in "artisan goods") does not count."""
DESCRIPTION_CUTOFF = 0.12
"""Share of the description's content words an industry must explain."""

_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "in",
        "is",
        "it",
        "of",
        "on",
        "or",
        "our",
        "the",
        "to",
        "we",
        "with",
        "that",
        "this",
        "who",
        "your",
        "you",
        "make",
        "makes",
    ]
)


@dataclass(frozen=True)
class Match:
    id: str
    kind: MatchKind
    score: float = 100.0


def normalise(text: str) -> str:
    text = text.lower().replace("&", " and ").replace("_", " ").replace("-", " ")
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", text)).strip()


def _words(text: str) -> set[str]:
    return {word.rstrip("s") for word in normalise(text).split() if word not in _STOPWORDS and len(word) > 2}


def match_term(text: str, entries: list[CatalogueEntry], *, default: str, description: str | None = None) -> Match:
    wanted = normalise(text)
    for entry in entries:
        if wanted == normalise(entry.id):
            return Match(entry.id, "exact")
    for entry in entries:
        if wanted in {normalise(synonym) for synonym in entry.synonyms}:
            return Match(entry.id, "synonym")
    names: dict[str, str] = {}
    for entry in entries:
        for name in [entry.id, *entry.synonyms]:
            names.setdefault(normalise(name), entry.id)
    best = process.extractOne(wanted, list(names), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    if best is not None:
        return Match(names[best[0]], "fuzzy", float(best[1]))
    free_text = _words(f"{text} {description or ''}")
    if free_text:
        scored = []
        for entry in entries:
            vocabulary = _words(" ".join([entry.id, entry.description, *entry.synonyms]))
            overlap = len(free_text & vocabulary) / len(free_text)
            scored.append((overlap, entry.id))
        overlap, entry_id = max(scored)
        if overlap >= DESCRIPTION_CUTOFF:
            return Match(entry_id, "description", round(overlap * 100, 1))
    return Match(default, "default", 0.0)
