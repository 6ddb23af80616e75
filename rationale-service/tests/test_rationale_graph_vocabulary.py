"""Every word the rationale takes from the Brand Knowledge Graph is translated in every language.

The rationale prints industry ids, style ids, moods (graph traits), colour families, what each
colour means in the industry (the associations' meaning phrases) and the fonts' category and
character through `term()` (the shared terms catalogue, which the guidelines PDF uses too); a word
the catalogue lacks is shown in English. This test
reads the palette stage's own dataset (and its fallback pairing), so a word added to the graph
without a translation fails here rather than leaking English into a Spanish, Japanese or Chinese document.
"""

from __future__ import annotations

import pytest
from babel.messages.catalog import Catalog

from brandgen.rationale.templates.render import make_environment
from brandgen.shared.terms import INDUSTRY, TERMS

dataset_module = pytest.importorskip(
    "brandgen.palette.bkg.dataset", reason="cross-service test: needs brandgen-palette installed"
)
palette_module = pytest.importorskip("brandgen.palette.palette", reason="needs brandgen-palette installed")


def graph_terms() -> dict[str, list[str]]:
    """What the palette stage can hand the rationale, by kind, as the graph spells it."""
    dataset = dataset_module.load_dataset()
    fallback = palette_module.FALLBACK_PAIRING
    fallback_fonts = [fallback.heading, fallback.body]
    moods = {
        *dataset.traits,
        *(t for i in dataset.industries for t in i.traits),
        *(t for s in dataset.styles for t in s.traits),
    }
    return {
        "industry": [industry.id for industry in dataset.industries],
        "style": [style.id for style in dataset.styles],
        "mood": sorted(moods),
        "colour family": [family.id for family in dataset.color_families],
        "colour meaning": sorted({c.meaning for i in dataset.industries for c in i.colors}),
        "font category": sorted({f.category for f in [*dataset.fonts, *fallback_fonts]}),
        "font character": sorted({f.character for f in [*dataset.fonts, *fallback_fonts]}),
        "pairing reason": sorted({p.reason for p in dataset.pairings} | {fallback.reason}),
    }


KINDS = [
    "industry",
    "style",
    "mood",
    "colour family",
    "colour meaning",
    "font category",
    "font character",
    "pairing reason",
]


def test_the_dataset_gives_words_of_every_kind() -> None:
    terms = graph_terms()
    assert sorted(terms) == sorted(KINDS)
    assert all(terms.values()), {kind: len(words) for kind, words in terms.items()}
    assert "real_estate" in terms["industry"]  # ids join words with underscores; term() looks up the words


def _translation(catalog: Catalog, msgid: str, context: str | None = None) -> str | None:
    message = catalog.get(msgid, context=context)
    if message is None or message.fuzzy or not isinstance(message.string, str) or not message.string.strip():
        return None
    return message.string


@pytest.mark.parametrize("language", TERMS.translated_languages())
@pytest.mark.parametrize("kind", KINDS)
def test_every_graph_term_is_translated(language: str, kind: str) -> None:
    catalog = TERMS.read(language)
    term = make_environment(language).globals["term"]  # the lookup the templates use
    assert callable(term)
    missing: list[str] = []
    # industries are looked up in their own context first (Chinese: 能源 for the sector, 活力 for the trait)
    context = INDUSTRY if kind == "industry" else None
    for word in graph_terms()[kind]:
        msgid = word.replace("_", " ")
        expected = (context and _translation(catalog, msgid, context)) or _translation(catalog, msgid)
        if expected is None or term(word, context) != expected:
            missing.append(word)
    assert not missing, f"{language}: {kind} words shown in English: {missing}"
