"""Message catalogues: the gettext `.po` files under i18n/<lang>/LC_MESSAGES/, loaded with Babel.

The `.po` files are the only source: they are parsed and compiled in memory when the worker
starts (a few milliseconds), so a fresh clone needs no build step and no `.mo` can go stale.
English is the source language and needs no catalogue.
"""

from __future__ import annotations

import gettext
from functools import cache
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from brandgen.shared.models import SUPPORTED_LANGUAGES

DOMAIN = "rationale"
SOURCE_LANGUAGE = "en"
CATALOG_DIR = Path(__file__).parent


def po_path(language: str) -> Path:
    return CATALOG_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def translated_languages() -> list[str]:
    return [language for language in SUPPORTED_LANGUAGES if language != SOURCE_LANGUAGE]


def read_catalog(language: str) -> Catalog:
    with po_path(language).open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The compiled translations of one language (English: the identity)."""
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    buffer = BytesIO()
    # Fuzzy entries are guesses by `pybabel update`, not translations: never show them.
    write_mo(buffer, read_catalog(language), use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)
