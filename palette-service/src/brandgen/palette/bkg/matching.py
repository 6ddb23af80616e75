"""Place a free-text industry or style on the graph's vocabulary instead of failing.

Order, first hit wins:
1. exact: the graph id ("real estate" -> real_estate);
2. synonym: a name or synonym, whole ("law firm"), misspelt ("resturant"), or as words inside a longer
   phrase ("vegan bakery" -> bakery, "heavy metal band" -> music); the most specific phrase wins, so
   "ramen shop" is a restaurant (ramen) rather than retail (shop);
3. meaning: the words of the request and its free-text description against each entry's synonyms and
   description, words reduced to a crude stem so "bakers" meets "bakery";
4. fallback: the configured default (an industry of the graph, so it still has colours).

Lexical on purpose: it needs no model download, answers in microseconds and explains itself; the
graph's synonym lists carry the vocabulary (add a synonym to the dataset to teach it a word).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from rapidfuzz import fuzz, process

MatchKind = Literal["exact", "synonym", "meaning", "fallback"]

FUZZY_CUTOFF = 86.0
"""Levenshtein similarity (0-100) a name must reach: catches typos and plurals; whole-string, so a
short name inside a longer phrase ("art" in "artisan goods") does not count."""
MEANING_CUTOFF = 0.12
"""Share of the request's content words an entry must explain."""

GENERIC_WORDS = frozenset(
    [
        "shop",
        "store",
        "studio",
        "agency",
        "company",
        "services",
        "service",
        "business",
        "firm",
        "group",
        "house",
        "brand",
        "centre",
        "center",
        "co",
        "ltd",
        "inc",
        "llc",
        "gmbh",
        "club",
        "team",
    ]
)
"""Words that say what kind of outfit, not what trade: a phrase made only of them ranks below one that
names the trade ("ramen shop": ramen beats shop)."""

MIN_PHRASE_NAME = 3
"""Shorter synonyms ("it", "ai", "pr") count only as the whole request, never inside a phrase."""

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
        "made",
        "small",
        "local",
        "new",
        "best",
        "online",
        "goods",
        "products",
        "services",
        "solutions",
        "people",
    ]
)


class Entry(Protocol):
    """An industry or style of the graph's catalogue (CatalogueEntry, or a dataset record)."""

    @property
    def id(self) -> str: ...
    @property
    def synonyms(self) -> list[str]: ...
    @property
    def description(self) -> str: ...


@dataclass(frozen=True)
class Match:
    id: str
    kind: MatchKind
    score: float = 100.0
    matched: str = ""  # the name, synonym or words that decided it


def normalise(text: str) -> str:
    text = text.lower().replace("&", " and ").replace("_", " ").replace("-", " ")
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", text)).strip()


def stem(word: str) -> str:
    """A crude English stem: enough for plurals and -er/-ing/-y variants of trade words."""
    for suffix in ("ies", "ing", "ers", "er", "es", "s", "y"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _words(text: str) -> set[str]:
    return {stem(word) for word in normalise(text).split() if word not in _STOPWORDS and len(word) > 2}


def _names(entry: Entry) -> list[str]:
    return [normalise(name) for name in (entry.id, *entry.synonyms) if normalise(name)]


def singular(word: str) -> str:
    """Plurals only: inside a phrase a full stem over-reaches ("we build robots" is not a builder)."""
    for suffix, replacement in (("ies", "y"), ("ches", "ch"), ("shes", "sh"), ("sses", "ss"), ("s", "")):
        if len(word) > len(suffix) + 2 and word.endswith(suffix) and not word.endswith("ss"):
            return word[: -len(suffix)] + replacement
    return word


def _contains(haystack: list[str], needle: list[str]) -> bool:
    """Whether `needle` occurs as consecutive words of `haystack` (singular and plural alike)."""
    stems, wanted = [singular(w) for w in haystack], [singular(w) for w in needle]
    return any(stems[i : i + len(wanted)] == wanted for i in range(len(stems) - len(wanted) + 1))


def _specificity(name: str) -> tuple[int, int]:
    words = name.split()
    trade_words = [word for word in words if word not in GENERIC_WORDS]
    return (len(trade_words), len(words))


def _phrase_match(wanted: str, entries: Sequence[Entry]) -> Match | None:
    words = wanted.split()
    found: list[tuple[tuple[int, int], str, str]] = []
    for entry in entries:
        for name in _names(entry):
            if len(name) >= MIN_PHRASE_NAME and _contains(words, name.split()):
                found.append((_specificity(name), name, entry.id))
    if not found:
        return None
    (trade_words, _), name, entry_id = max(found, key=lambda item: (item[0], -len(item[1])))
    return Match(entry_id, "synonym", 90.0 if trade_words else 70.0, name)


def _from_description(description: str | None, entries: Sequence[Entry]) -> Match | None:
    """A trade named in the free-text description: the request's own words named none, so it is a
    match by meaning (and the palette says which industry it chose)."""
    found = _phrase_match(normalise(description), entries) if description else None
    return Match(found.id, "meaning", found.score, found.matched) if found else None


def _meaning_match(text: str, description: str | None, entries: Sequence[Entry]) -> Match | None:
    free_text = _words(f"{text} {description or ''}")
    if not free_text:
        return None
    scored = []
    for entry in entries:
        vocabulary = _words(" ".join([entry.id, entry.description, *entry.synonyms]))
        common = free_text & vocabulary
        scored.append((len(common) / len(free_text), entry.id, " ".join(sorted(common))))
    overlap, entry_id, words = max(scored, key=lambda item: (item[0], item[1]))
    if overlap < MEANING_CUTOFF:
        return None
    return Match(entry_id, "meaning", round(overlap * 100, 1), words)


def match_term(text: str, entries: Sequence[Entry], *, default: str, description: str | None = None) -> Match:
    wanted = normalise(text)
    for entry in entries:
        if wanted == normalise(entry.id):
            return Match(entry.id, "exact", matched=wanted)
    for entry in entries:
        if wanted in _names(entry):
            return Match(entry.id, "synonym", matched=wanted)
    names: dict[str, str] = {}
    for entry in entries:
        for name in _names(entry):
            names.setdefault(name, entry.id)
    best = process.extractOne(wanted, list(names), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    if best is not None:
        return Match(names[best[0]], "synonym", float(best[1]), best[0])
    return (
        _phrase_match(wanted, entries)
        or _from_description(description, entries)
        or _meaning_match(text, description, entries)
        or Match(default, "fallback", 0.0)
    )
