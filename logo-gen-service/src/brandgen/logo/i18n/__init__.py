"""The logo stage's sentences in every language the request asks for.

A candidate's description is kept as `Sentence`s (an English msgid and its fields) until it is
written: in English for `LogoCandidate.description` and `LogoOutput.concept`, and in each requested
language for `descriptions` and `concepts`, which the rationale and the guidelines PDF print. The
catalogues are `<lang>/LC_MESSAGES/logo.po` beside this file (workflow: the service's README).
The counts in these sentences (petals, layers, spark points) are never below 3, so they need no
plural forms.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from brandgen.shared.i18n import SOURCE_LANGUAGE, MessageCatalogs
from brandgen.shared.terms import term

CATALOGS = MessageCatalogs(Path(__file__).parent, "logo")

# Chinese and Japanese set sentences one after another without a space.
_UNSPACED = ("ja", "zh")


@dataclass(frozen=True)
class Sentence:
    """One sentence: an English msgid with `{field}` placeholders, and the fields' values. A field
    in `words` is a word of this catalogue (a harmony, a typeface character) and is translated too;
    one in `graph_words` is translated by the shared terms catalogue (a logo kind)."""

    message: str
    fields: tuple[tuple[str, str | int], ...] = ()
    words: frozenset[str] = frozenset()
    graph_words: frozenset[str] = frozenset()

    def text(self, language: str) -> str:
        gettext = CATALOGS.translations(language).gettext
        values: dict[str, str | int] = {}
        for name, value in self.fields:
            if name in self.words:
                value = gettext(str(value))
            elif name in self.graph_words:
                value = term(language, str(value))
            values[name] = value
        return str(gettext(self.message)).format(**values)


def sentence(
    message: str, *, words: Iterable[str] = (), graph_words: Iterable[str] = (), **fields: str | int
) -> Sentence:
    return Sentence(message, tuple(fields.items()), frozenset(words), frozenset(graph_words))


Description = tuple[Sentence, ...]


def write(description: Description, language: str = SOURCE_LANGUAGE) -> str:
    """The sentences in `language`, joined as the language joins sentences."""
    separator = "" if language in _UNSPACED else " "
    return separator.join(part.text(language) for part in description)


def in_languages(description: Description, languages: Iterable[str]) -> dict[str, str]:
    return {language: write(description, language) for language in languages}
