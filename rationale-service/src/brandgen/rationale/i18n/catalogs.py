"""The rationale's message catalogues: gettext `.po` files under i18n/<lang>/LC_MESSAGES/rationale.po,
loaded through the shared catalogue mechanism (`brandgen.shared.i18n`)."""

from __future__ import annotations

import gettext
from pathlib import Path

from babel.messages.catalog import Catalog

from brandgen.shared.i18n import SOURCE_LANGUAGE, MessageCatalogs

__all__ = ["CATALOGS", "SOURCE_LANGUAGE", "read_catalog", "translated_languages", "translations"]

CATALOGS = MessageCatalogs(Path(__file__).parent, "rationale")


def translated_languages() -> list[str]:
    return CATALOGS.translated_languages()


def read_catalog(language: str) -> Catalog:
    return CATALOGS.read(language)


def translations(language: str) -> gettext.NullTranslations:
    """The compiled translations of one language (English: the identity)."""
    return CATALOGS.translations(language)
