"""The words of the Brand Knowledge Graph and of the contracts, in every supported language.

Industries, styles, moods, colour families, what a colour means in an industry, font categories
and characters, logo kinds, palette roles: the stages hand them over in English, and every stage
that writes for people (the rationale, the guidelines PDF) shows them through `term`, so a word
reads the same in both. The words are listed for translation in `vocabulary.py`; the catalogues are
`<lang>/LC_MESSAGES/terms.po` beside it (workflow: shared/README.md, "Translations").
"""

from __future__ import annotations

from pathlib import Path

from brandgen.shared.i18n import SOURCE_LANGUAGE, MessageCatalogs
from brandgen.shared.terms.vocabulary import INDUSTRY, LOGO_KIND_NAMES

__all__ = ["INDUSTRY", "LOGO_KIND_NAMES", "TERMS", "known_term", "term"]

TERMS = MessageCatalogs(Path(__file__).parent, "terms")


def term(language: str, word: str, context: str | None = None) -> str:
    """`word` in `language`; a word the catalogue lacks stays as it is (the set is open: the graph
    grows).

    Graph ids join words with underscores (`real_estate`); the catalogues hold the words. With a
    context (`INDUSTRY`), a translation in that context wins over the word's plain one."""
    if not word:
        return word
    words = word.replace("_", " ")
    translations = TERMS.translations(language)
    if context is not None:
        in_context = str(translations.pgettext(context, words))
        if in_context != words:
            return in_context
    return str(translations.gettext(words))


def known_term(language: str, text: str) -> str | None:
    """`text` (a sentence of the graph's, such as a pairing's reason) in `language`, or None where
    the catalogue lacks it and it would print in English amid another language: better left out
    (the rationale explains the same choice in its own words)."""
    if language == SOURCE_LANGUAGE:
        return text
    translated = term(language, text)
    return translated if translated != text else None
