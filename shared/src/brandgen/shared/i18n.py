"""gettext message catalogues, the one mechanism every service that writes for people uses.

A service keeps its `.po` files under `<directory>/<lang>/LC_MESSAGES/<domain>.po`. They are the
only source: parsed and compiled in memory on first use (a few milliseconds), so a fresh clone
needs no build step and no `.mo` can go stale. English is the source language and needs no
catalogue; fuzzy entries (guesses by `pybabel update`) are never shown.
"""

from __future__ import annotations

import gettext
import re
from decimal import ROUND_DOWN, Decimal
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

from brandgen.shared.models import SUPPORTED_LANGUAGES

SOURCE_LANGUAGE = "en"


def format_ratio(value: float, language: str) -> str:
    """A WCAG contrast ratio as `language` writes it (`4.52:1`, `4,52:1`), two decimals, truncated.

    WCAG thresholds are strict (4.499 fails 4.5), so a ratio is never shown higher than it is:
    the rationale and the guidelines print the same figure for the same pair."""
    # Truncated in decimal, from the float's shortest repr: int(4.35 * 100) is 434.
    truncated = Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return f"{format_decimal(truncated, format='0.00', locale=language)}:1"


def N_(message: str) -> str:  # noqa: N802 - the gettext convention `pybabel extract -k N_` looks for
    """Mark `message` for extraction where it is defined; it is translated where it is shown."""
    return message


class MessageCatalogs:
    """The catalogues of one gettext domain, one per supported language."""

    def __init__(self, directory: Path, domain: str) -> None:
        self.directory = directory
        self.domain = domain
        self.translations = cache(self._compile)

    def po_path(self, language: str) -> Path:
        return self.directory / language / "LC_MESSAGES" / f"{self.domain}.po"

    @staticmethod
    def translated_languages() -> list[str]:
        return [language for language in SUPPORTED_LANGUAGES if language != SOURCE_LANGUAGE]

    def read(self, language: str) -> Catalog:
        with self.po_path(language).open("rb") as handle:
            return read_po(handle, locale=language, domain=self.domain)

    def _compile(self, language: str) -> gettext.NullTranslations:
        """The compiled translations of one language (English: the identity)."""
        if language == SOURCE_LANGUAGE:
            return gettext.NullTranslations()
        buffer = BytesIO()
        write_mo(buffer, self.read(language), use_fuzzy=False)
        buffer.seek(0)
        return Translations(fp=buffer, domain=self.domain)


_BRACE_FIELD = re.compile(r"\{(\w*)\}")


def _forms(text: object) -> tuple[str, ...]:
    """An entry's text as a tuple of its forms (one, or singular and plurals); a missing one is ''."""
    if isinstance(text, list | tuple):
        return tuple(str(form or "") for form in text)
    return (str(text or ""),)


def catalogue_problems(catalog: Catalog) -> list[str]:
    """What keeps a catalogue from shipping: entries untranslated or fuzzy, a plural form missing, or
    placeholders (`%(name)s` or `{name}`) that differ from the msgid's. Empty when it is complete."""
    problems: list[str] = []
    for message in catalog:
        if not message.id:
            continue
        source = _forms(message.id)
        strings = _forms(message.string)
        wanted = catalog.num_plurals if message.pluralizable else 1
        if message.fuzzy or len(strings) < wanted or not all(string.strip() for string in strings):
            problems.append(f"untranslated or fuzzy: {source[0]!r}")
            continue
        fields = set(_BRACE_FIELD.findall(source[0]))
        problems += [
            f"placeholders differ: {source[0]!r} -> {string!r}"
            for string in strings
            if set(_BRACE_FIELD.findall(string)) != fields
        ]
        # Babel's own checker compares the %(name)s placeholders.
        problems += [f"{error}: {source[0]!r}" for error in message.check(catalog)]
    return problems


MessageKey = tuple[str, str | None]
"""A catalogue entry's identity: its msgid (the singular of a plural) and its msgctxt."""


def catalogue_drift(catalog: Catalog, in_code: set[MessageKey]) -> list[str]:
    """How `catalog` has drifted from the messages in the code (`extracted_messages`): entries it
    lacks and entries the code no longer has; `pybabel update` mends both. Empty when in step."""
    in_catalog = {(_forms(message.id)[0], message.context) for message in catalog if message.id}
    return [f"missing from the catalogue: {key!r}" for key in sorted(in_code - in_catalog, key=repr)] + [
        f"obsolete in the catalogue: {key!r}" for key in sorted(in_catalog - in_code, key=repr)
    ]


def extracted_messages(
    directory: Path,
    method_map: list[tuple[str, str]],
    keywords: dict[str, Any],
    options: dict[str, dict[str, str]] | None = None,
) -> set[MessageKey]:
    """What `pybabel extract` with this method map and these keywords finds under `directory` now:
    a service's tests compare it with its catalogues, so a message added to the code but not to the
    catalogues (or left there after it left the code) fails them."""
    return {
        (_forms(message)[0], context)
        for _file, _line, message, _comments, context in extract_from_dir(
            directory, method_map, options, keywords=keywords
        )
    }
