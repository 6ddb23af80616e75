"""The rationale's message catalogues: gettext `.po` files under i18n/<lang>/LC_MESSAGES/rationale.po,
loaded through the shared catalogue mechanism (`brandgen.shared.i18n`)."""

from __future__ import annotations

from pathlib import Path

from brandgen.shared.i18n import MessageCatalogs

CATALOGS = MessageCatalogs(Path(__file__).parent, "rationale")
